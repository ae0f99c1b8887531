import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { testIdButton } from '../../components/test-id';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import { FINDING_SEVERITY_LABELS, FINDING_SOURCE_LABELS } from '../../../shared/findings';
import { orgApi, orgKeys } from '../org/api';
import { Light } from '../tasks/Light';
import { CloseReview, type CloseLedger } from '../tasks/CloseReview';
import { actionKey, useTasksT } from '../tasks/i18n';
import { beijingTime } from '../../lib/time';
import { findingApi, findingKeys } from './api';
import { useFindingsT } from './i18n';
import { SEVERITY_COLORS } from './FindingsPage';

type Dialog = null | 'return' | 'report' | 'requestClose' | 'cancel' | 'reviewReturn';

/** The 销号 decision through the findings' routes, in the task page's card. */
const LEDGER: CloseLedger = {
  root: findingKeys.all,
  reports: findingApi.reports,
  action: (f, path, body) => findingApi.action(f, path, body),
};

/** A form field made of other fields (the evidence chosen and uploaded): it carries their errors, not a value. */
function FieldBox({ children }: { children: React.ReactNode; value?: unknown; onChange?: unknown; id?: string }) {
  return <div>{children}</div>;
}

/**
 * A finding: the problem as written, where and when it was found, the measures required, the unit and deadline,
 * its light; the step possible now (签收, 整改进展 with evidence, 申请销号, the office's 销号 or 退回); timeline, reports
 * and evidence — the task page's loop, on the findings' routes.
 */
export default function FindingPage() {
  const { id = '' } = useParams();
  const { label, locale } = useI18n();
  const tr = useFindingsT();
  const tt = useTasksT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const finding = useQuery({ queryKey: findingKeys.one(id), queryFn: () => findingApi.get(id) });
  const events = useQuery({ queryKey: findingKeys.sub(id, 'events'), queryFn: () => findingApi.events(id) });
  const reports = useQuery({ queryKey: findingKeys.sub(id, 'reports'), queryFn: () => findingApi.reports(id) });
  const files = useQuery({ queryKey: findingKeys.sub(id, 'files'), queryFn: () => findingApi.attachments(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reportId, setReportId] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const f = finding.data;
  const can = (a: string) => !!f?.actions.includes(a as never);
  const refresh = () => qc.invalidateQueries({ queryKey: findingKeys.all });
  const actionText = (a: string) => {
    const k = actionKey(a);
    return k ? tt(k) : a;
  };

  const run = useMutation({
    mutationFn: async ({ path, body }: { path: string; body?: Record<string, unknown> }) => {
      if (path === 'reports') return findingApi.report(f!, body!);
      if (path === 'reviewReturn')
        return findingApi.review(f!.id, String(body!.reportId), 'returned', String(body!.comment));
      return findingApi.action(f!, path, body);
    },
    onSuccess: () => {
      message.success(tr('handled'));
      setDialog(null);
      setUploads([]);
      void refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') void refresh();
      const evidence =
        e instanceof ApiError
          ? (e.problem.errors ?? []).filter((x) => (x.field ?? '').startsWith('body.attachmentIds'))
          : [];
      if (dialog === 'requestClose' && evidence.length)
        return form.setFields([{ name: 'attachmentIds', errors: [...new Set(evidence.map((x) => x.message))] }]);
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  function open(d: Dialog) {
    form.resetFields();
    setError(null);
    setUploads([]);
    setDialog(d);
  }

  if (finding.isLoading) return <Card loading />;
  if (finding.error || !f) return <ErrorAlert error={finding.error ?? new Error('not found')} />;

  const buttons = [
    can('accept') && (
      <Button key="accept" type="primary" onClick={() => run.mutate({ path: 'accept' })} data-testid="action-accept">
        {tr('accept')}
      </Button>
    ),
    can('return') && (
      <Button key="return" danger onClick={() => open('return')} data-testid="action-return">
        {tr('returnIt')}
      </Button>
    ),
    can('report') && (
      <Button key="report" type="primary" onClick={() => open('report')} data-testid="action-report">
        {tr('report')}
      </Button>
    ),
    can('requestClose') && (
      <Button key="rc" onClick={() => open('requestClose')} data-testid="action-request-close">
        {tr('requestClose')}
      </Button>
    ),
    can('urge') && (
      <Button key="urge" onClick={() => run.mutate({ path: 'urge', body: {} })}>
        {tr('urge')}
      </Button>
    ),
    can('cancel') && (
      <Button key="cancel" danger type="text" onClick={() => open('cancel')}>
        {tr('cancel')}
      </Button>
    ),
  ].filter(Boolean);

  const reasonField = (name: string, text: string) => (
    <Form.Item name={name} label={text} rules={[{ required: true, whitespace: true, max: 2000 }]}>
      <Input.TextArea rows={3} data-testid="reason" />
    </Form.Item>
  );
  const dialogs: Record<
    Exclude<Dialog, null>,
    {
      title: string;
      path: string;
      body: React.ReactNode;
      map?: (v: Record<string, unknown>) => Record<string, unknown>;
    }
  > = {
    return: { title: tr('returnTitle'), path: 'return', body: reasonField('reason', tr('returnReason')) },
    cancel: { title: tr('cancelTitle'), path: 'cancel', body: reasonField('reason', tr('cancelReason')) },
    reviewReturn: {
      title: tr('reviewReturnTitle'),
      path: 'reviewReturn',
      map: (v) => ({ ...v, reportId }),
      body: reasonField('comment', tr('reviewComment')),
    },
    report: {
      title: tr('reportTitle'),
      path: 'reports',
      map: (v) => ({ ...v, attachmentIds: uploads.map((u) => u.id) }),
      body: (
        <>
          <Form.Item
            name="progress"
            label={tr('reportProgress')}
            rules={[{ required: true }]}
            initialValue={f.progress ?? 0}
          >
            <InputNumber min={0} max={100} data-testid="report-progress" />
          </Form.Item>
          <Form.Item name="text" label={tr('reportText')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
            <Input.TextArea rows={3} data-testid="report-text" />
          </Form.Item>
          <Form.Item name="problems" label={tr('reportProblems')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <EvidenceUpload files={uploads} onAdd={(x) => setUploads((u) => [...u, x])} onError={setError} />
        </>
      ),
    },
    requestClose: {
      title: tr('requestCloseTitle'),
      path: 'request-close',
      map: (v) => ({
        summary: v.summary,
        attachmentIds: [...((v.reuse as string[] | undefined) ?? []), ...uploads.map((u) => u.id)],
      }),
      body: (
        <>
          <Form.Item name="summary" label={tr('closeSummary')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="close-summary" />
          </Form.Item>
          <Form.Item
            name="attachmentIds"
            label={tr('evidenceChoose')}
            required
            rules={[
              {
                validator: () =>
                  (form.getFieldValue('reuse') ?? []).length + uploads.length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(tr('evidenceMissing'))),
              },
            ]}
          >
            <FieldBox>
              {(files.data ?? []).length > 0 && (
                <>
                  <Typography.Text type="secondary">{tr('evidenceOnItem')}</Typography.Text>
                  <Form.Item name="reuse" noStyle>
                    <Checkbox.Group
                      style={{ display: 'flex', flexDirection: 'column', margin: '4px 0 8px' }}
                      options={(files.data ?? []).map((x) => ({
                        value: x.id,
                        label: (
                          <span data-testid="evidence-reuse">
                            <PaperClipOutlined /> {x.fileName}
                          </span>
                        ),
                      }))}
                      onChange={() => form.setFields([{ name: 'attachmentIds', errors: [] }])}
                    />
                  </Form.Item>
                </>
              )}
              <EvidenceUpload
                files={uploads}
                onAdd={(x) => (setUploads((u) => [...u, x]), form.setFields([{ name: 'attachmentIds', errors: [] }]))}
                onError={setError}
              />
            </FieldBox>
          </Form.Item>
        </>
      ),
    },
  };
  const d = dialog ? dialogs[dialog] : null;
  const office = can('cancel');

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/findings')} style={{ padding: 0 }}>
        {tr('back')}
      </Button>
      <Card
        title={
          <Space wrap>
            <span>
              [{f.serial}] {f.title}
            </span>
            <Tag data-testid="finding-state">{label(STATE_LABELS[f.state])}</Tag>
            <Light light={f.light} reasons={f.lightReasons} />
          </Space>
        }
        extra={<Space wrap>{buttons}</Space>}
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={tr('source')}>
            {label(FINDING_SOURCE_LABELS[f.source])}
            {f.sourceTitle ? ` · ${f.sourceTitle}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={tr('foundOn')}>{f.foundOn}</Descriptions.Item>
          <Descriptions.Item label={tr('problem')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="finding-problem">
              {f.problem}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={tr('severity')}>
            <Tag color={SEVERITY_COLORS[f.severity]}>{label(FINDING_SEVERITY_LABELS[f.severity])}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={tr('deadline')}>{f.deadline}</Descriptions.Item>
          <Descriptions.Item label={tr('measures')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {f.measures}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={tr('unit')}>{unitName.get(f.assigneeUnitId)}</Descriptions.Item>
          <Descriptions.Item label={tr('responsible')}>{f.responsible ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={tr('colProgress')} span={2}>
            <Progress
              percent={f.progress ?? 0}
              status={f.state === 'closed' ? 'success' : f.light === 'red' ? 'exception' : 'normal'}
              style={{ maxWidth: 360 }}
              data-testid="finding-progress"
            />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {f.closeRequest && (
        <CloseReview task={f} ledger={LEDGER} title={tr('closeReviewTitle')} unitName={(u) => unitName.get(u)} />
      )}
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Card title={tr('timeline')} size="small">
            <Timeline
              data-testid="timeline"
              items={(events.data ?? []).map((e) => ({
                color: ['return', 'reject', 'cancel', 'notice', 'escalate'].includes(e.action)
                  ? 'red'
                  : e.action === 'close'
                    ? 'green'
                    : 'blue',
                children: (
                  <div>
                    <b>{e.action === 'close' ? tr('closedOn') : actionText(e.action)}</b> {e.actorName ?? tr('system')}
                    <div style={{ fontSize: 12, color: '#999' }}>{beijingTime(e.at, locale)}</div>
                    {e.reason && <div>{e.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card title={tr('reports')} size="small" style={{ marginBottom: 16 }}>
            <List
              dataSource={reports.data ?? []}
              locale={{ emptyText: tr('noReports') }}
              data-testid="finding-reports"
              renderItem={(r) => (
                <List.Item
                  actions={
                    r.reviewStatus === 'pending' && office
                      ? [
                          <Button
                            key="ok"
                            size="small"
                            onClick={() => findingApi.review(f.id, r.id, 'accepted').then(refresh, setError)}
                          >
                            {tr('reviewAccept')}
                          </Button>,
                          <Button
                            key="no"
                            size="small"
                            danger
                            onClick={() => {
                              setReportId(r.id);
                              open('reviewReturn');
                            }}
                          >
                            {tr('reviewReturn')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {r.period} · {r.progress}% · {r.submittedByName}
                        <Tag>
                          {tt(
                            (
                              {
                                pending: 'reviewPending',
                                accepted: 'reviewAccepted',
                                returned: 'reviewReturned',
                              } as const
                            )[r.reviewStatus],
                          )}
                        </Tag>
                      </Space>
                    }
                    description={
                      <>
                        <div>{r.text}</div>
                        {r.problems && <div>{tt('problemsLine', { text: r.problems })}</div>}
                        {r.reviewComment && <div>{tt('reviewCommentLine', { text: r.reviewComment })}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card title={tr('evidence')} size="small">
            {(files.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
            ) : (
              <List
                size="small"
                dataSource={files.data}
                renderItem={(x) => (
                  <List.Item>
                    <a href={`/api/v1/attachments/${x.id}`}>
                      <PaperClipOutlined /> {x.fileName}
                    </a>{' '}
                    <Typography.Text type="secondary">{Math.ceil(x.size / 1024)} KB</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      {d && (
        <Modal
          open
          title={d.title}
          onCancel={() => setDialog(null)}
          onOk={() => form.submit()}
          confirmLoading={run.isPending}
          okButtonProps={testIdButton('dialog-ok')}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => run.mutate({ path: d.path, body: d.map ? d.map(v) : v })}
          >
            {d.body}
          </Form>
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </Modal>
      )}
    </Space>
  );
}
