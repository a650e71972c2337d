/**
 * Cases benchmark (npm run bench:cases -- --scale 1), on the PostgreSQL server (DATABASE_URL):
 *   1. a fresh database with findings at the given scale: `--source demo` (default) generates the demo province,
 *      imports the 12 files and reconciles (slow: minutes at scale 1); `--source synthetic` writes the findings
 *      straight by SQL in the proportions below (enforcement ≈ 47 000 and potential voluntary participants 700 000 at
 *      scale 1), for a machine too busy for the demo;
 *   2. `baophu cases open --code C` for each enforcement code and `baophu cases list --format csv` (real commands,
 *      wall time of the process and time inside the command; target: each under 5 s);
 *   3. the real server, autocannon with 20 clients: the work queue GET /api/cases?mine=true (Việc của tôi) of BHXH,
 *      its due-soon view, and a commune's identity cases (target: p95 ≤ 100 ms).
 * Options: --scale S (1), --seed N (7), --source demo|synthetic, --requests N (2000), --connections C (20).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../server/db/connect.ts';
import { serverDatabaseUrl, recreateServerDatabase } from './scratch-db.ts';
import { migrate } from '../server/db/migrate.ts';
import { createUser } from '../server/auth/users.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { root, startBenchServer, benchLogin, loadTest } from './server.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    source: { type: 'string', default: 'demo' },
    requests: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '20' },
  },
});
const scale = Number(values.scale);
const source = values.source as 'demo' | 'synthetic';
const PASSWORD = 'BenchMatKhau1';
const DB_NAME = 'baophu_bench_cases';
const outDir = path.join(root, 'bench-out', 'cases');
const ENFORCEMENT = ['DN_TRON_DONG', 'DN_CHAM_DONG', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHUA_DANG_KY', 'KCN_LECH_LAO_DONG'];
/** Findings per code at scale 1 for the synthetic source. */
const SYNTHETIC: Record<string, { n: number; kind: 'unit' | 'employer' | 'person' }> = {
  DN_TRON_DONG: { n: 2_000, kind: 'unit' }, DN_CHAM_DONG: { n: 6_000, kind: 'unit' }, DN_KHAI_THIEU_LAO_DONG: { n: 4_000, kind: 'employer' },
  DN_KHAI_THAP_LUONG: { n: 30_000, kind: 'person' }, DN_CHUA_DANG_KY: { n: 5_000, kind: 'employer' }, KCN_LECH_LAO_DONG: { n: 300, kind: 'employer' },
  NTG_SAI_THONG_TIN: { n: 10_000, kind: 'person' }, NTG_DA_CHET: { n: 1_500, kind: 'person' }, BHTN_TRUC_LOI: { n: 1_000, kind: 'person' },
  TIEM_NANG_TU_NGUYEN: { n: 700_000, kind: 'person' }, HKD_CHUA_THAM_GIA: { n: 20_000, kind: 'person' },
};

if (!process.env.DATABASE_URL) {
  console.error('Cần DATABASE_URL (máy chủ PostgreSQL), ví dụ DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npm run bench:cases -- --scale 1');
  process.exit(2);
}
const secs = (ms: number) => `${(ms / 1000).toFixed(2).replace('.', ',')} s`;
const log = (s: string) => console.log(s);

async function fillFromDemo(database: Database) {
  const { generateDemo } = await import('../server/demo/generate.ts');
  const { importFile } = await import('../server/ingest/service.ts');
  const { runReconciliation } = await import('../server/reconcile/service.ts');
  let t = Date.now();
  const { files } = await generateDemo({ scale, seed: Number(values.seed), outDir: path.join(outDir, 'demo'), onProgress: () => undefined });
  log(`  sinh dữ liệu mẫu: ${secs(Date.now() - t)}`);
  t = Date.now();
  for (const kind of FILE_KINDS) {
    const f = files.find((x) => x.kind === kind);
    if (f) await importFile(database, { kind, filePath: f.path, fileName: path.basename(f.path), userName: 'bench' });
  }
  log(`  nhập 12 tệp: ${secs(Date.now() - t)}`);
  t = Date.now();
  await database.pool.query(`UPDATE case_auto_open SET enabled = false`); // the benchmark opens every code itself
  const run = await runReconciliation(database, {});
  log(`  đối soát: ${run.total} phát hiện, ${secs(Date.now() - t)}`);
}

async function fillSynthetic(database: Database) {
  const t = Date.now();
  const q = (text: string, params: unknown[] = []) => database.pool.query(text, params);
  const run = Number((await q(`INSERT INTO reconcile_run (as_of, period, status, finished_at, total) VALUES (current_date, date_trunc('month', current_date - 30)::date, 'done', now(), 0) RETURNING id`)).rows[0].id);
  for (const [code, spec] of Object.entries(SYNTHETIC)) {
    const n = Math.max(1, Math.round(spec.n * scale));
    await q(
      `INSERT INTO finding (code, subject_id, subject_name, subject_kind, commune_code, period, related_id, amount_vnd, amounts, evidence, legal_basis, first_run_id, updated_run_id)
       SELECT $1, CASE $2 WHEN 'unit' THEN 'DV' || lpad(i::text, 6, '0') WHEN 'employer' THEN lpad((4000000000 + i)::text, 10, '0') ELSE '019' || lpad((i * 7 + length($1))::text, 9, '0') END,
              'Đối tượng ' || i, $2, (SELECT array_agg(code ORDER BY code) FROM commune)[1 + (i::bigint * 7919 % 92)::int],
              date_trunc('month', current_date - 30)::date, lpad((4000000000 + i % 5000)::text, 10, '0'), 1000000 + i % 50 * 100000,
              jsonb_build_object('arrears', 1000000 + i % 50 * 100000, 'interest', 30000),
              CASE WHEN $2 = 'unit' THEN jsonb_build_object('months', jsonb_build_array(jsonb_build_object('period', date_trunc('month', current_date - 90)::date,
                'due', 10000000, 'paid', 9000000 - i % 50 * 100000, 'arrears', 1000000 + i % 50 * 100000, 'deadline', current_date - 40, 'daysLate', 40, 'workers', 12)))
                   ELSE '{}'::jsonb END,
              'bench', $4, $4
         FROM generate_series(1, $3::int) i`, [code, spec.kind, n, run]);
  }
  await q('ANALYZE finding');
  log(`  phát hiện tổng hợp bằng SQL: ${Number((await q('SELECT count(*) AS n FROM finding')).rows[0].n).toLocaleString('vi-VN')} — ${secs(Date.now() - t)}`);
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'baophu.mjs'), ...args], { env, encoding: 'utf8', cwd: root, maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`baophu ${args.join(' ')}: ${r.stderr}`);
  return { ms: Date.now() - t, stdout: r.stdout };
}

async function main() {
  log(`Hồ sơ xử lý — quy mô ${scale}, nguồn ${source === 'demo' ? 'tỉnh mẫu (sinh, nhập, đối soát)' : 'phát hiện tổng hợp bằng SQL'}; máy ${os.cpus().length} lõi, tải ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
  const database = await recreateServerDatabase(DB_NAME, path.join(outDir, 'data'));
  await migrate(database.pool);
  if (source === 'demo') await fillFromDemo(database);
  else await fillSynthetic(database);
  await createUser(database.db, { username: 'bench_bhxh', fullName: 'Bench BHXH', password: PASSWORD, role: 'social_security' });
  const commune = (await database.pool.query(`SELECT commune_code FROM finding WHERE code = 'NTG_SAI_THONG_TIN' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows[0]?.commune_code ?? '05443';
  await createUser(database.db, { username: 'bench_xa', fullName: 'Bench xã', password: PASSWORD, role: 'commune', communes: [commune] });
  await database.close();

  const env = { ...process.env, DATABASE_URL: serverDatabaseUrl(DB_NAME), BAOPHU_DATA_DIR: path.join(outDir, 'data') };
  log('');
  log('Mở hồ sơ cho mọi phát hiện đôn đốc, thanh tra (baophu cases open --code C --json):');
  let total = 0;
  for (const code of ENFORCEMENT) {
    const r = cli(['cases', 'open', '--code', code, '--json'], env);
    const out = JSON.parse(r.stdout) as { opened: number; ms: number };
    total += out.opened;
    log(`  ${code.padEnd(24)} ${out.opened.toLocaleString('vi-VN').padStart(8)} hồ sơ — trong lệnh ${secs(out.ms)}, cả tiến trình ${secs(r.ms)}`);
  }
  log(`  cộng ${total.toLocaleString('vi-VN')} hồ sơ`);
  for (const code of ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET', 'BHTN_TRUC_LOI']) {
    const r = cli(['cases', 'open', '--code', code, '--json'], env);
    const out = JSON.parse(r.stdout) as { opened: number; ms: number };
    log(`  (${code}: ${out.opened.toLocaleString('vi-VN')} hồ sơ — trong lệnh ${secs(out.ms)}, cả tiến trình ${secs(r.ms)})`);
  }
  const file = path.join(outDir, 'cases.csv');
  const listed = cli(['cases', 'list', '--format', 'csv', '--out', file], env);
  log(`Liệt kê (baophu cases list --format csv): ${(fs.readFileSync(file, 'utf8').split('\n').length - 2).toLocaleString('vi-VN')} dòng — cả tiến trình ${secs(listed.ms)}`);
  const overdue = cli(['cases', 'list', '--format', 'json', '--overdue'], env);
  log(`Liệt kê hồ sơ quá hạn (--overdue --format json): cả tiến trình ${secs(overdue.ms)}`);

  log('');
  const { url, child } = await startBenchServer(serverDatabaseUrl(DB_NAME), path.join(outDir, 'data'));
  try {
    const requests = Number(values.requests);
    const connections = Number(values.connections);
    const bhxh = await benchLogin(url, 'bench_bhxh', PASSWORD);
    const xa = await benchLogin(url, 'bench_xa', PASSWORD);
    const p95 = [
      await loadTest(url, bhxh, '/api/cases?mine=true', requests, connections, log),
      await loadTest(url, bhxh, '/api/cases?mine=true&urgency=due_soon&type=enforcement', requests, connections, log),
      await loadTest(url, xa, '/api/cases?type=identity', requests, connections, log),
    ];
    log(`Hàng việc: p95 lớn nhất ${Math.max(...p95).toFixed(1)} ms (mục tiêu ≤ 100 ms)`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
