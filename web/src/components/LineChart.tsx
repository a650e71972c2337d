/**
 * A light SVG line chart for monthly series: lines (solid or dashed, with or without markers), an optional
 * shaded band (a forecast interval), an optional horizontal target line, a legend and a hover tooltip.
 * Drawn by React as SVG, so the home page needs no charting library; ECharts stays for the calculators'
 * charts (Chart.tsx).
 */
import { useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { bandPath, LINE_MARGIN, lineLayout, linePath } from '@shared/charts/geometry.ts';
import { TARGET_COLOR } from '@shared/charts/colors.ts';
import { useElementWidth } from './useElementWidth.ts';
import './charts.css';

export interface LineSeries {
  name: string;
  data: Array<number | null>;
  color: string;
  width?: number;
  dashed?: boolean;
  markers?: boolean;
  /** data-testid of the line's path. */
  testId?: string;
}

export interface LineBand {
  name: string;
  lower: Array<number | null>;
  upper: Array<number | null>;
  color: string;
}

export interface LineChartProps {
  categories: string[];
  series: LineSeries[];
  band?: LineBand;
  target?: { value: number; label: string; color?: string };
  height?: number;
  formatValue: (v: number) => string;
  /** The tooltip's content for the hovered category. */
  tooltip?: (index: number) => ReactNode;
  ariaLabel: string;
  testId?: string;
}

export function LineChart({ categories, series, band, target, height = 340, formatValue, tooltip, ariaLabel, testId }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const [hover, setHover] = useState<number | null>(null);

  const layout = useMemo(
    () => lineLayout(categories.length, [...series.flatMap((s) => s.data), ...(band ? [...band.lower, ...band.upper] : []), ...(target ? [target.value] : [])], width, height),
    [series, band, target, categories.length, width, height],
  );

  const { ticks, x, y, step, plotWidth, plotHeight, every, margin: MARGIN } = layout;
  const onMove = (e: MouseEvent<SVGRectElement>) => {
    const left = e.currentTarget.getBoundingClientRect().left;
    const i = step ? Math.round((e.clientX - left) / step) : 0;
    setHover(Math.min(categories.length - 1, Math.max(0, i)));
  };

  return (
    <div className="bp-chart" data-testid={testId}>
      <div ref={box} style={{ height }}>
        {width > 0 && categories.length > 0 && (
          <svg width={width} height={height} role="img" aria-label={ariaLabel}>
            <g>
              {ticks.map((t) => (
                <g key={t}>
                  <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
                  <text x={MARGIN.left - 8} y={y(t)} dy="0.32em" textAnchor="end">{formatValue(t)}</text>
                </g>
              ))}
              {categories.map((c, i) =>
                i % every === 0 || i === categories.length - 1 ? (
                  <text key={c} x={x(i)} y={MARGIN.top + plotHeight + 18} textAnchor="middle">{c}</text>
                ) : null,
              )}
            </g>
            {band && <path d={bandPath(band.lower, band.upper, x, y)} fill={band.color} data-testid="band" />}
            {target && (
              <g data-testid="target-line">
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(target.value)} y2={y(target.value)} stroke={target.color ?? TARGET_COLOR} strokeDasharray="6 4" />
                <text className="bp-chart-target" x={width - MARGIN.right} y={y(target.value) - 6} textAnchor="end">{target.label}</text>
              </g>
            )}
            {series.map((s) => (
              <g key={s.name}>
                <path
                  d={linePath(s.data, x, y)}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={s.width ?? 2}
                  strokeDasharray={s.dashed ? '6 4' : undefined}
                  strokeLinejoin="round"
                  data-testid={s.testId}
                />
                {s.markers && (
                  <g data-testid={s.testId && `${s.testId}-points`}>
                    {/* biome-ignore lint/suspicious/noArrayIndexKey: a point's index is its place on the x axis */}
                    {s.data.map((v, i) => (v == null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={(s.width ?? 2) + 0.5} fill="#fff" stroke={s.color} strokeWidth={1.5} />))}
                  </g>
                )}
              </g>
            ))}
            {hover != null && <line x1={x(hover)} x2={x(hover)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke="#9ca3af" strokeDasharray="3 3" />}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: a transparent layer whose mouse handlers only move the tooltip */}
            <rect
              x={MARGIN.left - step / 2}
              y={MARGIN.top}
              width={plotWidth + step}
              height={plotHeight}
              fill="transparent"
              onMouseMove={onMove}
              onMouseLeave={() => setHover(null)}
            />
          </svg>
        )}
        {hover != null && tooltip && (
          <div className="bp-chart-tip" style={tipPosition(x(hover), width)}>{tooltip(hover)}</div>
        )}
      </div>
      <div className="bp-chart-legend">
        {series.map((s) => (
          <span key={s.name}>
            <i className={`bp-chart-swatch${s.dashed ? ' bp-dashed' : ''}`} style={s.dashed ? { borderTopColor: s.color } : { background: s.color }} />
            {s.name}
          </span>
        ))}
        {band && (
          <span>
            <i className="bp-chart-swatch bp-area" style={{ background: band.color }} />
            {band.name}
          </span>
        )}
      </div>
    </div>
  );
}

/** Beside the hovered point, on the side with room. */
function tipPosition(px: number, width: number) {
  return px > width * 0.6 ? { right: width - px + 12, top: LINE_MARGIN.top } : { left: px + 12, top: LINE_MARGIN.top };
}
