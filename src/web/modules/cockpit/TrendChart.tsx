import { useMemo } from 'react';
import { EChart, type ChartOption } from '../indicators/Chart';
import type { CockpitOut } from '../../../shared/cockpit';
import { LIGHT_COLORS } from '../tasks/api';
import { weekLabel } from './api';
import { useCockpitT } from './i18n';

/**
 * 近十二周趋势: tasks newly issued and closed each week (bars would hide the overdue line; three lines read at a
 * glance), and the tasks overdue at each week's end. `dark` for the meeting-room screen: light text, larger type.
 */
const SERIES = ['opened', 'closed', 'overdue'] as const;

export function TrendChart({
  weeks,
  height,
  dark = false,
  compact = false,
  onOpen,
}: {
  weeks: CockpitOut['trends'];
  height: number;
  dark?: boolean;
  /** A phone's width: margins trimmed, type a little larger than the desktop's, every other week labelled. */
  compact?: boolean;
  onOpen?: (series: (typeof SERIES)[number], monday: string) => void;
}) {
  const tr = useCockpitT();
  const option = useMemo<ChartOption>(() => {
    const text = dark ? '#d6e4ff' : '#595959';
    const size = dark ? 20 : compact ? 13 : 12;
    // On the big screen each line says its latest value at its end (reading a value off the axis is hard from afar).
    const line = (name: string, color: string, data: number[], width = 3) => ({
      name,
      type: 'line',
      data,
      smooth: false,
      symbolSize: dark ? 10 : 6,
      lineStyle: { width },
      itemStyle: { color },
      endLabel: { show: dark, color, fontSize: size, fontWeight: 'bold' },
    });
    return {
      textStyle: { fontSize: size, color: text },
      grid: compact
        ? { left: 32, right: 12, top: 56, bottom: 28 }
        : { left: dark ? 56 : 40, right: dark ? 56 : 24, top: dark ? 48 : 40, bottom: dark ? 36 : 28 },
      legend: {
        top: 0,
        textStyle: { color: text, fontSize: size },
        itemWidth: dark ? 32 : 20,
        itemHeight: dark ? 14 : 10,
      },
      tooltip: { trigger: 'axis' },
      // Each point is a week, labelled by its Monday.
      xAxis: {
        type: 'category',
        data: weeks.map((w) => weekLabel(w.week)),
        axisLabel: { color: text, fontSize: size, ...(compact ? { interval: 1 } : {}) },
        axisLine: { lineStyle: { color: dark ? '#5b7194' : '#bfbfbf' } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: text, fontSize: size },
        splitLine: { lineStyle: { color: dark ? '#23395b' : '#f0f0f0' } },
      },
      series: [
        line(
          tr('opened'),
          '#1677ff',
          weeks.map((w) => w.opened),
        ),
        line(
          tr('closed'),
          LIGHT_COLORS.green!,
          weeks.map((w) => w.closed),
        ),
        line(
          tr('overdueAtWeekEnd'),
          LIGHT_COLORS.red!,
          weeks.map((w) => w.overdue),
          4,
        ),
      ],
    };
  }, [weeks, dark, compact, tr]);
  return (
    <EChart
      option={option}
      height={height}
      testId="cockpit-trend"
      label={tr('chartLabel')}
      onPointClick={onOpen ? (s, i) => SERIES[s] && weeks[i] && onOpen(SERIES[s], weeks[i].week) : undefined}
    />
  );
}
