import { Card, DatePicker, Descriptions, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { countyNow } from '../../lib/time';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RATE_DEFINITIONS } from '../../../shared/projects';
import { pct, projectApi, projectKeys, wan, type Rates } from './api';
import { useRoundsT } from './i18n-rounds';
import { withParam } from '../../lib/url-params';

type Row = Rates['total'];
/** Each grouping with the dictionary keys of its switch ("by pool") and of its column ("pool"). */
const GROUPS = [
  { value: 'pool', option: 'groupByPool', column: 'colPool' },
  { value: 'unit', option: 'groupByUnit', column: 'colResponsibleUnit' },
  { value: 'township', option: 'groupByTownship', column: 'colTownship' },
  { value: 'leader', option: 'groupByLeader', column: 'colLeader' },
] as const;

/** 开工率、竣工率、达产率、投资完成率 by pool, unit, township or leader, each with its definition. */
export default function RatesPage() {
  const { label } = useI18n();
  const tr = useRoundsT();
  const [params, setParams] = useSearchParams();
  const groupBy = params.get('groupBy') ?? 'pool';
  const asOf = params.get('asOf') ?? undefined;
  const rates = useQuery({
    queryKey: projectKeys.rates(groupBy, asOf),
    queryFn: () => projectApi.rates(groupBy, asOf),
  });
  const set = (k: string, v: string | undefined) => setParams(withParam(params, k, v));
  const def = (k: keyof typeof RATE_DEFINITIONS) => label(RATE_DEFINITIONS[k]);
  const head = (title: string, k: keyof typeof RATE_DEFINITIONS) => (
    <Tooltip title={def(k)}>
      <span style={{ borderBottom: '1px dashed #999' }}>{title}</span>
    </Tooltip>
  );
  const columns = [
    {
      title: tr(GROUPS.find((g) => g.value === groupBy)?.column ?? 'colGroup'),
      key: 'label',
      render: (_: unknown, r: Row) =>
        r.key === null && r.label === null ? <b>{tr('total')}</b> : (r.label ?? tr('notFilled')),
    },
    { title: tr('colProjects'), dataIndex: 'projects', width: 80 },
    {
      title: head(tr('startRate'), 'startRate'),
      key: 's',
      render: (_: unknown, r: Row) =>
        tr('rateCell', { rate: pct(r.startRate), done: r.started, planned: r.startPlanned }),
    },
    {
      title: head(tr('completionRate'), 'completionRate'),
      key: 'c',
      render: (_: unknown, r: Row) =>
        tr('rateCell', { rate: pct(r.completionRate), done: r.completed, planned: r.completionPlanned }),
    },
    {
      title: head(tr('productionRate'), 'productionRate'),
      key: 'p',
      render: (_: unknown, r: Row) =>
        tr('rateCell', { rate: pct(r.productionRate), done: r.producing, planned: r.productionPlanned }),
    },
    {
      title: head(tr('investmentRate'), 'investmentRate'),
      key: 'i',
      render: (_: unknown, r: Row) =>
        tr('investmentCell', {
          rate: pct(r.investmentRate),
          done: wan(r.investmentCompleted),
          planned: wan(r.investmentPlanned),
        }),
    },
  ];
  const data = rates.data;
  return (
    <Card
      title={tr('ratesTitle')}
      extra={
        <Space>
          <Segmented
            value={groupBy}
            onChange={(v) => set('groupBy', String(v))}
            options={GROUPS.map((g) => ({ value: g.value, label: tr(g.option) }))}
            data-testid="rates-group"
          />
          <DatePicker
            placeholder={tr('asOfPlaceholder')}
            value={asOf ? dayjs(asOf) : null}
            onChange={(d) => set('asOf', d ? d.format('YYYY-MM-DD') : undefined)}
            disabledDate={(d) => d.isAfter(countyNow(), 'day')}
          />
        </Space>
      }
    >
      <ErrorAlert error={rates.error} />
      {data && (
        <Typography.Paragraph>
          {tr('asOfLine', { asOf: data.asOf, year: data.year })} <b>{pct(data.expected)}</b>
        </Typography.Paragraph>
      )}
      <Table
        size="middle"
        rowKey={(r) => r.key ?? '__total'}
        loading={rates.isLoading}
        columns={columns}
        dataSource={data ? [...data.groups, data.total] : []}
        pagination={false}
        locale={{ emptyText: tr('noProjects') }}
        data-testid="rates-table"
      />
      <Descriptions
        title={tr('definitions')}
        column={1}
        size="small"
        bordered
        style={{ marginTop: 24 }}
        data-testid="rate-definitions"
      >
        {(Object.keys(RATE_DEFINITIONS) as (keyof typeof RATE_DEFINITIONS)[]).map((k) => (
          <Descriptions.Item key={k} label={def(k).split(/ ?[=＝]/)[0]}>
            {def(k)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {tr('ratesNote')}
      </Typography.Paragraph>
    </Card>
  );
}
