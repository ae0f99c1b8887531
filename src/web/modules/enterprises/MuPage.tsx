import { useState } from 'react';
import { App, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportDialog } from '../../components/ImportDialog';
import { download } from '../../lib/api';
import { countyYear } from '../../lib/time';
import { SECTIONS } from '../../../shared/domain/industry';
import type { MuOut } from '../../../shared/enterprises';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT } from './i18n';

const CLASS_COLOR: Record<string, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' };
const n1 = (x: number | null) => (x === null ? '—' : (Math.round(x * 10) / 10).toLocaleString());
type Row = MuOut['items'][number];

/**
 * 亩均论英雄: a year's classes and ranks, a page at a time from the server (filtered by class, township or park and
 * industry, best or worst first), the townships and parks, the idle D-class list, the export; the office imports.
 */
export default function MuPage() {
  const t = useEnterpriseT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const office = hasRole(me, ['supervision_office']);
  const [year, setYear] = useState(countyYear() - 1);
  const [filters, setFilters] = useState<{ muClass?: string; areaUnitId?: string; industry?: string }>({});
  const [sort, setSort] = useState<'rank' | '-rank'>('rank');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [importing, setImporting] = useState(false);
  const filter = (k: keyof typeof filters, v: string | undefined) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const query = { year, ...filters, sort, ...paging };
  const q = useQuery({
    queryKey: enterpriseKeys.mu(query),
    queryFn: () => enterpriseApi.mu(query),
    placeholderData: keepPreviousData,
  });
  const [idlePaging, setIdlePaging] = useState({ page: 1, pageSize: 20 });
  const idleQuery = { year, idle: 'true', ...idlePaging };
  const idle = useQuery({
    queryKey: enterpriseKeys.mu(idleQuery),
    queryFn: () => enterpriseApi.mu(idleQuery),
    placeholderData: keepPreviousData,
  });
  const muClass = filters.muClass;
  const columns = [
    {
      title: t('countyRank'),
      dataIndex: 'countyRank',
      width: 110,
      sorter: true,
      sortOrder: sort === 'rank' ? ('ascend' as const) : ('descend' as const),
      sortDirections: ['ascend' as const, 'descend' as const, 'ascend' as const],
    },
    { title: t('colName'), dataIndex: 'enterpriseName' },
    { title: t('area'), dataIndex: 'areaName', width: 140 },
    { title: t('areaRank'), dataIndex: 'areaRank', width: 110 },
    { title: t('land'), dataIndex: 'landMu', width: 90, render: n1 },
    { title: t('taxPerMu'), dataIndex: 'taxPerMu', width: 130, render: n1 },
    { title: t('outputPerMu'), dataIndex: 'outputPerMu', width: 130, render: n1 },
    {
      title: t('muClass'),
      dataIndex: 'muClass',
      width: 70,
      render: (c: string | null) => (c ? <Tag color={CLASS_COLOR[c]}>{c}</Tag> : '—'),
    },
  ];
  return (
    <Card
      title={t('muTitle')}
      data-testid="mu-page"
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              download('/api/v1/mu-evaluation/export', { year, ...filters }).catch((e) =>
                message.error(String(e.message)),
              )
            }
          >
            {t('export')}
          </Button>
          <Select
            value={year}
            onChange={(y) => {
              setYear(y);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            aria-label={t('year')}
            options={[1, 2, 3].map((k) => ({ value: countyYear() - k + 1, label: String(countyYear() - k + 1) }))}
          />
          {office && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('importMu')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={q.error} />
      {q.data && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Space wrap>
            {(['A', 'B', 'C', 'D'] as const).map((c) => (
              <Tag
                key={c}
                color={muClass === c || !muClass ? CLASS_COLOR[c] : 'default'}
                style={{ cursor: 'pointer', fontSize: 14, padding: '2px 10px' }}
                onClick={() => filter('muClass', muClass === c ? undefined : c)}
              >
                {c} {q.data.counts[c]}
              </Tag>
            ))}
          </Space>
          <Space wrap>
            <Select
              allowClear
              placeholder={t('area')}
              style={{ width: 180 }}
              value={filters.areaUnitId}
              onChange={(v) => filter('areaUnitId', v)}
              aria-label={t('area')}
              options={q.data.areas
                .filter((a) => a.areaUnitId)
                .map((a) => ({ value: a.areaUnitId!, label: a.areaName ?? '—' }))}
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('section')}
              style={{ width: 220 }}
              value={filters.industry}
              onChange={(v) => filter('industry', v)}
              aria-label={t('section')}
              options={Object.entries(SECTIONS).map(([c, s]) => ({ value: c, label: `${c} ${s.name}` }))}
            />
          </Space>
          <Typography.Text type="secondary">{q.data.definition}</Typography.Text>
        </Space>
      )}
      <Tabs
        items={[
          {
            key: 'all',
            label: t('muTitle'),
            children: (
              <Table<Row>
                rowKey="enterpriseId"
                size="small"
                loading={q.isFetching}
                dataSource={q.data?.items ?? []}
                columns={columns}
                scroll={{ x: 1000 }}
                data-testid="mu-table"
                pagination={{
                  current: paging.page,
                  pageSize: paging.pageSize,
                  total: q.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (n) => `${n}`,
                }}
                onChange={(p, _f, sorter) => {
                  const order = Array.isArray(sorter) ? sorter[0]?.order : sorter.order;
                  const next = order === 'descend' ? '-rank' : 'rank';
                  if (next !== sort) {
                    setSort(next);
                    setPaging({ page: 1, pageSize: p.pageSize ?? 20 });
                  } else setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 });
                }}
              />
            ),
          },
          {
            key: 'areas',
            label: t('byArea'),
            children: (
              <Table
                rowKey={(a) => a.areaUnitId ?? ''}
                size="small"
                dataSource={q.data?.areas ?? []}
                pagination={false}
                scroll={{ x: 700 }}
                columns={[
                  { title: t('area'), dataIndex: 'areaName', render: (x: string | null) => x ?? '—' },
                  { title: t('members'), dataIndex: 'enterprises', width: 90 },
                  { title: t('land'), dataIndex: 'land', width: 100, render: n1 },
                  { title: t('taxPerMu'), dataIndex: 'taxPerMu', width: 130, render: n1 },
                  { title: t('outputPerMu'), dataIndex: 'outputPerMu', width: 130, render: n1 },
                  {
                    title: 'A/B/C/D',
                    render: (_: unknown, a: MuOut['areas'][number]) =>
                      `${a.counts.A}/${a.counts.B}/${a.counts.C}/${a.counts.D}`,
                  },
                ]}
              />
            ),
          },
          {
            key: 'idle',
            label: t('idleD'),
            children: (
              <Table<Row>
                rowKey="enterpriseId"
                size="small"
                loading={idle.isFetching}
                dataSource={idle.data?.items ?? []}
                scroll={{ x: 900 }}
                data-testid="mu-idle-table"
                pagination={{
                  current: idlePaging.page,
                  pageSize: idlePaging.pageSize,
                  total: idle.data?.total ?? 0,
                  showTotal: (n) => `${n} · ${t('idleLand')} ${n1(idle.data?.idleD.idleLand ?? null)}`,
                }}
                onChange={(p) => setIdlePaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
                columns={[
                  ...columns.slice(1, 3),
                  { title: t('idleLand'), dataIndex: 'idleLandMu', render: n1 },
                  ...columns.slice(5),
                ]}
              />
            ),
          },
        ]}
      />
      <ImportDialog<{ created: number; written: number }>
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          void qc.invalidateQueries({ queryKey: ['mu'] });
        }}
        endpoint="/api/v1/mu-evaluation/import"
        previewQuery={`year=${year}`}
        title={t('importMu')}
        hint={t('importMuHint')}
        columns={[{ field: 'name', title: t('colName') }]}
        unit={t('importMuUnit')}
        testId="mu-import-dialog"
      />
    </Card>
  );
}
