import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportDialog } from '../../components/ImportDialog';
import { countyYear } from '../../lib/time';
import type { MuOut } from '../../../shared/enterprises';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT } from './i18n';

const CLASS_COLOR: Record<string, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' };
const n1 = (x: number | null) => (x === null ? '—' : (Math.round(x * 10) / 10).toLocaleString());
type Row = MuOut['items'][number];

/** 亩均论英雄: a year's classes and ranks, the townships and parks, the idle D-class list; the office imports. */
export default function MuPage() {
  const t = useEnterpriseT();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const office = hasRole(me, ['supervision_office']);
  const [year, setYear] = useState(countyYear() - 1);
  const [muClass, setMuClass] = useState<string | undefined>();
  const [importing, setImporting] = useState(false);
  const q = useQuery({
    queryKey: enterpriseKeys.mu({ year, muClass }),
    queryFn: () => enterpriseApi.mu({ year, muClass }),
  });
  const columns = [
    { title: t('countyRank'), dataIndex: 'countyRank', width: 90 },
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
          <Select
            value={year}
            onChange={setYear}
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
                onClick={() => setMuClass(muClass === c ? undefined : c)}
              >
                {c} {q.data.counts[c]}
              </Tag>
            ))}
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
                loading={q.isLoading}
                dataSource={q.data?.items ?? []}
                columns={columns}
                scroll={{ x: 1000 }}
                pagination={{ pageSize: 20 }}
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
                dataSource={q.data?.idleD ?? []}
                scroll={{ x: 900 }}
                pagination={{ pageSize: 20 }}
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
