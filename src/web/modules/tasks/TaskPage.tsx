import { useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Progress, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { testIdButton } from '../../components/test-id';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { LEVEL_LABELS, type TaskOut } from '../../../shared/tasks';
import { STATE_LABELS } from '../../../shared/supervision';
import { orgApi, orgKeys } from '../org/api';
import { ACTION_LABELS, taskApi, taskKeys } from './api';
import { Light } from './Light';
import { TaskForm } from './TaskForm';
import { MilestoneFields, milestonesOut } from './MilestoneFields';
import dayjs from 'dayjs';
import { TaskSource } from '../extraction/TaskSource';

type Dialog = null | 'return' | 'report' | 'requestClose' | 'send-back' | 'cancel' | 'extension' | 'subtask' | 'milestones' | 'milestoneDone' | 'replan';

/** A task page: what, who, when, its light; the actions possible now; timeline, reports, evidence, sub-tasks. */
export default function TaskPage() {
  const { id = '' } = useParams();
  const { label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const task = useQuery({ queryKey: taskKeys.one(id), queryFn: () => taskApi.get(id) });
  const events = useQuery({ queryKey: taskKeys.sub(id, 'events'), queryFn: () => taskApi.events(id) });
  const reports = useQuery({ queryKey: taskKeys.sub(id, 'reports'), queryFn: () => taskApi.reports(id) });
  const files = useQuery({ queryKey: taskKeys.sub(id, 'files'), queryFn: () => taskApi.attachments(id) });
  const extensions = useQuery({ queryKey: taskKeys.sub(id, 'ext'), queryFn: () => taskApi.extensions(id) });
  const children = useQuery({ queryKey: taskKeys.list({ parentId: id }), queryFn: () => taskApi.list({ parentId: id, pageSize: 200 }) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [milestoneId, setMilestoneId] = useState<string | null>(null);
  const t = task.data;
  const today = dayjs().format('YYYY-MM-DD');
  const can = (a: string) => !!t?.actions.includes(a as never);
  const refresh = () => qc.invalidateQueries({ queryKey: taskKeys.all });

  const run = useMutation({
    mutationFn: async ({ path, body }: { path: string; body?: Record<string, unknown> }) => {
      if (path === 'reports') return taskApi.report(t!, body!);
      if (path === 'extension') return taskApi.extension(t!.id, body as { deadline: string; reason: string });
      if (path === 'subtask') return taskApi.subtask(t!.id, { ...body, issue: true });
      if (path === 'replan') return taskApi.replan(t!, body as { deadline: string; reason: string });
      if (path === 'milestones') return taskApi.setMilestones(t!, milestonesOut(body!.milestones));
      if (path === 'milestoneDone') return taskApi.completeMilestone(t!, String(body!.milestoneId), (body!.doneOn as dayjs.Dayjs).format('YYYY-MM-DD'));
      return taskApi.action(t!, path, body);
    },
    onSuccess: () => {
      message.success('已办理');
      setDialog(null);
      setUploads([]);
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') refresh();
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  function open(d: Dialog) {
    form.resetFields();
    setError(null);
    setUploads([]);
    setDialog(d);
  }

  if (task.isLoading) return <Card loading />;
  if (task.error || !t) return <ErrorAlert error={task.error ?? new Error('not found')} />;

  const evidence = <EvidenceUpload files={uploads} onAdd={(f) => setUploads((u) => [...u, f])} onError={setError} />;

  const buttons = [
    can('assign') && <Button key="assign" type="primary" onClick={() => run.mutate({ path: 'assign' })}>交办</Button>,
    can('reassign') && <Button key="reassign" type="primary" onClick={() => run.mutate({ path: 'reassign' })}>重新交办</Button>,
    can('accept') && <Button key="accept" type="primary" onClick={() => run.mutate({ path: 'accept' })} data-testid="action-accept">签收</Button>,
    can('return') && <Button key="return" danger onClick={() => open('return')} data-testid="action-return">退回</Button>,
    can('report') && <Button key="report" type="primary" onClick={() => open('report')} data-testid="action-report">报送进展</Button>,
    can('requestClose') && <Button key="rc" onClick={() => open('requestClose')} data-testid="action-request-close">申请办结</Button>,
    can('report') && <Button key="sub" onClick={() => open('subtask')}>分解子任务</Button>,
    can('requestExtension') && <Button key="ext" onClick={() => open('extension')}>申请延期</Button>,
    can('close') && (
      <Popconfirm key="close" title="审核通过并销账？" onConfirm={() => run.mutate({ path: 'close' })} okButtonProps={testIdButton('confirm-close')}>
        <Button type="primary" data-testid="action-close">销账</Button>
      </Popconfirm>
    ),
    can('reject') && <Button key="reject" danger onClick={() => open('send-back')} data-testid="action-send-back">驳回</Button>,
    can('urge') && <Button key="urge" onClick={() => run.mutate({ path: 'urge', body: {} })}>催办</Button>,
    can('replan') && <Button key="replan" onClick={() => open('replan')} data-testid="action-replan">调整时限</Button>,
    can('cancel') && <Button key="cancel" danger type="text" onClick={() => open('cancel')}>撤销</Button>,
  ].filter(Boolean);

  const pendingExt = extensions.data?.find((e) => e.status === 'pending');
  const dialogs: Record<Exclude<Dialog, null>, { title: string; path: string; body: React.ReactNode; map?: (v: Record<string, unknown>) => Record<string, unknown> }> = {
    return: { title: '退回任务', path: 'return', body: <Form.Item name="reason" label="退回理由" rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="reason" /></Form.Item> },
    'send-back': { title: '驳回办结申请', path: 'send-back', body: <Form.Item name="reason" label="驳回理由" rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="reason" /></Form.Item> },
    cancel: { title: '撤销任务（不删除，留痕）', path: 'cancel', body: <Form.Item name="reason" label="撤销理由" rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item> },
    report: {
      title: '报送本期进展',
      path: 'reports',
      map: (v) => ({ ...v, attachmentIds: uploads.map((u) => u.id) }),
      body: (
        <>
          <Form.Item name="progress" label="完成进度（%）" rules={[{ required: true }]} initialValue={t.progress ?? 0}>
            <InputNumber min={0} max={100} data-testid="report-progress" />
          </Form.Item>
          <Form.Item name="text" label="进展情况" rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea rows={3} data-testid="report-text" />
          </Form.Item>
          <Form.Item name="problems" label="存在问题">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="nextSteps" label="下步打算">
            <Input.TextArea rows={2} />
          </Form.Item>
          {evidence}
        </>
      ),
    },
    requestClose: {
      title: '申请办结（须附佐证材料）',
      path: 'request-close',
      map: (v) => ({ ...v, attachmentIds: uploads.map((u) => u.id) }),
      body: (
        <>
          <Form.Item name="summary" label="完成情况" rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="close-summary" />
          </Form.Item>
          {evidence}
        </>
      ),
    },
    extension: {
      title: '申请延期',
      path: 'extension',
      map: (v) => ({ ...v, deadline: (v.deadline as { format(f: string): string }).format('YYYY-MM-DD') }),
      body: (
        <>
          <Form.Item name="deadline" label="申请延至" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      ),
    },
    subtask: { title: '分解子任务（时限不晚于本任务）', path: 'subtask', body: null },
    replan: {
      title: '调整完成时限（须说明理由，留痕）',
      path: 'replan',
      map: (v) => ({ ...v, deadline: (v.deadline as dayjs.Dayjs).format('YYYY-MM-DD') }),
      body: (
        <>
          <Typography.Paragraph type="secondary">现时限 {t.deadline}。新时限不早于今天、不晚于上级任务、不早于未办结子任务的时限。</Typography.Paragraph>
          <Form.Item name="deadline" label="新的完成时限" rules={[{ required: true }]}>
            <DatePicker data-testid="replan-deadline" />
          </Form.Item>
          <Form.Item name="reason" label="调整理由（如：领导批示、会议决定）" rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="reason" />
          </Form.Item>
        </>
      ),
    },
    milestones: {
      title: '调整工作节点（节点不晚于完成时限，留痕）',
      path: 'milestones',
      body: (
        <>
          <Typography.Paragraph type="secondary">已完成的节点保留完成日期；调整会记入流转记录。</Typography.Paragraph>
          <MilestoneFields />
        </>
      ),
    },
    milestoneDone: {
      title: '标记节点完成',
      path: 'milestoneDone',
      map: (v) => ({ ...v, milestoneId }),
      body: (
        <Form.Item name="doneOn" label="完成日期（不晚于今天）" rules={[{ required: true }]} initialValue={dayjs()}>
          <DatePicker data-testid="milestone-done-on" />
        </Form.Item>
      ),
    },
  };
  const d = dialog ? dialogs[dialog] : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/tasks')} style={{ padding: 0 }}>
        返回台账
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
        {pendingExt && t.actions.includes('decideExtension') && (
          <Card size="small" type="inner" title={`延期申请：${pendingExt.oldDeadline} → ${pendingExt.requestedDeadline}`} style={{ marginBottom: 12 }}>
            <Typography.Paragraph>{pendingExt.reason}</Typography.Paragraph>
            <Space>
              <Button type="primary" onClick={() => taskApi.decideExtension(t.id, pendingExt.id, true, '同意').then(refresh, setError)}>批准</Button>
              <Button danger onClick={() => taskApi.decideExtension(t.id, pendingExt.id, false, '不予延期').then(refresh, setError)}>不批准</Button>
            </Space>
          </Card>
        )}
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label="任务内容" span={2}>{t.content}</Descriptions.Item>
          <Descriptions.Item label="工作标准" span={2}>{t.standard ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="牵头单位">{unitName.get(t.assigneeUnitId)}</Descriptions.Item>
          <Descriptions.Item label="配合单位">{t.coUnitIds.map((u) => unitName.get(u)).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="完成时限">{t.deadline}</Descriptions.Item>
          <Descriptions.Item label="级别 / 类别">{label(LEVEL_LABELS[t.level])} / {t.category ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="进度（实际 / 序时）" span={2}>
            <Progress percent={t.progress ?? 0} status={t.light === 'red' ? 'exception' : 'normal'} style={{ maxWidth: 360 }} /> 序时进度 {t.expectedProgress ?? '—'}%
          </Descriptions.Item>
          {t.accountability && <Descriptions.Item label="奖惩" span={2}>{t.accountability}</Descriptions.Item>}
          {t.sourceTitle && <Descriptions.Item label="来源" span={2}>{t.sourceTitle}{t.sourceParagraph ? `：“${t.sourceParagraph}”` : ''}<TaskSource taskId={t.id} /></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col span={10}>
          <Card title="流转记录" size="small">
            <Timeline
              data-testid="timeline"
              items={(events.data ?? []).map((e) => ({
                color: ['return', 'reject', 'cancel', 'notice'].includes(e.action) ? 'red' : e.action === 'close' ? 'green' : 'blue',
                children: (
                  <div>
                    <b>{ACTION_LABELS[e.action] ?? e.action}</b> {e.actorName ?? '系统'}
                    <div style={{ fontSize: 12, color: '#999' }}>{new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</div>
                    {e.reason && <div>{e.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col span={14}>
          <Card title="进展报告" size="small" style={{ marginBottom: 16 }}>
            <List
              dataSource={reports.data ?? []}
              locale={{ emptyText: '尚未报送进展' }}
              renderItem={(r) => (
                <List.Item
                  actions={
                    r.reviewStatus === 'pending' && t.actions.includes('close' as never) === false && t.actions.includes('cancel')
                      ? [
                          <Button key="ok" size="small" onClick={() => taskApi.review(t.id, r.id, 'accepted').then(refresh, setError)}>审核通过</Button>,
                          <Button key="no" size="small" danger onClick={() => taskApi.review(t.id, r.id, 'returned', '请补充具体数据').then(refresh, setError)}>退回</Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {r.period} · {r.progress}% · {r.submittedByName}
                        {r.lateDays > 0 && <Tag color="orange">迟报 {r.lateDays} 天</Tag>}
                        <Tag>{{ pending: '待审核', accepted: '已审核', returned: '已退回' }[r.reviewStatus]}</Tag>
                      </Space>
                    }
                    description={
                      <>
                        <div>{r.text}</div>
                        {r.problems && <div>问题：{r.problems}</div>}
                        {r.reviewComment && <div>审核意见：{r.reviewComment}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card title="佐证材料" size="small" style={{ marginBottom: 16 }}>
            {(files.data ?? []).length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" /> : (
              <List size="small" dataSource={files.data} renderItem={(f) => <List.Item><a href={`/api/v1/attachments/${f.id}`}><PaperClipOutlined /> {f.fileName}</a> <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text></List.Item>} />
            )}
          </Card>
          <Card
            title="工作节点"
            size="small"
            style={{ marginBottom: 16 }}
            extra={can('cancel') && (
              <Button size="small" data-testid="milestones-edit" onClick={() => { open('milestones'); form.setFieldsValue({ milestones: t.milestones.map((m) => ({ title: m.title, due: dayjs(m.due) })) }); }}>
                调整节点
              </Button>
            )}
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="milestones"
              dataSource={t.milestones}
              locale={{ emptyText: '未设工作节点' }}
              columns={[
                { title: '节点', dataIndex: 'title' },
                { title: '节点时间', dataIndex: 'due', width: 110 },
                {
                  title: '状态',
                  key: 's',
                  width: 150,
                  render: (_: unknown, m: TaskOut['milestones'][number]) =>
                    m.doneOn ? <Tag color="green">{m.doneOn} 完成</Tag> : m.due < today ? <Tag color="orange">逾期未完成</Tag> : <Tag>未到期</Tag>,
                },
                {
                  title: '',
                  key: 'a',
                  width: 90,
                  render: (_: unknown, m: TaskOut['milestones'][number]) =>
                    !m.doneOn && can('report') && (
                      <Button size="small" data-testid="milestone-done" onClick={() => { setMilestoneId(m.id); open('milestoneDone'); }}>
                        标记完成
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
          <Card title="子任务" size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={children.data?.items ?? []}
              locale={{ emptyText: '无子任务' }}
              columns={[
                { title: '任务', key: 't', render: (_: unknown, c: TaskOut) => <Typography.Link onClick={() => navigate(`/tasks/${c.id}`)}>{c.title}</Typography.Link> },
                { title: '单位', key: 'u', render: (_: unknown, c: TaskOut) => unitName.get(c.assigneeUnitId) },
                { title: '时限', dataIndex: 'deadline' },
                { title: '亮灯', key: 'l', render: (_: unknown, c: TaskOut) => <Light light={c.light} reasons={c.lightReasons} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {d && dialog !== 'subtask' && (
        <Modal open title={d.title} onCancel={() => setDialog(null)} onOk={() => form.submit()} confirmLoading={run.isPending} okButtonProps={testIdButton('dialog-ok')} destroyOnHidden>
          <Form form={form} layout="vertical" onFinish={(v) => run.mutate({ path: d.path, body: d.map ? d.map(v) : v })}>
            {d.body}
          </Form>
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </Modal>
      )}
      <Drawer open={dialog === 'subtask'} title="分解子任务" size={560} onClose={() => setDialog(null)} destroyOnHidden extra={<Button type="primary" onClick={() => form.submit()} loading={run.isPending}>交办</Button>}>
        <TaskForm form={form} onFinish={(v) => run.mutate({ path: 'subtask', body: v })} />
        <ErrorAlert error={error} />
      </Drawer>
    </Space>
  );
}
