/**
 * A new file never replaces current data without an explicit confirmation (issue 11, item 13): the web API answers
 * 409 with what would be replaced (batches, rows, communes, period, how much smaller) unless `replace: true`; the
 * command line exits 1 with status needs_confirmation unless --replace. First imports need none. A replaced batch
 * can be made current again (web and `baophu import restore`), atomically, audited, with the aggregates refreshed.
 * The scenario of the issue: a 12-row bhxh-thu file (one unit, twelve months) replacing a whole province's file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { multipartFile, waitForImportJob } from '../helpers/upload.ts';
import { runCli } from '../helpers/cli.ts';
import { progressFingerprint } from '../../server/targets/service.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
const COMMUNES = ['05443', '05665', '02143', '01840', '05563'];
const UNITS = 40;
const MONTHS = Array.from({ length: 12 }, (_, i) => { const m = ((10 + i) % 12) + 1; return `${String(m).padStart(2, '0')}/${m >= 11 ? 2025 : 2026}`; });

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient;
let police: TestClient;
let dir: string;

const unitCode = (i: number) => `TB${String(i + 1).padStart(4, '0')}A`;
function write(name: string, lines: string[]) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, '\ufeff' + lines.join('\r\n') + '\r\n');
  return p;
}
const donVi = () => write('don-vi.csv', ['Mã đơn vị,Tên đơn vị,Mã xã,Loại hình,Ngày tham gia,Trạng thái',
  ...Array.from({ length: UNITS }, (_, i) => `${unitCode(i)},Công ty số ${i + 1},${COMMUNES[i % COMMUNES.length]},DN ngoài nhà nước,01/01/2020,Đang hoạt động`)]);
/** Contributions of `units` units for the twelve months; `salt` changes the amounts (another file's content). */
const thu = (name: string, units: number[], salt: number) => write(name, ['Mã đơn vị,Kỳ,Số lao động,Quỹ lương,Phải đóng,Đã đóng,Ngày đóng',
  ...units.flatMap((u) => MONTHS.map((m, k) => `${unitCode(u)},${m},${5 + u},${(50 + u + salt) * 1_000_000},${(16 + k + salt) * 1_000_000},${(16 + k + salt) * 1_000_000},`))]);

async function uploadFile(client: TestClient, file: string, kind: string) {
  const m = multipartFile(path.basename(file), fs.readFileSync(file), 'text/csv');
  const r = await client.send('POST', `/api/imports/uploads?kind=${kind}`, m.body, m.headers);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.uploadId as string;
}
/** Upload + confirm, waiting for the job; returns the confirm answer when it is not a job. */
async function importViaWeb(client: TestClient, file: string, kind: string, extra: Record<string, unknown> = {}) {
  const id = await uploadFile(client, file, kind);
  const r = await client.post(`/api/imports/uploads/${id}/confirm`, { kind, ...extra });
  if (r.status !== 200) return { status: r.status, json: r.json, uploadId: id };
  return { status: 200, json: await waitForImportJob(client, r.json.jobId), uploadId: id };
}
type ImportAnswer = Awaited<ReturnType<typeof importViaWeb>>;

const q = async (sql: string, params: unknown[] = []) => (await database.pool.query(sql, params)).rows;
/** The current contribution data, as a comparable digest. */
const currentThu = async () => (await q(`SELECT count(*)::int AS n, COALESCE(sum(amount_paid), 0)::text AS paid, count(DISTINCT unit_code)::int AS units,
  string_agg(unit_code || period::text || amount_paid::text, ',' ORDER BY unit_code, period) AS digest FROM cur_bhxh_thu`))[0];
const batchState = async (id: number) => (await q('SELECT is_current, replaced_by FROM import_batch WHERE id = $1', [id]))[0];

let provinceBatch: number;
let original: Awaited<ReturnType<typeof currentThu>>;

/**
 * The first imports of the file (units, then the province's contributions), done once by whichever test needs them
 * first — always before any other bhxh-thu import of this file's database, as every test touching that kind calls it.
 * What they answered (and how many batches of these kinds there were before) is kept for the test about them.
 */
let firstImports: Promise<{ batchesBefore: number; units: ImportAnswer; province: ImportAnswer; thuAfter: Awaited<ReturnType<typeof currentThu>> }> | undefined;
function ensureProvince() {
  firstImports ??= (async () => {
    const batchesBefore = (await q("SELECT count(*)::int AS n FROM import_batch WHERE kind IN ('bhxh-don-vi', 'bhxh-thu')"))[0].n;
    const units = await importViaWeb(bhxh, donVi(), 'bhxh-don-vi');
    const province = await importViaWeb(bhxh, thu('thu-toan-tinh.csv', Array.from({ length: UNITS }, (_, i) => i), 0), 'bhxh-thu');
    provinceBatch = province.json.result.batchId;
    original = await currentThu();
    return { batchesBefore, units, province, thuAfter: original };
  })();
  return firstImports;
}
/** The province's batch is the current contribution data (restored through the web if a test left it replaced). */
async function ensureProvinceCurrent() {
  await ensureProvince();
  if ((await batchState(provinceBatch)).is_current) return;
  const r = await bhxh.post(`/api/imports/${provinceBatch}/restore`, {});
  expect(r.status, JSON.stringify(r.json)).toBe(200);
}
/** Distinct contents for the 12-row files the helpers import (an identical file would answer "unchanged"). */
let nextSalt = 100;
/**
 * A 12-row batch is current and replaced the province's batch: the one a test left so, or a new one (replace: true).
 * Returns that 12-row batch.
 */
async function ensureReplaced(): Promise<number> {
  await ensureProvince();
  const state = await batchState(provinceBatch);
  if (!state.is_current && state.replaced_by !== null && (await batchState(state.replaced_by)).is_current) return state.replaced_by;
  await ensureProvinceCurrent();
  const salt = nextSalt++;
  const r = await importViaWeb(bhxh, thu(`thu-12-dong-${salt}.csv`, [0], salt), 'bhxh-thu', { replace: true });
  expect(r.json.result).toMatchObject({ status: 'imported', accepted: 12 });
  return r.json.result.batchId;
}
/** Id of the newest audit row (later rows are what a test did). */
const lastAuditId = async () => (await q('SELECT COALESCE(max(id), 0)::int AS id FROM audit_log'))[0].id as number;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'congan', 'police');
  [bhxh, police] = await Promise.all([login(app, 'bhxh'), login(app, 'congan')]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-replace-'));
});
afterAll(async () => {
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('web: confirmation before replacing, and restore', () => {
  it('first imports into empty kinds need no confirmation', async () => {
    const first = await ensureProvince();
    expect(first.batchesBefore).toBe(0);
    expect(first.units.json.result.status).toBe('imported');
    expect(first.province.json.result).toMatchObject({ status: 'imported', accepted: UNITS * 12, period: null });
    expect(first.thuAfter.n).toBe(UNITS * 12);
  });

  it('a 12-row file that would replace the province’s rows is refused with 409 and the numbers; nothing changes', async () => {
    await ensureProvinceCurrent();
    const batchesBefore = (await q('SELECT count(*)::int AS n FROM import_batch'))[0].n;
    const r = await importViaWeb(bhxh, thu('thu-12-dong.csv', [0], 7), 'bhxh-thu');
    expect(r.status).toBe(409);
    const rep = r.json.error.details.replacement;
    expect(rep).toMatchObject({
      kind: 'bhxh-thu', period: null,
      batches: [{ id: provinceBatch, fileName: 'thu-toan-tinh.csv', rows: UNITS * 12 }],
      current: { rows: UNITS * 12, communes: COMMUNES.length, periodFrom: '2025-11-01', periodTo: '2026-10-01' },
      incoming: { rows: 12, communes: 1, periodFrom: '2025-11-01', periodTo: '2026-10-01' },
      fewerRows: UNITS * 12 - 12,
      fewerPercent: 97.5,
    });
    expect(r.json.error.message).toContain('thu-12-dong.csv (12 dòng, 1 xã, phường, kỳ 11/2025–10/2026) sẽ thay thế');
    expect(r.json.error.message).toContain(`lô #${provinceBatch} (thu-toan-tinh.csv) — 480 dòng, 5 xã, phường, kỳ 11/2025–10/2026; ít hơn 468 dòng (97,5 %)`);
    expect(await currentThu()).toEqual(original);
    expect((await q('SELECT count(*)::int AS n FROM import_batch'))[0].n).toBe(batchesBefore);
    expect(await batchState(provinceBatch)).toEqual({ is_current: true, replaced_by: null });

    // The same upload, confirmed with replace: true, replaces.
    const confirm = await bhxh.post(`/api/imports/uploads/${r.uploadId}/confirm`, { kind: 'bhxh-thu', replace: true });
    expect(confirm.status).toBe(200);
    const job = await waitForImportJob(bhxh, confirm.json.jobId);
    expect(job.result).toMatchObject({ status: 'imported', accepted: 12 });
    const smallBatch = job.result.batchId;
    expect((await currentThu()).n).toBe(12);
    expect(await batchState(provinceBatch)).toEqual({ is_current: false, replaced_by: smallBatch });
    const auditRow = (await q("SELECT detail FROM audit_log WHERE action = 'import' AND object_id = $1", [String(smallBatch)]))[0];
    expect(auditRow.detail.replaced).toEqual([provinceBatch]);
  });

  it('a replaced batch is offered for restore, with what restoring replaces', async () => {
    const smallBatch = await ensureReplaced();
    const list = await bhxh.get('/api/imports?kind=bhxh-thu');
    const old = list.json.batches.find((b: { id: number }) => b.id === provinceBatch);
    const cur = list.json.batches.find((b: { id: number }) => b.id === smallBatch);
    expect(old).toMatchObject({ isCurrent: false, replacedBy: smallBatch, canRestore: true });
    expect(cur).toMatchObject({ isCurrent: true, canRestore: false });
    const plan = await bhxh.get(`/api/imports/${provinceBatch}/restore`);
    expect(plan.status).toBe(200);
    expect(plan.json.replacement).toMatchObject({ batches: [{ id: smallBatch, rows: 12 }], current: { rows: 12 }, incoming: { rows: UNITS * 12, communes: 5 }, fewerRows: 12 - UNITS * 12 });
    expect(await batchState(provinceBatch)).toEqual({ is_current: false, replaced_by: smallBatch });
  });

  it('restore makes the old batch current again with exactly its data, and is audited', async () => {
    const smallBatch = await ensureReplaced();
    const auditsAfter = await lastAuditId();
    expect((await police.post(`/api/imports/${provinceBatch}/restore`, {})).status).toBe(404); // a kind the role does not see
    const r = await bhxh.post(`/api/imports/${provinceBatch}/restore`, {});
    expect(r.status).toBe(200);
    expect(r.json.batch).toMatchObject({ id: provinceBatch, isCurrent: true, replacedBy: null });
    expect(await currentThu()).toEqual(original);
    expect(await batchState(smallBatch)).toEqual({ is_current: false, replaced_by: provinceBatch });
    const auditRows = await q("SELECT username, detail FROM audit_log WHERE action = 'change' AND object_type = 'import_batch' AND object_id = $1 AND id > $2", [String(provinceBatch), auditsAfter]);
    expect(auditRows).toHaveLength(1);
    const auditRow = auditRows[0];
    expect(auditRow).toMatchObject({ username: 'bhxh', detail: { operation: 'restore', kind: 'bhxh-thu', replaced: [smallBatch] } });
    const again = await bhxh.post(`/api/imports/${provinceBatch}/restore`, {});
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/đang là dữ liệu hiện hành/);
  });

  it('restoring a population batch refreshes the progress aggregates as an import does', async () => {
    const first = await importViaWeb(police, path.join(FIXTURES, '01-utf8-bom-comma.csv'), 'dan-cu');
    expect(first.json.result.status).toBe('imported');
    const second = await importViaWeb(police, path.join(FIXTURES, '02-utf8-semicolon.csv'), 'dan-cu', { replace: true });
    expect(second.json.result.status).toBe('imported');
    const runsBefore = (await q('SELECT count(*)::int AS n FROM progress_run'))[0].n;
    expect((await police.post(`/api/imports/${first.json.result.batchId}/restore`, {})).status).toBe(200);
    expect((await q('SELECT count(*)::int AS n FROM progress_run'))[0].n).toBe(runsBefore + 1);
    const latest = (await q('SELECT fingerprint FROM progress_run ORDER BY id DESC LIMIT 1'))[0].fingerprint;
    const now = await progressFingerprint(database.db);
    expect(latest).toBe(`${now.data}|${now.targets}`);
    expect(latest).toContain(`dan-cu:${first.json.result.batchId}`);
  });
});

describe('command line: --replace and import restore', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = envFor(database);
  });

  it('exits 1 with status needs_confirmation and the numbers; nothing changes', async () => {
    await ensureProvinceCurrent();
    const thuBefore = await currentThu();
    const file = thu('thu-12-dong-cli.csv', [1], 9);
    const r = runCli(['import', 'bhxh-thu', file, '--json'], env);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      status: 'needs_confirmation', kind: 'bhxh-thu', rows: 12, accepted: 12,
      replaces: { batches: [{ id: provinceBatch }], current: { rows: UNITS * 12, communes: 5 }, incoming: { rows: 12, communes: 1 }, fewerRows: UNITS * 12 - 12, fewerPercent: 97.5 },
    });
    expect(out.message).toMatch(/Cần xác nhận thay thế/);
    const human = runCli(['import', 'bhxh-thu', file], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('ít hơn 468 dòng (97,5 %)');
    expect(human.stderr).toContain('Chạy lại với --replace để thay thế.');
    expect(await currentThu()).toEqual(thuBefore);
  });

  it('--replace replaces, and `import restore` brings the old batch back (audited)', async () => {
    await ensureProvinceCurrent();
    expect(await currentThu()).toEqual(original);
    const auditsAfter = await lastAuditId();
    // Not the content of the needs_confirmation test's file: after this import, that one would answer "unchanged".
    const file = thu('thu-12-dong-cli-replace.csv', [1], 10);
    const r = runCli(['import', 'bhxh-thu', file, '--json', '--replace'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'imported', accepted: 12, replaced: { batches: [{ id: provinceBatch }] } });
    expect((await currentThu()).n).toBe(12);

    const restore = runCli(['import', 'restore', String(provinceBatch), '--json'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ status: 'restored', batchId: provinceBatch, kind: 'bhxh-thu', replaced: { current: { rows: 12 } } });
    expect(await currentThu()).toEqual(original);
    const audits = await q("SELECT username, detail FROM audit_log WHERE action = 'change' AND object_type = 'import_batch' AND object_id = $1 AND id > $2 ORDER BY id", [String(provinceBatch), auditsAfter]);
    expect(audits).toHaveLength(1);
    expect(audits[0].username).toMatch(/^dòng lệnh \(/);
    expect(audits[0].detail).toMatchObject({ channel: 'cli', operation: 'restore', kind: 'bhxh-thu' });

    const human = runCli(['import', 'restore', String(provinceBatch)], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`Lô #${provinceBatch} đang là dữ liệu hiện hành`);
    expect(runCli(['import', 'restore', '999999'], env).code).toBe(1);
    expect(runCli(['import', 'restore', 'abc'], env).code).toBe(2);
  });
});
