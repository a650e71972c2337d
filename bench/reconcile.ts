/**
 * Reconciliation benchmark (npm run bench:reconcile): the synthetic province at --scale (default 1, about
 * 1.8 million residents), imported into a fresh database of the engine under test (the PostgreSQL server when
 * DATABASE_URL is set, embedded PGlite otherwise), then `runReconciliation` three times: a first run (builds the
 * resident keys, links every person record, inserts every finding), a second full run on unchanged data (--full) and a
 * third, incremental one on unchanged data (it reuses the second: server/reconcile/inputs.ts), and a fourth after a new
 * contributions file (bhxh-thu without the month before P), which redoes only the arrears checks.
 * Prints total and per-check time, the linkage and merge time, and peak RSS (this process, and the PGlite
 * host process). Targets: ≤ 60 s on the server, ≤ 150 s on PGlite, peak RSS ≤ 1,5 GB.
 *
 * Environment: BENCH_SCALE (1), BENCH_SEED (7), BENCH_DIR (generated files, reused when present; default
 * bench-out/reconcile-s<scale>-<seed>[-f<faults>]), BENCH_FAULTS (the generator's --faults, e.g. 0.02; off by default),
 * BENCH_KEEP_DB=1 keeps the database; BENCH_DETAILS=file.csv (with --eval) writes the mismatching subjects.
 * With --eval the run is also scored against the generator's truth.csv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { dbLockPath } from '../server/db/config.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seed = Number(process.env.BENCH_SEED ?? 7);
const faultSpec = process.env.BENCH_FAULTS ?? '';
const dir = path.resolve(process.env.BENCH_DIR ?? path.join(root, 'bench-out', `reconcile-s${scale}-${seed}${faultSpec ? `-f${faultSpec.replace(/[^0-9a-z.=-]/gi, '_')}` : ''}`));
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const s = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

function vmHwmKb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function generate() {
  if (fs.existsSync(path.join(dir, 'manifest.json'))) {
    console.log(`Dùng lại dữ liệu mẫu đã sinh trong ${dir}`);
    return;
  }
  const t = Date.now();
  const { generateDemo } = await import('../server/demo/generate.ts');
  const { parseFaults } = await import('../server/demo/faults.ts');
  await generateDemo({ scale, seed, outDir: dir, format: 'csv', faults: parseFaults(faultSpec) });
  console.log(`Sinh dữ liệu mẫu quy mô ${scale}, seed ${seed}: ${s(Date.now() - t)}`);
}

async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'postgres') {
    const name = `baophu_bench_reconcile_${process.pid}`;
    const url = new URL(process.env.DATABASE_URL!);
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url.pathname = `/${name}`;
    const dataDir = path.join(root, 'bench-out', `db-${name}`);
    const database = await openDatabase({ engine: 'postgres', url: url.toString(), dataDir });
    return {
      database,
      drop: async () => {
        await database.close();
        if (process.env.BENCH_KEEP_DB) return;
        const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dataDir = path.join(root, 'bench-out', `pglite-reconcile-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = await openDatabase({ engine: 'pglite', dataDir });
  return {
    database,
    drop: async () => {
      await database.close();
      if (!process.env.BENCH_KEEP_DB) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  console.log(`bench:reconcile — ${engine === 'postgres' ? 'máy chủ PostgreSQL' : 'PGlite nhúng'}, quy mô ${scale}, seed ${seed}`);
  await generate();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { asOf: string; period: string };
  const { database, drop } = await freshDatabase();
  try {
    await migrate(database.pool);
    const { importFile } = await import('../server/ingest/service.ts');
    const t0 = Date.now();
    for (const kind of FILE_KINDS) {
      const file = fs.readdirSync(dir).find((f) => f.startsWith(`${kind}.`));
      if (!file) continue;
      const r = await importFile(database, { kind, filePath: path.join(dir, file), userName: 'bench', replace: true });
      const rejected = (r as { rejected?: number }).rejected ?? 0;
      console.log(`  nhập ${kind}: ${r.status === 'unchanged' ? 'đã có' : `${(r as { accepted?: number }).accepted ?? '?'} dòng`}${rejected ? `, ${rejected} dòng bị loại` : ''}`);
    }
    console.log(`Nhập 12 tệp: ${s(Date.now() - t0)} (không tính vào mục tiêu)`);

    const { runReconciliation } = await import('../server/reconcile/service.ts');
    const hostPid = engine === 'pglite' ? (JSON.parse(fs.readFileSync(dbLockPath(database.config.dataDir), 'utf8')) as { pid: number }).pid : null;
    const runs: Array<[string, boolean]> = [
      ['Lần 1 (xây khóa dân cư, liên kết, ghi mọi phát hiện)', true],
      ['Lần 2 (dữ liệu không đổi, chạy lại toàn bộ: --full)', true],
      ['Lần 3 (dữ liệu không đổi, tăng dần: dùng lại lần 2)', false],
    ];
    for (const [label, full] of runs) {
      const r = await runReconciliation(database, { asOf: manifest.asOf, period: manifest.period, startedBy: 'bench', full });
      console.log('');
      console.log(`${label}: tổng ${s(r.ms ?? 0)}, ${r.total.toLocaleString('vi-VN')} phát hiện${r.reusedRunId ? ` (dùng lại lần #${r.reusedRunId})` : ''}`);
      if (r.reusedRunId) continue;
      console.log(`  liên kết danh tính ${s(r.linkage?.ms ?? 0)}${r.linkage?.residentsRebuilt ? ' (gồm xây lại khóa dân cư)' : ''}; ghép vào bảng phát hiện ${s(Number(r.stats?.mergeMs ?? 0))}`);
      for (const c of r.perCode) console.log(`  ${c.code.padEnd(24)} ${String(c.count.toLocaleString('vi-VN')).padStart(10)} ${s(c.ms).padStart(8)}`);
    }
    // A new contributions file (bhxh-thu without the rows of the month before P, whose deadline has passed, so the
    // arrears change): the run after it redoes only the arrears checks. Bytes are kept (latin1 in and out): some
    // files are in legacy encodings.
    const thu = path.join(dir, 'bhxh-thu.csv');
    const before = new Date(`${manifest.period.slice(0, 7)}-01T00:00:00Z`);
    before.setUTCMonth(before.getUTCMonth() - 1);
    const [py, pm] = [String(before.getUTCFullYear()), String(before.getUTCMonth() + 1)];
    // The period cell as the generator may write it (any delimiter; m/yyyy, mm/yyyy, mm.yyyy or yyyy-mm).
    const monthCell = new RegExp(`(^|[,;\\t"])(0?${pm}[/.-]${py}|${py}-${pm.padStart(2, '0')})([,;\\t"]|$)`);
    const changed = path.join(dir, 'bhxh-thu.bench-changed.csv');
    fs.writeFileSync(changed, fs.readFileSync(thu, 'latin1').split(/\r?\n/).filter((l, i) => i === 0 || !monthCell.test(l)).join('\n'), 'latin1');
    const ti = Date.now();
    const imported = await importFile(database, { kind: 'bhxh-thu', filePath: changed, userName: 'bench', replace: true });
    console.log('');
    console.log(`Nhập lại tệp đóng tiền (bhxh-thu, bỏ kỳ ${pm.padStart(2, '0')}/${py}): ${imported.status === 'imported' ? 'đã nhập' : imported.status}, ${s(Date.now() - ti)} (không tính vào mục tiêu)`);
    const after = await runReconciliation(database, { asOf: manifest.asOf, period: manifest.period, startedBy: 'bench' });
    const redone = (after.stats?.redone as string[] | undefined) ?? null;
    console.log(`Lần 4 (sau khi nhập tệp đóng tiền): tổng ${s(after.ms ?? 0)}, ${after.total.toLocaleString('vi-VN')} phát hiện; ${redone ? `chạy lại ${redone.join(', ')}` : 'chạy lại toàn bộ'}`);
    const own = process.resourceUsage().maxRSS;
    console.log('');
    console.log(`Bộ nhớ đỉnh (RSS): tiến trình đo ${mb(own)}${hostPid ? `, tiến trình PGlite ${mb(vmHwmKb(hostPid) ?? 0)}` : ''}`);
    if (process.argv.includes('--eval')) {
      const { evaluate } = await import('../server/reconcile/eval.ts');
      const e = await evaluate(database.db, path.join(dir, 'truth.csv'));
      for (const c of e.perCode) console.log(`  ${c.code.padEnd(24)} truth ${String(c.truth).padStart(6)} found ${String(c.found).padStart(6)} precision ${c.precision.toFixed(4)} recall ${c.recall.toFixed(4)}`);
      if (e.review) console.log(`  ${'chờ xem xét'.padEnd(24)} ${e.review.records} bản ghi; loại khỏi chấm điểm: ${e.excludedSubjects} đối tượng trùng tên`);
      // BENCH_DETAILS=file.csv: the mismatching subjects (code, subject, kind) for analysis.
      if (process.env.BENCH_DETAILS) {
        fs.writeFileSync(process.env.BENCH_DETAILS, `${['code,subject_id,kind', ...e.mismatches.map((m) => `${m.code},${m.subject_id},${m.kind}`)].join('\n')}\n`);
      }
    }
  } finally {
    await drop();
  }
}

await main();
