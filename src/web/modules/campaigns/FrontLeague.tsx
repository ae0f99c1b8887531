import { Progress, Space, Table, type TableColumnsType, type TableProps, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { FiguresOut } from '../../../shared/campaigns';
import { LIGHT_COLORS } from '../tasks/api';
import type { Front } from './api';
import { useCampaignT } from './i18n';

type Figures = z.infer<typeof FiguresOut>;

/** 红/黄/绿 as three coloured numbers. */
export function LightCounts({ f }: { f: Figures }) {
  const dot = (n: number, color: string) => (
    <span style={{ color, fontWeight: n ? 600 : 400, minWidth: 18, display: 'inline-block' }}>{n}</span>
  );
  return (
    <Space size={4}>
      {dot(f.red, LIGHT_COLORS.red!)}/{dot(f.yellow, LIGHT_COLORS.yellow!)}/{dot(f.green, LIGHT_COLORS.green!)}
    </Space>
  );
}

export function ProgressCell({ value }: { value: number | null }) {
  return value === null ? (
    <Typography.Text type="secondary">—</Typography.Text>
  ) : (
    <Progress percent={value} size="small" />
  );
}

type Ranked = { rank: number | null; figures: Figures };

/**
 * A league (of fronts, of units): rank, who (the columns given), the tasks' figures — count, closed unless compact
 * or left out, overdue unless compact, lights, progress, score — then any further columns.
 */
export function League<R extends Ranked>(props: {
  rows: R[];
  rowKey: keyof R & string;
  testId: string;
  scrollX: number;
  who: TableColumnsType<R>;
  after?: TableColumnsType<R>;
  closed?: boolean;
  compact?: boolean;
  /** The score's header explains the score (where the league is first met). */
  scoreHelp?: boolean;
  pagination?: TableProps<R>['pagination'];
}) {
  const t = useCampaignT();
  const { compact = false } = props;
  const figures = (r: R) => r.figures;
  const columns: TableColumnsType<R> = [
    { title: t('rank'), dataIndex: 'rank', width: 56, render: (r: number | null) => r ?? '—' },
    ...props.who,
    { title: t('tasks'), key: 'tasks', width: 64, render: (_: unknown, r: R) => figures(r).tasks },
    ...(compact || !props.closed
      ? []
      : [{ title: t('closedTasks'), key: 'closed', width: 72, render: (_: unknown, r: R) => figures(r).closed }]),
    ...(compact
      ? []
      : [{ title: t('overdue'), key: 'overdue', width: 64, render: (_: unknown, r: R) => figures(r).overdue }]),
    { title: t('lights'), key: 'lights', width: 100, render: (_: unknown, r: R) => <LightCounts f={figures(r)} /> },
    {
      title: t('progress'),
      key: 'progress',
      width: compact ? 130 : 160,
      render: (_: unknown, r: R) => <ProgressCell value={figures(r).progress} />,
    },
    {
      title: props.scoreHelp ? <Tooltip title={t('scoreHelp')}>{t('score')}</Tooltip> : t('score'),
      key: 'score',
      width: 64,
      render: (_: unknown, r: R) => figures(r).score ?? '—',
    },
    ...(props.after ?? []),
  ];
  return (
    <Table<R>
      rowKey={props.rowKey}
      size="small"
      pagination={props.pagination ?? false}
      dataSource={props.rows}
      data-testid={props.testId}
      scroll={{ x: props.scrollX }}
      columns={columns}
    />
  );
}

/** The fronts' league: rank, lead leader, the tasks' figures and the projects, each front linking to its ledger. */
export function FrontLeague({ fronts, compact = false }: { fronts: Front[]; compact?: boolean }) {
  const t = useCampaignT();
  return (
    <League<Front>
      rows={fronts}
      rowKey="id"
      testId="front-league"
      scrollX={compact ? 520 : 900}
      compact={compact}
      closed
      scoreHelp
      who={[
        {
          title: t('front'),
          key: 'name',
          width: compact ? 150 : 190,
          render: (_: unknown, f: Front) => (
            <div>
              <Link to={`/tasks?frontId=${f.id}`} data-testid={`front-${f.name}`}>
                {f.name}
              </Link>
              {compact && f.leaderName && (
                <Typography.Text type="secondary" style={{ marginLeft: 6, whiteSpace: 'nowrap' }}>
                  {f.leaderName}
                </Typography.Text>
              )}
            </div>
          ),
        },
        ...(compact
          ? []
          : [
              { title: t('leader'), dataIndex: 'leaderName', width: 90, render: (v: string | null) => v ?? '—' },
              { title: t('leadUnit'), dataIndex: 'leadUnitName', width: 110, render: (v: string | null) => v ?? '—' },
            ]),
      ]}
      after={
        compact
          ? []
          : [
              {
                title: t('projects'),
                key: 'projects',
                width: 170,
                render: (_: unknown, f: Front) =>
                  f.projects.projects ? (
                    <Link to={`/projects?frontId=${f.id}`}>
                      {t('projectsCell', { n: f.projects.projects, started: f.projects.started, red: f.projects.red })}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
            ]
      }
    />
  );
}
