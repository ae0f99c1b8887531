import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { bulletinApi, bulletinKeys, type BulletinSummary } from './api';
import { useBulletinsT } from './i18n';
import { beijingMinute, countyNow } from '../../lib/time';

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const PRESETS = [
  {
    key: 'presetLastMonth',
    value: [countyNow().subtract(1, 'month').startOf('month'), countyNow().subtract(1, 'month').endOf('month')] as [
      Dayjs,
      Dayjs,
    ],
  },
  { key: 'presetThisMonth', value: [countyNow().startOf('month'), countyNow()] as [Dayjs, Dayjs] },
  {
    key: 'presetThisQuarter',
    value: [
      countyNow()
        .startOf('month')
        .subtract(countyNow().month() % 3, 'month'),
      countyNow(),
    ] as [Dayjs, Dayjs],
  },
  { key: 'presetThisYear', value: [countyNow().startOf('year'), countyNow()] as [Dayjs, Dayjs] },
] as const;
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * 督查通报: the list (the office sees its drafts too; principals and leaders the issued ones) and, for the office,
 * a new draft for a period. The figures are taken by the server from the cockpit, the project library and scoring.
 */
export default function BulletinsPage() {
  const me = useMe();
  const isOffice = hasRole(me.data, ['supervision_office']);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const t = useBulletinsT();
  const list = useQuery({ queryKey: bulletinKeys.list, queryFn: bulletinApi.list });
  const [range, setRange] = useState<[Dayjs, Dayjs]>(PRESETS[0]!.value);
  const create = useMutation({
    mutationFn: () => bulletinApi.create({ from: fmt(range[0]), to: fmt(range[1]) }),
    onSuccess: (b) => {
      qc.invalidateQueries({ queryKey: bulletinKeys.all });
      message.success(t('drafted', { number: b.number }));
      navigate(`/bulletins/${b.id}`);
    },
  });

  const columns = [
    {
      title: t('colNumber'),
      key: 'n',
      width: 130,
      render: (_: unknown, b: BulletinSummary) => (
        <Link to={`/bulletins/${b.id}`}>{t('issueName', { year: b.year, number: b.number })}</Link>
      ),
    },
    {
      title: t('colState'),
      dataIndex: 'state',
      width: 90,
      render: (s: string) =>
        s === 'issued' ? <Tag color="red">{t('stateIssued')}</Tag> : <Tag>{t('stateDraft')}</Tag>,
    },
    {
      title: t('colPeriod'),
      key: 'p',
      render: (_: unknown, b: BulletinSummary) => t('periodRange', { from: b.periodFrom, to: b.periodTo }),
    },
    { title: t('colIssueDate'), dataIndex: 'issueDate', width: 110 },
    {
      title: t('colTotals'),
      key: 't',
      width: 150,
      render: (_: unknown, b: BulletinSummary) => `${b.totals.total} / ${b.totals.closed} / ${b.totals.overdue}`,
    },
    {
      title: t('colOnTimeRate'),
      key: 'r',
      width: 100,
      render: (_: unknown, b: BulletinSummary) => pct(b.totals.onTimeRate),
    },
    {
      title: t('colIssued'),
      key: 'i',
      width: 170,
      render: (_: unknown, b: BulletinSummary) =>
        b.issuedAt ? `${b.issuedByName ?? ''} ${beijingMinute(b.issuedAt)}` : '—',
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      {isOffice && (
        <Card title={t('newTitle')} size="small">
          <Form layout="inline" onFinish={() => create.mutate()}>
            <Form.Item label={t('period')}>
              <DatePicker.RangePicker
                value={range}
                presets={PRESETS.map((p) => ({ label: t(p.key), value: p.value }))}
                allowClear={false}
                onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
                data-testid="bulletin-range"
              />
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                icon={<PlusOutlined />}
                loading={create.isPending}
                data-testid="bulletin-create"
              >
                {create.isPending ? t('gathering') : t('draftBulletin')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('newHelp')}
          </Typography.Paragraph>
          <ErrorAlert error={create.error} style={{ marginTop: 8 }} />
        </Card>
      )}
      <ErrorAlert error={list.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: isOffice ? t('emptyOffice') : t('emptyReader') }}
        data-testid="bulletins-table"
        title={() => (
          <span>
            <FileWordOutlined /> {t('totalIssues', { count: list.data?.items.length ?? 0 })}
          </span>
        )}
      />
    </Space>
  );
}
