/**
 * Derives the neighbouring communes (reference/commune-neighbours.csv) from the commune shapes of
 * reference/communes.geo.json: two communes are neighbours when their boundaries run along each other — a stretch
 * of at least MIN_SHARED of one boundary lies within TOLERANCE of the other's. The shapes were simplified
 * independently (Douglas–Peucker 0,001°, 4 decimals: scripts/simplify-geojson.ts), so a shared border may show a
 * gap or an overlap of up to about 0,002°; a corner where two communes only meet is kept as a neighbour too when
 * the stretch passes MIN_SHARED. Checks that the relation is symmetric and that every commune has a neighbour.
 * Usage: npx tsx scripts/commune-neighbours.ts [reference/communes.geo.json] [reference/commune-neighbours.csv]
 */
import fs from 'node:fs';

type Pt = [number, number];
/** Degrees (≈ 250 m): simplification moves each side of a shared border by up to 0,001°, rounding by 0,00005°. */
const TOLERANCE = 0.0025;
/** Degrees of boundary (≈ 300 m) that must run within TOLERANCE of the other commune's boundary. */
const MIN_SHARED = 0.003;

const src = process.argv[2] ?? 'reference/communes.geo.json';
const out = process.argv[3] ?? 'reference/commune-neighbours.csv';

interface Commune { code: string; name: string; rings: Pt[][]; box: [number, number, number, number] }

const geo = JSON.parse(fs.readFileSync(src, 'utf8')) as {
  features: Array<{ properties: { code: string; name: string }; geometry: { type: string; coordinates: Pt[][][] | Pt[][] } }>;
};
const communes: Commune[] = geo.features.map((f) => {
  const polys = (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates]) as Pt[][][];
  const rings = polys.flat();
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  return { code: f.properties.code, name: f.properties.name, rings, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
});

function segDist(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function distToBoundary(p: Pt, c: Commune): number {
  let best = Infinity;
  for (const r of c.rings) for (let i = 0; i + 1 < r.length; i++) best = Math.min(best, segDist(p, r[i], r[i + 1]));
  return best;
}

/** Length of a's boundary that lies within TOLERANCE of b's boundary (edges split in ≈ 0,0005° steps). */
function sharedLength(a: Commune, b: Commune): number {
  let shared = 0;
  for (const r of a.rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const [p, q] = [r[i], r[i + 1]];
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
      const steps = Math.max(1, Math.ceil(len / 0.0005));
      for (let s = 0; s < steps; s++) {
        const t = (s + 0.5) / steps;
        if (distToBoundary([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])], b) <= TOLERANCE) shared += len / steps;
      }
    }
  }
  return shared;
}

const overlap = (a: Commune, b: Commune) =>
  a.box[0] - TOLERANCE <= b.box[2] && b.box[0] - TOLERANCE <= a.box[2] && a.box[1] - TOLERANCE <= b.box[3] && b.box[1] - TOLERANCE <= a.box[3];

const pairs: Array<[string, string, number]> = [];
for (let i = 0; i < communes.length; i++) {
  for (let j = i + 1; j < communes.length; j++) {
    const a = communes[i], b = communes[j];
    if (!overlap(a, b)) continue;
    // Symmetric by construction: the longer of the two one-way stretches decides.
    const len = Math.max(sharedLength(a, b), sharedLength(b, a));
    if (len >= MIN_SHARED) pairs.push(a.code < b.code ? [a.code, b.code, len] : [b.code, a.code, len]);
  }
}
const byCode = new Map<string, Set<string>>(communes.map((c) => [c.code, new Set()]));
for (const [a, b] of pairs) {
  byCode.get(a)?.add(b);
  byCode.get(b)?.add(a);
}
for (const [a, ns] of byCode) {
  for (const b of ns) if (!byCode.get(b)?.has(a)) throw new Error(`not symmetric: ${a} ${b}`);
}
const lonely = [...byCode].filter(([, ns]) => ns.size === 0).map(([c]) => c);
if (lonely.length) throw new Error(`communes without a neighbour: ${lonely.join(', ')}`);
// One line per direction (commune → neighbour), sorted, so a lookup by either code is a plain equality.
const lines = ['commune_code,neighbour_code,shared_km'];
const km = (deg: number) => (deg * 111).toFixed(1);
const rows = pairs.flatMap(([a, b, len]) => [[a, b, len], [b, a, len]] as Array<[string, string, number]>).sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
for (const [a, b, len] of rows) lines.push(`${a},${b},${km(len)}`);
fs.writeFileSync(out, `${lines.join('\n')}\n`);
const degrees = [...byCode.values()].map((s) => s.size);
console.log(`${communes.length} communes, ${pairs.length} neighbouring pairs, neighbours per commune ${Math.min(...degrees)}–${Math.max(...degrees)} (mean ${(2 * pairs.length / communes.length).toFixed(1)}) → ${out}`);
