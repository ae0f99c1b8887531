import { Progress, Space, Table, Tooltip, Typography } from 'antd';
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

/** The fronts' league: rank, lead leader, the tasks' figures and the projects, each front linking to its ledger. */
export function FrontLeague({ fronts, compact = false }: { fronts: Front[]; compact?: boolean }) {
  const t = useCampaignT();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={fronts}
      data-testid="front-league"
      scroll={{ x: compact ? 520 : 900 }}
      columns={[
        { title: t('rank'), dataIndex: 'rank', width: 56, render: (r: number | null) => r ?? '—' },
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
        { title: t('tasks'), key: 'tasks', width: 64, render: (_: unknown, f: Front) => f.figures.tasks },
        ...(compact
          ? []
          : [
              { title: t('closedTasks'), key: 'closed', width: 72, render: (_: unknown, f: Front) => f.figures.closed },
              { title: t('overdue'), key: 'overdue', width: 64, render: (_: unknown, f: Front) => f.figures.overdue },
            ]),
        {
          title: t('lights'),
          key: 'lights',
          width: 100,
          render: (_: unknown, f: Front) => <LightCounts f={f.figures} />,
        },
        {
          title: t('progress'),
          key: 'progress',
          width: compact ? 130 : 160,
          render: (_: unknown, f: Front) => <ProgressCell value={f.figures.progress} />,
        },
        {
          title: <Tooltip title={t('scoreHelp')}>{t('score')}</Tooltip>,
          key: 'score',
          width: 64,
          render: (_: unknown, f: Front) => f.figures.score ?? '—',
        },
        ...(compact
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
            ]),
      ]}
    />
  );
}
