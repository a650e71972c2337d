/**
 * The dashboards' aggregates are rebuilt by the import and reconciliation call sites (CLI and web), not by a
 * page: after `baophu import`, a web import and `baophu reconcile`, progress_monthly / progress_summary already
 * hold the new figures (checked against a count straight from the imported rows), the stored fingerprint is
 * current (so a page would not rebuild anything), and the overview answers the new snapshot at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { multipartFile } from '../helpers/upload.ts';
import { runCli } from '../helpers/cli.ts';
import { progressFingerprint, refreshProgress } from '../../server/targets/service.ts';

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient;
let leader: TestClient;

/** 12 residents of two communes; IDs carry the birth century/sex digit and the birth year, as real ones do. */
const PEOPLE = Array.from({ length: 12 }, (_, i) => {
  const male = i % 2 === 0;
  const year = 1970 + i;
  return {
    id: `019${male ? '0' : '1'}${String(year).slice(2)}${String(100000 + i).padStart(6, '0')}`,
    name: `${male ? 'Nguyễn Văn' : 'Trần Thị'} ${['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Minh', 'Nga', 'Phúc', 'Quỳnh'][i]}`,
    birth: `15/06/${year}`,
    sex: male ? 'Nam' : 'Nữ',
    commune: i < 7 ? '05443' : '01843',
  };
});

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const NGUOI_HEADER = ['Số định danh cá nhân', 'Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã', 'Loại hình', 'Tham gia BHTN', 'Mã đơn vị', 'Mức đóng', 'Từ tháng', 'Đến tháng', 'Phương thức đóng', 'Nhóm hỗ trợ', 'Kỳ'];

/** A bhxh-nguoi snapshot: persons 0..n-1 active (person 0 with two overlapping contracts, person 1 BB and TN). */
function nguoiFile(snapshot: string, n: number) {
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const p = PEOPLE[i];
    const bhxhCode = `19${String(10000000 + i)}`;
    const base = [p.id, bhxhCode, p.name, p.birth, p.sex, p.commune];
    if (i % 3 === 2) rows.push([...base, 'TN', '', '', '1.500.000', '01/2025', '', '1 tháng', '', snapshot]);
    else rows.push([...base, 'BB', i % 2 === 0 ? 'Có' : 'Không', 'TA0001A', '6.500.000', '03/2024', '', '', '', snapshot]);
    if (i === 0) rows.push([...base, 'BB', 'Có', 'TA0002B', '5.000.000', '06/2025', '', '', '', snapshot]);
    if (i === 1) rows.push([...base, 'TN', '', '', '1.500.000', '02/2026', '', '1 tháng', '', snapshot]);
  }
  return csv([NGUOI_HEADER, ...rows]);
}

/** Distinct persons active at the end of P in the snapshot of P, per residence commune and for the province. */
async function countBySql(period: string, db: TestDatabase = database) {
  const r = await db.pool.query(
    `SELECT d.commune_code AS c, count(DISTINCT n.person_id)::int AS total,
            count(DISTINCT n.person_id) FILTER (WHERE n.scheme = 'BB')::int AS mandatory
     FROM cur_bhxh_nguoi n JOIN cur_dan_cu d ON d.person_id = n.person_id
     WHERE n.snapshot_period = $1 AND n.from_period <= $1 AND (n.to_period IS NULL OR n.to_period >= $1)
     GROUP BY ROLLUP (d.commune_code)`,
    [period],
  );
  return new Map(r.rows.map((x) => [x.c ?? '19', { total: x.total, mandatory: x.mandatory }]));
}

async function monthly(period: string, db: TestDatabase = database) {
  const r = await db.pool.query('SELECT unit_code, active_total, active_mandatory FROM progress_monthly WHERE period = $1 AND active_total > 0', [period]);
  return new Map(r.rows.map((x) => [x.unit_code, { total: x.active_total, mandatory: x.active_mandatory }]));
}

const runCount = async (db: TestDatabase = database) => Number((await db.pool.query('SELECT count(*)::int AS n FROM progress_run')).rows[0].n);
const latestRun = async (db: TestDatabase = database) => (await db.pool.query('SELECT fingerprint, latest_period FROM progress_run ORDER BY id DESC LIMIT 1')).rows[0];
const fingerprintNow = async (db: TestDatabase = database) => {
  const f = await progressFingerprint(db.db);
  return `${f.data}|${f.targets}`;
};

/** A folder of `db`'s data directory for the files the tests write. */
function filesIn(db: TestDatabase) {
  const dir = path.join(db.config.dataDir, 'files-in');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** `baophu import dan-cu` of the 12 residents into `db`. */
function importDanCu(db: TestDatabase) {
  const danCu = path.join(filesIn(db), 'dan-cu.csv');
  fs.writeFileSync(danCu, csv([
    ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Mã xã', 'Địa chỉ thường trú', 'Tình trạng', 'Ngày mất'],
    ...PEOPLE.map((p) => [p.id, p.name, p.birth, p.sex, 'Kinh', p.commune, 'Tổ 1', 'Còn sống', '']),
  ]));
  return runCli(['import', 'dan-cu', danCu, '--json'], envFor(db));
}

/**
 * The shared database's residents, then its November snapshot imported from the web, once, whichever test asks
 * first: what the job answered and what the aggregates held the moment it was done.
 */
let november: ReturnType<typeof importNovember> | undefined;
const ensureNovember = () => (november ??= importNovember());
async function importNovember() {
  const danCu = importDanCu(database);
  expect(danCu.code, danCu.stderr).toBe(0);
  const before = await runCount();
  const m = multipartFile('Người tham gia T11.csv', nguoiFile('11/2026', 12), 'text/csv');
  const up = await bhxh.send('POST', '/api/imports/uploads?kind=bhxh-nguoi', m.body, m.headers);
  expect(up.status).toBe(200);
  const confirm = await bhxh.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'bhxh-nguoi' });
  expect(confirm.status).toBe(200);
  let job: { status: string; result?: { status: string } } = { status: 'running' };
  for (let i = 0; i < 600 && job.status === 'running'; i++) {
    job = (await bhxh.get(`/api/imports/jobs/${confirm.json.jobId}`)).json;
    if (job.status === 'running') await new Promise((res) => setTimeout(res, 100));
  }
  const runsAtDone = await runCount();
  const monthlyAtDone = await monthly('2026-11-01');
  const summaryAtDone = (await database.pool.query(`SELECT as_of_period, row FROM progress_summary WHERE year = 2026 AND unit_code = '19'`)).rows[0];
  return { job, before, runsAtDone, monthlyAtDone, summaryAtDone };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh1', 'social_security');
  await addUser(database, 'ld1', 'leadership');
  [bhxh, leader] = await Promise.all([login(app, 'bhxh1'), login(app, 'ld1')]);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('aggregates rebuilt after each import and reconciliation', () => {
  it('baophu import: the October figures are in the aggregates before any page asks, and the fingerprint is current', async () => {
    // The first snapshot of a database: its own, so no other test's November is already there.
    const own = await createTestDatabase();
    try {
      expect(importDanCu(own).code).toBe(0);
      const afterDanCu = await runCount(own);
      expect(afterDanCu).toBeGreaterThan(0);

      const october = path.join(filesIn(own), 'nguoi-10.csv');
      fs.writeFileSync(october, nguoiFile('10/2026', 9));
      const r = runCli(['import', 'bhxh-nguoi', october, '--json'], envFor(own));
      expect(r.code, r.stderr).toBe(0);
      expect(await runCount(own)).toBe(afterDanCu + 1);

      const expected = await countBySql('2026-10-01', own);
      expect(expected.get('19')).toEqual({ total: 9, mandatory: 6 });
      expect(await monthly('2026-10-01', own)).toEqual(expected);
      const run = await latestRun(own);
      expect(run.latest_period).toBe('2026-10-01');
      expect(run.fingerprint).toBe(await fingerprintNow(own));
    } finally {
      await own.destroy();
    }
  }, 300_000);

  it('web import: the job is done only once the aggregates hold November, and the overview shows it without rebuilding', async () => {
    const { job, before, runsAtDone, monthlyAtDone, summaryAtDone: summary } = await ensureNovember();
    expect(job.status).toBe('done');
    expect(job.result?.status).toBe('imported');
    expect(runsAtDone).toBe(before + 1);

    const expected = await countBySql('2026-11-01');
    expect(expected.get('19')).toEqual({ total: 12, mandatory: 8 });
    expect(monthlyAtDone).toEqual(expected);
    expect(summary.as_of_period).toBe('2026-11-01');
    expect(summary.row.activeTotal).toBe(12);

    const beforeOverview = await runCount();
    const overview = await leader.get('/api/progress/overview');
    expect(overview.status).toBe(200);
    expect(overview.json.asOfPeriod).toBe('2026-11-01');
    expect(overview.json.headline.activeTotal).toBe(12);
    expect(overview.json.headline.activeMandatory).toBe(8);
    expect(overview.json.communes.find((c: { unitCode: string }) => c.unitCode === '01843').activeTotal).toBe(expected.get('01843')!.total);
    expect(await runCount()).toBe(beforeOverview); // the page did not rebuild anything
  }, 300_000);

  it('an import of a kind that does not feed progress leaves the aggregates alone', async () => {
    const before = await runCount();
    const r = runCli(['import', 'bhxh-don-vi', path.resolve('test/fixtures/ingest/31-bhxh-don-vi.csv'), '--json'], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('imported');
    expect(await runCount()).toBe(before);
  });

  it('baophu reconcile: the run rebuilds the aggregates with its person links', async () => {
    await ensureNovember();
    const before = await runCount();
    const r = runCli(['reconcile'], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expect(await runCount()).toBe(before + 1);
    const reconcileRun = (await database.pool.query(`SELECT max(id)::int AS id FROM reconcile_run WHERE status = 'done'`)).rows[0].id;
    const run = await latestRun();
    expect(run.fingerprint).toContain(`/links:${reconcileRun}|`);
    expect(run.fingerprint).toBe(await fingerprintNow());
    expect(await monthly('2026-11-01')).toEqual(await countBySql('2026-11-01'));
  }, 300_000);

  it('a targets or labour-force file recomputes only the summaries, with the same result as a full rebuild', async () => {
    const monthlyDigest = async () => (await database.pool.query(
      `SELECT count(*)::int AS n, md5(string_agg(m::text, '|' ORDER BY unit_code, period, snapshot_period)) AS h FROM progress_monthly m`)).rows[0];
    const summaries = async () => (await database.pool.query(`SELECT year, unit_code, as_of_period, row FROM progress_summary ORDER BY year, unit_code`)).rows;
    await ensureNovember();
    const monthlyBefore = await monthlyDigest();
    const before = await runCount();
    for (const [kind, file] of [['chi-tieu', '29-chi-tieu.xlsx'], ['lao-dong', '28-lao-dong.csv']]) {
      const r = runCli(['import', kind, path.resolve('test/fixtures/ingest', file), '--json'], envFor(database));
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).status).toBe('imported');
    }
    expect(await runCount()).toBe(before + 2);
    const runs = (await database.pool.query(`SELECT fingerprint, detail FROM progress_run ORDER BY id DESC LIMIT 2`)).rows;
    expect(runs.map((x) => x.detail.full)).toEqual([false, false]);
    expect(runs[0].fingerprint).toBe(await fingerprintNow());
    expect(await monthlyDigest()).toEqual(monthlyBefore);
    const incremental = await summaries();
    // The targets of the file are in the summaries.
    expect(incremental.some((x) => x.row.target?.total > 0)).toBe(true);
    await refreshProgress(database);
    expect((await database.pool.query(`SELECT detail FROM progress_run ORDER BY id DESC LIMIT 1`)).rows[0].detail.full).toBe(true);
    expect(await monthlyDigest()).toEqual(monthlyBefore);
    expect(await summaries()).toEqual(incremental);
  }, 300_000);
});
