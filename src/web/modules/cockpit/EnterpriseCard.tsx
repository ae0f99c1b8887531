import { Card, Col, Empty, Progress, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { CockpitOut } from '../../../shared/cockpit';
import { useCockpitT } from './i18n';

type Slice = NonNullable<CockpitOut['enterprise']>;
const LIGHT: Record<string, string> = { red: '#cf1322', yellow: '#d48806', green: '#389e0d' };
const TAG: Record<string, string> = { red: 'red', yellow: 'gold', green: 'green' };
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** A figure's name with its definition behind an (i). */
function Defined({ label, definition }: { label: string; definition?: string }) {
  return (
    <span>
      {label}{' '}
      {definition && (
        <Tooltip title={definition}>
          <InfoCircleOutlined style={{ color: '#999' }} />
        </Tooltip>
      )}
    </span>
  );
}

/**
 * 企业服务 on the cockpit (the server scopes every figure to the caller): 包联 visit coverage this quarter with the
 * lowest units and leaders, the forgotten enterprises, open demands by light and the overdue ones with who owns
 * them, the honest figures of the year with their definitions, the libraries against their yearly targets on the
 * one trajectory, and 无事不扰 for the office. Every figure opens the list behind it.
 */
export function EnterpriseCard({ data }: { data: Slice }) {
  const tr = useCockpitT();
  const go = useNavigate();
  const c = data.coverage;
  const d = data.demands;
  const f = data.figures;
  const lowest = [
    ...c.units.map((u) => ({ ...u, who: 'unit' as const })),
    ...c.leaders.map((u) => ({ ...u, who: 'leader' as const })),
  ]
    .sort((a, b) => (a.share ?? 0) - (b.share ?? 0))
    .slice(0, 5);
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={tr('entTitle', { quarter: data.quarter })}
      data-testid="cockpit-enterprise"
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={8}>
          <a onClick={() => go('/visits?tab=coverage')} data-testid="cockpit-ent-coverage">
            <Statistic
              title={<Defined label={tr('entCoverage')} definition={c.definition} />}
              value={pct(c.county.share)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {tr('entCoverageOf', { visited: c.county.visited, total: c.county.total })}
                </Typography.Text>
              }
            />
          </a>
          {c.county.share !== null && (
            <Progress percent={Math.round((c.county.share ?? 0) * 100)} showInfo={false} size="small" />
          )}
          {lowest.length > 0 && (
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tr('entLowest')}
              </Typography.Text>
              {lowest.map((r) => (
                <div
                  key={`${r.who}-${r.id}`}
                  style={{ display: 'flex', justifyContent: 'space-between', fontSize: 13 }}
                  data-testid="cockpit-ent-lowest"
                >
                  <a onClick={() => go('/visits?tab=coverage')}>
                    {r.name}
                    {r.who === 'leader' && (
                      <Tag style={{ marginLeft: 4 }} color="blue">
                        {tr('entLeader')}
                      </Tag>
                    )}
                  </a>
                  <span>
                    {r.visited}/{r.total} · {pct(r.share)}
                  </span>
                </div>
              ))}
            </div>
          )}
          <div style={{ marginTop: 8 }}>
            <a onClick={() => go('/visits?tab=unvisited')} data-testid="cockpit-ent-unvisited">
              {tr('entUnvisited', { months: data.unvisited.months, n: data.unvisited.total })}
            </a>
          </div>
        </Col>
        <Col xs={24} lg={8}>
          <Space size="large" wrap>
            <a onClick={() => go('/demands?status=open')} data-testid="cockpit-ent-open">
              <Statistic title={tr('entOpenDemands')} value={d.open} />
            </a>
            {d.unrouted > 0 && (
              <a onClick={() => go('/demands?status=unrouted')} data-testid="cockpit-ent-unrouted">
                <Statistic title={tr('entUnrouted')} value={d.unrouted} />
              </a>
            )}
            <a onClick={() => go('/demands?status=open&overdue=true')} data-testid="cockpit-ent-overdue">
              <Statistic
                title={tr('entOverdueDemands')}
                value={d.overdue}
                styles={{ content: { color: d.overdue ? LIGHT.red : undefined } }}
              />
            </a>
          </Space>
          <div style={{ marginTop: 4 }}>
            {(['red', 'yellow', 'green'] as const).map((l) => (
              <Tag key={l} color={TAG[l]} data-testid={`cockpit-ent-light-${l}`}>
                {tr(l === 'red' ? 'entRed' : l === 'yellow' ? 'entYellow' : 'entGreen')} {d.byLight[l]}
              </Tag>
            ))}
          </div>
          {d.overdueList.items.length > 0 && (
            <Table
              style={{ marginTop: 8 }}
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.overdueList.items.slice(0, 5)}
              data-testid="cockpit-ent-overdue-list"
              onRow={(r) => ({ onClick: () => go(`/demands/${r.id}`), style: { cursor: 'pointer' } })}
              columns={[
                {
                  title: tr('entColDemand'),
                  dataIndex: 'title',
                  ellipsis: true,
                  render: (v: string) => <Typography.Link>{v}</Typography.Link>,
                },
                {
                  title: tr('entColOwner'),
                  key: 'o',
                  width: 120,
                  render: (_: unknown, r: Slice['demands']['overdueList']['items'][number]) => (
                    <span style={{ fontSize: 12 }}>
                      {r.unitName}
                      {r.leaderName && <Typography.Text type="secondary"> · {r.leaderName}</Typography.Text>}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </Col>
        <Col xs={24} lg={8}>
          <a onClick={() => go('/demand-figures')} data-testid="cockpit-ent-figures">
            <Typography.Text strong>{tr('entFiguresTitle', { year: f.from.slice(0, 4) })}</Typography.Text>
          </a>
          <Row gutter={[8, 8]} style={{ marginTop: 4 }}>
            {(
              [
                ['confirmedRate', 'entConfirmed', `${f.confirmed}/${f.received}`],
                ['ratedShare', 'entRated', `${f.rated}/${f.answered}`],
                ['satisfiedOfRated', 'entSatisfied', null],
                ['reopenRate', 'entReopen', `${f.reopened}/${f.rated}`],
              ] as const
            ).map(([k, label, of]) => (
              <Col span={12} key={k}>
                <Statistic
                  title={<Defined label={tr(label)} definition={f.definitions[k]} />}
                  value={pct(f[k])}
                  suffix={
                    of ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {of}
                      </Typography.Text>
                    ) : undefined
                  }
                  data-testid={`cockpit-ent-${k}`}
                />
              </Col>
            ))}
          </Row>
          {data.contacts && (
            <div style={{ marginTop: 8 }} data-testid="cockpit-ent-contacts">
              <a onClick={() => go('/demand-figures')}>
                {tr('entContacts', { n: data.contacts.flagged, limit: data.contacts.limit })}
              </a>
              {data.contacts.items.length > 0 && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {data.contacts.items.map((x) => `${x.enterpriseName}（${x.total}）`).join('、')}
                </Typography.Text>
              )}
            </div>
          )}
        </Col>
      </Row>
      <Table
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={data.libraries}
        data-testid="cockpit-ent-libraries"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        onRow={() => ({ onClick: () => go('/libraries'), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: tr('entColLibrary'),
            dataIndex: 'name',
            render: (v: string) => <Typography.Link>{v}</Typography.Link>,
          },
          { title: tr('entColMembers'), dataIndex: 'members', width: 80 },
          {
            title: tr('entColMoves'),
            key: 'm',
            width: 170,
            render: (_: unknown, l: Slice['libraries'][number]) =>
              tr('entMoves', { entered: l.entered, advanced: l.advanced, left: l.left }),
          },
          {
            title: tr('entColTarget'),
            key: 't',
            width: 280,
            render: (_: unknown, l: Slice['libraries'][number]) =>
              l.target ? (
                <div data-testid={`cockpit-ent-target-${l.code}`}>
                  <Space size={4}>
                    <span>
                      {tr('entTarget', {
                        actual: l.target.actual,
                        target: l.target.newMembers,
                        expected: Math.round(l.target.expectedNow * 10) / 10,
                      })}
                    </span>
                    <Tag color={TAG[l.target.light]}>
                      {l.target.actual >= l.target.expectedNow ? tr('entOnTrack') : tr('entBehind')}
                    </Tag>
                  </Space>
                  {/* Grey is 序时进度, the coloured bar over it what entered (as the other targets on the cockpit). */}
                  <Progress
                    percent={Math.min(100, (l.target.expectedNow / Math.max(1, l.target.newMembers)) * 100)}
                    strokeColor="#d9d9d9"
                    success={{
                      percent: Math.min(100, (l.target.actual / Math.max(1, l.target.newMembers)) * 100),
                      strokeColor: LIGHT[l.target.light],
                    }}
                    showInfo={false}
                    size="small"
                  />
                </div>
              ) : (
                <Typography.Text type="secondary">{tr('entNoTarget')}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
