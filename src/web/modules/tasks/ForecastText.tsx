import { Space, Tag, Typography } from 'antd';
import type { ItemForecastOut } from '../../../shared/supervision';
import type { TasksT } from './i18n';

const one = (x: number) => (Math.round(x * 10) / 10).toString();

/** 预测: the forecast completion with its method in words, and what it takes to finish on time. */
export function ForecastText({ f, tr }: { f: ItemForecastOut; tr: TasksT }) {
  const period =
    f.periodDays === 7
      ? tr('periodWeek')
      : f.periodDays === 31
        ? tr('periodMonth')
        : f.periodDays === 92
          ? tr('periodQuarter')
          : tr('periodDays', { n: f.periodDays });
  const pace = f.pacePerPeriod === null ? '' : one(f.pacePerPeriod);
  const how =
    f.method === 'done'
      ? f.misses
        ? tr('fcDoneLate', { date: f.completion ?? '', days: f.daysLate ?? 0 })
        : tr('fcDone', { date: f.completion ?? '' })
      : f.method === 'recent_pace'
        ? tr('fcRecent', { from: f.basisFrom ?? '', to: f.basisTo ?? '', period, pace, date: f.completion ?? '' })
        : f.method === 'run_rate'
          ? tr('fcRunRate', { period, pace, date: f.completion ?? '' })
          : f.method === 'stalled'
            ? tr('fcStalled', { from: f.basisFrom ?? '', to: f.basisTo ?? '' })
            : f.method === 'too_early'
              ? tr('fcTooEarly')
              : tr('fcNoReport');
  const open = f.method !== 'done';
  return (
    <Space direction="vertical" size={2} data-testid="task-forecast">
      <span>
        {how}
        {open && f.completion && (
          <Tag color={f.misses ? 'red' : 'green'} style={{ marginLeft: 8 }}>
            {f.misses ? tr('fcLate', { days: f.daysLate ?? 0 }) : tr('fcOnTime')}
          </Tag>
        )}
      </span>
      {open && (
        <Typography.Text type="secondary" data-testid="task-forecast-needed">
          {f.neededPerPeriod !== null
            ? tr('fcNeeded', { period, needed: one(f.neededPerPeriod) })
            : tr('fcPastDeadline')}
        </Typography.Text>
      )}
    </Space>
  );
}
