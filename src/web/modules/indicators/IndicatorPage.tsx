import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useI18n, type Locale } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LIGHT_LABELS } from '../../../shared/supervision-labels';
import { parsePeriodKey, periodLabel } from '../../../shared/domain/indicators';
import {
  ACCUMULATION_LABELS,
  FORECAST_METHOD_LABELS,
  FREQUENCY_LABELS,
  NEEDED_BASIS_LABELS,
  RANK_BY_LABELS,
  TRAJECTORY_METHOD_LABELS,
  VALUE_FLAG_LABELS,
  type PeerOut,
  type PlacesOut,
  type TrajectoryOut,
  type ValueOut,
} from '../../../shared/indicators';
import { fmt, indicatorApi, indicatorKeys, LIGHT_COLORS, pct } from './api';
import { useIndicatorsT } from './i18n';
import { EChart, type ChartOption } from './Chart';
import { LightDot } from './IndicatorsPage';
import { ValueDialog } from './ValueDialog';
import { ImportDialog } from './ImportDialog';
import { beijingTime, countyYear } from '../../lib/time';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The x-axis label of a period within its year: 5月 / Q2 / 3月中旬. */
function shortLabel(key: string, locale: Locale): string {
  const p = parsePeriodKey(key);
  if (!p) return key;
  const zh = locale === 'zh-CN';
  if (p.frequency === 'month') return zh ? `${p.index}月` : EN_MONTHS[p.index - 1]!;
  if (p.frequency === 'quarter') return zh ? `${p.index}季度` : `Q${p.index}`;
  if (p.frequency === 'ten_days') {
    const m = Math.ceil(p.index / 3);
    return zh ? `${m}月${['上', '中', '下'][(p.index - 1) % 3]}旬` : `${EN_MONTHS[m - 1]} ${((p.index - 1) % 3) + 1}/3`;
  }
  return String(p.year);
}

/** The cumulative path against the trajectory to the target and against last year, each point coloured by its light. */
function chartOption(
  tr: TrajectoryOut,
  names: { actual: string; expected: string; lastYear: string },
  locale: Locale,
): ChartOption {
  const unit = tr.status.indicator.unit;
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmt(v)} ${unit}` : '—') },
    legend: { top: 0 },
    grid: { left: 64, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: tr.points.map((p) => shortLabel(p.period, locale)), boundaryGap: false },
    yAxis: { type: 'value', name: unit, scale: tr.status.indicator.accumulation === 'level' },
    series: [
      {
        name: names.actual,
        type: 'line',
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 3, color: '#b4232a' },
        itemStyle: { color: '#b4232a' },
        data: tr.points.map((p) =>
          p.actual === null ? null : { value: p.actual, itemStyle: { color: LIGHT_COLORS[p.light] } },
        ),
      },
      {
        name: names.expected,
        type: 'line',
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2, color: '#1677ff' },
        itemStyle: { color: '#1677ff' },
        data: tr.points.map((p) => p.expected),
      },
      {
        name: names.lastYear,
        type: 'line',
        symbol: 'circle',
        symbolSize: 4,
        lineStyle: { width: 1.5, color: '#8c8c8c' },
        itemStyle: { color: '#8c8c8c' },
        data: tr.points.map((p) => p.lastYear),
      },
    ],
  };
}

type PlaceRow = PlacesOut['rows'][number];
/** A place's rank, with ↑/↓ when it moved since the period before. */
function placeRank(r: PlaceRow) {
  if (r.rank === null) return '—';
  const moved = r.previousRank !== null && r.previousRank !== r.rank;
  return (
    <span>
      {r.rank}
      {moved &&
        (r.rank < r.previousRank! ? (
          <ArrowUpOutlined style={{ color: LIGHT_COLORS.green, marginInlineStart: 4 }} />
        ) : (
          <ArrowDownOutlined style={{ color: LIGHT_COLORS.red, marginInlineStart: 4 }} />
        ))}
    </span>
  );
}

/** One indicator: where it stands, the chart of its path, the peers, and its values with their versions. */
export default function IndicatorPage() {
  const t = useIndicatorsT();
  const { label, locale, t: common } = useI18n();
  const { id } = useParams<{ id: string }>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const [history, setHistory] = useState(false);
  const [entering, setEntering] = useState(false);
  const [importing, setImporting] = useState(false);
  const indicator = useQuery({ queryKey: ['indicators', 'one', id], queryFn: () => indicatorApi.get(id!) });
  const tr = useQuery({
    queryKey: indicatorKeys.trajectory(id!, year),
    queryFn: () => indicatorApi.trajectory(id!, year),
  });
  const shown = tr.data?.year ?? year;
  const values = useQuery({
    queryKey: indicatorKeys.values(id!, shown, history),
    queryFn: () => indicatorApi.values(id!, shown, history),
    enabled: shown !== undefined,
  });
  const counties = useQuery({ queryKey: indicatorKeys.counties, queryFn: indicatorApi.counties });
  const places = useQuery({
    queryKey: indicatorKeys.places(id!, shown),
    queryFn: () => indicatorApi.places(id!, shown),
    enabled: shown !== undefined && (counties.data ?? []).some((c) => c.kind === 'place'),
  });
  const names = useMemo(
    () => ({
      actual: t('seriesActual', { year: shown ?? '' }),
      expected: t('seriesExpected'),
      lastYear: t('seriesLastYear', { year: (shown ?? 0) - 1 }),
    }),
    [t, shown],
  );
  const option = useMemo(() => (tr.data ? chartOption(tr.data, names, locale) : null), [tr.data, names, locale]);

  const refresh = () => void qc.invalidateQueries({ queryKey: indicatorKeys.all });
  if (indicator.error || tr.error) return <ErrorAlert error={indicator.error ?? tr.error} />;
  if (!indicator.data || !tr.data) return <Skeleton active />;
  const ind = indicator.data;
  const s = tr.data.status;
  const thisYear = countyYear();
  const years = [thisYear, thisYear - 1, thisYear - 2, thisYear - 3];

  const valueColumns = [
    {
      title: t('period'),
      key: 'p',
      width: 130,
      render: (_: unknown, v: ValueOut) => periodLabel(v.period, locale, ind.accumulation),
    },
    {
      title: t('county'),
      dataIndex: 'countyName',
      width: 100,
      render: (n: string, v: ValueOut) => (v.isSelf ? <Typography.Text strong>{n}</Typography.Text> : n),
    },
    {
      title: `${t('value')}（${ind.unit}）`,
      key: 'v',
      width: 120,
      render: (_: unknown, v: ValueOut) =>
        v.enteredUnit ? (
          <Tooltip title={`${fmt(v.enteredValue)} ${v.enteredUnit}`}>{fmt(v.value)}</Tooltip>
        ) : (
          fmt(v.value)
        ),
    },
    { title: t('growthFull'), key: 'g', width: 90, render: (_: unknown, v: ValueOut) => pct(v.growth) },
    { title: t('rank'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '' },
    { title: t('source'), dataIndex: 'source', width: 100 },
    {
      title: t('flags'),
      key: 'f',
      render: (_: unknown, v: ValueOut) =>
        v.flags.map((f) => (
          <Tag key={f} color="gold">
            {VALUE_FLAG_LABELS[f] ? label(VALUE_FLAG_LABELS[f]) : f}
          </Tag>
        )),
    },
    {
      title: t('version'),
      key: 'ver',
      width: 90,
      render: (_: unknown, v: ValueOut) =>
        v.current ? `v${v.version}` : <Tag>{`v${v.version} ${t('superseded')}`}</Tag>,
    },
    { title: t('recordedBy'), dataIndex: 'recordedByName', width: 90 },
    {
      title: t('recordedAt'),
      key: 'at',
      width: 150,
      render: (_: unknown, v: ValueOut) => beijingTime(v.recordedAt, locale),
    },
  ];
  const peerColumns = [
    { title: t('rank'), dataIndex: 'rank', width: 60 },
    {
      title: t('county'),
      dataIndex: 'name',
      render: (n: string, p: PeerOut) => (p.isSelf ? <Typography.Text strong>{n}</Typography.Text> : n),
    },
    { title: `${t('value')}（${ind.unit}）`, key: 'v', render: (_: unknown, p: PeerOut) => fmt(p.value) },
    { title: t('growthFull'), key: 'g', render: (_: unknown, p: PeerOut) => pct(p.growth) },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(`/indicators${shown ? `?year=${shown}` : ''}`)}
              aria-label={t('back')}
            />
            <span data-testid="indicator-name">{ind.name}</span>
            <Tag>{ind.unit}</Tag>
            <Tag>{label(FREQUENCY_LABELS[ind.frequency])}</Tag>
            <Tag>{label(ACCUMULATION_LABELS[ind.accumulation])}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Select
              value={shown}
              style={{ width: 110 }}
              onChange={(y) => setParams({ year: String(y) })}
              options={years.map((y) => ({ value: y, label: t('yearOption', { year: y }) }))}
              data-testid="indicator-year"
            />
            {ind.canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('importValues')}
              </Button>
            )}
            {ind.canWrite && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => setEntering(true)}
                data-testid="indicator-enter"
              >
                {t('enter')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="indicator-status">
          <Descriptions.Item label={t('latest')}>
            {s.period ? periodLabel(s.period, locale, ind.accumulation) : t('noData')}
          </Descriptions.Item>
          <Descriptions.Item label={t('value')}>
            <span data-testid="status-value">{fmt(s.value)}</span> {ind.unit}
          </Descriptions.Item>
          <Descriptions.Item label={t('growthFull')}>
            {pct(s.growth)}{' '}
            {s.growthSource && (
              <Typography.Text type="secondary">
                （{t(s.growthSource === 'reported' ? 'growthReported' : 'growthComputed')}）
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('annualTarget')}>
            {s.target.value !== null ? `${fmt(s.target.value)} ${ind.unit}` : '—'}
            {s.target.growth !== null ? `（${t('targetGrowth', { growth: pct(s.target.growth) })}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('progress')}>
            {s.progress !== null ? `${s.progress.toFixed(1)}%` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('expected')}>
            {s.expectedProgress !== null ? `${s.expectedProgress.toFixed(1)}%` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('gap')}>
            {s.gapPoints === null
              ? '—'
              : s.gapPoints > 0
                ? t('behind', { points: s.gapPoints.toFixed(1) })
                : t('ahead', { points: Math.abs(s.gapPoints).toFixed(1) })}
          </Descriptions.Item>
          <Descriptions.Item label={t('light')}>
            <span data-testid={`status-light-${s.light}`}>
              <LightDot light={s.light} /> {label(LIGHT_LABELS[s.light])}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('rank')}>
            {s.rank !== null ? t('rankLine', { rank: s.rank, count: s.rankedCount }) : '—'}
            {s.previousRank !== null && s.rank !== null && s.previousRank !== s.rank
              ? `（${t('rankWas', { rank: s.previousRank })}）`
              : ''}
            {s.rankSource && (
              <Typography.Text type="secondary">
                {' '}
                {t(s.rankSource === 'published' ? 'rankPublished' : 'rankComputed')}，
                {label(RANK_BY_LABELS[ind.rankBy])}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('forecast')}>
            {s.forecast ? (
              <Tooltip title={label(FORECAST_METHOD_LABELS[s.forecast.method])}>
                <span data-testid="status-forecast">
                  {fmt(s.forecast.value)} {ind.unit}（{pct(s.forecast.growth)}）
                </span>
              </Tooltip>
            ) : (
              '—'
            )}
            {s.forecast && (
              <div style={{ fontSize: 12, color: '#888' }}>{label(FORECAST_METHOD_LABELS[s.forecast.method])}</div>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('needed')}>
            <span data-testid="status-needed">
              {s.needed
                ? s.needed.growth !== null
                  ? t('neededText', { basis: label(NEEDED_BASIS_LABELS[s.needed.basis]), growth: pct(s.needed.growth) })
                  : t(s.needed.reached ? 'reached' : 'notReached')
                : '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={s.ahead ? t('overtake', { name: s.ahead.name }) : t('overtake', { name: '' })}>
            {s.rank === 1
              ? t('leading')
              : s.overtake && s.overtake.growth !== null
                ? t('neededText', {
                    basis: label(NEEDED_BASIS_LABELS[s.overtake.basis]),
                    growth: pct(s.overtake.growth),
                  })
                : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('method')}>
            {s.method ? label(TRAJECTORY_METHOD_LABELS[s.method]) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('responsible')}>
            {ind.responsibleUnitName}
            {ind.leaderName ? `　${t('leader')}：${ind.leaderName}` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={ind.accumulation === 'level' ? t('chartTitleLevel') : t('chartTitle')} size="small">
            {option && (
              <EChart
                option={option}
                height={360}
                testId="indicator-chart"
                label={`${ind.name}: ${names.actual}, ${names.expected}, ${names.lastYear}`}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={`${t('peersTitle')}\
${tr.data.peersPeriod ? t('peersPeriod', { period: periodLabel(tr.data.peersPeriod, locale, ind.accumulation) }) : ''}`}
            size="small"
          >
            <Table<PeerOut>
              size="small"
              rowKey="countyId"
              dataSource={tr.data.peers}
              columns={peerColumns}
              pagination={false}
              locale={{ emptyText: t('noPeers') }}
              data-testid="indicator-peers"
              rowClassName={(p) => (p.isSelf ? 'ant-table-row-selected' : '')}
            />
          </Card>
        </Col>
      </Row>
      {(places.data?.rows.length ?? 0) > 0 && (
        <Card
          title={t('placesTitle', {
            period: places.data!.period ? periodLabel(places.data!.period, locale, ind.accumulation) : '',
          })}
          size="small"
          style={{ marginTop: 16 }}
        >
          <Table
            size="small"
            rowKey="countyId"
            dataSource={places.data!.rows}
            pagination={false}
            scroll={{ x: 560 }}
            data-testid="indicator-places"
            columns={[
              { title: t('colPlaceRank'), key: 'r', width: 90, render: (_: unknown, r: PlaceRow) => placeRank(r) },
              {
                title: t('colPlace'),
                key: 'n',
                render: (_: unknown, r: PlaceRow) => (
                  <Typography.Link onClick={() => navigate(`/indicators?place=${r.countyId}`)}>
                    {r.name}
                  </Typography.Link>
                ),
              },
              {
                title: `${t('colPlaceValue')}（${ind.unit}）`,
                key: 'v',
                render: (_: unknown, r: PlaceRow) => fmt(r.value),
              },
              { title: t('colPlaceGrowth'), key: 'g', render: (_: unknown, r: PlaceRow) => pct(r.growth) },
              {
                title: t('colPlaceShare'),
                key: 's',
                render: (_: unknown, r: PlaceRow) => (r.share === null ? '—' : `${r.share.toFixed(1)}%`),
              },
            ]}
          />
        </Card>
      )}
      <Card
        title={t('valuesTitle')}
        size="small"
        extra={
          <Space>
            {t('showHistory')}
            <Switch checked={history} onChange={setHistory} data-testid="values-history" />
          </Space>
        }
      >
        <Table<ValueOut>
          size="small"
          rowKey="id"
          dataSource={values.data ?? []}
          loading={values.isLoading}
          columns={valueColumns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="indicator-values"
          locale={{ emptyText: common('empty') }}
        />
      </Card>
      {entering && counties.data && (
        <ValueDialog
          indicator={ind}
          counties={counties.data}
          values={values.data ?? []}
          open
          onClose={() => setEntering(false)}
          onDone={() => {
            setEntering(false);
            refresh();
          }}
        />
      )}
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => (setImporting(false), refresh())}
      />
    </Space>
  );
}
