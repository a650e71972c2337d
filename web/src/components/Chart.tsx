/**
 * ECharts for pages, imported modularly (echarts/core) with only the parts the pages use (line, bar, map; grid,
 * tooltip, legend, visual map, mark line; canvas), so the home page parses as little as possible. A page that
 * needs another chart or component registers it with echarts.use([...]) from its own module.
 * `<Chart option={…} height={320} />`; maps: registerGeoMap('thai-nguyen', geojson) once, then a series of
 * type 'map' with map: 'thai-nguyen'. Import this file directly (not via components/index).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { formatInt } from './format.ts';

echarts.use([BarChart, LineChart, MapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption };

/** Registers a GeoJSON map once under `name`. */
export function registerGeoMap(name: string, geoJson: unknown) {
  if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
}

/** Axis/tooltip formatter for Vietnamese integers (1.234.567). */
export const viNumber = (v: number | string) => (typeof v === 'number' ? formatInt(v) : v);

/** Colours of the app's palette, in series order. */
export const CHART_COLORS = ['#174a8b', '#d4802a', '#3a8a5c', '#b53a3a', '#6b5ca5', '#2d8fa8', '#8c6d31', '#7a7a7a'];

export function Chart({
  option,
  height = 320,
  onClick,
  className,
  notMerge = true,
}: {
  option: EChartsCoreOption;
  height?: number | string;
  /** Clicks on a data item (e.g. a commune on the map). */
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
