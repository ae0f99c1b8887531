import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the indicator charts draw: the line chart on canvas, its grid, tooltip and legend (a fraction of ECharts).
echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart that follows its container's width. The series names go out as a data attribute, so tests and
 * assistive tools can tell what the canvas shows.
 */
export function EChart({
  option,
  height,
  testId,
  label,
  onPointClick,
}: {
  option: ChartOption;
  height: number;
  testId?: string;
  label: string;
  onPointClick?: (seriesIndex: number, dataIndex: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onPointClick);
  click.current = onPointClick;
  useEffect(() => {
    const el = ref.current!;
    chart.current = echarts.init(el);
    // A point opens what it counts (the cockpit's trend); the latest handler, without re-creating the chart.
    chart.current.on('click', (e) => {
      if (typeof e.seriesIndex === 'number' && typeof e.dataIndex === 'number')
        click.current?.(e.seriesIndex, e.dataIndex);
    });
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  const series = ((option.series as { name?: string }[] | undefined) ?? []).map((s) => s.name).join('|');
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      style={{ height, width: '100%', cursor: onPointClick ? 'pointer' : undefined }}
      data-testid={testId}
      data-series={series}
    />
  );
}
