import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, Progress, Select, Space, Table, Tabs, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { api, download } from '../../lib/api';
import { LEVEL_LABELS, SOURCE_LABELS, SOURCE_TYPES, TASK_LEVELS, type TaskOut } from '../../../shared/tasks';
import { LIGHT_LABELS, STATE_LABELS } from '../../../shared/supervision';
import { STATES } from '../../../shared/domain/supervision-flow';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { taskApi, taskKeys } from './api';
import { Light } from './Light';
import { TaskForm } from './TaskForm';
import { TaskImport } from './TaskImport';

/** What the cockpit's weekly trend filtered by, in words (these filters have no field in the form). */
function trendFilter(q: Record<string, string>): string | null {
  if (q.startFrom || q.startTo) return `${q.startFrom ?? '…'} 至 ${q.startTo ?? '…'} 新交办的任务`;
  if (q.closedFrom || q.closedTo) return `${q.closedFrom ?? '…'} 至 ${q.closedTo ?? '…'} 办结（销账）的任务`;
  if (q.overdueOn) return `截至 ${q.overdueOn} 已逾期未办结的任务`;
  return null;
}

/** 督办台账: the ledger as the caller may see it; filters live in the URL so every number links here. */
export default function TasksPage() {
  const { label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.shortName ?? u.name])), [units.data]);
  const query = Object.fromEntries([...params.entries()]);
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 20);
  // Most urgent first unless the user chose otherwise: red, then yellow, by deadline.
  const list = useQuery({ queryKey: taskKeys.list(query), queryFn: () => taskApi.list({ sort: 'light', ...query, page, pageSize }) });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm();
  const [createError, setCreateError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_clerk', 'unit_admin']);
  const isLeader = hasRole(me, ['leader', 'principal']);
  const leaders = useQuery({ queryKey: ['people', 'leaders'], queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }) });
  const [selected, setSelected] = useState<TaskOut[]>([]);
  const [batchResult, setBatchResult] = useState<{ ok: number; failed: { title: string; detail: string }[] } | null>(null);
  const batch = useMutation({
    mutationFn: (action: 'assign' | 'urge') =>
      api<{ results: { id: string; ok: boolean; detail?: string }[] }>('POST', '/api/v1/tasks/batch', { body: { action, items: selected.map((t) => ({ id: t.id, version: t.version })), ...(action === 'urge' ? { reason: '督查室批量催办' } : {}) } }),
    onSuccess: (r) => {
      const title = new Map(selected.map((t) => [t.id, t.title]));
      setBatchResult({ ok: r.results.filter((x) => x.ok).length, failed: r.results.filter((x) => !x.ok).map((x) => ({ title: title.get(x.id) ?? x.id, detail: x.detail ?? '' })) });
      setSelected([]);
      qc.invalidateQueries({ queryKey: taskKeys.all });
    },
    onError: (e) => setBatchResult({ ok: 0, failed: [{ title: '批量操作', detail: String((e as Error).message) }] }),
  });
  // 视图: my to-do, the ledger in my scope, my unit's, what I lead — each is a filter in the URL.
  const view = query.todo === 'true' ? 'todo' : query.unitId && query.unitId === me?.unitId ? 'unit' : query.leaderId && query.leaderId === me?.id ? 'leader' : 'all';
  const views = [
    { key: 'todo', label: '我的待办' },
    ...(isUnit ? [{ key: 'unit', label: '本单位台账' }] : []),
    ...(isLeader ? [{ key: 'leader', label: '我牵头的' }] : []),
    { key: 'all', label: isIssuer ? '全县台账' : isLeader ? '分管范围' : '可见的全部' },
  ];
  function setView(k: string) {
    const next = new URLSearchParams();
    if (k === 'todo') next.set('todo', 'true');
    if (k === 'unit' && me) next.set('unitId', me.unitId);
    if (k === 'leader' && me) next.set('leaderId', me.id);
    setParams(next);
    setSelected([]);
  }
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => taskApi.create({ ...v, issue: true }),
    onSuccess: (t) => {
      message.success(`已交办：${t.title}`);
      setCreating(false);
      qc.invalidateQueries({ queryKey: taskKeys.all });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setCreateError(e);
    },
  });

  function setFilter(v: Record<string, unknown>) {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || val === null || val === '' || (Array.isArray(val) && val.length === 0)) continue;
      if (k === 'deadline') {
        const [a, b] = val as [Dayjs, Dayjs];
        next.set('deadlineFrom', a.format('YYYY-MM-DD'));
        next.set('deadlineTo', b.format('YYYY-MM-DD'));
      } else next.set(k, Array.isArray(val) ? val.join(',') : String(val));
    }
    setParams(next);
  }

  const columns = [
    { title: '序号', dataIndex: 'serial', width: 64 },
    {
      title: '任务',
      key: 'title',
      render: (_: unknown, t: TaskOut) => (
        <div>
          <Typography.Link onClick={() => navigate(`/tasks/${t.id}`)} data-testid="task-link">
            {t.parentId && <Tag>子任务</Tag>}
            {t.title}
          </Typography.Link>
          <div>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420, fontSize: 12 }}>
              {t.standard}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '牵头单位', key: 'unit', width: 120, render: (_: unknown, t: TaskOut) => unitName.get(t.assigneeUnitId) ?? '…' },
    { title: '完成时限', dataIndex: 'deadline', width: 110 },
    { title: '进度', key: 'progress', width: 150, render: (_: unknown, t: TaskOut) => (t.progress === null ? <Typography.Text type="secondary">未报送</Typography.Text> : <Tooltip title={`实际 ${t.progress}%，序时进度 ${t.expectedProgress ?? '—'}%`}>
              <Progress percent={t.progress} size="small" status={t.light === 'red' ? 'exception' : t.state === 'closed' ? 'success' : 'normal'} />
            </Tooltip>) },
    { title: '状态', key: 'state', width: 90, render: (_: unknown, t: TaskOut) => <Tag>{label(STATE_LABELS[t.state])}</Tag> },
    { title: '亮灯', key: 'light', width: 90, render: (_: unknown, t: TaskOut) => <Light light={t.light} reasons={t.lightReasons} /> },
    { title: '级别', key: 'level', width: 64, render: (_: unknown, t: TaskOut) => label(LEVEL_LABELS[t.level]) },
  ];

  return (
    <Card
      title="督办台账"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/v1/tasks/export', query).catch((e) => message.error(String(e.message)))} data-testid="tasks-export">
            导出 Excel
          </Button>
          {isIssuer && (
            <Button onClick={() => setImporting(true)} data-testid="task-import">
              导入台账
            </Button>
          )}
          {isIssuer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => (form.resetFields(), setCreateError(null), setCreating(true))} data-testid="task-create">
              交办任务
            </Button>
          )}
        </Space>
      }
    >
      <Tabs activeKey={view} onChange={setView} items={views} data-testid="task-views" />
      {trendFilter(query) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="task-trend-filter"
          message={`来自驾驶舱趋势：${trendFilter(query)}`}
          action={
            <Button size="small" onClick={() => setParams(new URLSearchParams())}>
              清除
            </Button>
          }
        />
      )}
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={setFilter} initialValues={{ ...query, state: query.state?.split(','), light: query.light?.split(',') }} key={params.toString()}>
        <Form.Item name="q">
          <Input.Search placeholder="关键词、序号" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="state">
          <Select mode="multiple" placeholder="状态" allowClear style={{ minWidth: 140 }} options={STATES.map((s) => ({ value: s, label: label(STATE_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="light">
          <Select mode="multiple" placeholder="亮灯" allowClear style={{ minWidth: 120 }} options={(['red', 'yellow', 'green', 'done'] as const).map((l) => ({ value: l, label: label(LIGHT_LABELS[l]) }))} data-testid="filter-light" />
        </Form.Item>
        <Form.Item name="unitId">
          <TreeSelect treeData={unitTree(units.data ?? [], false)} placeholder="单位" allowClear showSearch treeNodeFilterProp="searchText" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="level">
          <Select placeholder="级别" allowClear style={{ width: 90 }} options={TASK_LEVELS.map((l) => ({ value: l, label: label(LEVEL_LABELS[l]) }))} />
        </Form.Item>
        <Form.Item name="deadline">
          <DatePicker.RangePicker placeholder={['时限从', '到']} />
        </Form.Item>
        <Form.Item name="leaderId">
          <Select placeholder="牵头领导" allowClear style={{ width: 120 }} options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))} />
        </Form.Item>
        <Form.Item name="category">
          <Input placeholder="类别" allowClear style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="sourceType">
          <Select placeholder="来源" allowClear style={{ width: 120 }} options={SOURCE_TYPES.map((s) => ({ value: s, label: label(SOURCE_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="sort">
          <Select placeholder="排序：亮灯" allowClear style={{ width: 130 }} options={[{ value: 'light', label: '按亮灯（红在前）' }, { value: 'deadline', label: '按完成时限' }, { value: 'created', label: '最新交办在前' }]} />
        </Form.Item>
        <Form.Item name="todo">
          <Select placeholder="范围" allowClear style={{ width: 110 }} options={[{ value: 'true', label: '我的待办' }]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())}>重置</Button>
        </Space>
      </Form>
      <ErrorAlert error={list.error} />
      {isIssuer && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text type="secondary">已选 {selected.length} 项</Typography.Text>
          <Button disabled={!selected.some((t) => t.actions.includes('assign'))} loading={batch.isPending && batch.variables === 'assign'} onClick={() => batch.mutate('assign')} data-testid="batch-assign">
            批量交办（草稿）
          </Button>
          <Button disabled={!selected.some((t) => t.actions.includes('urge'))} loading={batch.isPending && batch.variables === 'urge'} onClick={() => batch.mutate('urge')} data-testid="batch-urge">
            批量催办
          </Button>
        </Space>
      )}
      {batchResult && (
        <Alert
          style={{ marginBottom: 12 }}
          type={batchResult.failed.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setBatchResult(null)}
          data-testid="batch-result"
          title={`成功 ${batchResult.ok} 项${batchResult.failed.length ? `，未办理 ${batchResult.failed.length} 项` : ''}`}
          description={batchResult.failed.length ? <ul style={{ margin: 0 }}>{batchResult.failed.map((f) => <li key={f.title}>{f.title}：{f.detail}</li>)}</ul> : undefined}
        />
      )}
      <Table
        rowSelection={isIssuer ? { selectedRowKeys: selected.map((t) => t.id), onChange: (_k, rows) => setSelected(rows as TaskOut[]) } : undefined}
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: Object.keys(query).length ? '没有符合条件的任务' : '台账中还没有任务' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => `共 ${n} 项`,
          onChange: (p, s) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('pageSize', String(s));
            setParams(next);
          },
        }}
        data-testid="tasks-table"
      />
      <TaskImport open={importing} onClose={() => setImporting(false)} onDone={(n) => (message.success(`已导入 ${n} 项任务`), setImporting(false), qc.invalidateQueries({ queryKey: taskKeys.all }))} />
      <Drawer open={creating} title="交办任务（五明确：任务、标准、责任、时限、奖惩）" size={560} onClose={() => setCreating(false)} destroyOnHidden extra={<Button type="primary" onClick={() => form.submit()} loading={create.isPending} data-testid="task-submit">交办</Button>}>
        <TaskForm form={form} onFinish={(v) => (setCreateError(null), create.mutate(v))} />
        <ErrorAlert error={createError} />
      </Drawer>
    </Card>
  );
}
