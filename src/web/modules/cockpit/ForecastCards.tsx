import { Card, Col, Empty, Row, Table, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { CockpitOut } from '../../../shared/cockpit';
import { LIGHT_COLORS } from '../tasks/api';
import { wan } from '../projects/api';
import { useCockpitT } from './i18n';

type TaskRow = CockpitOut['forecasts']['tasks']['items'][number];
type ProjectRow = CockpitOut['forecasts']['projects']['items'][number];

/** 预计完不成: tasks whose reports' pace misses the deadline, projects whose year-end investment falls short. */
export function ForecastCards({ data, short }: { data: CockpitOut['forecasts']; short: Map<string, string> }) {
  const tr = useCockpitT();
  const navigate = useNavigate();
  const period = (d: number) =>
    d === 7
      ? tr('periodWeek')
      : d === 31
        ? tr('periodMonth')
        : d === 92
          ? tr('periodQuarter')
          : tr('periodDays', { n: d });
  const title = (text: string, hint: string) => (
    <span>
      {text}{' '}
      <Tooltip title={hint}>
        <InfoCircleOutlined style={{ color: '#999' }} />
      </Tooltip>
    </span>
  );
  const empty = { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} /> };
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={title(tr('forecastTasksTitle', { count: data.tasks.total }), tr('forecastTasksHint'))}
          data-testid="cockpit-forecast-tasks"
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            locale={empty}
            dataSource={data.tasks.items}
            columns={[
              {
                title: tr('colTask'),
                key: 't',
                render: (_: unknown, r: TaskRow) => (
                  <Typography.Link onClick={() => navigate(`/tasks/${r.id}`)}>{r.title}</Typography.Link>
                ),
              },
              {
                title: tr('colLeadUnit'),
                key: 'u',
                width: 100,
                render: (_: unknown, r: TaskRow) => short.get(r.unitId) || r.unitName,
              },
              { title: tr('colDeadline'), dataIndex: 'deadline', width: 100 },
              {
                title: tr('colForecast'),
                key: 'f',
                width: 120,
                render: (_: unknown, r: TaskRow) =>
                  r.forecast.completion ? (
                    <span>
                      {r.forecast.completion}
                      <br />
                      <Typography.Text style={{ color: LIGHT_COLORS.red, fontSize: 12 }}>
                        {tr('lateDays', { days: r.forecast.daysLate ?? 0 })}
                      </Typography.Text>
                    </span>
                  ) : (
                    <Typography.Text style={{ color: LIGHT_COLORS.red }}>{tr('stalled')}</Typography.Text>
                  ),
              },
              {
                title: tr('colNeeded'),
                key: 'n',
                width: 120,
                render: (_: unknown, r: TaskRow) =>
                  r.forecast.neededPerPeriod === null
                    ? '—'
                    : tr('neededPer', {
                        needed: (Math.round(r.forecast.neededPerPeriod * 10) / 10).toString(),
                        period: period(r.forecast.periodDays),
                      }),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={title(tr('forecastProjectsTitle', { count: data.projects.total }), tr('forecastProjectsHint'))}
          data-testid="cockpit-forecast-projects"
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            locale={empty}
            dataSource={data.projects.items}
            columns={[
              {
                title: tr('colProject'),
                key: 'p',
                render: (_: unknown, r: ProjectRow) => (
                  <Typography.Link onClick={() => navigate(`/projects/${r.id}`)}>{r.name}</Typography.Link>
                ),
              },
              {
                title: tr('colLeadUnit'),
                key: 'u',
                width: 100,
                render: (_: unknown, r: ProjectRow) => short.get(r.unitId) || r.unitName,
              },
              {
                title: tr('colYearEnd'),
                key: 'y',
                width: 150,
                render: (_: unknown, r: ProjectRow) => `${wan(r.forecast.yearEnd)} / ${wan(r.forecast.plan)}`,
              },
              {
                title: tr('colShortfall'),
                key: 's',
                width: 100,
                render: (_: unknown, r: ProjectRow) => (
                  <Typography.Text style={{ color: LIGHT_COLORS.red }}>{wan(r.forecast.shortfall)}</Typography.Text>
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
