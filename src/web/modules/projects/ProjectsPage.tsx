import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { download } from '../../lib/api';
import { POOLS, POOL_LABELS, PROJECT_TYPES, PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { LIGHT_LABELS } from '../../../shared/supervision-labels';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { Light } from '../tasks/Light';
import { pct, projectApi, projectKeys, wan, type Project } from './api';
import { ProjectImport } from './ProjectImport';
import { useProjectsT } from './i18n';
import { CampaignFilter, campaignFilterParams, campaignFilterValue } from '../campaigns/CampaignFilter';

const FLAGS = [
  { value: 'major', label: 'flagMajorProject' },
  { value: 'attracted', label: 'flagAttractedProject' },
  { value: 'livelihood', label: 'flagLivelihood' },
] as const;

/** 项目库: the key-project table as the caller may see it; filters live in the URL, pools are tabs with their counts. */
export default function ProjectsPage() {
  const { label, t: common } = useI18n();
  const tr = useProjectsT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const query = Object.fromEntries([...params.entries()]);
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 20);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const [importing, setImporting] = useState(false);

  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.shortName ?? u.name])), [units.data]);
  const leaderName = useMemo(
    () => new Map((leaders.data?.items ?? []).map((p) => [p.id, p.displayName])),
    [leaders.data],
  );
  const townships = (units.data ?? []).filter((u) => u.kind === 'township' || u.kind === 'park');

  const list = useQuery({
    queryKey: projectKeys.list(query),
    queryFn: () => projectApi.list({ ...query, page, pageSize }),
  });
  // 库别计数: the same filters without the pool, all pools in one request.
  const { pool: _pool, page: _p, pageSize: _s, sort: _o, ...rest } = query;
  const countsQuery = useQuery({ queryKey: projectKeys.counts(rest), queryFn: () => projectApi.counts(rest) });
  const counts = [undefined, ...POOLS].map((pool) => ({
    data: countsQuery.data ? (pool ? countsQuery.data.pools[pool] : countsQuery.data.total) : undefined,
  }));

  function set(next: URLSearchParams) {
    next.delete('page');
    setParams(next);
  }
  function setFilter(v: Record<string, unknown>) {
    const next = new URLSearchParams();
    if (query.pool) next.set('pool', query.pool);
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || val === null || val === '' || (Array.isArray(val) && val.length === 0)) continue;
      if (k === 'flags') for (const f of val as string[]) next.set(f, 'true');
      else if (k === 'campaign')
        for (const [a, b] of Object.entries(campaignFilterParams(val as string))) next.set(a, b);
      else next.set(k, Array.isArray(val) ? val.join(',') : String(val));
    }
    set(next);
  }
  function setPool(k: string) {
    const next = new URLSearchParams(params);
    if (k === 'all') next.delete('pool');
    else next.set('pool', k);
    set(next);
  }

  const columns = [
    { title: tr('serial'), dataIndex: 'serial', width: 64 },
    {
      title: tr('colName'),
      key: 'name',
      render: (_: unknown, p: Project) => (
        <div>
          <Typography.Link onClick={() => navigate(`/projects/${p.id}`)} data-testid="project-link">
            {p.name}
          </Typography.Link>
          <div>
            {p.major && <Tag color="red">{tr('flagMajor')}</Tag>}
            {p.attracted && <Tag color="blue">{tr('flagAttracted')}</Tag>}
            {p.livelihood && <Tag color="green">{tr('flagLivelihood')}</Tag>}
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, fontSize: 12 }}>
              {p.content}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: tr('type'),
      key: 'type',
      width: 90,
      render: (_: unknown, p: Project) => label(PROJECT_TYPE_LABELS[p.type]),
    },
    {
      title: tr('colPool'),
      key: 'pool',
      width: 90,
      render: (_: unknown, p: Project) => <Tag>{label(POOL_LABELS[p.pool])}</Tag>,
    },
    {
      title: tr('totalInvestmentWan'),
      key: 'total',
      width: 120,
      align: 'right' as const,
      render: (_: unknown, p: Project) => wan(p.totalInvestment),
    },
    {
      title: tr('colYearInvestment'),
      key: 'inv',
      width: 160,
      render: (_: unknown, p: Project) =>
        p.investment.rate === null ? (
          <Typography.Text type="secondary">{tr('noAnnualPlan')}</Typography.Text>
        ) : (
          <Tooltip
            title={tr('investmentTip', {
              completed: wan(p.investment.completed),
              planned: wan(p.investment.planned),
              expected: pct(p.investment.expected),
            })}
          >
            <Progress
              percent={Math.round(p.investment.rate * 1000) / 10}
              size="small"
              status={(p.investment.gapPoints ?? 0) < -10 ? 'exception' : 'normal'}
            />
          </Tooltip>
        ),
    },
    {
      title: tr('responsibleUnit'),
      key: 'unit',
      width: 120,
      render: (_: unknown, p: Project) => unitName.get(p.responsibleUnitId) ?? '…',
    },
    {
      title: tr('liaisonLeader'),
      key: 'leader',
      width: 90,
      render: (_: unknown, p: Project) => (p.leaderId ? (leaderName.get(p.leaderId) ?? '…') : '—'),
    },
    {
      title: tr('colMilestone'),
      key: 'ms',
      width: 70,
      render: (_: unknown, p: Project) => `${p.milestonesDone}/${p.milestoneCount}`,
    },
    {
      title: tr('colLight'),
      key: 'light',
      width: 90,
      render: (_: unknown, p: Project) => <Light light={p.light} reasons={[]} />,
    },
  ];

  const flags = FLAGS.filter((f) => query[f.value] === 'true').map((f) => f.value);
  const filtered = Object.keys(query).some((k) => !['page', 'pageSize'].includes(k));

  return (
    <Card
      title={tr('libraryTitle')}
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              download('/api/v1/projects/export', { ...rest, pool: query.pool, sort: query.sort }).catch((e) =>
                message.error(String(e.message)),
              )
            }
            data-testid="projects-export"
          >
            {common('export')}
          </Button>
          {(isIssuer || hasRole(me, ['unit_admin', 'unit_clerk'])) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/projects/new')}
              data-testid="project-new"
            >
              {tr('newProject')}
            </Button>
          )}
          {isIssuer && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="project-import">
              {tr('importTable')}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={query.pool && !query.pool.includes(',') ? query.pool : 'all'}
        onChange={setPool}
        data-testid="pool-tabs"
        items={[undefined, ...POOLS].map((pool, i) => ({
          key: pool ?? 'all',
          label: (
            <span data-testid={`pool-tab-${pool ?? 'all'}`}>
              {pool ? label(POOL_LABELS[pool]) : common('all')}{' '}
              <Tag style={{ marginInlineStart: 4 }}>{counts[i]?.data ?? '…'}</Tag>
            </span>
          ),
        }))}
      />
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={setFilter}
        initialValues={{
          ...query,
          type: query.type?.split(','),
          light: query.light?.split(','),
          flags,
          campaign: campaignFilterValue(query),
        }}
        key={params.toString()}
      >
        <Form.Item name="q">
          <Input.Search
            placeholder={tr('searchPlaceholder')}
            allowClear
            style={{ width: 180 }}
            data-testid="project-q"
          />
        </Form.Item>
        <Form.Item name="type">
          <Select
            mode="multiple"
            placeholder={tr('type')}
            allowClear
            style={{ minWidth: 120 }}
            options={PROJECT_TYPES.map((t) => ({ value: t, label: label(PROJECT_TYPE_LABELS[t]) }))}
          />
        </Form.Item>
        <Form.Item name="light">
          <Select
            mode="multiple"
            placeholder={tr('colLight')}
            allowClear
            style={{ minWidth: 110 }}
            options={(['red', 'yellow', 'green', 'done', 'none'] as const).map((l) => ({
              value: l,
              label: label(LIGHT_LABELS[l]),
            }))}
          />
        </Form.Item>
        <Form.Item name="unitId">
          <TreeSelect
            treeData={unitTree(units.data ?? [], false)}
            placeholder={tr('responsibleUnit')}
            allowClear
            showSearch
            treeNodeFilterProp="searchText"
            style={{ width: 170 }}
          />
        </Form.Item>
        <Form.Item name="townshipUnitId">
          <Select
            placeholder={tr('townshipOrPark')}
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 130 }}
            options={townships.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
          />
        </Form.Item>
        <Form.Item name="leaderId">
          <Select
            placeholder={tr('liaisonLeader')}
            allowClear
            style={{ width: 110 }}
            options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
          />
        </Form.Item>
        <Form.Item name="campaign">
          <CampaignFilter width={170} />
        </Form.Item>
        <Form.Item name="flags">
          <Select
            mode="multiple"
            placeholder={tr('flags')}
            allowClear
            style={{ minWidth: 110 }}
            options={FLAGS.map((f) => ({ value: f.value, label: tr(f.label) }))}
          />
        </Form.Item>
        <Form.Item name="sort">
          <Select
            placeholder={tr('sortPlaceholder')}
            allowClear
            style={{ width: 130 }}
            options={[
              { value: 'serial', label: tr('sortSerial') },
              { value: 'light', label: tr('sortLight') },
              { value: 'investment', label: tr('sortInvestment') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tr('query')}
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())}>{common('reset')}</Button>
        </Space>
      </Form>
      <ErrorAlert error={list.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: filtered ? tr('emptyFiltered') : tr('emptyLibrary') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => tr('totalProjects', { count: n }),
          onChange: (p, s) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('pageSize', String(s));
            setParams(next);
          },
        }}
        data-testid="projects-table"
      />
      <ProjectImport
        open={importing}
        onClose={() => setImporting(false)}
        onDone={(n) => (
          message.success(tr('imported', { count: n })),
          setImporting(false),
          qc.invalidateQueries({ queryKey: projectKeys.all })
        )}
      />
    </Card>
  );
}
