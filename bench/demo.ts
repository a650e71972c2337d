/**
 * Demo generator benchmark (npm run bench:demo): `baophu demo` at --scale 1 (about 1.8 million residents) into
 * bench-out/demo, printing the wall time, rows and bytes per file, truth size and peak RSS.
 * Environment: BENCH_SCALE (default 1), BENCH_SEED (7), BENCH_FORMAT (mixed|csv|xlsx), BENCH_KEEP=1 keeps the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo } from '../server/demo/generate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seed = Number(process.env.BENCH_SEED ?? 7);
const format = (process.env.BENCH_FORMAT ?? 'mixed') as 'mixed' | 'csv' | 'xlsx';
const outDir = path.join(root, 'bench-out', 'demo');

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 200);
const phases: string[] = [];
let last = Date.now();
const t0 = Date.now();
fs.rmSync(outDir, { recursive: true, force: true });
const result = await generateDemo({
  scale, seed, outDir, format,
  onProgress: (msg) => {
    const now = Date.now();
    phases.push(`${((now - t0) / 1000).toFixed(1).padStart(7)} s  ${msg}`);
    last = now;
  },
});
const seconds = (Date.now() - t0) / 1000;
clearInterval(sampler);
void last;
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);

const mb = (n: number) => (n / 1e6).toFixed(1);
console.log(`baophu demo --scale ${scale} --seed ${seed} --format ${format}`);
console.log(phases.join('\n'));
console.log('\nkind            format      rows        MB');
let bytes = 0;
let rows = 0;
for (const f of result.files) {
  const size = fs.statSync(f.path).size;
  bytes += size;
  rows += f.rows;
  console.log(`${f.kind.padEnd(15)} ${path.extname(f.path).slice(1).padEnd(6)} ${String(f.rows).padStart(10)} ${mb(size).padStart(9)}`);
}
const truthSize = fs.statSync(result.truthPath).size;
const truthLines = fs.readFileSync(result.truthPath, 'utf8').split('\n').length - 2;
console.log(`${'truth.csv'.padEnd(15)} ${'csv'.padEnd(6)} ${String(truthLines).padStart(10)} ${mb(truthSize).padStart(9)}`);
console.log(`\ntotal: ${rows} rows, ${mb(bytes + truthSize)} MB in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s); peak RSS ${mb(peak)} MB`);
if (!process.env.BENCH_KEEP) fs.rmSync(outDir, { recursive: true, force: true });
