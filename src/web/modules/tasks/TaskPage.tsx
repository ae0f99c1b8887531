import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { actionsColumn } from '../../components/actions-column';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { testIdButton } from '../../components/test-id';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError, newIdempotencyKey, withRetry } from '../../lib/api';
import { LEVEL_LABELS, type TaskOut } from '../../../shared/tasks';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import { orgApi, orgKeys } from '../org/api';
import { taskApi, taskKeys } from './api';
import { actionKey, useTasksT } from './i18n';
import { Light } from './Light';
import { ForecastText } from './ForecastText';
import { DeadlineCalendarNote } from './DeadlineFields';
import { TaskForm } from './TaskForm';
import { MilestoneFields, milestonesOut } from './MilestoneFields';
import dayjs from 'dayjs';
import { TaskSource } from '../extraction/TaskSource';
import { CloseReview } from './CloseReview';
import { beijingTime, countyNow } from '../../lib/time';
import { usePhone } from '../../components/phone';

type Dialog =
  | null
  | 'return'
  | 'report'
  | 'requestClose'
  | 'send-back'
  | 'cancel'
  | 'extension'
  | 'subtask'
  | 'milestones'
  | 'milestoneDone'
  | 'replan'
  | 'reviewReturn';

/** A form field made of other fields (the evidence chosen and uploaded): it carries their errors, not a value. */
function FieldBox({ children }: { children: React.ReactNode; value?: unknown; onChange?: unknown; id?: string }) {
  return <div>{children}</div>;
}

/** A task page: what, who, when, its light; the actions possible now; timeline, reports, evidence, sub-tasks. */
export default function TaskPage() {
  const { id = '' } = useParams();
  const { label, locale, t: common } = useI18n();
  const tr = useTasksT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const task = useQuery({ queryKey: taskKeys.one(id), queryFn: () => taskApi.get(id) });
  const events = useQuery({ queryKey: taskKeys.sub(id, 'events'), queryFn: () => taskApi.events(id) });
  const reports = useQuery({ queryKey: taskKeys.sub(id, 'reports'), queryFn: () => taskApi.reports(id) });
  const files = useQuery({ queryKey: taskKeys.sub(id, 'files'), queryFn: () => taskApi.attachments(id) });
  const extensions = useQuery({ queryKey: taskKeys.sub(id, 'ext'), queryFn: () => taskApi.extensions(id) });
  const children = useQuery({
    queryKey: taskKeys.list({ parentId: id }),
    queryFn: () => taskApi.list({ parentId: id, pageSize: 200 }),
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [milestoneId, setMilestoneId] = useState<string | null>(null);
  const [reportId, setReportId] = useState<string | null>(null);
  const [reportKey, setReportKey] = useState('');
  const [sending, setSending] = useState(0);
  const phone = usePhone();
  // On a phone the details are one column.
  const cols = phone ? 1 : 2;
  const t = task.data;
  const today = countyNow().format('YYYY-MM-DD');
  const can = (a: string) => !!t?.actions.includes(a as never);
  const refresh = () => qc.invalidateQueries({ queryKey: taskKeys.all });
  const actionText = (a: string) => {
    const k = actionKey(a);
    return k ? tr(k) : a;
  };

  const run = useMutation({
    mutationFn: async ({ path, body }: { path: string; body?: Record<string, unknown> }) => {
      // A report is sent again while the connection fails, with the key chosen when its dialog opened: one report.
      if (path === 'reports') return withRetry(() => taskApi.report(t!, body!, reportKey));
      if (path === 'extension') return taskApi.extension(t!.id, body as { deadline: string; reason: string });
      if (path === 'subtask') return taskApi.subtask(t!.id, { ...body, issue: true });
      if (path === 'replan') return taskApi.replan(t!, body as { deadline: string; reason: string });
      if (path === 'milestones') return taskApi.setMilestones(t!, milestonesOut(body!.milestones));
      if (path === 'milestoneDone')
        return taskApi.completeMilestone(
          t!,
          String(body!.milestoneId),
          (body!.doneOn as dayjs.Dayjs).format('YYYY-MM-DD'),
        );
      if (path === 'reviewReturn')
        return taskApi.review(t!.id, String(body!.reportId), 'returned', String(body!.comment));
      return taskApi.action(t!, path, body);
    },
    onSuccess: () => {
      message.success(tr('handled'));
      setDialog(null);
      setUploads([]);
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') refresh();
      // Evidence problems (none chosen, another task's file) belong beside the evidence, in words.
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
    setSending(0);
    if (d === 'report') setReportKey(newIdempotencyKey());
    setDialog(d);
  }

  if (task.isLoading) return <Card loading />;
  if (task.error || !t) return <ErrorAlert error={task.error ?? new Error('not found')} />;

  const evidence = (
    <EvidenceUpload
      files={uploads}
      onAdd={(f) => setUploads((u) => [...u, f])}
      onError={setError}
      onSending={setSending}
    />
  );

  const buttons = [
    can('assign') && (
      <Button key="assign" type="primary" onClick={() => run.mutate({ path: 'assign' })}>
        {tr('issue')}
      </Button>
    ),
    can('reassign') && (
      <Button key="reassign" type="primary" onClick={() => run.mutate({ path: 'reassign' })}>
        {tr('reassign')}
      </Button>
    ),
    can('accept') && (
      <Button key="accept" type="primary" onClick={() => run.mutate({ path: 'accept' })} data-testid="action-accept">
        {tr('accept')}
      </Button>
    ),
    can('return') && (
      <Button key="return" danger onClick={() => open('return')} data-testid="action-return">
        {tr('return')}
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
    can('report') && (
      <Button key="sub" onClick={() => open('subtask')}>
        {tr('splitSubtasks')}
      </Button>
    ),
    can('requestExtension') && (
      <Button key="ext" onClick={() => open('extension')}>
        {tr('requestExtension')}
      </Button>
    ),
    can('close') && !t.closeRequest && (
      <Popconfirm
        key="close"
        title={tr('closeConfirm')}
        onConfirm={() => run.mutate({ path: 'close' })}
        okButtonProps={testIdButton('confirm-close')}
      >
        <Button type="primary" data-testid="action-close">
          {tr('close')}
        </Button>
      </Popconfirm>
    ),
    can('reject') && !t.closeRequest && (
      <Button key="reject" danger onClick={() => open('send-back')} data-testid="action-send-back">
        {tr('sendBack')}
      </Button>
    ),
    can('urge') && (
      <Button key="urge" onClick={() => run.mutate({ path: 'urge', body: {} })}>
        {tr('urge')}
      </Button>
    ),
    can('replan') && (
      <Button key="replan" onClick={() => open('replan')} data-testid="action-replan">
        {tr('replan')}
      </Button>
    ),
    can('cancel') && (
      <Button key="cancel" danger type="text" onClick={() => open('cancel')}>
        {tr('cancel')}
      </Button>
    ),
  ].filter(Boolean);

  const pendingExt = extensions.data?.find((e) => e.status === 'pending');
  const dialogs: Record<
    Exclude<Dialog, null>,
    {
      title: string;
      path: string;
      body: React.ReactNode;
      map?: (v: Record<string, unknown>) => Record<string, unknown>;
    }
  > = {
    return: {
      title: tr('returnTitle'),
      path: 'return',
      body: (
        <Form.Item name="reason" label={tr('returnReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="reason" />
        </Form.Item>
      ),
    },
    'send-back': {
      title: tr('sendBackTitle'),
      path: 'send-back',
      body: (
        <Form.Item name="reason" label={tr('sendBackReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="reason" />
        </Form.Item>
      ),
    },
    cancel: {
      title: tr('cancelTitle'),
      path: 'cancel',
      body: (
        <Form.Item name="reason" label={tr('cancelReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      ),
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
            initialValue={t.progress ?? 0}
          >
            <InputNumber min={0} max={100} data-testid="report-progress" />
          </Form.Item>
          <Form.Item name="text" label={tr('reportText')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea rows={3} data-testid="report-text" />
          </Form.Item>
          <Form.Item name="problems" label={tr('reportProblems')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="nextSteps" label={tr('reportNextSteps')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {/* Named as the API names it, so a refusal of the evidence lands here, not in a general alert. */}
          <Form.Item name="attachmentIds" label={tr('evidence')}>
            <FieldBox>{evidence}</FieldBox>
          </Form.Item>
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
          <Form.Item name="summary" label={tr('closeSummary')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="close-summary" />
          </Form.Item>
          {/* Files already on the task may prove it done (an earlier report's photo); new ones are uploaded here. */}
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
                  <Typography.Text type="secondary">{tr('evidenceOnTask')}</Typography.Text>
                  <Form.Item name="reuse" noStyle>
                    <Checkbox.Group
                      style={{ display: 'flex', flexDirection: 'column', margin: '4px 0 8px' }}
                      options={(files.data ?? []).map((f) => ({
                        value: f.id,
                        label: (
                          <span data-testid="evidence-reuse">
                            <PaperClipOutlined /> {f.fileName}
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
                onAdd={(f) => (setUploads((u) => [...u, f]), form.setFields([{ name: 'attachmentIds', errors: [] }]))}
                onError={setError}
                onSending={setSending}
              />
            </FieldBox>
          </Form.Item>
        </>
      ),
    },
    reviewReturn: {
      title: tr('reviewReturnTitle', { count: 1 }),
      path: 'reviewReturn',
      map: (v) => ({ ...v, reportId }),
      body: (
        <Form.Item name="comment" label={tr('reviewComment')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="review-comment" />
        </Form.Item>
      ),
    },
    extension: {
      title: tr('requestExtension'),
      path: 'extension',
      map: (v) => ({ ...v, deadline: (v.deadline as { format(f: string): string }).format('YYYY-MM-DD') }),
      body: (
        <>
          <Form.Item name="deadline" label={tr('extendTo')} rules={[{ required: true }]}>
            <DatePicker data-testid="extension-deadline" />
          </Form.Item>
          <DeadlineCalendarNote />
          <Form.Item name="reason" label={tr('extensionReason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      ),
    },
    subtask: { title: tr('subtaskTitle'), path: 'subtask', body: null },
    replan: {
      title: tr('replanTitle'),
      path: 'replan',
      map: (v) => ({ ...v, deadline: (v.deadline as dayjs.Dayjs).format('YYYY-MM-DD') }),
      body: (
        <>
          <Typography.Paragraph type="secondary">{tr('replanNote', { deadline: t.deadline })}</Typography.Paragraph>
          <Form.Item name="deadline" label={tr('replanDeadline')} rules={[{ required: true }]}>
            <DatePicker data-testid="replan-deadline" />
          </Form.Item>
          <DeadlineCalendarNote />
          <Form.Item name="reason" label={tr('replanReason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="reason" />
          </Form.Item>
        </>
      ),
    },
    milestones: {
      title: tr('milestonesTitle'),
      path: 'milestones',
      body: (
        <>
          <Typography.Paragraph type="secondary">{tr('milestonesNote')}</Typography.Paragraph>
          <MilestoneFields />
        </>
      ),
    },
    milestoneDone: {
      title: tr('milestoneDoneTitle'),
      path: 'milestoneDone',
      map: (v) => ({ ...v, milestoneId }),
      body: (
        <Form.Item name="doneOn" label={tr('doneOn')} rules={[{ required: true }]} initialValue={countyNow()}>
          <DatePicker data-testid="milestone-done-on" />
        </Form.Item>
      ),
    },
  };
  const d = dialog ? dialogs[dialog] : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/tasks')} style={{ padding: 0 }}>
        {tr('backToLedger')}
      </Button>
      <Card
        title={
          <Space>
            <span>
              [{t.serial}] {t.title}
            </span>
            <Tag data-testid="task-state">{label(STATE_LABELS[t.state])}</Tag>
            <Light light={t.light} reasons={t.lightReasons} />
          </Space>
        }
        extra={<Space wrap>{buttons}</Space>}
      >
        <ErrorAlert error={dialog ? null : error} style={{ marginBottom: 12 }} />
        {/* The notes sent with a decision ('同意', '不予延期') and a returned report's comment are recorded for everyone, so they stay in Chinese. */}
        {pendingExt && t.actions.includes('decideExtension') && (
          <Card
            size="small"
            type="inner"
            title={tr('extensionRequest', { from: pendingExt.oldDeadline, to: pendingExt.requestedDeadline })}
            style={{ marginBottom: 12 }}
          >
            <Typography.Paragraph>{pendingExt.reason}</Typography.Paragraph>
            <Space>
              <Button
                type="primary"
                onClick={() => taskApi.decideExtension(t.id, pendingExt.id, true, '同意').then(refresh, setError)}
              >
                {tr('approve')}
              </Button>
              <Button
                danger
                onClick={() => taskApi.decideExtension(t.id, pendingExt.id, false, '不予延期').then(refresh, setError)}
              >
                {tr('refuse')}
              </Button>
            </Space>
          </Card>
        )}
        {t.closeRequest && (
          <div style={{ marginBottom: 12 }}>
            <CloseReview task={t} unitName={(u) => unitName.get(u)} />
          </div>
        )}
        <Descriptions column={cols} bordered size="small" layout={phone ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={tr('content')} span={cols}>
            {t.content}
          </Descriptions.Item>
          <Descriptions.Item label={tr('standard')} span={cols}>
            {t.standard ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('leadUnit')}>{unitName.get(t.assigneeUnitId)}</Descriptions.Item>
          <Descriptions.Item label={tr('coUnits')}>
            {t.coUnitIds.map((u) => unitName.get(u)).join(tr('listSeparator')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('deadline')}>{t.deadline}</Descriptions.Item>
          <Descriptions.Item label={tr('levelCategory')}>
            {label(LEVEL_LABELS[t.level])} / {t.category ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('progressActualExpected')} span={cols}>
            <Progress
              percent={t.progress ?? 0}
              status={t.state === 'closed' ? 'success' : t.light === 'red' ? 'exception' : 'normal'}
              format={(p) => `${p}%`}
              style={{ maxWidth: 360 }}
              data-testid="task-progress"
            />{' '}
            {t.state !== 'closed' &&
              t.expectedProgress !== null &&
              tr('expectedProgress', { expected: t.expectedProgress })}
          </Descriptions.Item>
          {t.forecast && (
            <Descriptions.Item label={tr('forecast')} span={cols}>
              <ForecastText f={t.forecast} tr={tr} />
            </Descriptions.Item>
          )}
          {t.accountability && (
            <Descriptions.Item label={tr('accountability')} span={cols}>
              {t.accountability}
            </Descriptions.Item>
          )}
          {t.sourceTitle && (
            <Descriptions.Item label={tr('source')} span={cols}>
              {t.sourceTitle}
              {t.sourceParagraph ? tr('sourceQuote', { text: t.sourceParagraph }) : ''}
              <TaskSource taskId={t.id} />
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
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
                    <b>{actionText(e.action)}</b> {e.actorName ?? tr('system')}
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
              renderItem={(r) => (
                <List.Item
                  actions={
                    // The assigning side reviews (its actions on an open item include cancelling it).
                    r.reviewStatus === 'pending' && t.actions.includes('cancel')
                      ? [
                          <Button
                            key="ok"
                            size="small"
                            onClick={() => taskApi.review(t.id, r.id, 'accepted').then(refresh, setError)}
                            data-testid="review-accept"
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
                            data-testid="review-return"
                          >
                            {tr('return')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {r.period} · {r.progress}% · {r.submittedByName}
                        {r.lateDays > 0 && <Tag color="orange">{tr('lateDays', { days: r.lateDays })}</Tag>}
                        <Tag>
                          {tr(
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
                        {r.problems && <div>{tr('problemsLine', { text: r.problems })}</div>}
                        {r.reviewComment && <div>{tr('reviewCommentLine', { text: r.reviewComment })}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card title={tr('evidence')} size="small" style={{ marginBottom: 16 }}>
            {(files.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
            ) : (
              <List
                size="small"
                dataSource={files.data}
                renderItem={(f) => (
                  <List.Item>
                    <a href={`/api/v1/attachments/${f.id}`}>
                      <PaperClipOutlined /> {f.fileName}
                    </a>{' '}
                    <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card
            title={tr('milestones')}
            size="small"
            style={{ marginBottom: 16 }}
            extra={
              can('cancel') && (
                <Button
                  size="small"
                  data-testid="milestones-edit"
                  onClick={() => {
                    open('milestones');
                    form.setFieldsValue({
                      milestones: t.milestones.map((m) => ({ title: m.title, due: dayjs(m.due) })),
                    });
                  }}
                >
                  {tr('editMilestones')}
                </Button>
              )
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="milestones"
              dataSource={t.milestones}
              locale={{ emptyText: tr('noMilestones') }}
              columns={[
                {
                  title: tr('milestone'),
                  key: 'title',
                  // On a phone the due date goes under the title: four columns do not fit.
                  render: (_: unknown, m: TaskOut['milestones'][number]) =>
                    phone ? (
                      <>
                        {m.title}
                        <div style={{ fontSize: 12, color: '#8c8c8c' }}>{m.due}</div>
                      </>
                    ) : (
                      m.title
                    ),
                },
                ...(phone ? [] : [{ title: tr('milestoneDue'), dataIndex: 'due', width: 110 }]),
                {
                  title: tr('state'),
                  key: 's',
                  width: 150,
                  render: (_: unknown, m: TaskOut['milestones'][number]) =>
                    m.doneOn ? (
                      <Tag color="green">{tr('milestoneDoneOn', { date: m.doneOn })}</Tag>
                    ) : m.due < today ? (
                      <Tag color="orange">{tr('milestoneOverdue')}</Tag>
                    ) : (
                      <Tag>{tr('milestoneNotDue')}</Tag>
                    ),
                },
                // Only the unit at work marks a milestone done: others see no 操作 column.
                ...actionsColumn<TaskOut['milestones'][number]>(t.milestones, (m) => !m.doneOn && can('report'), {
                  title: common('actions'),
                  width: 90,
                  render: (_: unknown, m: TaskOut['milestones'][number]) =>
                    !m.doneOn &&
                    can('report') && (
                      <Button
                        size="small"
                        data-testid="milestone-done"
                        onClick={() => {
                          setMilestoneId(m.id);
                          open('milestoneDone');
                        }}
                      >
                        {tr('markDone')}
                      </Button>
                    ),
                }),
              ]}
            />
          </Card>
          <Card title={tr('subtasks')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={children.data?.items ?? []}
              locale={{ emptyText: tr('noSubtasks') }}
              columns={[
                {
                  title: tr('task'),
                  key: 't',
                  render: (_: unknown, c: TaskOut) => (
                    <Typography.Link onClick={() => navigate(`/tasks/${c.id}`)}>{c.title}</Typography.Link>
                  ),
                },
                ...(phone
                  ? []
                  : [
                      {
                        title: tr('unit'),
                        key: 'u',
                        render: (_: unknown, c: TaskOut) => unitName.get(c.assigneeUnitId),
                      },
                      { title: tr('timeLimit'), dataIndex: 'deadline' },
                    ]),
                {
                  title: tr('light'),
                  key: 'l',
                  render: (_: unknown, c: TaskOut) => <Light light={c.light} reasons={c.lightReasons} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {d && dialog !== 'subtask' && (
        <Modal
          open
          title={d.title}
          onCancel={() => setDialog(null)}
          onOk={() => form.submit()}
          confirmLoading={run.isPending}
          // Not while a photo is still on its way: the report would go without it.
          okButtonProps={{ ...testIdButton('dialog-ok'), disabled: sending > 0 }}
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
      <Drawer
        open={dialog === 'subtask'}
        title={tr('splitSubtasks')}
        size={560}
        onClose={() => setDialog(null)}
        destroyOnHidden
        extra={
          <Button type="primary" onClick={() => form.submit()} loading={run.isPending}>
            {tr('issue')}
          </Button>
        }
      >
        <TaskForm form={form} onFinish={(v) => run.mutate({ path: 'subtask', body: v })} />
        <ErrorAlert error={error} />
      </Drawer>
    </Space>
  );
}
