/**
 * Dashboard benchmark (npm run bench:dashboard -- --scale 1), on the PostgreSQL server (DATABASE_URL):
 *   1. prepares a database with the demo province at the given scale (generate → import every file, with
 *      refreshProgress after each import that feeds progress, as the CLI and web imports do → reconcile →
 *      refreshProgress), or reuses the one prepared before for the same scale and seed;
 *      `--source synthetic` fills bhxh-nguoi / dan-cu / lao-dong / chi-tieu straight by SQL instead;
 *   2. runs the real server (`baophu serve --no-demo`) on loopback;
 *   3. autocannon, 20 concurrent clients, a bounded number of requests per endpoint: latency p50 / p95 / p99
 *      of GET /api/progress/overview and GET /api/progress/communes/:code (target: p95 ≤ 100 ms);
 *   4. headless Chromium (/usr/bin/chromium): time from the navigation's start to the painted frame of the
 *      overview's first render — headline figures, trend chart and map — with a cold cache (target ≤ 2 s),
 *      recorded in the page (RENDER_PROBE); the time seen from Playwright is printed too. It starts 3 s after the
 *      load test, with one render that is not counted.
 * Options: --scale S (default 1), --seed N (7), --source demo|synthetic, --fresh (rebuild the data),
 * --requests N per endpoint (4000), --connections C (20), --renders N (5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { openDatabase, type Database } from '../server/db/connect.ts';
import { adminQuery, serverDatabaseUrl, recreateServerDatabase } from './scratch-db.ts';
import { migrate } from '../server/db/migrate.ts';
import { createUser } from '../server/auth/users.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { refreshProgress, refreshProgressAfter } from '../server/targets/service.ts';
import { startBenchServer, benchLogin, loadTest, quantile } from './server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    source: { type: 'string', default: 'demo' },
    fresh: { type: 'boolean', default: false },
    requests: { type: 'string', default: '4000' },
    connections: { type: 'string', default: '20' },
    renders: { type: 'string', default: '5' },
  },
});
const scale = Number(values.scale);
const seed = Number(values.seed);
const source = values.source as 'demo' | 'synthetic';
const PASSWORD = 'BenchMatKhau1';
const DB_NAME = 'baophu_bench_dashboard';
const outDir = path.join(root, 'bench-out', 'dashboard');

if (!process.env.DATABASE_URL) {
  console.error('Cần DATABASE_URL (máy chủ PostgreSQL), ví dụ DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres npm run bench:dashboard -- --scale 1');
  process.exit(2);
}
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (s: string) => console.log(s);

/** The prepared database, when it holds the same scale, seed and source. */
async function prepared(): Promise<boolean> {
  const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`);
  if (!exists.rowCount) return false;
  const c = new pg.Client({ connectionString: serverDatabaseUrl(DB_NAME) });
  await c.connect();
  try {
    const r = await c.query(`SELECT value FROM app_state WHERE key = 'bench_dashboard'`).catch(() => ({ rows: [] as Array<{ value: unknown }> }));
    const v = r.rows[0]?.value as { scale: number; seed: number; source: string; done: boolean } | undefined;
    return !!v && v.done && v.scale === scale && v.seed === seed && v.source === source;
  } finally {
    await c.end();
  }
}

async function fillFromDemo(database: Database) {
  const { generateDemo } = await import('../server/demo/generate.ts');
  const { importFile } = await import('../server/ingest/service.ts');
  const dir = path.join(outDir, 'demo');
  let t = Date.now();
  const { files, manifestPath } = await generateDemo({ scale, seed, outDir: dir, onProgress: () => undefined });
  log(`  sinh dữ liệu mẫu: ${secs(Date.now() - t)}`);
  t = Date.now();
  for (const kind of FILE_KINDS) {
    const f = files.find((x) => x.kind === kind);
    if (!f) continue;
    const r = await importFile(database, { kind, filePath: f.path, fileName: path.basename(f.path), userName: 'bench', replace: true });
    log(`  nhập ${kind}: ${r.accepted}/${r.rows} dòng${r.rejected ? `, loại ${r.rejected}` : ''}`);
    // As `baophu import` and the web import do: the aggregates are rebuilt right after an import that feeds them.
    const started = Date.now();
    const before = Number((await database.pool.query('SELECT count(*) AS n FROM progress_run')).rows[0].n);
    if (r.status === 'imported') await refreshProgressAfter(database, { importedKind: kind });
    if (Number((await database.pool.query('SELECT count(*) AS n FROM progress_run')).rows[0].n) > before) log(`    refreshProgress ngay sau khi nhập: ${secs(Date.now() - started)}`);
  }
  log(`  nhập 12 tệp: ${secs(Date.now() - t)}`);
  t = Date.now();
  try {
    const { runReconciliation } = await import('../server/reconcile/service.ts');
    const run = await runReconciliation(database, {});
    log(`  đối soát: ${run.total} phát hiện, ${secs(Date.now() - t)}`);
  } catch (err) {
    log(`  đối soát không chạy được (${(err as Error).message}); tiếp tục không có liên kết người`);
  }
  return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { period: string; activeParticipants: { residents: { total: number } } };
}

/** bhxh-nguoi / dan-cu / lao-dong / chi-tieu by SQL: ~ 1.8 M residents × scale, 25 % participating. */
async function fillSynthetic(database: Database) {
  const residents = Math.round(1_800_000 * scale);
  const q = (text: string, params: unknown[] = []) => database.pool.query(text, params);
  const batch = async (kind: string, period: string | null) =>
    Number((await q(`INSERT INTO import_batch (kind, period, file_name, content_sha256, file_size, imported_by_name) VALUES ($1, $2, $3, md5(random()::text), 0, 'bench') RETURNING id`, [kind, period, `${kind}.csv`])).rows[0].id);
  const t = Date.now();
  const dan = await batch('dan-cu', null);
  await q(`INSERT INTO src_dan_cu (batch_id, row_no, person_id, full_name, birth_date, sex, commune_code)
           SELECT $1::bigint, i + 1, '019' || lpad(i::text, 9, '0'), 'Nguyễn Văn A', date '1960-01-01' + (i % 15000), CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END,
                  (SELECT array_agg(code ORDER BY code) FROM commune)[1 + ((i::bigint * 7919) % 92)::int]
           FROM generate_series(0, $2::int - 1) i`, [dan, residents]);
  const nguoi = await batch('bhxh-nguoi', '2026-10-01');
  await q(`INSERT INTO src_bhxh_nguoi (batch_id, row_no, person_id, person_id_valid, full_name, birth_date, sex, commune_code, scheme,
                                       unemployment_insured, unit_code, contribution_base, from_period, to_period, snapshot_period)
           SELECT $1::bigint, i + 1, '019' || lpad(((i * 4) % $2::int)::text, 9, '0'), true, 'Nguyễn Văn A', date '1980-01-01', 'M', NULL,
                  CASE WHEN i % 10 = 0 THEN 'TN' ELSE 'BB' END, i % 10 <> 0 AND i % 7 <> 0, 'DV' || (i % 5000), 6000000,
                  (date '2026-10-01' - make_interval(months => (i % 40)))::date,
                  CASE WHEN i % 6 = 0 THEN (date '2026-10-01' - make_interval(months => (i % 11)))::date END,
                  date '2026-10-01'
           FROM generate_series(0, $3::int - 1) i`, [nguoi, residents, Math.round(residents * 0.3)]);
  const lao = await batch('lao-dong', null);
  await q(`INSERT INTO src_lao_dong (batch_id, row_no, commune_code, year, labour_force, labour_force_working_age)
           SELECT $1::bigint, row_number() OVER (), c.code, 2026, (SELECT count(*) FROM src_dan_cu d WHERE d.commune_code = c.code) * 6 / 10,
                  (SELECT count(*) FROM src_dan_cu d WHERE d.commune_code = c.code) / 2 FROM commune c`, [lao]);
  const ct = await batch('chi-tieu', null);
  await q(`INSERT INTO src_chi_tieu (batch_id, row_no, year, commune_code, target_total, target_voluntary, basis)
           SELECT $1::bigint, row_number() OVER (), 2026, c.code, ($2::int * 3 / 10 / 92) * 11 / 10, $2::int * 3 / 100 / 92, 'bench' FROM commune c
           UNION ALL SELECT $1::bigint, 1000, 2026, '19', $2::int * 33 / 100, $2::int * 3 / 100, 'bench'`, [ct, residents]);
  log(`  dữ liệu tổng hợp (${residents.toLocaleString('vi-VN')} cư dân): ${secs(Date.now() - t)}`);
}

async function prepare() {
  log(`Chuẩn bị CSDL ${DB_NAME} (quy mô ${scale}, seed ${seed}, nguồn ${source})…`);
  const database = await recreateServerDatabase(DB_NAME, path.join(outDir, 'data'));
  try {
    await migrate(database.pool);
    if (source === 'demo') await fillFromDemo(database);
    else await fillSynthetic(database);
    const t = Date.now();
    await refreshProgress(database);
    log(`  refreshProgress: ${secs(Date.now() - t)}`);
    await createUser(database.db, { username: 'bench_lanhdao', fullName: 'Lãnh đạo (bench)', password: PASSWORD, role: 'leadership' });
    await database.pool.query(`INSERT INTO app_state (key, value) VALUES ('bench_dashboard', $1::jsonb)`, [JSON.stringify({ scale, seed, source, done: true })]);
  } finally {
    await database.close();
  }
}

async function refreshTiming() {
  const database = await openDatabase({ engine: 'postgres', url: serverDatabaseUrl(DB_NAME), dataDir: path.join(outDir, 'data') });
  try {
    const counts = await database.pool.query(`SELECT (SELECT count(*) FROM cur_bhxh_nguoi)::int AS nguoi, (SELECT count(*) FROM cur_dan_cu)::int AS dan,
      (SELECT row->>'activeTotal' FROM progress_summary WHERE unit_code = '19' ORDER BY year DESC LIMIT 1) AS active,
      (SELECT max(period) FROM progress_monthly) AS period`);
    const t = Date.now();
    await refreshProgress(database);
    const c = counts.rows[0];
    log(`Dữ liệu: ${Number(c.nguoi).toLocaleString('vi-VN')} hồ sơ bhxh-nguoi, ${Number(c.dan).toLocaleString('vi-VN')} cư dân, ${Number(c.active).toLocaleString('vi-VN')} người đang tham gia (tháng ${c.period})`);
    log(`refreshProgress (dựng lại toàn bộ): ${Date.now() - t} ms`);
  } finally {
    await database.close();
  }
}

const startServer = () => startBenchServer(serverDatabaseUrl(DB_NAME), path.join(outDir, 'data'));
const login = (url: string) => benchLogin(url, 'bench_lanhdao', PASSWORD);
const load = (url: string, cookie: string, pathName: string) => loadTest(url, cookie, pathName, Number(values.requests), Number(values.connections), log);

/**
 * Recorded in the page (an init script, so Playwright's round trips between steps are not counted): when the
 * headline figure, then the figure with the trend chart's line and the map's communes (SVG), are first in the
 * DOM, and when that frame has been painted (a message posted from the next animation frame runs after its paint).
 * Milliseconds from the navigation's start (performance.now()).
 */
const RENDER_PROBE = `(() => {
  const marks = (window.__bpRender = {});
  const afterPaint = (key) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { marks[key] = performance.now(); };
    channel.port2.postMessage(null);
  });
  const check = () => {
    if (marks.headlineInDom === undefined && document.querySelector('[data-testid="active-total"]')) {
      marks.headlineInDom = performance.now();
      afterPaint('headline');
    }
    if (marks.fullInDom === undefined && marks.headlineInDom !== undefined
      && document.querySelector('[data-testid="trend-chart"] [data-testid="line-total"]')
      && document.querySelector('[data-testid="commune-map"] path[data-code]')) {
      marks.fullInDom = performance.now();
      afterPaint('full');
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function renders(url: string, cookie: string) {
  const browser = await chromium.launch({ executablePath: process.env.BAOPHU_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const full: number[] = [];
  const headline: number[] = [];
  const wall: number[] = [];
  try {
    const [name, value] = cookie.split(';')[0].split('=');
    // One render first, not counted: the server just came out of the load test above, and a running server has
    // served its pages before (the browser's cache stays cold: every render has a new context).
    await new Promise((r) => setTimeout(r, 3000));
    for (let i = -1; i < Number(values.renders); i++) {
      // A new context each time: cold cache, as a first visit.
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 800 } });
      await context.addCookies([{ name, value, url }]);
      await context.addInitScript(RENDER_PROBE);
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`${url}/`);
      await page.waitForFunction('window.__bpRender && window.__bpRender.full !== undefined', undefined, { timeout: 60_000 });
      const marks = (await page.evaluate('window.__bpRender')) as { headline: number; full: number };
      if (i >= 0) {
        wall.push(Date.now() - t0);
        headline.push(Math.round(marks.headline));
        full.push(Math.round(marks.full));
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const max = (xs: number[]) => Math.max(...xs);
  log(`Trang Tổng quan trong Chromium headless, bộ nhớ đệm trống, ${full.length} lần (từ lúc bắt đầu điều hướng đến khung hình đã vẽ):`);
  log(`  số liệu chính hiện ra: trung vị ${median(headline)} ms, lâu nhất ${max(headline)} ms (${headline.join(', ')} ms)`);
  log(`  số liệu, biểu đồ và bản đồ đã vẽ: trung vị ${median(full)} ms, lâu nhất ${max(full)} ms (${full.join(', ')} ms)`);
  log(`  đo từ phía Playwright (gồm cả độ trễ điều khiển trình duyệt): trung vị ${median(wall)} ms (${wall.join(', ')} ms)`);
  return median(full);
}

async function main() {
  if (values.fresh || !(await prepared())) await prepare();
  else log(`Dùng lại CSDL ${DB_NAME} đã chuẩn bị (quy mô ${scale}, seed ${seed}, nguồn ${source}).`);
  await refreshTiming();
  const { url, child } = await startServer();
  try {
    const cookie = await login(url);
    const code = ((await (await fetch(`${url}/api/progress/overview`, { headers: { cookie } })).json()) as { communes: Array<{ unitCode: string; activeTotal: number }> }).communes
      .sort((a, b) => b.activeTotal - a.activeTotal)[0].unitCode;
    const p95Overview = await load(url, cookie, '/api/progress/overview');
    const p95Commune = await load(url, cookie, `/api/progress/communes/${code}`);
    const render = await renders(url, cookie);
    log(`Tải máy lúc đo (loadavg 1/5/15 phút, ${os.cpus().length} lõi): ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
    log('');
    log(`KẾT QUẢ: p95 /api/progress/overview = ${p95Overview.toFixed(1)} ms (mục tiêu ≤ 100 ms) ${p95Overview <= 100 ? 'ĐẠT' : 'KHÔNG ĐẠT'}; ` +
      `p95 /api/progress/communes/:code = ${p95Commune.toFixed(1)} ms ${p95Commune <= 100 ? 'ĐẠT' : 'KHÔNG ĐẠT'}; ` +
      `hiển thị đầu đầy đủ (trung vị) = ${render} ms (mục tiêu ≤ 2000 ms) ${render <= 2000 ? 'ĐẠT' : 'KHÔNG ĐẠT'}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

main().catch((err) => {
  console.error(`Lỗi: ${(err as Error).message}`);
  process.exit(1);
});
