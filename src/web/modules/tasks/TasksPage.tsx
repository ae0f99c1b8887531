import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Dropdown,
  Form,
  Input,
  Progress,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { DownOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { api, download } from '../../lib/api';
import { LEVEL_LABELS, SOURCE_LABELS, SOURCE_TYPES, TASK_LEVELS, type TaskOut } from '../../../shared/tasks';
import { LIGHT_LABELS, STATE_LABELS } from '../../../shared/supervision-labels';
import { usePhone } from '../../components/phone';
import { PhoneTaskList } from './PhoneTaskList';
import { STATES } from '../../../shared/domain/supervision-flow';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { taskApi, taskKeys } from './api';
import { Light } from './Light';
import { TaskForm } from './TaskForm';
import { TaskImport } from './TaskImport';
import { useTasksT, type TasksKey, type TasksT } from './i18n';
import { CloseReview } from './CloseReview';
import { ReportReviewList } from './ReportReviewList';
import { CampaignFilter, campaignFilterParams, campaignFilterValue } from '../campaigns/CampaignFilter';

/** What the cockpit's weekly trend filtered by, in words (these filters have no field in the form). */
function trendFilter(q: Record<string, string>, tr: TasksT): string | null {
  if (q.startFrom || q.startTo) return tr('trendStarted', { from: q.startFrom ?? '…', to: q.startTo ?? '…' });
  if (q.closedFrom || q.closedTo) return tr('trendClosed', { from: q.closedFrom ?? '…', to: q.closedTo ?? '…' });
  if (q.overdueOn) return tr('trendOverdue', { date: q.overdueOn });
  return null;
}

/** The kinds of 我的待办 a person may narrow the list to, with their words. */
const TODO_LABELS: Record<string, TasksKey> = {
  true: 'todoKindAll',
  accept: 'todoAccept',
  report: 'todoReport',
  returned: 'todoReturned',
  issue: 'todoIssue',
  close: 'todoClose',
  extension: 'todoExtension',
  review: 'todoReview',
};

/** 督办台账: the ledger as the caller may see it; filters live in the URL so every number links here. */
export default function TasksPage() {
  const { label } = useI18n();
  const tr = useTasksT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const phone = usePhone();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.shortName ?? u.name])), [units.data]);
  // `view=reports` is this screen's own (the reports awaiting review); every other parameter is a ledger filter.
  const { view: screen, ...query } = Object.fromEntries([...params.entries()]);
  const reviewing = screen === 'reports';
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 20);
  // Most urgent first unless the user chose otherwise: red, then yellow, by deadline.
  const list = useQuery({
    queryKey: taskKeys.list(query),
    queryFn: () => taskApi.list({ sort: 'light', ...query, page, pageSize }),
    enabled: !reviewing,
  });
  // The ledger opens on 我的待办 for anyone who has any (a bare /tasks, once per visit; a chosen view stays).
  const todoCount = useQuery({
    queryKey: taskKeys.list({ todo: 'true', pageSize: 1 }),
    queryFn: () => taskApi.list({ todo: 'true', page: 1, pageSize: 1 }),
    enabled: params.size === 0,
  });
  const openedOnTodo = useRef(false);
  useEffect(() => {
    if (openedOnTodo.current || params.size > 0 || !todoCount.data) return;
    openedOnTodo.current = true;
    if (todoCount.data.total > 0) setParams(new URLSearchParams({ todo: 'true' }), { replace: true });
  }, [todoCount.data, params, setParams]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm();
  const [createError, setCreateError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_clerk', 'unit_admin']);
  const isLeader = hasRole(me, ['leader', 'principal']);
  const todoKinds = [
    'true',
    ...(isUnit ? ['accept', 'report', 'returned'] : []),
    ...(isIssuer || isUnit ? ['close', 'extension', 'review', 'issue'] : []),
  ];
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const [selected, setSelected] = useState<TaskOut[]>([]);
  const [batchResult, setBatchResult] = useState<{ ok: number; failed: { title: string; detail: string }[] } | null>(
    null,
  );
  // The reason a batch urge records ('督查室批量催办') is read by the units in the timeline, so it stays in Chinese.
  const batch = useMutation({
    mutationFn: (action: 'assign' | 'urge') =>
      api<{ results: { id: string; ok: boolean; detail?: string }[] }>('POST', '/api/v1/tasks/batch', {
        body: {
          action,
          items: selected.map((t) => ({ id: t.id, version: t.version })),
          ...(action === 'urge' ? { reason: '督查室批量催办' } : {}),
        },
      }),
    onSuccess: (r) => {
      const title = new Map(selected.map((t) => [t.id, t.title]));
      setBatchResult({
        ok: r.results.filter((x) => x.ok).length,
        failed: r.results.filter((x) => !x.ok).map((x) => ({ title: title.get(x.id) ?? x.id, detail: x.detail ?? '' })),
      });
      setSelected([]);
      qc.invalidateQueries({ queryKey: taskKeys.all });
    },
    onError: (e) =>
      setBatchResult({ ok: 0, failed: [{ title: tr('batchOperation'), detail: String((e as Error).message) }] }),
  });
  // 视图: my to-do, the ledger in my scope, my unit's, what I lead — each is a filter in the URL.
  const view = reviewing
    ? 'reports'
    : query.todo && query.todo !== 'false'
      ? 'todo'
      : query.unitId && query.unitId === me?.unitId
        ? 'unit'
        : query.leaderId && query.leaderId === me?.id
          ? 'leader'
          : 'all';
  const views = [
    { key: 'todo', label: tr('viewTodo') },
    ...(isIssuer || isUnit ? [{ key: 'reports', label: tr('viewReports') }] : []),
    ...(isUnit ? [{ key: 'unit', label: tr('viewUnit') }] : []),
    ...(isLeader ? [{ key: 'leader', label: tr('viewLeader') }] : []),
    { key: 'all', label: isIssuer ? tr('viewCounty') : isLeader ? tr('viewInCharge') : tr('viewVisible') },
  ];
  function setView(k: string) {
    const next = new URLSearchParams();
    if (k === 'todo') next.set('todo', 'true');
    if (k === 'reports') next.set('view', 'reports');
    if (k === 'unit' && me) next.set('unitId', me.unitId);
    if (k === 'leader' && me) next.set('leaderId', me.id);
    setParams(next);
    setSelected([]);
  }
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => taskApi.create({ ...v, issue: true }),
    onSuccess: (t) => {
      message.success(tr('issuedTask', { title: t.title }));
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
      } else if (k === 'campaign')
        for (const [a, b] of Object.entries(campaignFilterParams(val as string))) next.set(a, b);
      else next.set(k, Array.isArray(val) ? val.join(',') : String(val));
    }
    setParams(next);
  }

  const columns = [
    { title: tr('colSerial'), dataIndex: 'serial', width: 64 },
    {
      title: tr('task'),
      key: 'title',
      render: (_: unknown, t: TaskOut) => (
        <div>
          <Typography.Link onClick={() => navigate(`/tasks/${t.id}`)} data-testid="task-link">
            {t.parentId && <Tag>{tr('subtaskTag')}</Tag>}
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
    {
      title: tr('leadUnit'),
      key: 'unit',
      width: 120,
      render: (_: unknown, t: TaskOut) => unitName.get(t.assigneeUnitId) ?? '…',
    },
    { title: tr('deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: tr('colProgress'),
      key: 'progress',
      width: 150,
      render: (_: unknown, t: TaskOut) =>
        t.progress === null ? (
          <Typography.Text type="secondary">{tr('notReported')}</Typography.Text>
        ) : (
          <Tooltip title={tr('progressTip', { progress: t.progress, expected: t.expectedProgress ?? '—' })}>
            <Progress
              percent={t.progress}
              size="small"
              status={t.light === 'red' ? 'exception' : t.state === 'closed' ? 'success' : 'normal'}
            />
          </Tooltip>
        ),
    },
    {
      title: tr('state'),
      key: 'state',
      width: 90,
      render: (_: unknown, t: TaskOut) => <Tag>{label(STATE_LABELS[t.state])}</Tag>,
    },
    {
      title: tr('light'),
      key: 'light',
      width: 90,
      render: (_: unknown, t: TaskOut) => <Light light={t.light} reasons={t.lightReasons} />,
    },
    { title: tr('level'), key: 'level', width: 64, render: (_: unknown, t: TaskOut) => label(LEVEL_LABELS[t.level]) },
  ];

  const exportLedger = (extra: Record<string, string>) =>
    download('/api/v1/tasks/export', { ...query, ...extra }).catch((e) => message.error(String(e.message)));

  // On a phone: the views, then the tasks as rows to tap (no filter form, no batch actions, no export).
  if (phone && !reviewing)
    return (
      <PhoneTaskList
        items={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        pageSize={pageSize}
        loading={list.isLoading}
        query={query}
        unitName={(id) => unitName.get(id)}
        onPage={(p) => {
          const next = new URLSearchParams(params);
          next.set('page', String(p));
          setParams(next);
          window.scrollTo(0, 0);
        }}
        onClear={() => setParams(new URLSearchParams())}
        header={<Tabs activeKey={view} onChange={setView} items={views} data-testid="task-views" />}
        empty={Object.keys(query).length ? tr('noMatchingTasks') : tr('ledgerEmpty')}
      />
    );

  return (
    <Card
      title={tr('ledgerTitle')}
      extra={
        <Space>
          {/* The printable 台账: as filtered, or grouped by leader or unit; A3 for a wide ledger. */}
          <Space.Compact>
            <Button icon={<DownloadOutlined />} onClick={() => exportLedger({})} data-testid="tasks-export">
              {tr('exportExcel')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'leader', label: tr('exportByLeader') },
                  { key: 'unit', label: tr('exportByUnit') },
                  { key: 'a3', label: tr('exportA3') },
                ],
                onClick: ({ key }) => exportLedger(key === 'a3' ? { paper: 'a3' } : { groupBy: key }),
              }}
            >
              <Button icon={<DownOutlined />} aria-label={tr('exportOptions')} data-testid="tasks-export-options" />
            </Dropdown>
          </Space.Compact>
          {isIssuer && (
            <Button onClick={() => setImporting(true)} data-testid="task-import">
              {tr('importLedger')}
            </Button>
          )}
          {isIssuer && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => (form.resetFields(), setCreateError(null), setCreating(true))}
              data-testid="task-create"
            >
              {tr('issueTask')}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs activeKey={view} onChange={setView} items={views} data-testid="task-views" />
      {reviewing ? (
        <ReportReviewList unitName={(id) => unitName.get(id)} />
      ) : (
        <>
          {view === 'todo' && (
            <Segmented
              style={{ marginBottom: 12 }}
              value={query.todo}
              onChange={(v) => setParams(new URLSearchParams({ todo: String(v) }))}
              options={todoKinds.map((k) => ({ value: k, label: tr(TODO_LABELS[k]) }))}
              data-testid="todo-kinds"
            />
          )}
          {trendFilter(query, tr) && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="task-trend-filter"
              message={tr('trendAlert', { filter: trendFilter(query, tr) ?? '' })}
              action={
                <Button size="small" onClick={() => setParams(new URLSearchParams())}>
                  {tr('clear')}
                </Button>
              }
            />
          )}
          <Form
            layout="inline"
            style={{ marginBottom: 16, rowGap: 8 }}
            onFinish={setFilter}
            initialValues={{
              ...query,
              state: query.state?.split(','),
              light: query.light?.split(','),
              campaign: campaignFilterValue(query),
            }}
            key={params.toString()}
          >
            <Form.Item name="q">
              <Input.Search placeholder={tr('searchPlaceholder')} allowClear style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="state">
              <Select
                mode="multiple"
                placeholder={tr('state')}
                allowClear
                style={{ minWidth: 140 }}
                options={STATES.map((s) => ({ value: s, label: label(STATE_LABELS[s]) }))}
              />
            </Form.Item>
            <Form.Item name="light">
              <Select
                mode="multiple"
                placeholder={tr('light')}
                allowClear
                style={{ minWidth: 120 }}
                options={(['red', 'yellow', 'green', 'done'] as const).map((l) => ({
                  value: l,
                  label: label(LIGHT_LABELS[l]),
                }))}
                data-testid="filter-light"
              />
            </Form.Item>
            <Form.Item name="unitId">
              <TreeSelect
                treeData={unitTree(units.data ?? [], false)}
                placeholder={tr('unit')}
                allowClear
                showSearch
                treeNodeFilterProp="searchText"
                style={{ width: 180 }}
              />
            </Form.Item>
            <Form.Item name="level">
              <Select
                placeholder={tr('level')}
                allowClear
                style={{ width: 90 }}
                options={TASK_LEVELS.map((l) => ({ value: l, label: label(LEVEL_LABELS[l]) }))}
              />
            </Form.Item>
            <Form.Item name="deadline">
              <DatePicker.RangePicker placeholder={[tr('deadlineFrom'), tr('deadlineTo')]} />
            </Form.Item>
            <Form.Item name="leaderId">
              <Select
                placeholder={tr('leadLeader')}
                allowClear
                style={{ width: 120 }}
                options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              />
            </Form.Item>
            <Form.Item name="campaign">
              <CampaignFilter width={180} />
            </Form.Item>
            <Form.Item name="category">
              <Input placeholder={tr('category')} allowClear style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="sourceType">
              <Select
                placeholder={tr('source')}
                allowClear
                style={{ width: 120 }}
                options={SOURCE_TYPES.map((s) => ({ value: s, label: label(SOURCE_LABELS[s]) }))}
              />
            </Form.Item>
            <Form.Item name="sort">
              <Select
                placeholder={tr('sortPlaceholder')}
                allowClear
                style={{ width: 130 }}
                options={[
                  { value: 'light', label: tr('sortLight') },
                  { value: 'deadline', label: tr('sortDeadline') },
                  { value: 'created', label: tr('sortCreated') },
                ]}
              />
            </Form.Item>
            <Form.Item name="todo">
              <Select
                placeholder={tr('scopePlaceholder')}
                allowClear
                style={{ width: 110 }}
                options={[{ value: 'true', label: tr('viewTodo') }]}
              />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {tr('query')}
              </Button>
              <Button onClick={() => setParams(new URLSearchParams())}>{tr('reset')}</Button>
            </Space>
          </Form>
          <ErrorAlert error={list.error} />
          {isIssuer && (
            <Space style={{ marginBottom: 12 }} wrap>
              <Typography.Text type="secondary">{tr('selectedCount', { count: selected.length })}</Typography.Text>
              <Button
                disabled={!selected.some((t) => t.actions.includes('assign'))}
                loading={batch.isPending && batch.variables === 'assign'}
                onClick={() => batch.mutate('assign')}
                data-testid="batch-assign"
              >
                {tr('batchAssign')}
              </Button>
              <Button
                disabled={!selected.some((t) => t.actions.includes('urge'))}
                loading={batch.isPending && batch.variables === 'urge'}
                onClick={() => batch.mutate('urge')}
                data-testid="batch-urge"
              >
                {tr('batchUrge')}
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
              title={`${tr('batchOk', { count: batchResult.ok })}\
${batchResult.failed.length ? tr('batchNotDone', { count: batchResult.failed.length }) : ''}`}
              description={
                batchResult.failed.length ? (
                  <ul style={{ margin: 0 }}>
                    {batchResult.failed.map((f) => (
                      <li key={f.title}>{tr('failedItem', { title: f.title, detail: f.detail })}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
          <Table
            rowSelection={
              isIssuer
                ? { selectedRowKeys: selected.map((t) => t.id), onChange: (_k, rows) => setSelected(rows as TaskOut[]) }
                : undefined
            }
            // A close request is read and decided in the list itself: its statement, evidence, reports and milestones.
            expandable={{
              rowExpandable: (t) => !!t.closeRequest,
              expandedRowRender: (t) => <CloseReview task={t} unitName={(id) => unitName.get(id)} />,
            }}
            rowKey="id"
            size="middle"
            loading={list.isLoading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: Object.keys(query).length ? tr('noMatchingTasks') : tr('ledgerEmpty') }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => tr('totalCount', { count: n }),
              onChange: (p, s) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                next.set('pageSize', String(s));
                setParams(next);
              },
            }}
            data-testid="tasks-table"
          />
        </>
      )}
      <TaskImport
        open={importing}
        onClose={() => setImporting(false)}
        onDone={(n) => (
          message.success(tr('importedCount', { count: n })),
          setImporting(false),
          qc.invalidateQueries({ queryKey: taskKeys.all })
        )}
      />
      <Drawer
        open={creating}
        title={tr('issueDrawerTitle')}
        size={560}
        onClose={() => setCreating(false)}
        destroyOnHidden
        extra={
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending} data-testid="task-submit">
            {tr('issue')}
          </Button>
        }
      >
        <TaskForm form={form} onFinish={(v) => (setCreateError(null), create.mutate(v))} />
        <ErrorAlert error={createError} />
      </Drawer>
    </Card>
  );
}
