import { useState } from 'react';
import { Alert, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { api } from '../../lib/api';
import { countyNow } from '../../lib/time';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePhone } from '../../components/phone';
import type { BurdenOut, UnitBurdenOut } from '../../../shared/burden';
import { useBurdenT, type BurdenKey } from './i18n';

/**
 * 减负监测: units ranked by what the system asks of them in a period (fields to fill per month first), each row
 * opening on where the burden comes from (ledger and asker) and the asks that duplicate one another — so the office
 * can merge or drop asks. A unit's head sees his own unit with its rank in the county.
 */
export default function BurdenPage() {
  const t = useBurdenT();
  const { data: me } = useMe();
  const phone = usePhone();
  const wide = hasRole(me, ['supervision_office', 'principal', 'leader']);
  const now = countyNow();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([now.startOf('year'), now]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const data = useQuery({
    queryKey: ['burden', q],
    queryFn: () => api<BurdenOut>('GET', '/api/v1/burden', { query: q }),
  });
  const kind = (k: string) => (`kind_${k}` in KIND_KEYS ? t(`kind_${k}` as BurdenKey) : k);

  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('period')}</Typography.Text>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="burden-period"
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {!wide && <Alert type="info" showIcon message={t('ownNote')} style={{ marginBottom: 12 }} />}
      <ErrorAlert error={data.error} />
      <Table
        rowKey="unitId"
        size="small"
        loading={data.isLoading}
        dataSource={data.data?.units ?? []}
        pagination={false}
        scroll={{ x: phone ? 900 : undefined }}
        data-testid="burden-table"
        expandable={{
          expandedRowRender: (r: UnitBurdenOut) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('sources')}</Typography.Text>
              <Table
                rowKey={(s) => `${s.kind}|${s.askerUnitId}`}
                size="small"
                pagination={false}
                dataSource={r.sources}
                columns={[
                  {
                    title: t('ledger'),
                    key: 'k',
                    render: (_: unknown, s: UnitBurdenOut['sources'][number]) => kind(s.kind),
                  },
                  { title: t('asker'), dataIndex: 'asker' },
                  { title: t('items'), dataIndex: 'items', width: 90 },
                  { title: t('reportsDue'), dataIndex: 'reportsDue', width: 90 },
                  { title: t('fields'), dataIndex: 'fields', width: 90 },
                ]}
              />
              <Typography.Text strong>{t('duplicates')}</Typography.Text>
              {r.duplicates.length === 0 ? (
                <Typography.Text type="secondary">{t('none')}</Typography.Text>
              ) : (
                <Table
                  rowKey={(d) => `${d.a.id}|${d.b.id}`}
                  size="small"
                  pagination={false}
                  dataSource={r.duplicates}
                  columns={[
                    {
                      title: t('pair'),
                      key: 'p',
                      render: (_: unknown, d: UnitBurdenOut['duplicates'][number]) => (
                        <Space direction="vertical" size={0}>
                          <span>
                            <Tag>{kind(d.a.kind)}</Tag>
                            {d.a.title}（{d.a.asker}）
                          </span>
                          <span>
                            <Tag>{kind(d.b.kind)}</Tag>
                            {d.b.title}（{d.b.asker}）
                          </span>
                        </Space>
                      ),
                    },
                    { title: t('similarity'), dataIndex: 'similarity', width: 90 },
                  ]}
                />
              )}
            </Space>
          ),
        }}
        columns={[
          { title: t('rank'), dataIndex: 'rank', width: 70 },
          { title: t('unit'), dataIndex: 'unitName', width: 120 },
          { title: t('fieldsPerMonth'), dataIndex: 'fieldsPerMonth', width: 110 },
          { title: t('reportsPerMonth'), dataIndex: 'reportsPerMonth', width: 110 },
          {
            title: t('fieldsPerReport'),
            dataIndex: 'fieldsPerReport',
            width: 90,
            render: (v: number | null) => v ?? '—',
          },
          { title: t('items'), dataIndex: 'items', width: 90 },
          { title: t('coItems'), dataIndex: 'coItems', width: 90 },
          { title: t('reminders'), dataIndex: 'reminders', width: 70 },
          { title: t('notices'), dataIndex: 'notices', width: 90 },
          {
            title: t('answerDays'),
            dataIndex: 'answerDays',
            width: 120,
            render: (v: number | null) => v ?? '—',
          },
          {
            title: t('duplicates'),
            key: 'd',
            width: 90,
            render: (_: unknown, r: UnitBurdenOut) =>
              r.duplicates.length ? <Tag color="orange">{r.duplicates.length}</Tag> : 0,
          },
        ]}
      />
    </Card>
  );
}

const KIND_KEYS = {
  kind_task: 1,
  kind_finding: 1,
  kind_milestone: 1,
  kind_blocker: 1,
  kind_demand: 1,
  kind_commitment: 1,
};
