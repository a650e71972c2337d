/**
 * Simplifies the commune boundaries for the browser map (Douglas–Peucker, ~100 m, 4 decimals).
 * Usage: npx tsx scripts/simplify-geojson.ts <source.geojson> reference/communes.geo.json
 * Source: MIT-licensed vietnamese-provinces-database (see reference/SOURCES.md).
 */
import fs from 'node:fs';

type Pt = [number, number];
const TOLERANCE = 0.001;

function perpendicular(p: Pt, a: Pt, b: Pt) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

function simplify(points: Pt[]): Pt[] {
  if (points.length < 3) return points;
  let maxD = 0, index = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = perpendicular(points[i], points[0], points[points.length - 1]);
    if (d > maxD) { maxD = d; index = i; }
  }
  if (maxD <= TOLERANCE) return [points[0], points[points.length - 1]];
  return [...simplify(points.slice(0, index + 1)).slice(0, -1), ...simplify(points.slice(index))];
}

const round = (p: Pt): Pt => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4];
const ring = (r: Pt[]) => {
  const s = simplify(r).map(round);
  return s.length >= 4 ? s : r.map(round);
};

const [src, out] = process.argv.slice(2);
const geo = JSON.parse(fs.readFileSync(src, 'utf8'));
for (const f of geo.features) {
  const g = f.geometry;
  if (g.type === 'Polygon') g.coordinates = g.coordinates.map(ring);
  else if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map((poly: Pt[][]) => poly.map(ring));
}
fs.writeFileSync(out, JSON.stringify(geo));
console.log(`${geo.features.length} features, ${fs.statSync(out).size} bytes`);
