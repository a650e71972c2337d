/**
 * ECharts for the calculators' charts, imported modularly (echarts/core) with only the parts they use (line, bar;
 * grid, tooltip, legend; canvas). A page that needs another chart or component registers it with
 * echarts.use([...]) from its own module. `<Chart option={…} height={320} />`. Import this file directly (not via
 * components/index). The overview and commune pages draw with the light SVG charts (LineChart, ChoroplethMap)
 * instead, so the home page loads no charting library.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { formatInt } from './format.ts';
import { CHART_COLORS } from '@shared/charts/colors.ts';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption };

/** Axis/tooltip formatter for Vietnamese integers (1.234.567). */
export const viNumber = (v: number | string) => (typeof v === 'number' ? formatInt(v) : v);

export function Chart({
  option,
  height = 320,
  onClick,
  className,
  notMerge = true,
}: {
  option: EChartsCoreOption;
  height?: number | string;
  /** Clicks on a data item. */
  onClick?: (params: { name: string; data: unknown; seriesName?: string; dataIndex: number }) => void;
  className?: string;
  notMerge?: boolean;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const node = el.current!;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => clickRef.current?.(p as never));
    // Only real size changes: the observer also reports the initial size, and a resize redraws the whole chart.
    let size = `${node.clientWidth}x${node.clientHeight}`;
    const ro = new ResizeObserver(() => {
      const next = `${node.clientWidth}x${node.clientHeight}`;
      if (next !== size) {
        size = next;
        instance.resize();
      }
    });
    ro.observe(node);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No entry animation by default (an option may turn it on): it redraws every frame for a second, competing
    // with the first paint of the page's other charts.
    chart.current?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: 'inherit' }, animation: false, ...option }, { notMerge });
  }, [option, notMerge]);

  return <div ref={el} className={className} style={{ width: '100%', height }} />;
}
