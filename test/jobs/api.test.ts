/**
 * /api/jobs: who reads and changes the schedules (a policy of server/auth/policies.ts), validation with Vietnamese
 * messages, the runs list; the bell showing a failed run; the follow-up board's annual-assessment deadline line.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { Scheduler, registerJobHandler } from '../../server/jobs/scheduler.ts';
import { FakeClock } from '../../server/jobs/clock.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;
let homeAffairs: TestClient;
let leadership: TestClient;
let tax: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'qt', 'admin');
  await addUser(database, 'snv', 'home_affairs');
  await addUser(database, 'ld', 'leadership');
  await addUser(database, 'thue1', 'tax');
  [admin, homeAffairs, leadership, tax] = await Promise.all(['qt', 'snv', 'ld', 'thue1'].map((u) => login(app, u)));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

describe('/api/jobs', () => {
  it('lists the seeded schedules to the followers, and refuses a body that does not follow the directive', async () => {
    const r = await admin.get('/api/jobs/schedules');
    expect(r.status).toBe(200);
    expect(r.json.canManage).toBe(true);
    expect(r.json.schedules.map((s: { rule: string; ruleLabel: string }) => `${s.rule} = ${s.ruleLabel}`)).toEqual([
      '0 6 1 12 * = 06:00 ngày 01 tháng 12 hằng năm', '0 6 5 * * = 06:00 ngày 05 hằng tháng',
    ]);
    const l = await leadership.get('/api/jobs/schedules');
    expect([l.status, l.json.canManage]).toEqual([200, false]);
    const t = await tax.get('/api/jobs/schedules');
    expect(t.status).toBe(403);
    expect(t.body).toMatch(/không có quyền xem lịch chạy tự động/);
    expect((await tax.get('/api/jobs/runs')).status).toBe(403);
  });

  it('changes a rule (planning the next due time from now) and enables/disables, for admin and Home Affairs only', async () => {
    const [annual] = (await admin.get('/api/jobs/schedules')).json.schedules;
    const url = `/api/jobs/schedules/${annual.id}`;
    expect((await leadership.send('PUT', url, { enabled: false })).status).toBe(403);
    const bad = await homeAffairs.send('PUT', url, { rule: '61 6 1 12 *' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Quy tắc lịch \\"61 6 1 12 *\\" không hợp lệ: giá trị của trường phút sai');
    const four = await homeAffairs.send('PUT', url, { rule: '0 6 1 12' });
    expect(four.status).toBe(400);
    expect(four.body).toContain('cần đúng 5 trường');
    const empty = await homeAffairs.send('PUT', url, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Cần ít nhất một thay đổi');
    const ok = await homeAffairs.send('PUT', url, { rule: '0  7 2 12 *' });
    expect(ok.status).toBe(200);
    expect(ok.json.schedule).toMatchObject({ rule: '0 7 2 12 *', ruleLabel: '07:00 ngày 02 tháng 12 hằng năm', enabled: true, updatedBy: 'snv' });
    // 07:00 on 02/12 in Việt Nam = 00:00 UTC on 02/12, the first one after now.
    const next = new Date(ok.json.schedule.nextRunAt);
    expect(next.toISOString().slice(5)).toBe('12-02T00:00:00.000Z');
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const off = await admin.send('PUT', url, { enabled: false });
    expect([off.status, off.json.schedule.enabled]).toEqual([200, false]);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'object_id']).where('object_type', '=', 'scheduled_job').execute();
    expect(audit).toHaveLength(2);
    expect((await admin.send('PUT', '/api/jobs/schedules/999999', { enabled: true })).status).toBe(404);
    // Back as seeded, so the other tests read the seeded rule in any order.
    expect((await admin.send('PUT', url, { rule: '0 6 1 12 *', enabled: true })).status).toBe(200);
  });

  it('lists the runs, and a failed run is in the bell of who manages schedules', async () => {
    const { id } = await database.db.insertInto('scheduled_job')
      .values({ kind: 'api_fail', label: 'Việc thử lỗi', rule: '0 8 * * *', rule_label: '08:00 hằng ngày', params: '{}', source: 'kiểm thử', next_run_at: new Date('2020-01-01T01:00:00Z') })
      .returning('id').executeTakeFirstOrThrow();
    registerJobHandler('api_fail', async () => {
      throw new Error('không đọc được dữ liệu');
    });
    // Only this schedule is due: the seeded ones are planned in the future or disabled — and put back afterwards,
    // so that the other tests read the seeded schedules in any order.
    const enabledBefore = (await database.db.selectFrom('scheduled_job').select('id').where('enabled', '=', true).where('id', '<>', id).execute()).map((r) => r.id);
    await database.db.updateTable('scheduled_job').set({ enabled: false }).where('id', '<>', id).execute();
    try {
      await new Scheduler(database, { clock: new FakeClock(new Date()) }).tick();
      const runs = (await admin.get(`/api/jobs/runs?schedule=${id}`)).json.runs;
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ state: 'failed', stateLabel: 'Lỗi', label: 'Việc thử lỗi' });
      expect(runs[0].error).toMatch(/^Không chạy được "Việc thử lỗi" \(đến hạn \d\d\/\d\d\/\d{4} 08:00\): không đọc được dữ liệu$/);
      expect((await admin.get('/api/jobs/runs?limit=0')).status).toBe(400);
      const bell = (await homeAffairs.get('/api/alerts')).json.alerts;
      expect(bell.filter((a: { kind: string }) => a.kind === 'job_failed').map((a: { text: string }) => a.text)).toEqual([runs[0].error]);
      const taxBell = (await tax.get('/api/alerts')).json.alerts;
      expect(taxBell.filter((a: { kind: string }) => a.kind === 'job_failed')).toEqual([]);
    } finally {
      if (enabledBefore.length) await database.db.updateTable('scheduled_job').set({ enabled: true }).where('id', 'in', enabledBefore).execute();
      await database.db.deleteFrom('job_run').where('schedule_id', '=', id).execute();
      await database.db.deleteFrom('scheduled_job').where('id', '=', id).execute();
    }
  });

  it('the follow-up board carries the annual assessment: due before 25/12, no draft yet, late after it', async () => {
    const before = (await leadership.get('/api/directive/board?year=2026&asOf=2026-12-20')).json.assessment;
    expect(before).toMatchObject({ dutyId: '2.7', year: 2026, deadline: '2026-12-25', state: 'no_draft', stateLabel: 'Chưa có dự thảo' });
    // The drafting time shown is this year's only.
    const y = new Date().getFullYear();
    const [annual] = (await admin.get('/api/jobs/schedules')).json.schedules;
    await database.db.updateTable('scheduled_job').set({ enabled: true, next_run_at: new Date(`${y}-11-30T23:00:00Z`) }).where('id', '=', annual.id).execute();
    expect((await leadership.get(`/api/directive/board?year=${y}&asOf=${y}-11-20`)).json.assessment.scheduledAt).toBe(`${y}-11-30T23:00:00.000Z`);
    expect((await leadership.get(`/api/directive/board?year=${y - 1}&asOf=${y - 1}-11-20`)).json.assessment.scheduledAt).toBeNull();
    const after = (await leadership.get('/api/directive/board?year=2026&asOf=2026-12-26')).json.assessment;
    expect(after).toMatchObject({ state: 'late', stateLabel: 'Quá hạn, chưa ký' });
  });
});
