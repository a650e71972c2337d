/**
 * The reports' charts drawn on the server: the trend of a figure against its target with the forecast band, and the
 * commune map, as SVG text built from the web's chart geometry and colours (shared/charts, the same code as
 * web/src/components/LineChart.tsx and ChoroplethMap.tsx), then as PNG through resvg for the docx and the PDF.
 * Labels are Vietnamese; numbers are written 1.234.567 (shared/format.ts).
 */
import { Resvg } from '@resvg/resvg-js';
import { bandPath, lineLayout, linePath, projectFeatures } from '#shared/charts/geometry.ts';
import { BAND_COLOR, CHART_COLORS, NO_DATA_COLOR, STATUS_COLORS, TARGET_COLOR } from '#shared/charts/colors.ts';
import { formatInt, formatPeriod } from '#shared/format.ts';
import { communeFeatures } from '../reference/geo.ts';
import type { ChartSpec, MapChart, TrendChart } from './model.ts';
import { CHART_FONT_FAMILY, FONT_FILES } from './fonts.ts';

/** The SVG's own size in user units (px); the PNG is scaled from it. */
export const CHART_SIZE = { trend: { width: 800, height: 420 }, map: { width: 760, height: 720 } } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A rough width of a label at `size` px (DejaVu Sans averages ~0.6 em): enough to lay out a legend row. */
const textWidth = (s: string, size: number) => [...s].length * size * 0.6;

type LegendItem = { label: string; swatch: string };

/** Legend items in rows centred under the chart, from `top` down. */
function legendRows(items: LegendItem[], width: number, top: number, size = 13): string {
  const rows: { items: { item: LegendItem; w: number }[]; w: number }[] = [{ items: [], w: 0 }];
  for (const item of items) {
    const w = 26 + textWidth(item.label, size) + 18;
    let row = rows[rows.length - 1];
    if (row.w + w > width - 40 && row.items.length) rows.push((row = { items: [], w: 0 }));
    row.items.push({ item, w });
    row.w += w;
  }
  return rows
    .map((row, r) => {
      let x = (width - row.w) / 2;
      const y = top + r * (size + 8);
      return row.items
        .map(({ item, w }) => {
          const out = `<g transform="translate(${x.toFixed(1)},${y})">${item.swatch}<text x="26" y="0" dy="0.35em" font-size="${size}">${esc(item.label)}</text></g>`;
          x += w;
          return out;
        })
        .join('');
    })
    .join('');
}

const svgOpen = (width: number, height: number, title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT_FAMILY}" fill="#374151">` +
  `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
  `<title>${esc(title)}</title>` +
  `<text x="${width / 2}" y="24" text-anchor="middle" font-size="17" font-weight="bold" fill="#111827">${esc(title)}</text>`;

function trendSvg(spec: TrendChart): string {
  const { width, height } = CHART_SIZE.trend;
  const legendTop = height - 34;
  const values = [...spec.series.flatMap((s) => s.values), ...(spec.band ? [...spec.band.low, ...spec.band.high] : []), ...(spec.target ? [spec.target.value] : [])];
  const { ticks, x, y, plotHeight, every, margin } = lineLayout(spec.months.length, values, width, height, { left: 84, right: 28, top: 56, bottom: 84 });
  const parts: string[] = [svgOpen(width, height, spec.title)];
  parts.push(`<text x="${margin.left - 8}" y="${margin.top - 14}" text-anchor="end" font-size="12">${esc(spec.unit)}</text>`);
  for (const t of ticks) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(t).toFixed(1)}" dy="0.32em" text-anchor="end" font-size="12">${esc(formatInt(t))}</text>`);
  }
  spec.months.forEach((m, i) => {
    if (i % every === 0 || i === spec.months.length - 1) {
      parts.push(`<text x="${x(i).toFixed(1)}" y="${margin.top + plotHeight + 20}" text-anchor="middle" font-size="12">${esc(formatPeriod(m))}</text>`);
    }
  });
  const legend: LegendItem[] = [];
  const seriesLegend: LegendItem[] = [];
  if (spec.band) {
    parts.push(`<path d="${bandPath(spec.band.low, spec.band.high, x, y)}" fill="${BAND_COLOR}" data-role="band"/>`);
    legend.push({ label: spec.band.name, swatch: `<rect x="0" y="-6" width="20" height="12" fill="${BAND_COLOR}"/>` });
  }
  if (spec.target) {
    const ty = y(spec.target.value).toFixed(1);
    const label = `${spec.target.name}: ${formatInt(spec.target.value)}`;
    parts.push(`<g data-role="target"><line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="${TARGET_COLOR}" stroke-width="1.5" stroke-dasharray="6 4"/>` +
      `<text x="${width - margin.right}" y="${(Number(ty) - 7).toFixed(1)}" text-anchor="end" font-size="13" fill="${TARGET_COLOR}">${esc(label)}</text></g>`);
    legend.push({ label: spec.target.name, swatch: `<line x1="0" x2="20" y1="0" y2="0" stroke="${TARGET_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>` });
  }
  spec.series.forEach((s, k) => {
    const color = CHART_COLORS[k % CHART_COLORS.length];
    parts.push(`<path d="${linePath(s.values, x, y)}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round" data-series="${esc(s.name)}"/>`);
    for (const [i, v] of s.values.entries()) {
      if (v != null) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>`);
    }
    seriesLegend.push({ label: s.name, swatch: `<line x1="0" x2="20" y1="0" y2="0" stroke="${color}" stroke-width="3"/>` });
  });
  // Series first, in their order, then the band and the target.
  parts.push(legendRows([...seriesLegend, ...legend], width, legendTop));
  parts.push('</svg>');
  return parts.join('');
}

const KLASS_COLORS: Record<MapChart['communes'][number]['klass'], string> = {
  on_track: STATUS_COLORS.on_track,
  at_risk: STATUS_COLORS.at_risk,
  off_track: STATUS_COLORS.off_track,
  no_data: STATUS_COLORS.none,
};

function mapSvg(spec: MapChart): string {
  const { width, height } = CHART_SIZE.map;
  const top = 40;
  const byCode = new Map(spec.communes.map((c) => [c.code, c]));
  const shapes = projectFeatures(communeFeatures(), width, height - top, 10);
  const parts: string[] = [svgOpen(width, height, spec.title), `<g transform="translate(0,${top})">`];
  for (const s of shapes) {
    const c = byCode.get(s.code);
    parts.push(`<path d="${s.d}" fill="${c ? KLASS_COLORS[c.klass] : NO_DATA_COLOR}" stroke="#ffffff" stroke-width="0.8" data-code="${esc(s.code)}"><title>${esc(s.name)}</title></path>`);
  }
  parts.push('</g>');
  // The legend over the bottom-left corner, as on the web.
  const size = 14;
  const lineH = size + 10;
  const boxW = 24 + Math.max(0, ...spec.legend.map((l) => textWidth(l.label, size))) + 20;
  const boxH = spec.legend.length * lineH + 12;
  const bx = 12;
  const by = height - boxH - 12;
  parts.push(`<g data-role="legend"><rect x="${bx}" y="${by}" width="${boxW.toFixed(0)}" height="${boxH}" rx="4" fill="#ffffff" fill-opacity="0.85"/>`);
  spec.legend.forEach((l, i) => {
    const cy = by + 6 + lineH * i + lineH / 2;
    parts.push(`<circle cx="${bx + 14}" cy="${cy}" r="6" fill="${KLASS_COLORS[l.klass]}"/><text x="${bx + 28}" y="${cy}" dy="0.35em" font-size="${size}">${esc(l.label)}</text>`);
  });
  parts.push('</g></svg>');
  return parts.join('');
}

/** The chart as a standalone SVG document (white background, its title on top, its legend). */
export function renderChartSvg(spec: ChartSpec): string {
  return spec.type === 'trend' ? trendSvg(spec) : mapSvg(spec);
}

/** The chart as a PNG `width` pixels wide (default 1800: sharp at the width of an A4 text block). */
export async function renderChartPng(spec: ChartSpec, opts: { width?: number } = {}): Promise<Buffer> {
  const svg = renderChartSvg(spec);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(opts.width ?? 1800)) },
    font: { fontFiles: [FONT_FILES.sans, FONT_FILES.sansBold], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}
