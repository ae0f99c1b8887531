import { Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { CockpitOut } from '../../../shared/cockpit';
import { Light } from '../tasks/Light';
import { useCockpitT } from './i18n';

type Row = CockpitOut['economy']['items'][number];
const num = (x: number | null, digits = 1) =>
  x === null ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: digits });

/** 经济运行 on the cockpit: each indicator's light against the trajectory, rank and its change, share of the city. */
export function EconomyCard({ data }: { data: CockpitOut['economy'] }) {
  const tr = useCockpitT();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={
        <span>
          {tr('economyTitle', { year: data.year })}{' '}
          <Tooltip title={tr('economyHint')}>
            <InfoCircleOutlined style={{ color: '#999' }} />
          </Tooltip>
        </span>
      }
      data-testid="cockpit-economy"
    >
      <Table
        rowKey="indicatorId"
        size="small"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={data.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('noIndicators')} /> }}
        onRow={(r: Row) => ({ onClick: () => navigate(`/indicators/${r.indicatorId}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: tr('colIndicator'),
            key: 'n',
            render: (_: unknown, r: Row) => (
              <span data-testid={`cockpit-economy-${r.indicatorId}`}>
                <Typography.Link>{r.name}</Typography.Link>
                {r.mine && (
                  <Tag color="blue" style={{ marginLeft: 6 }}>
                    {tr('economyMine')}
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                  {r.periodLabel ?? ''}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: tr('colValueGrowth'),
            key: 'v',
            width: 170,
            render: (_: unknown, r: Row) =>
              `${num(r.value, 2)} ${r.unit} / ${r.growth === null ? '—' : `${r.growth.toFixed(1)}%`}`,
          },
          {
            title: tr('colVsTrajectory'),
            key: 'p',
            width: 150,
            render: (_: unknown, r: Row) =>
              r.progress === null ? '—' : `${num(r.progress)}% / ${num(r.expectedProgress)}%`,
          },
          {
            title: tr('colLight'),
            key: 'l',
            width: 70,
            render: (_: unknown, r: Row) => <Light light={r.light} reasons={[]} />,
          },
          {
            title: tr('colRank'),
            key: 'r',
            width: 130,
            render: (_: unknown, r: Row) =>
              r.rank === null ? (
                '—'
              ) : (
                <span>
                  {tr('rankShort', { rank: r.rank })}
                  <Typography.Text type="secondary">/{r.rankedCount}</Typography.Text>
                  {r.previousRank !== null && r.previousRank !== r.rank && (
                    <Tooltip
                      title={
                        r.rank < r.previousRank
                          ? tr('rankUp', { n: r.previousRank - r.rank })
                          : tr('rankDown', { n: r.rank - r.previousRank })
                      }
                    >
                      {r.rank < r.previousRank ? (
                        <ArrowUpOutlined style={{ color: '#52c41a', marginLeft: 4 }} />
                      ) : (
                        <ArrowDownOutlined style={{ color: '#f5222d', marginLeft: 4 }} />
                      )}
                    </Tooltip>
                  )}
                </span>
              ),
          },
          {
            title: tr('colCityShare'),
            key: 's',
            width: 80,
            render: (_: unknown, r: Row) => (r.cityShare === null ? '—' : `${r.cityShare.toFixed(1)}%`),
          },
        ]}
      />
    </Card>
  );
}
