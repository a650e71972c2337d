/**
 * No lost builds and builds in the banner: a version left 'queued' or 'running' by a process that stopped is built
 * after a restart of the app and its queue (server/reports/recovery.ts), or failed with a Vietnamese reason when
 * the account that asked can no longer make it; a build of a live process elsewhere is left alone. While a build
 * runs, GET /api/jobs/current lists it with its progress (the builder is held by a gate, not a sleep).
 */
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { idle } from '../../server/reports/queue.ts';
import { recoverReportBuilds } from '../../server/reports/recovery.ts';
import { BUILDERS } from '../../server/reports/commands.ts';

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient;

/** host:pid of a process of this machine that has ended. */
const deadWorker = () => `${os.hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}`;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'bhxh2', 'social_security');
  bhxh = await login(app, 'bhxh');
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

/** A debts version requested through the API and built; returns its id. */
async function built(client: TestClient, month: number) {
  const r = await client.post('/api/reports', { kind: 'debts', params: { year: 2026, month } });
  expect(r.status, r.body).toBe(202);
  await idle();
  return r.json.id as number;
}

/** Puts a built version back as a process that stopped left it: its files gone, state and worker as given. */
async function leftAs(id: number, state: 'queued' | 'running', worker: string | null, heartbeatAt: Date | null) {
  await database.db.deleteFrom('report_file').where('version_id', '=', id).execute();
  await database.db.updateTable('report_version').set({ state, progress: 40, worker, heartbeat_at: heartbeatAt, document: null }).where('id', '=', id).execute();
}

describe('report builds after a restart', () => {
  it('builds a version left running by a process that stopped, after the app and its queue restart', async () => {
    const id = await built(bhxh, 9);
    const idLeftQueued = await built(bhxh, 8);
    await leftAs(id, 'running', deadWorker(), new Date());
    await leftAs(idLeftQueued, 'queued', null, null);
    // Another process that is alive (another machine, showing life a minute ago) keeps its build.
    const idElsewhere = await built(bhxh, 7);
    await leftAs(idElsewhere, 'running', 'may-khac:4242', new Date(Date.now() - 60_000));

    await app.close();
    app = await testApp(database);
    bhxh = await login(app, 'bhxh');
    const recovered = await recoverReportBuilds(database);
    expect(recovered.resumed.sort((a, b) => a - b)).toEqual([id, idLeftQueued].sort((a, b) => a - b));
    expect(recovered.failed).toEqual([]);
    await idle();
    for (const v of [id, idLeftQueued]) {
      const r = await bhxh.get(`/api/reports/versions/${v}`);
      expect(r.json.state, r.body).toBe('draft');
      expect(r.json.progress).toBe(100);
      expect(r.json.files.map((f: { format: string }) => f.format).sort()).toEqual(['docx', 'pdf', 'xlsx']);
      expect(r.json.actions.map((a: { action: string }) => a.action)).toEqual(['generate', 'built', 'resume', 'built']);
      expect(r.json.actions[2].actionLabel).toBe('Lập lại sau khi máy chủ khởi động lại');
    }
    const pdf = await bhxh.get(`/api/reports/versions/${id}/file/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await bhxh.get(`/api/reports/versions/${idElsewhere}`)).json.state).toBe('running');
    // A second look takes nothing again (the resumed ones are drafts now; the live one is still not lost).
    expect(await recoverReportBuilds(database)).toEqual({ resumed: [], failed: [] });
    // Once that process has shown no life for longer than the limit, its build is taken over too.
    await database.db.updateTable('report_version').set({ heartbeat_at: new Date(Date.now() - 11 * 60_000) }).where('id', '=', idElsewhere).execute();
    expect((await recoverReportBuilds(database)).resumed).toEqual([idElsewhere]);
    await idle();
    expect((await bhxh.get(`/api/reports/versions/${idElsewhere}`)).json.state).toBe('draft');
  }, 120_000);

  it('marks failed, with the reason in Vietnamese, a lost build whose account can no longer make it', async () => {
    const other = await login(app, 'bhxh2');
    const id = await built(other, 6);
    await leftAs(id, 'running', deadWorker(), new Date());
    await database.db.updateTable('app_user').set({ active: false }).where('username', '=', 'bhxh2').execute();
    const recovered = await recoverReportBuilds(database);
    expect(recovered.resumed).toEqual([]);
    expect(recovered.failed.map((f) => f.id)).toEqual([id]);
    await idle();
    const r = await bhxh.get(`/api/reports/versions/${id}`);
    expect(r.json.state).toBe('failed');
    expect(r.json.stateLabel).toBe('Lập không thành công');
    expect(r.json.error).toBe('Máy chủ đã dừng khi đang lập báo cáo này và không lập lại được: tài khoản đã yêu cầu (bhxh2) không còn hoạt động. Hãy lập lại báo cáo.');
  }, 120_000);
});

describe('a build in the running-jobs banner', () => {
  it('GET /api/jobs/current lists the build with its progress while it runs, and not after', async () => {
    const original = BUILDERS.debts;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => { reached = resolve; });
    BUILDERS.debts = async (ctx) => {
      await ctx.step(40);
      reached();
      await gate;
      return original(ctx);
    };
    try {
      const r = await bhxh.post('/api/reports', { kind: 'debts', params: { year: 2026, month: 5 } });
      expect(r.status).toBe(202);
      await atGate;
      const current = await bhxh.get('/api/jobs/current');
      expect(current.status).toBe(200);
      const reports = current.json.jobs.filter((j: { kind: string }) => j.kind === 'report');
      expect(reports).toHaveLength(1);
      expect(reports[0].label).toBe('Danh sách đơn vị chậm đóng, trốn đóng BHXH — tháng 05/2026');
      expect(reports[0].fraction).toBeCloseTo(0.4);
      expect((await bhxh.get(`/api/reports/versions/${r.json.id}`)).json.state).toBe('running');
      release();
      await idle();
      expect((await bhxh.get('/api/jobs/current')).json.jobs.filter((j: { kind: string }) => j.kind === 'report')).toEqual([]);
      expect((await bhxh.get(`/api/reports/versions/${r.json.id}`)).json.state).toBe('draft');
    } finally {
      release();
      BUILDERS.debts = original;
    }
  }, 120_000);
});

describe('the first page preview', () => {
  it('answers the PDF inline, framed by our origin only, logged and audited like a download', async () => {
    const id = await built(bhxh, 4);
    const r = await bhxh.get(`/api/reports/versions/${id}/file/pdf?inline=1`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(String(r.headers['content-disposition'])).toMatch(/^inline; filename="bao-cao-debts-\d+-v\d+\.pdf"$/);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(r.raw.subarray(0, 5).toString()).toBe('%PDF-');
    // A download keeps refusing to be framed.
    const d = await bhxh.get(`/api/reports/versions/${id}/file/pdf`);
    expect(String(d.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(d.headers['x-frame-options']).toBe('DENY');
    expect((await bhxh.get(`/api/reports/versions/${id}/file/docx?inline=1`)).json.error.message).toBe('Chỉ xem trước được tệp PDF.');
    const v = await bhxh.get(`/api/reports/versions/${id}`);
    expect(v.json.actions.map((a: { actionLabel: string }) => a.actionLabel)).toEqual(['Yêu cầu lập', 'Đã lập xong', 'Xem trước', 'Tải về']);
    const audited = await database.db.selectFrom('audit_log').select(['action', 'detail']).where('object_type', '=', 'report_version').where('object_id', '=', String(id)).where('action', '=', 'export').orderBy('id').execute();
    expect(audited.map((a) => (a.detail as { preview?: boolean }).preview ?? false)).toEqual([true, false]);
  }, 120_000);
});
