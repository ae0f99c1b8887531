import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { testIdButton } from '../../components/test-id';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError, newIdempotencyKey, withRetry } from '../../lib/api';
import { beijingTime } from '../../lib/time';
import { usePhone } from '../../components/phone';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import type { CloseRequestOut, ItemOut } from '../../../shared/supervision';
import { orgApi, orgKeys } from '../org/api';
import { actionKey, useTasksT, type TasksKey } from './i18n';
import { Light } from './Light';
import { DeadlineCalendarNote } from './DeadlineFields';
import { CloseReview, type CloseLedger } from './CloseReview';
import type { Evidence, LoopApi, LoopKeys } from './loop-api';

/** An item of any ledger as its page reads it: the core's item, a 序号, the pending close request. */
export type LoopItem = ItemOut & { serial: number; closeRequest: CloseRequestOut | null };

/** A dialog of the page: its title, the path its form is sent to, its fields, and how the form becomes a body. */
export interface ItemDialog {
  title: string;
  path: string;
  body: React.ReactNode;
  map?: (v: Record<string, unknown>) => Record<string, unknown>;
}

/** What a ledger's own parts of the page may use: the item, its permitted steps, the dialogs, the form. */
export interface ItemPageContext<T extends LoopItem> {
  item: T;
  can: (action: string) => boolean;
  open: (dialog: string) => void;
  /** The open dialog's name (null: none). */
  dialog: string | null;
  close: () => void;
  form: FormInstance;
  run: (path: string, body?: Record<string, unknown>) => void;
  pending: boolean;
  error: unknown;
  phone: boolean;
  /** Columns of the details (one on a phone). */
  cols: number;
  unitName: (id: string) => string | undefined;
  /** The item's progress bar (status from its state and light). */
  progress: React.ReactNode;
  /** The files uploaded in the open dialog (a ledger's own dialog sends their ids, e.g. with a demand's answer). */
  uploads: { id: string; fileName: string }[];
  /**
   * The field choosing and uploading them (named `attachmentIds`, as the API names it, so its refusals land here);
   * a refused file is said beside it. At most `max` files.
   */
  uploadField: (o: {
    label: string;
    extra?: React.ReactNode;
    chooseText?: string;
    max: number;
    tooMany: string;
  }) => React.ReactNode;
}

/** The ledger a page shows: its routes, query keys, words (the task ledger's unless it has its own) and test ids. */
export interface ItemLedger<T extends LoopItem> {
  api: LoopApi<T>;
  keys: LoopKeys;
  /** 'task' → task-state, task-progress, task-reports. */
  testId: string;
  back: { to: string; label: string };
  /** The ledger's own words for the loop (整改: 申请销号, 整改进展 …). */
  words?: Partial<Record<TasksKey, string>>;
  /** The ledger's own words for timeline events ('close' → 已销号). */
  eventWords?: Partial<Record<string, string>>;
  /** The page's heading (default: [序号] title); a demand is named by its tracking code. */
  heading?: (t: T) => React.ReactNode;
  /** Progress reports on this ledger (default yes); a demand reports through its answers instead. */
  reports?: boolean;
}

/** A form field made of other fields (the evidence chosen and uploaded): it carries their errors, not a value. */
function FieldBox({ children }: { children: React.ReactNode; value?: unknown; onChange?: unknown; id?: string }) {
  return <div>{children}</div>;
}

/**
 * The page of a supervised item, whatever its ledger: what, who, when and its light (the ledger's details); the
 * steps possible now (issue, 签收, return, report, close request with evidence, extension, close or send back,
 * urge, re-plan, cancel); the pending close request and extension to decide; timeline, reports and their review,
 * evidence. A ledger adds its own details, buttons, dialogs and cards (a task's milestones and sub-tasks).
 */
export function ItemPage<T extends LoopItem>({
  id,
  ledger,
  details,
  buttons: ownButtons,
  dialogs: ownDialogs,
  run: ownRun,
  cards,
  children: overlay,
}: {
  id: string;
  ledger: ItemLedger<T>;
  details: (c: ItemPageContext<T>) => React.ReactNode;
  /** The ledger's own buttons, after the close request's. */
  buttons?: (c: ItemPageContext<T>) => React.ReactNode[];
  dialogs?: (c: ItemPageContext<T>) => Record<string, ItemDialog>;
  /** Sends a dialog of the ledger's own (its path); undefined: not the ledger's. */
  run?: (item: T, path: string, body: Record<string, unknown>) => Promise<unknown> | undefined;
  /** Cards under the evidence (milestones, sub-tasks). */
  cards?: (c: ItemPageContext<T>) => React.ReactNode;
  /** Anything else the ledger shows over the page (a drawer). */
  children?: (c: ItemPageContext<T>) => React.ReactNode;
}) {
  const { api, keys } = ledger;
  const { label, locale } = useI18n();
  const tt = useTasksT();
  const tr = (k: TasksKey, params?: Record<string, string | number>) => ledger.words?.[k] ?? tt(k, params);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: keys.one(id), queryFn: () => api.get(id) });
  const events = useQuery({ queryKey: keys.sub(id, 'events'), queryFn: () => api.events(id) });
  const withReports = ledger.reports !== false;
  const reports = useQuery({
    queryKey: keys.sub(id, 'reports'),
    queryFn: () => api.reports(id),
    enabled: withReports,
  });
  const files = useQuery({ queryKey: keys.sub(id, 'files'), queryFn: () => api.attachments(id) });
  const extensions = useQuery({ queryKey: keys.sub(id, 'ext'), queryFn: () => api.extensions(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [dialog, setDialog] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reportId, setReportId] = useState<string | null>(null);
  const [reportKey, setReportKey] = useState('');
  const [sending, setSending] = useState(0);
  const phone = usePhone();
  const t = query.data;
  const can = (a: string) => !!t?.actions.includes(a as never);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.all });
  const actionText = (a: string) => {
    const k = actionKey(a);
    return ledger.eventWords?.[a] ?? (k ? tt(k) : a);
  };
  const closeLedger: CloseLedger = { root: keys.all, reports: api.reports, action: (x, p, b) => api.action(x, p, b) };

  const mutation = useMutation({
    mutationFn: async ({ path, body }: { path: string; body?: Record<string, unknown> }) => {
      const own = ownRun?.(t!, path, body ?? {});
      if (own) return own;
      // A report is sent again while the connection fails, with the key chosen when its dialog opened: one report.
      if (path === 'reports') return withRetry(() => api.report(t!, body!, reportKey));
      if (path === 'extension') return api.extension(t!.id, body as { deadline: string; reason: string });
      if (path === 'replan') return api.replan(t!, body as { deadline: string; reason: string });
      if (path === 'reviewReturn') return api.review(t!.id, String(body!.reportId), 'returned', String(body!.comment));
      return api.action(t!, path, body);
    },
    onSuccess: () => {
      message.success(tr('handled'));
      setDialog(null);
      setUploads([]);
      void refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') void refresh();
      // Evidence problems (none chosen, another item's file) belong beside the evidence, in words.
      const evidence =
        e instanceof ApiError
          ? (e.problem.errors ?? []).filter((x) => (x.field ?? '').startsWith('body.attachmentIds'))
          : [];
      if (dialog === 'requestClose' && evidence.length)
        return form.setFields([{ name: 'attachmentIds', errors: [...new Set(evidence.map((x) => x.message))] }]);
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  function open(d: string) {
    form.resetFields();
    setError(null);
    setUploads([]);
    setSending(0);
    if (d === 'report') setReportKey(newIdempotencyKey());
    setDialog(d);
  }

  if (query.isLoading) return <Card loading />;
  if (query.error || !t) return <ErrorAlert error={query.error ?? new Error('not found')} />;

  const cols = phone ? 1 : 2;
  const c: ItemPageContext<T> = {
    item: t,
    can,
    open,
    dialog,
    close: () => setDialog(null),
    form,
    run: (path, body) => mutation.mutate({ path, body }),
    pending: mutation.isPending,
    error,
    phone,
    cols,
    unitName: (u) => unitNames.get(u),
    uploads,
    uploadField: ({ label: fieldLabel, extra, chooseText, max, tooMany }) => (
      <Form.Item
        name="attachmentIds"
        label={fieldLabel}
        extra={extra}
        rules={[{ validator: () => (uploads.length <= max ? Promise.resolve() : Promise.reject(new Error(tooMany))) }]}
      >
        <FieldBox>
          <EvidenceUpload
            files={uploads}
            chooseText={chooseText}
            onAdd={(f) => (setUploads((u) => [...u, f]), form.setFields([{ name: 'attachmentIds', errors: [] }]))}
            onError={(e) =>
              // The server's refusal (type read from the content, size) beside the field, in the caller's language.
              e instanceof ApiError
                ? form.setFields([
                    {
                      name: 'attachmentIds',
                      errors: [e.problem.errors?.[0]?.message ?? e.problem.detail ?? e.message],
                    },
                  ])
                : setError(e)
            }
            onSending={setSending}
          />
        </FieldBox>
      </Form.Item>
    ),
    progress: (
      <Progress
        percent={t.progress ?? 0}
        status={t.state === 'closed' ? 'success' : t.light === 'red' ? 'exception' : 'normal'}
        format={(p) => `${p}%`}
        style={{ maxWidth: 360 }}
        data-testid={`${ledger.testId}-progress`}
      />
    ),
  };

  const buttons = [
    can('assign') && (
      <Button key="assign" type="primary" onClick={() => c.run('assign')}>
        {tr('issue')}
      </Button>
    ),
    can('reassign') && (
      <Button key="reassign" type="primary" onClick={() => c.run('reassign')}>
        {tr('reassign')}
      </Button>
    ),
    can('accept') && (
      <Button key="accept" type="primary" onClick={() => c.run('accept')} data-testid="action-accept">
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
    ...(ownButtons?.(c) ?? []),
    can('requestExtension') && (
      <Button key="ext" onClick={() => open('extension')} data-testid="action-extension">
        {tr('requestExtension')}
      </Button>
    ),
    can('close') && !t.closeRequest && (
      <Popconfirm
        key="close"
        title={tr('closeConfirm')}
        onConfirm={() => c.run('close')}
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
      <Button key="urge" onClick={() => c.run('urge', {})}>
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

  const reasonDialog = (title: string, path: string, reason: string): ItemDialog => ({
    title,
    path,
    body: (
      <Form.Item name="reason" label={reason} rules={[{ required: true, whitespace: true, max: 2000 }]}>
        <Input.TextArea rows={3} data-testid="reason" />
      </Form.Item>
    ),
  });
  const newDeadline = (v: Record<string, unknown>) => ({
    ...v,
    deadline: (v.deadline as dayjs.Dayjs).format('YYYY-MM-DD'),
  });
  const onItem = files.data ?? [];
  const pendingExt = extensions.data?.find((e) => e.status === 'pending');
  const dialogs: Record<string, ItemDialog> = {
    return: reasonDialog(tr('returnTitle'), 'return', tr('returnReason')),
    'send-back': reasonDialog(tr('sendBackTitle'), 'send-back', tr('sendBackReason')),
    cancel: reasonDialog(tr('cancelTitle'), 'cancel', tr('cancelReason')),
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
          <Form.Item name="text" label={tr('reportText')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
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
            <FieldBox>
              <EvidenceUpload
                files={uploads}
                onAdd={(f) => setUploads((u) => [...u, f])}
                onError={setError}
                onSending={setSending}
              />
            </FieldBox>
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
          <Form.Item name="summary" label={tr('closeSummary')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="close-summary" />
          </Form.Item>
          {/* Files already on the item may prove it done (an earlier report's photo); new ones are uploaded here. */}
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
              {onItem.length > 0 && (
                <>
                  <Typography.Text type="secondary">{tr('evidenceOnTask')}</Typography.Text>
                  <Form.Item name="reuse" noStyle>
                    <Checkbox.Group
                      style={{ display: 'flex', flexDirection: 'column', margin: '4px 0 8px' }}
                      options={onItem.map((f) => ({
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
      map: newDeadline,
      body: (
        <>
          <Form.Item name="deadline" label={tr('extendTo')} rules={[{ required: true }]}>
            <DatePicker data-testid="extension-deadline" />
          </Form.Item>
          <DeadlineCalendarNote />
          <Form.Item name="reason" label={tr('extensionReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="reason" />
          </Form.Item>
        </>
      ),
    },
    replan: {
      title: tr('replanTitle'),
      path: 'replan',
      map: newDeadline,
      body: (
        <>
          <Typography.Paragraph type="secondary">{tr('replanNote', { deadline: t.deadline })}</Typography.Paragraph>
          <Form.Item name="deadline" label={tr('replanDeadline')} rules={[{ required: true }]}>
            <DatePicker data-testid="replan-deadline" />
          </Form.Item>
          <DeadlineCalendarNote />
          <Form.Item name="reason" label={tr('replanReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="reason" />
          </Form.Item>
        </>
      ),
    },
    ...ownDialogs?.(c),
  };
  const d = dialog ? dialogs[dialog] : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(ledger.back.to)} style={{ padding: 0 }}>
        {ledger.back.label}
      </Button>
      <Card
        title={
          <Space wrap>
            <span>
              {ledger.heading ? (
                ledger.heading(t)
              ) : (
                <>
                  [{t.serial}] {t.title}
                </>
              )}
            </span>
            <Tag data-testid={`${ledger.testId}-state`}>{label(STATE_LABELS[t.state])}</Tag>
            <Light light={t.light} reasons={t.lightReasons} />
          </Space>
        }
        extra={<Space wrap>{buttons}</Space>}
      >
        <ErrorAlert error={dialog ? null : error} style={{ marginBottom: 12 }} />
        {/* The notes sent with a decision ('同意', '不予延期') and a returned report's comment are recorded for everyone,
            so they stay in Chinese. */}
        {pendingExt && t.actions.includes('decideExtension') && (
          <Card
            size="small"
            type="inner"
            title={tr('extensionRequest', { from: pendingExt.oldDeadline, to: pendingExt.requestedDeadline })}
            style={{ marginBottom: 12 }}
            data-testid="extension-pending"
          >
            <Typography.Paragraph>{pendingExt.reason}</Typography.Paragraph>
            <Space>
              <Button
                type="primary"
                onClick={() => api.decideExtension(t.id, pendingExt.id, true, '同意').then(refresh, setError)}
                data-testid="extension-approve"
              >
                {tr('approve')}
              </Button>
              <Button
                danger
                onClick={() => api.decideExtension(t.id, pendingExt.id, false, '不予延期').then(refresh, setError)}
              >
                {tr('refuse')}
              </Button>
            </Space>
          </Card>
        )}
        {t.closeRequest && (
          <div style={{ marginBottom: 12 }}>
            <CloseReview
              task={t}
              ledger={closeLedger}
              title={ledger.words?.closeReviewTitle}
              unitName={(u) => unitNames.get(u)}
            />
          </div>
        )}
        {details(c)}
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
          {withReports && (
            <Card title={tr('reports')} size="small" style={{ marginBottom: 16 }}>
              <List
                dataSource={reports.data ?? []}
                locale={{ emptyText: tr('noReports') }}
                data-testid={`${ledger.testId}-reports`}
                renderItem={(r) => (
                  <List.Item
                    actions={
                      // The assigning side reviews (its actions on an open item include cancelling it).
                      r.reviewStatus === 'pending' && can('cancel')
                        ? [
                            <Button
                              key="ok"
                              size="small"
                              onClick={() => api.review(t.id, r.id, 'accepted').then(refresh, setError)}
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
                        <Space wrap>
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
          )}
          <Card title={tr('evidence')} size="small" style={{ marginBottom: 16 }}>
            {onItem.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
            ) : (
              <List
                size="small"
                dataSource={onItem}
                renderItem={(f: Evidence) => (
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
          {cards?.(c)}
        </Col>
      </Row>
      {d && d.body !== null && (
        <Modal
          open
          title={d.title}
          onCancel={() => setDialog(null)}
          onOk={() => form.submit()}
          confirmLoading={mutation.isPending}
          // Not while a photo is still on its way: the report would go without it.
          okButtonProps={{ ...testIdButton('dialog-ok'), disabled: sending > 0 }}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" onFinish={(v) => c.run(d.path, d.map ? d.map(v) : v)}>
            {d.body}
          </Form>
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </Modal>
      )}
      {overlay?.(c)}
    </Space>
  );
}
