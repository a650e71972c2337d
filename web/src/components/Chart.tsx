/**
 * ECharts for pages, imported modularly (echarts/core) so only the charts used are bundled.
 * `<Chart option={…} height={320} />`; maps: registerGeoMap('thai-nguyen', geojson) once, then a
 * series of type 'map' with map: 'thai-nguyen'. Import this file directly (not via components/index).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, MapChart, ScatterChart, GaugeChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent,
  DataZoomComponent, MarkLineComponent, MarkAreaComponent, DatasetComponent, GeoComponent, ToolboxComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { formatInt } from './format.ts';

echarts.use([
  BarChart, LineChart, PieChart, MapChart, ScatterChart, GaugeChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent,
  DataZoomComponent, MarkLineComponent, MarkAreaComponent, DatasetComponent, GeoComponent, ToolboxComponent,
  CanvasRenderer,
]);

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
    const instance = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => clickRef.current?.(p as never));
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: 'inherit' }, ...option }, { notMerge });
  }, [option, notMerge]);

  return <div ref={el} className={className} style={{ width: '100%', height }} />;
}
