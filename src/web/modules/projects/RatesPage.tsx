import { Card, DatePicker, Descriptions, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RATE_DEFINITIONS } from '../../../shared/projects';
import { pct, projectApi, projectKeys, wan, type Rates } from './api';

type Row = Rates['total'];
const GROUPS = [
  { value: 'pool', label: '按库别' },
  { value: 'unit', label: '按责任单位' },
  { value: 'township', label: '按乡镇' },
  { value: 'leader', label: '按包联领导' },
];

/** 开工率、竣工率、达产率、投资完成率 by pool, unit, township or leader, each with its definition. */
export default function RatesPage() {
  const { label } = useI18n();
  const [params, setParams] = useSearchParams();
  const groupBy = params.get('groupBy') ?? 'pool';
  const asOf = params.get('asOf') ?? undefined;
  const rates = useQuery({ queryKey: projectKeys.rates(groupBy, asOf), queryFn: () => projectApi.rates(groupBy, asOf) });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const def = (k: keyof typeof RATE_DEFINITIONS) => label(RATE_DEFINITIONS[k]);
  const head = (title: string, k: keyof typeof RATE_DEFINITIONS) => (
    <Tooltip title={def(k)}>
      <span style={{ borderBottom: '1px dashed #999' }}>{title}</span>
    </Tooltip>
  );
  const columns = [
    { title: GROUPS.find((g) => g.value === groupBy)?.label.slice(1) ?? '分组', key: 'label', render: (_: unknown, r: Row) => (r.key === null && r.label === null ? <b>合计</b> : (r.label ?? '（未填）')) },
    { title: '项目数', dataIndex: 'projects', width: 80 },
    { title: head('开工率', 'startRate'), key: 's', render: (_: unknown, r: Row) => `${pct(r.startRate)}（${r.started}/${r.startPlanned}）` },
    { title: head('竣工率', 'completionRate'), key: 'c', render: (_: unknown, r: Row) => `${pct(r.completionRate)}（${r.completed}/${r.completionPlanned}）` },
    { title: head('达产率', 'productionRate'), key: 'p', render: (_: unknown, r: Row) => `${pct(r.productionRate)}（${r.producing}/${r.productionPlanned}）` },
    { title: head('投资完成率', 'investmentRate'), key: 'i', render: (_: unknown, r: Row) => `${pct(r.investmentRate)}（${wan(r.investmentCompleted)}/${wan(r.investmentPlanned)} 万元）` },
  ];
  const data = rates.data;
  return (
    <Card
      title="开工率等指标"
      extra={
        <Space>
          <Segmented value={groupBy} onChange={(v) => set('groupBy', String(v))} options={GROUPS} data-testid="rates-group" />
          <DatePicker placeholder="统计日（默认今天）" value={asOf ? dayjs(asOf) : null} onChange={(d) => set('asOf', d ? d.format('YYYY-MM-DD') : undefined)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Space>
      }
    >
      <ErrorAlert error={rates.error} />
      {data && (
        <Typography.Paragraph>
          统计日 {data.asOf}（{data.year} 年），序时进度 <b>{pct(data.expected)}</b>
        </Typography.Paragraph>
      )}
      <Table
        size="middle"
        rowKey={(r) => r.key ?? '__total'}
        loading={rates.isLoading}
        columns={columns}
        dataSource={data ? [...data.groups, data.total] : []}
        pagination={false}
        locale={{ emptyText: '项目库中还没有项目' }}
        data-testid="rates-table"
      />
      <Descriptions title="指标定义" column={1} size="small" bordered style={{ marginTop: 24 }} data-testid="rate-definitions">
        {(Object.keys(RATE_DEFINITIONS) as (keyof typeof RATE_DEFINITIONS)[]).map((k) => (
          <Descriptions.Item key={k} label={def(k).split(/ ?[=＝]/)[0]}>
            {def(k)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        只计统计日已在项目库中的项目，按其统计日所在库计算；分母为零时显示“—”。
      </Typography.Paragraph>
    </Card>
  );
}
