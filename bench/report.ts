/**
 * Report benchmark (npm run bench:report -- --scale 1), on the PostgreSQL server (DATABASE_URL):
 *   1. prepares a database with the demo province at the given scale (generate → import the 12 files → reconcile →
 *      refreshProgress), or reuses the one prepared before for the same scale and seed (--fresh rebuilds it);
 *   2. runs the real command `baophu report make annual --year Y --month M --format docx --out … --json` (every format
 *      of the kind is rendered and stored) and prints its wall time (target: under 30 s) and the size of each format;
 *   3. when LibreOffice and poppler are installed, a picture of the first page (bench-out/report/annual-page1.png).
 * Options: --scale S (default 1), --seed N (7), --fresh.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../server/db/migrate.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { adminQuery, serverDatabaseUrl, recreateServerDatabase } from './scratch-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '7' }, fresh: { type: 'boolean', default: false } } });
const scale = Number(values.scale);
const seed = Number(values.seed);
const DB_NAME = 'baophu_bench_report';
const outDir = path.join(root, 'bench-out', 'report');
const log = (s: string) => console.log(s);
const secs = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('vi-VN')} KB`;

if (!process.env.DATABASE_URL) {
  console.error('Cần DATABASE_URL (máy chủ PostgreSQL), ví dụ DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npm run bench:report -- --scale 1');
  process.exit(2);
}
async function prepared(): Promise<{ period: string } | null> {
  if (!(await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`)).rowCount) return null;
  const c = new pg.Client({ connectionString: serverDatabaseUrl(DB_NAME) });
  await c.connect();
  try {
    const r = await c.query(`SELECT value FROM app_state WHERE key = 'bench_report'`).catch(() => ({ rows: [] as Array<{ value: unknown }> }));
    const v = r.rows[0]?.value as { scale: number; seed: number; period: string } | undefined;
    return v && v.scale === scale && v.seed === seed ? { period: v.period } : null;
  } finally {
    await c.end();
  }
}

async function prepare(): Promise<{ period: string }> {
  log(`Chuẩn bị CSDL ${DB_NAME} (quy mô ${scale}, seed ${seed})…`);
  const database = await recreateServerDatabase(DB_NAME, path.join(outDir, 'data'));
  try {
    await migrate(database.pool);
    const { generateDemo } = await import('../server/demo/generate.ts');
    const { importFile } = await import('../server/ingest/service.ts');
    const { runReconciliation } = await import('../server/reconcile/service.ts');
    const { refreshProgress } = await import('../server/targets/service.ts');
    let t = Date.now();
    const { files, manifestPath } = await generateDemo({ scale, seed, outDir: path.join(outDir, 'demo'), onProgress: () => undefined });
    log(`  sinh dữ liệu mẫu: ${secs(Date.now() - t)}`);
    t = Date.now();
    for (const kind of FILE_KINDS) {
      const f = files.find((x) => x.kind === kind);
      if (f) await importFile(database, { kind, filePath: f.path, fileName: path.basename(f.path), userName: 'bench', replace: true });
    }
    log(`  nhập 12 tệp: ${secs(Date.now() - t)}`);
    t = Date.now();
    await runReconciliation(database, {});
    log(`  đối soát: ${secs(Date.now() - t)}`);
    t = Date.now();
    await refreshProgress(database);
    log(`  refreshProgress: ${secs(Date.now() - t)}`);
    const { period } = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { period: string };
    await database.pool.query(`INSERT INTO app_state (key, value) VALUES ('bench_report', $1::jsonb)`, [JSON.stringify({ scale, seed, period })]);
    return { period };
  } finally {
    await database.close();
  }
}

const ready = (!values.fresh && (await prepared())) || (await prepare());
fs.mkdirSync(outDir, { recursive: true });
const [year, month] = ready.period.split('-');
const out = path.join(outDir, 'annual.docx');
const env = { ...process.env, DATABASE_URL: serverDatabaseUrl(DB_NAME), BAOPHU_DATA_DIR: path.join(outDir, 'data') };
const started = Date.now();
const r = spawnSync(process.execPath, [path.join(root, 'bin/baophu.mjs'), 'report', 'make', 'annual', '--year', year, '--month', month, '--format', 'docx', '--out', out, '--json'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const wall = Date.now() - started;
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const made = JSON.parse(r.stdout) as { id: number; seconds: number; sizes: Record<string, number> };
log(`baophu report make annual --year ${year} --month ${month} (quy mô ${scale}): ${secs(wall)} (trong lệnh ${secs(made.seconds * 1000)}; mục tiêu < 30 s)`);
for (const [format, size] of Object.entries(made.sizes)) log(`  ${format}: ${kb(size)}`);
if (fs.existsSync('/usr/bin/soffice') && fs.existsSync('/usr/bin/pdftoppm')) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-'));
  spawnSync('/usr/bin/soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, out], { timeout: 120_000 });
  fs.rmSync(profile, { recursive: true, force: true });
  spawnSync('/usr/bin/pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', path.join(outDir, 'annual.pdf'), path.join(outDir, 'annual-page1')]);
  if (fs.existsSync(path.join(outDir, 'annual-page1.png'))) log(`  trang đầu: ${path.relative(root, path.join(outDir, 'annual-page1.png'))}`);
}
