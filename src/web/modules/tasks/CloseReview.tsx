import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { testIdButton } from '../../components/test-id';
import { ApiError } from '../../lib/api';
import type { ItemOut, CloseRequestOut } from '../../../shared/supervision';
import { taskApi, taskKeys, type TaskReport } from './api';
import { useTasksT } from './i18n';
import { beijingTime, countyNow } from '../../lib/time';

/**
 * A close request as the office decides it: the unit's 办结说明 with its evidence beside it, the last reports and
 * the milestones, and the two decisions (approve and close, or send back with a reason). The same card on the task
 * page and in the office's to-do.
 */
/** An item waiting for its close decision: a task, or another ledger's item (a finding's 销号). */
type Closable = Pick<ItemOut, 'id' | 'title' | 'version' | 'actions' | 'milestones'> & {
  closeRequest: CloseRequestOut | null;
};

/** The ledger whose routes decide it: the task ledger's by default; a finding passes its own. */
export interface CloseLedger {
  root: readonly unknown[];
  reports(id: string): Promise<TaskReport[]>;
  action(item: Closable, path: 'close' | 'send-back', body: Record<string, unknown>): Promise<unknown>;
}
const TASKS: CloseLedger = {
  root: taskKeys.all,
  reports: taskApi.reports,
  action: (t, p, b) => taskApi.action(t, p, b),
};

export function CloseReview({
  task,
  unitName,
  title,
  ledger = TASKS,
}: {
  task: Closable;
  unitName?: (id: string) => string | undefined;
  title?: React.ReactNode;
  ledger?: CloseLedger;
}) {
  const tr = useTasksT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [sendingBack, setSendingBack] = useState(false);
  const [form] = Form.useForm();
  const reports = useQuery({
    queryKey: [...ledger.root, 'one', task.id, 'reports'],
    queryFn: () => ledger.reports(task.id),
  });
  const req = task.closeRequest;
  const decide = useMutation({
    mutationFn: (v: { path: 'close' | 'send-back'; reason?: string }) =>
      ledger.action(task, v.path, v.reason ? { reason: v.reason } : {}),
    onSuccess: (_r, v) => {
      message.success(
        v.path === 'close' ? tr('closedToast', { title: task.title }) : tr('sentBackToast', { title: task.title }),
      );
      setSendingBack(false);
      void qc.invalidateQueries({ queryKey: ledger.root });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') void qc.invalidateQueries({ queryKey: ledger.root });
    },
  });
  if (!req) return null;
  const today = countyNow().format('YYYY-MM-DD');
  const done = task.milestones.filter((m) => m.doneOn).length;
  const canDecide = task.actions.includes('close') || task.actions.includes('reject');
  return (
    <Card
      size="small"
      type="inner"
      data-testid="close-review"
      title={title ?? tr('closeReviewTitle')}
      extra={
        canDecide && (
          <Space>
            {task.actions.includes('close') && (
              <Popconfirm
                title={tr('closeConfirm')}
                onConfirm={() => decide.mutate({ path: 'close' })}
                okButtonProps={testIdButton('confirm-close')}
              >
                <Button
                  type="primary"
                  loading={decide.isPending && decide.variables?.path === 'close'}
                  data-testid="action-close"
                >
                  {tr('approveAndClose')}
                </Button>
              </Popconfirm>
            )}
            {task.actions.includes('reject') && (
              <Button danger onClick={() => (form.resetFields(), setSendingBack(true))} data-testid="action-send-back">
                {tr('sendBack')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <ErrorAlert error={sendingBack ? null : decide.error} style={{ marginBottom: 8 }} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={tr('closeSummaryLabel')}>
          <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }} data-testid="close-summary-text">
            {req.summary ?? '—'}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tr('closeAskedBy', {
              name: req.byName ?? tr('system'),
              unit: (req.byUnitId && unitName?.(req.byUnitId)) || '',
              at: beijingTime(req.at, locale),
            })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={tr('evidence')}>
          {req.attachments.length === 0 ? (
            '—'
          ) : (
            <Space wrap data-testid="close-evidence">
              {req.attachments.map((f) => (
                <a key={f.id} href={`/api/v1/attachments/${f.id}`} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {f.fileName}{' '}
                  <Typography.Text type="secondary">({Math.ceil(f.size / 1024)} KB)</Typography.Text>
                </a>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={tr('lastReports')}>
          {(reports.data ?? []).length === 0 ? (
            <Typography.Text type="secondary">{tr('noReports')}</Typography.Text>
          ) : (
            // Plain lines: antd's List would bring its pagination and select (a principal's phone home loads this).
            <div data-testid="close-last-reports">
              {(reports.data ?? []).slice(0, 3).map((r) => (
                <div key={r.id} style={{ padding: '2px 0' }}>
                  <Typography.Text>
                    <b>{r.period}</b> · {r.progress}% · {r.text}
                    {r.lateDays > 0 && (
                      <Tag color="orange" style={{ marginLeft: 6 }}>
                        {tr('lateDays', { days: r.lateDays })}
                      </Tag>
                    )}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={tr('milestonesDone', { done, total: task.milestones.length })}>
          {task.milestones.length === 0 ? (
            <Typography.Text type="secondary">{tr('noMilestones')}</Typography.Text>
          ) : (
            <Space wrap size={4} data-testid="close-milestones">
              {task.milestones.map((m) => (
                <Tag key={m.id} color={m.doneOn ? 'green' : m.due < today ? 'orange' : undefined}>
                  {m.title} · {m.doneOn ? tr('milestoneDoneOn', { date: m.doneOn }) : m.due}
                </Tag>
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Modal
        open={sendingBack}
        title={tr('sendBackTitle')}
        onCancel={() => setSendingBack(false)}
        onOk={() => form.submit()}
        confirmLoading={decide.isPending}
        okButtonProps={testIdButton('dialog-ok')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { reason: string }) => decide.mutate({ path: 'send-back', reason: v.reason })}
        >
          <Form.Item
            name="reason"
            label={tr('sendBackReason')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea rows={3} data-testid="reason" />
          </Form.Item>
        </Form>
        <ErrorAlert error={decide.error} />
      </Modal>
    </Card>
  );
}
