/**
 * Geometry for the SVG charts — the web's LineChart and ChoroplethMap and the reports' charts drawn on the server
 * (server/reports/charts.ts): axis ticks, linear scales, the line chart's layout and paths, colour ramps and the
 * projection of GeoJSON shapes to SVG paths. Plain functions, no DOM.
 */

/** Round tick values covering [min, max] with about `count` steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  // A flat (or numerically flat) range gets a margin around its value.
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min <= magnitude * 1e-9 || max - min < 1e-9) {
    const pad = magnitude < 1e-9 ? 1 : magnitude * 0.05;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  let first = Math.floor(min / step) * step;
  let last = Math.ceil(max / step) * step;
  // min / step can underflow to 0 for subnormal values.
  if (first > min) first -= step;
  if (last < max) last += step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 does not print as 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = first; v <= last + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

/** Maps [d0, d1] linearly onto [r0, r1]; a collapsed domain maps to the middle of the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]) {
  const span = d1 - d0;
  return (v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/** The colour at t ∈ [0, 1] of a ramp through the given #rrggbb stops (clamped). */
export function rampColor(stops: readonly string[], t: number): string {
  if (stops.length === 1 || !Number.isFinite(t)) return stops[0];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = hex(stops[i]);
  const b = hex(stops[i + 1]);
  const f = x - i;
  return `#${a.map((v, k) => Math.round(v + (b[k] - v) * f).toString(16).padStart(2, '0')).join('')}`;
}

type Position = readonly number[];
export interface GeoGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Position[][] | Position[][][];
}
export interface GeoFeature {
  properties: { code: string; name?: string };
  geometry: GeoGeometry;
}

function polygons(g: GeoGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates as Position[][]] : (g.coordinates as Position[][][]);
}

/**
 * Fits the features into width × height (less `padding` on each side) with an equirectangular projection
 * scaled by cos(latitude) at the centre — true to shape for an area the size of a province — and returns
 * each feature's SVG path (`d`) and the point to anchor its tooltip.
 */
export function projectFeatures(features: readonly GeoFeature[], width: number, height: number, padding = 8) {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const f of features) {
    for (const poly of polygons(f.geometry)) {
      for (const ring of poly) {
        for (const [x, y] of ring) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
    }
  }
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = (maxX - minX) * kx || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const project = (x: number, y: number): [number, number] => [offX + (x - minX) * kx * scale, offY + (maxY - y) * scale];
  return features.map((f) => {
    let d = '';
    let cx = 0, cy = 0, n = 0;
    for (const poly of polygons(f.geometry)) {
      for (const ring of poly) {
        ring.forEach(([x, y], i) => {
          const [px, py] = project(x, y);
          d += `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
          cx += px;
          cy += py;
          n++;
        });
        d += 'Z';
      }
    }
    return { code: f.properties.code, name: f.properties.name ?? f.properties.code, d, anchor: [cx / (n || 1), cy / (n || 1)] as [number, number] };
  });
}

/** Margins of the line chart's plot area inside its SVG (room for the value axis on the left). */
export const LINE_MARGIN = { left: 64, right: 24, top: 28, bottom: 28 };

/**
 * The line chart's layout for `count` categories and the values it must show (series, band and target) in a
 * width × height box: the value ticks, the x of category i, the y of a value, the step between categories, the
 * plot's size and how often a category label is written (labels never closer than ~56 px).
 */
export function lineLayout(count: number, values: readonly (number | null | undefined)[], width: number, height: number, margin = LINE_MARGIN) {
  const finite = values.filter((v): v is number => v != null && Number.isFinite(v));
  const ticks = niceTicks(Math.min(...finite, Infinity), Math.max(...finite, -Infinity), 5);
  const plotWidth = Math.max(1, width - margin.left - margin.right);
  const plotHeight = Math.max(1, height - margin.top - margin.bottom);
  const step = count > 1 ? plotWidth / (count - 1) : 0;
  const x = (i: number) => margin.left + (count > 1 ? i * step : plotWidth / 2);
  const y = linearScale([ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1], [margin.top + plotHeight, margin.top]);
  const every = Math.max(1, Math.ceil((56 * count) / plotWidth));
  return { ticks, x, y, step, plotWidth, plotHeight, every, margin };
}

/** Runs of consecutive non-null points, as SVG path commands. */
export function linePath(values: ReadonlyArray<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let open = false;
  values.forEach((v, i) => {
    if (v == null) {
      open = false;
      return;
    }
    d += `${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    open = true;
  });
  return d;
}

/** The area between `lower` and `upper` over each run of indices where both are known, as SVG path commands. */
export function bandPath(lower: ReadonlyArray<number | null>, upper: ReadonlyArray<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  const runs: number[][] = [];
  lower.forEach((l, i) => {
    if (l == null || upper[i] == null) return;
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === i - 1) run.push(i);
    else runs.push([i]);
  });
  return runs
    .map((run) => {
      const top = run.map((i) => `${x(i).toFixed(1)},${y(upper[i]!).toFixed(1)}`);
      const bottom = [...run].reverse().map((i) => `${x(i).toFixed(1)},${y(lower[i]!).toFixed(1)}`);
      return `M${top.join('L')}L${bottom.join('L')}Z`;
    })
    .join('');
}
