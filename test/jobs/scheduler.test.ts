/**
 * The scheduler with a fake clock on the engine under test (PGlite, or the server with DATABASE_URL): a due time
 * runs once — at its time, across a restart, after downtime over several due times (once, the latest), and when two
 * processes' worth of schedulers (two openers of the same database) race for it — and a failing handler records a
 * Vietnamese error without stopping the next due time.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { Scheduler, registerJobHandler, type JobContext } from '../../server/jobs/scheduler.ts';
import { FakeClock } from '../../server/jobs/clock.ts';
import { registerJobHandlers, resolveReportParams } from '../../server/jobs/handlers.ts';
import { jobAlertsFor } from '../../server/jobs/service.ts';
import type { SessionUser } from '../../server/auth/policies.ts';
import { annualAssessment } from '../../server/directive/assessment.ts';

let database: TestDatabase;
let second: Database;
const calls: Array<{ kind: string; scheduleId: number; dueAt: string; owner: string }> = [];
let failNext = false;

const recorder = (owner: string) => async (ctx: JobContext) => {
  calls.push({ kind: 'test_echo', scheduleId: ctx.scheduleId, dueAt: ctx.dueAt.toISOString(), owner });
  // Long enough for the other scheduler to try the same due time meanwhile.
  await new Promise((r) => setTimeout(r, 20));
  return { echoed: ctx.params };
};

beforeAll(async () => {
  database = await createTestDatabase();
  // A second opener of the same database: on PGlite it connects to the first one's socket, on the server it is a
  // second pool — two processes' worth of connections.
  second = await openDatabase(database.config);
  registerJobHandler('test_echo', recorder('any'));
  registerJobHandler('test_flaky', async (ctx) => {
    if (failNext) {
      failNext = false;
      throw new Error('nguồn dữ liệu chưa sẵn sàng');
    }
    calls.push({ kind: 'test_flaky', scheduleId: ctx.scheduleId, dueAt: ctx.dueAt.toISOString(), owner: 'any' });
    return {};
  });
}, 120_000);
afterAll(async () => {
  await second?.close();
  await database?.destroy();
});
beforeEach(async () => {
  calls.length = 0;
  // The seeded report schedules are tested on their own below; here only the test's own schedules are enabled.
  await database.db.updateTable('scheduled_job').set({ enabled: false }).execute();
});

async function addSchedule(kind: string, rule: string, params: Record<string, unknown> = {}) {
  const { id } = await database.db.insertInto('scheduled_job')
    .values({ kind, label: `Việc thử ${kind}`, rule, rule_label: rule, params: JSON.stringify(params), source: 'kiểm thử' })
    .returning('id').executeTakeFirstOrThrow();
  return id;
}
const runsOf = (id: number) => database.db.selectFrom('job_run').selectAll().where('schedule_id', '=', id).orderBy('due_at').execute();

describe('scheduled jobs', () => {
  it('the two report schedules are seeded as data with their source, and planned for their next occurrence', async () => {
    const seeded = await database.db.selectFrom('scheduled_job').selectAll().where('kind', '=', 'report').orderBy('id').execute();
    expect(seeded.map((s) => [s.rule, s.rule_label, (s.params as { report: string }).report])).toEqual([
      ['0 6 1 12 *', '06:00 ngày 01 tháng 12 hằng năm', 'annual'],
      ['0 6 5 * *', '06:00 ngày 05 hằng tháng', 'progress'],
    ]);
    expect(seeded[0]!.source).toContain('25/12');
    await database.db.updateTable('scheduled_job').set({ enabled: true, next_run_at: null }).where('kind', '=', 'report').execute();
    const clock = new FakeClock('2026-11-20T03:00:00Z');
    registerJobHandlers();
    expect(await new Scheduler(database, { clock }).tick()).toEqual([]);
    const planned = await database.db.selectFrom('scheduled_job').select(['rule', 'next_run_at']).where('kind', '=', 'report').orderBy('id').execute();
    // 06:00 in Việt Nam is 23:00 UTC the day before.
    expect(planned.map((p) => p.next_run_at!.toISOString())).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-04T23:00:00.000Z']);
  });

  it('the annual schedule runs on 01/12 for the year; on a database without data it records the builder\'s Vietnamese error', async () => {
    const [annual] = await database.db.selectFrom('scheduled_job').select('id').where('rule', '=', '0 6 1 12 *').execute();
    await database.db.updateTable('scheduled_job').set({ enabled: true, next_run_at: new Date('2026-11-30T23:00:00Z') }).where('id', '=', annual!.id).execute();
    registerJobHandlers();
    const clock = new FakeClock('2026-11-30T23:00:40Z');
    expect(await new Scheduler(database, { clock }).tick()).toHaveLength(1);
    clock.advance(120_000);
    expect(await new Scheduler(second, { clock }).tick()).toEqual([]);
    const runs = await runsOf(annual!.id);
    expect(runs.map((r) => [r.due_at.toISOString(), r.state])).toEqual([['2026-11-30T23:00:00.000Z', 'failed']]);
    expect(runs[0]!.error).toMatch(/^Không chạy được "Dự thảo báo cáo đánh giá kết quả thực hiện Nghị quyết 403\/NQ-CP năm" \(đến hạn 01\/12\/2026 06:00\): Không có số liệu .* tháng 11\/2026/);
    expect((await annualAssessment(database.db, 2026, '2026-12-01')).state).toBe('no_draft');
    expect(resolveReportParams({ report: 'annual', year: 'current', month: 'previous' }, runs[0]!.due_at)).toEqual({ kind: 'annual', params: { year: 2026, month: 11 } });
    // The progress report of 05/01 is December's, of the year before.
    expect(resolveReportParams({ report: 'progress', year: 'current', month: 'previous' }, new Date('2027-01-04T23:00:00Z'))).toEqual({ kind: 'progress', params: { year: 2026, month: 12 } });
  }, 120_000);

  it('a scheduled report is drafted once — across a restart and a second opener — and is in its reviewers\' bell until reviewed', async () => {
    // The debts list builds on an empty database (an empty list is a valid report).
    const id = await addSchedule('report', '0 6 5 * *', { report: 'debts', year: 'current', month: 'previous' });
    registerJobHandlers();
    const clock = new FakeClock('2027-02-01T00:00:00Z');
    await new Scheduler(database, { clock }).tick();
    clock.set('2027-02-04T23:00:30Z');
    const [a, b] = await Promise.all([new Scheduler(database, { clock, owner: 'a' }).tick(), new Scheduler(second, { clock, owner: 'b' }).tick()]);
    expect(a!.length + b!.length).toBe(1);
    clock.advance(600_000);
    expect(await new Scheduler(database, { clock }).tick()).toEqual([]);
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.due_at.toISOString(), r.state, r.error])).toEqual([['2027-02-04T23:00:00.000Z', 'done', null]]);
    const result = runs[0]!.result as { reportVersionId: number; params: unknown };
    expect(result.params).toEqual({ year: 2027, month: 1 });
    const versions = await database.db.selectFrom('report_version').select(['id', 'state', 'created_by_name']).where('kind', '=', 'debts').execute();
    expect(versions).toEqual([{ id: result.reportVersionId, state: 'draft', created_by_name: 'lich-tu-dong' }]);
    const bhxh: SessionUser = { id: 3, username: 'bhxh', fullName: 'BHXH', role: 'social_security', agency: 'BHXH', communes: null, isLeader: false };
    const tax: SessionUser = { ...bhxh, username: 'thue', role: 'tax', agency: 'THUE' };
    const mine = async (u: SessionUser) => (await jobAlertsFor(database.db, u, '2027-02-05')).filter((x) => x.runId === runs[0]!.id).map((x) => [x.kind, x.text, x.link]);
    expect(await mine(bhxh)).toEqual([['job_done', 'Việc thử report (bản 1) đã được lập theo lịch, chờ rà soát', '/bao-cao']]);
    expect(await mine(tax)).toEqual([]);
    await database.db.updateTable('report_version').set({ state: 'reviewed' }).where('id', '=', result.reportVersionId).execute();
    expect(await mine(bhxh)).toEqual([]);
  }, 120_000);

  it('the annual assessment\'s state follows the year\'s best version: draft, reviewed, signed — late when the 25/12 passes unsigned', async () => {
    const version = async (state: string, n: number) => (await database.db.insertInto('report_version').values({
      kind: 'annual', params: JSON.stringify({ year: 2025, month: 11 }), params_key: '{"month":11,"year":2025}', version: n, state, formats: ['docx'], created_by_name: 'kiểm thử',
    } as never).returning('id').executeTakeFirstOrThrow()).id;
    expect((await annualAssessment(database.db, 2025, '2025-12-01')).state).toBe('no_draft');
    const v1 = await version('draft', 1);
    expect(await annualAssessment(database.db, 2025, '2025-12-10')).toMatchObject({ state: 'draft', deadline: '2025-12-25', versionId: v1, version: 1 });
    await version('reviewed', 2);
    expect(await annualAssessment(database.db, 2025, '2025-12-24')).toMatchObject({ state: 'reviewed', version: 2, stateLabel: 'Đã rà soát, chờ ký' });
    expect((await annualAssessment(database.db, 2025, '2025-12-26')).state).toBe('late');
    await version('signed', 3);
    expect(await annualAssessment(database.db, 2025, '2025-12-26')).toMatchObject({ state: 'signed', version: 3, stateLabel: 'Đã ký' });
  });

  it('fires once at its time, and a restart (a new scheduler, a new opener) does not fire it again', async () => {
    const id = await addSchedule('test_echo', '0 6 5 * *', { x: 1 });
    const clock = new FakeClock('2027-01-04T22:00:00Z'); // 05:00 on 05/01 in Việt Nam
    const a = new Scheduler(database, { clock, owner: 'a' });
    expect(await a.tick()).toEqual([]);
    clock.set('2027-01-04T22:59:59Z');
    expect(await a.tick()).toEqual([]);
    expect(calls).toHaveLength(0);
    clock.set('2027-01-04T23:00:05Z');
    expect(await a.tick()).toHaveLength(1);
    expect(calls).toEqual([{ kind: 'test_echo', scheduleId: id, dueAt: '2027-01-04T23:00:00.000Z', owner: 'any' }]);
    clock.advance(60_000);
    expect(await a.tick()).toEqual([]);
    // Restart: a new scheduler in the same process, and one over a second opener, same time.
    expect(await new Scheduler(database, { clock }).tick()).toEqual([]);
    expect(await new Scheduler(second, { clock }).tick()).toEqual([]);
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.due_at.toISOString(), r.state, r.claimed_by])).toEqual([['2027-01-04T23:00:00.000Z', 'done', 'a']]);
    expect(runs[0]!.result).toEqual({ echoed: { x: 1 } });
    const s = await database.db.selectFrom('scheduled_job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([s.last_state, s.last_run_at!.toISOString(), s.next_run_at!.toISOString()]).toEqual(['done', '2027-01-04T23:00:00.000Z', '2027-02-04T23:00:00.000Z']);
    expect(calls).toHaveLength(1);
  });

  it('after downtime over two due times it catches up once, for the latest missed occurrence', async () => {
    const id = await addSchedule('test_echo', '0 6 5 * *');
    const clock = new FakeClock('2027-01-10T00:00:00Z');
    await new Scheduler(database, { clock }).tick(); // planned: 05/02
    // Down from 10/01 to 10/03: 05/02 and 05/03 were missed.
    clock.set('2027-03-10T02:00:00Z');
    expect(await new Scheduler(database, { clock }).tick()).toHaveLength(1);
    expect((await runsOf(id)).map((r) => r.due_at.toISOString())).toEqual(['2027-03-04T23:00:00.000Z']);
    expect(calls.map((c) => c.dueAt)).toEqual(['2027-03-04T23:00:00.000Z']);
    const s = await database.db.selectFrom('scheduled_job').select('next_run_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(s.next_run_at!.toISOString()).toBe('2027-04-04T23:00:00.000Z');
  });

  it('two schedulers on two openers racing the same due times make exactly one run of each', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await addSchedule('test_echo', `${i} 6 5 * *`));
    const clock = new FakeClock('2027-06-01T00:00:00Z');
    const a = new Scheduler(database, { clock, owner: 'a' });
    const b = new Scheduler(second, { clock, owner: 'b' });
    await Promise.all([a.tick(), b.tick()]);
    clock.set('2027-06-04T23:10:00Z');
    const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick(), new Scheduler(database, { clock, owner: 'c' }).tick()]);
    expect(ranA!.length + ranB!.length).toBe(4);
    for (const [i, id] of ids.entries()) {
      const runs = await runsOf(id);
      expect(runs.map((r) => [r.due_at.toISOString(), r.state])).toEqual([[`2027-06-04T23:0${i}:00.000Z`, 'done']]);
    }
    expect(calls.map((c) => c.scheduleId).sort()).toEqual([...ids].sort());
    // The unique (schedule, due time) is what makes it once whoever inserts: a second insert is refused.
    const dup = await sql`INSERT INTO job_run (schedule_id, kind, due_at) VALUES (${ids[0]}, 'test_echo', ${new Date('2027-06-04T23:00:00Z')})
                         ON CONFLICT (schedule_id, due_at) DO NOTHING`.execute(second.db);
    expect(Number(dup.numAffectedRows)).toBe(0);
  });

  it('a failing handler records a Vietnamese error, the managers see it in the bell, and the next due time still runs', async () => {
    const id = await addSchedule('test_flaky', '30 7 * * 1'); // 07:30 on Mondays
    const clock = new FakeClock('2027-03-01T00:00:00Z'); // Monday 07:00 in Việt Nam
    const s = new Scheduler(database, { clock });
    await s.tick();
    failNext = true;
    clock.set('2027-03-01T00:31:00Z');
    await s.tick();
    clock.set('2027-03-08T00:30:10Z');
    await s.tick();
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.due_at.toISOString(), r.state])).toEqual([['2027-03-01T00:30:00.000Z', 'failed'], ['2027-03-08T00:30:00.000Z', 'done']]);
    expect(runs[0]!.error).toBe('Không chạy được "Việc thử test_flaky" (đến hạn 01/03/2027 07:30): nguồn dữ liệu chưa sẵn sàng');
    expect(calls.map((c) => c.dueAt)).toEqual(['2027-03-08T00:30:00.000Z']);
    const admin: SessionUser = { id: 1, username: 'admin', fullName: 'Quản trị', role: 'admin', agency: 'ADMIN', communes: null, isLeader: false };
    const tax: SessionUser = { ...admin, username: 'thue', role: 'tax', agency: 'THUE' };
    // finished_at is the fake clock's: the bell as of that week.
    const adminAlerts = await jobAlertsFor(database.db, admin, '2027-03-08');
    expect(adminAlerts.filter((a) => a.runId === runs[0]!.id)).toEqual([{ kind: 'job_failed', text: runs[0]!.error, link: '/nhiem-vu/theo-doi', runId: runs[0]!.id }]);
    expect(await jobAlertsFor(database.db, tax, '2027-03-08')).toEqual([]);
  });

  it('a done run that names roles is in their bell, and only theirs', async () => {
    const id = await addSchedule('test_notify', '0 8 * * *');
    registerJobHandler('test_notify', async () => ({ notify: { roles: ['home_affairs'], text: 'Báo cáo thử đã được lập theo lịch, chờ rà soát', link: '/bao-cao' } }));
    const clock = new FakeClock('2027-05-01T00:00:00Z');
    const s = new Scheduler(database, { clock });
    await s.tick();
    clock.set('2027-05-01T01:00:30Z');
    expect(await s.tick()).toHaveLength(1);
    const [run] = await runsOf(id);
    const ha: SessionUser = { id: 2, username: 'sonoivu', fullName: 'Sở Nội vụ', role: 'home_affairs', agency: 'SO_NOI_VU', communes: null, isLeader: false };
    const bhxh: SessionUser = { ...ha, username: 'bhxh', role: 'social_security', agency: 'BHXH' };
    expect((await jobAlertsFor(database.db, ha, '2027-05-02')).filter((a) => a.runId === run!.id).map((a) => a.text)).toEqual(['Báo cáo thử đã được lập theo lịch, chờ rà soát']);
    expect((await jobAlertsFor(database.db, bhxh, '2027-05-02')).filter((a) => a.runId === run!.id)).toEqual([]);
    // Gone once the alert window has passed.
    expect((await jobAlertsFor(database.db, ha, '2027-06-30')).filter((a) => a.runId === run!.id)).toEqual([]);
  });
});
