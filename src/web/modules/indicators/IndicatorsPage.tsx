import { useState } from 'react';
import { countyYear } from '../../lib/time';
import { App, Button, Card, Col, Empty, List, Row, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DownloadOutlined,
  SettingOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { download } from '../../lib/api';
import { LIGHT_LABELS } from '../../../shared/supervision-labels';
import { periodLabel } from '../../../shared/domain/indicators';
import type { StatusOut } from '../../../shared/indicators';
import { fmt, indicatorApi, indicatorKeys, LIGHT_COLORS, pct } from './api';
import { useIndicatorsT } from './i18n';
import { Sparkline } from './Sparkline';
import { ImportDialog } from './ImportDialog';

export const LightDot = ({ light, size = 12 }: { light: string; size?: number }) => (
  <span
    style={{
      display: 'inline-block',
      width: size,
      height: size,
      borderRadius: size / 2,
      background: LIGHT_COLORS[light] ?? LIGHT_COLORS.none,
      verticalAlign: 'middle',
    }}
  />
);

/** One indicator at its latest period: value, growth, target, progress against the trajectory, rank, light, sparkline. */
function Tile({ s, onOpen }: { s: StatusOut; onOpen: () => void }) {
  const t = useIndicatorsT();
  const { label, locale } = useI18n();
  const ind = s.indicator;
  const rankMoved = s.rank !== null && s.previousRank !== null && s.rank !== s.previousRank;
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      data-testid="indicator-tile"
      data-indicator={ind.name}
      data-light={s.light}
      style={{ borderTop: `3px solid ${LIGHT_COLORS[s.light]}`, height: '100%' }}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Text strong>{ind.name}</Typography.Text>
        <Tooltip title={label(LIGHT_LABELS[s.light])}>
          <span data-testid={`tile-light-${s.light}`}>
            <LightDot light={s.light} />
          </span>
        </Tooltip>
      </Space>
      {s.value === null ? (
        <Typography.Text type="secondary">{t('noData')}</Typography.Text>
      ) : (
        <>
          <div style={{ marginTop: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.period ? periodLabel(s.period, locale, ind.accumulation) : ''}
            </Typography.Text>
          </div>
          <Space align="baseline" size={6}>
            <span style={{ fontSize: 22, fontWeight: 600 }} data-testid="tile-value">
              {fmt(s.value)}
            </span>
            <Typography.Text type="secondary">{ind.unit}</Typography.Text>
          </Space>
          <div>
            {t('growth')} <span data-testid="tile-growth">{pct(s.growth)}</span>
            {s.target.growth !== null || s.target.value !== null ? (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t('target')}{' '}
                {s.target.growth !== null
                  ? t('targetGrowth', { growth: pct(s.target.growth) })
                  : `${fmt(s.target.value)} ${ind.unit}`}
              </Typography.Text>
            ) : null}
          </div>
          {s.progress !== null && (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type={s.light === 'green' ? 'secondary' : 'danger'}>
                {t('progressLine', {
                  progress: `${s.progress.toFixed(1)}%`,
                  expected: `${(s.expectedProgress ?? 0).toFixed(1)}%`,
                })}
              </Typography.Text>
            </div>
          )}
          <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 4 }} align="end">
            <span data-testid="tile-rank" style={{ fontSize: 12 }}>
              {s.rank !== null
                ? t(s.placeId ? 'placeRankLine' : 'rankLine', { rank: s.rank, count: s.rankedCount })
                : ''}
              {rankMoved && (
                <Tooltip title={t('rankWas', { rank: s.previousRank! })}>
                  {s.rank! > s.previousRank! ? (
                    <ArrowDownOutlined style={{ color: LIGHT_COLORS.red, marginInlineStart: 4 }} />
                  ) : (
                    <ArrowUpOutlined style={{ color: LIGHT_COLORS.green, marginInlineStart: 4 }} />
                  )}
                </Tooltip>
              )}
            </span>
            {s.cityShare !== null && (
              <span style={{ fontSize: 12 }} data-testid="tile-city-share">
                {t('cityShareLine', { share: `${s.cityShare.toFixed(1)}%` })}
              </span>
            )}
            <Sparkline values={s.sparkline} color={s.light === 'none' ? '#1677ff' : LIGHT_COLORS[s.light]!} />
          </Space>
        </>
      )}
    </Card>
  );
}

/** 经济运行监测: the board of the caller's indicators and what the next scheduling meeting should take up. */
export default function IndicatorsPage() {
  const t = useIndicatorsT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const placeId = params.get('place') ?? undefined;
  const board = useQuery({
    queryKey: indicatorKeys.board(year, placeId),
    queryFn: () => indicatorApi.board(year, placeId),
  });
  const counties = useQuery({ queryKey: indicatorKeys.counties, queryFn: indicatorApi.counties });
  const places = (counties.data ?? []).filter((c) => c.kind === 'place');
  const placeName = places.find((p) => p.id === placeId)?.name;
  const list = useQuery({ queryKey: indicatorKeys.list, queryFn: indicatorApi.list });
  const [importing, setImporting] = useState(false);
  const canWrite = (list.data?.items ?? []).some((i) => i.canWrite);
  const shown = board.data?.year ?? year ?? countyYear();
  const years = [shown + 1, shown, shown - 1, shown - 2].filter((y) => y <= countyYear());

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={t('boardTitle')}
        extra={
          <Space>
            {places.length > 0 && (
              <Select
                value={placeId ?? ''}
                style={{ width: 160 }}
                aria-label={t('placeSelect')}
                onChange={(p) => {
                  const next = new URLSearchParams(params);
                  if (p) next.set('place', p);
                  else next.delete('place');
                  setParams(next);
                }}
                options={[
                  { value: '', label: t('wholeCounty') },
                  ...places.map((p) => ({ value: p.id, label: p.name })),
                ]}
                data-testid="indicators-place"
              />
            )}
            <Select
              value={shown}
              style={{ width: 110 }}
              onChange={(y) => setParams({ year: String(y), ...(placeId ? { place: placeId } : {}) })}
              options={years.map((y) => ({ value: y, label: t('yearOption', { year: y }) }))}
              data-testid="indicators-year"
            />
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download('/api/v1/indicators/export', { year: shown }).catch((e: Error) => message.error(e.message))
              }
              data-testid="indicators-export"
            >
              {t('exportBulletin')}
            </Button>
            <Button
              icon={<SettingOutlined />}
              onClick={() => navigate('/indicators/catalogue')}
              data-testid="indicators-catalogue"
            >
              {t('catalogue')}
            </Button>
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="indicators-import">
                {t('importValues')}
              </Button>
            )}
          </Space>
        }
      >
        {board.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {placeName
              ? t('placeBoardNote', { place: placeName })
              : t('boardIntro', { yellow: board.data.thresholds.yellowGap, red: board.data.thresholds.redGap })}
          </Typography.Paragraph>
        )}
        <ErrorAlert error={board.error} />
        {board.isLoading && <Skeleton active />}
        {board.data && board.data.items.length === 0 && <Empty description={t('noIndicators')} />}
        <Row gutter={[12, 12]} data-testid="indicator-board">
          {board.data?.items.map((s) => (
            <Col key={s.indicator.id} xs={24} sm={12} lg={8} xxl={6}>
              <Tile s={s} onOpen={() => navigate(`/indicators/${s.indicator.id}?year=${board.data!.year}`)} />
            </Col>
          ))}
        </Row>
      </Card>
      {board.data && board.data.items.length > 0 && (
        <Card title={t('agendaTitle')} size="small" data-testid="indicator-agenda">
          <List
            locale={{ emptyText: t('agendaEmpty') }}
            dataSource={board.data.agenda}
            renderItem={(a) => (
              <List.Item
                actions={[
                  <Typography.Link
                    key="o"
                    onClick={() => navigate(`/indicators/${a.indicatorId}?year=${board.data!.year}`)}
                  >
                    {t('open')}
                  </Typography.Link>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {a.name}
                      {a.why.map((w) => (
                        <Tag key={w} color={w === 'red' ? 'red' : w === 'yellow' ? 'gold' : 'volcano'}>
                          {t(`why_${w}`)}
                        </Tag>
                      ))}
                    </Space>
                  }
                  description={
                    <>
                      <div>{a.summary}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('responsible')}：{a.responsibleUnitName}
                        {a.leaderName ? `　${t('leader')}：${a.leaderName}` : ''}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          void qc.invalidateQueries({ queryKey: indicatorKeys.all });
        }}
      />
    </Space>
  );
}
