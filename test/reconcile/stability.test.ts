import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { updateFinding, findingActions } from '../../server/reconcile/queries.ts';
import { insertSource, pid, resident, participant } from './fixture.ts';

let database: TestDatabase;
const A = '05443';
const ids = { p1: pid(1990, 'M', 1), p2: pid(1991, 'F', 2), p3: pid(1992, 'M', 3) };
const user = { id: 7, username: 'canbo' };

const thu = (unit: string, period: string, due: number, paid: number, reminded: string | null = null) =>
  ({ unit_code: unit, period, workers: 12, wage_fund: 100_000_000, amount_due: due, amount_paid: paid, reminded_on: reminded });

async function finding(code: string, subject: string, db: TestDatabase = database) {
  const { rows } = await db.pool.query('SELECT * FROM finding WHERE code = $1 AND subject_id = $2', [code, subject]);
  return rows[0];
}

/** The province of these tests: three residents, two units, the participants of 09 and 10/2026, the contributions. */
async function seed(db: TestDatabase) {
  await insertSource(db, 'dan-cu', [
    resident(ids.p1, 'Nguyễn Văn Một', '1990-01-01', 'M', A),
    resident(ids.p2, 'Trần Thị Hai', '1991-02-02', 'F', A),
    resident(ids.p3, 'Lê Văn Ba', '1992-03-03', 'M', A),
  ]);
  await insertSource(db, 'bhxh-don-vi', [
    { unit_code: 'U1', tax_code: '0100000001', name: 'Công ty Một', commune_code: A },
    { unit_code: 'U2', tax_code: '0100000002', name: 'Công ty Hai', commune_code: A },
  ]);
  await insertSource(db, 'bhxh-nguoi', [participant(ids.p3, 'Lê Văn Ba', '1992-03-03', 'M', { unit_code: 'U1', snapshot_period: '2026-09-01' })], '2026-09-01');
  await insertSource(db, 'bhxh-nguoi', [participant(ids.p3, 'Lê Văn Ba', '1992-03-03', 'M', { unit_code: 'U1', snapshot_period: '2026-10-01' })], '2026-10-01');
  await insertSource(db, 'bhxh-thu', [thu('U1', '2026-09-01', 10_000_000, 0, '2026-10-15'), thu('U2', '2026-08-01', 5_000_000, 4_000_000)]);
}

/**
 * A fresh, seeded database of its own, destroyed afterwards: for the tests that follow the findings from the first run
 * on (a finding "not there yet" is only true before any later as_of has been run).
 */
async function withFreshDatabase(fn: (db: TestDatabase) => Promise<void>) {
  const db = await createTestDatabase();
  try {
    await seed(db);
    await fn(db);
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database);
});
afterAll(async () => {
  await database.destroy();
});

describe('deadlines and the evasion threshold by as_of', () => {
  it('a deadline that falls on as_of is not yet late', async () => {
    await withFreshDatabase(async (db) => {
      const r = await runReconciliation(db, { asOf: '2026-10-31' });
      expect(r.period).toBe('2026-10'); // the latest snapshot not after as_of
      expect(await finding('DN_CHAM_DONG', 'U1', db)).toBeUndefined();
      expect((await finding('DN_CHAM_DONG', 'U2', db)).resolved_run_id).toBeNull();
    });
  });
  it('60 days after the deadline is late; 61 days with a reminder is evasion', async () => {
    await withFreshDatabase(async (db) => {
      // Month 09/2026 is due on 31/10/2026.
      await runReconciliation(db, { asOf: '2026-11-01' }); // 1 day
      expect((await finding('DN_CHAM_DONG', 'U1', db)).resolved_run_id).toBeNull();
      await runReconciliation(db, { asOf: '2026-12-30' }); // 60 days
      expect((await finding('DN_CHAM_DONG', 'U1', db)).resolved_run_id).toBeNull();
      expect(await finding('DN_TRON_DONG', 'U1', db)).toBeUndefined();
      await runReconciliation(db, { asOf: '2026-12-31' }); // 61 days
      expect((await finding('DN_TRON_DONG', 'U1', db)).resolved_run_id).toBeNull();
      expect((await finding('DN_CHAM_DONG', 'U1', db)).status).toBe('resolved');
    });
  });
  it('the period defaults to the latest snapshot not after as_of', async () => {
    const r = await runReconciliation(database, { asOf: '2026-10-15' });
    expect(r.period).toBe('2026-10');
    const r2 = await runReconciliation(database, { asOf: '2026-09-30' });
    expect(r2.period).toBe('2026-09');
  });
});

describe('stable findings', () => {
  it('keeps identity, status and notes across runs; resolves and reopens with the cause', async () => {
    await runReconciliation(database, { asOf: '2026-11-25' });
    const f1 = await finding('TIEM_NANG_TU_NGUYEN', ids.p1);
    const f2 = await finding('TIEM_NANG_TU_NGUYEN', ids.p2);
    expect(f1.status).toBe('new');
    await updateFinding(database.db, f1.id, user, { status: 'open', note: 'Đã gọi điện, hẹn gặp tuần sau' });
    await updateFinding(database.db, f2.id, user, { status: 'dismissed', reason: 'Đang đi làm ở tỉnh khác' });

    // Run again: same rows, same status; nothing else changes.
    await runReconciliation(database, { asOf: '2026-11-25' });
    expect(await finding('TIEM_NANG_TU_NGUYEN', ids.p1)).toMatchObject({ id: f1.id, status: 'open', resolved_run_id: null });
    expect(await finding('TIEM_NANG_TU_NGUYEN', ids.p2)).toMatchObject({ id: f2.id, status: 'dismissed', dismiss_reason: 'Đang đi làm ở tỉnh khác' });

    // The cause goes away: p1 and p2 join in a new snapshot → resolved by the run (not deleted); dismissed stays dismissed.
    const joined = [ids.p3, ids.p1, ids.p2].map((pidv, i) =>
      participant(pidv, ['Lê Văn Ba', 'Nguyễn Văn Một', 'Trần Thị Hai'][i], ['1992-03-03', '1990-01-01', '1991-02-02'][i], i === 2 ? 'F' : 'M',
        { unit_code: 'U1', snapshot_period: '2026-11-01' }));
    await insertSource(database, 'bhxh-nguoi', joined, '2026-11-01');
    const r = await runReconciliation(database, { asOf: '2026-11-25' });
    expect(r.period).toBe('2026-11');
    const g1 = await finding('TIEM_NANG_TU_NGUYEN', ids.p1);
    expect(g1).toMatchObject({ id: f1.id, status: 'resolved', resolved_run_id: r.runId });
    const g2 = await finding('TIEM_NANG_TU_NGUYEN', ids.p2);
    expect(g2).toMatchObject({ id: f2.id, status: 'dismissed', resolved_run_id: r.runId });

    // Back to October: the cause is there again → reopened, same identity.
    const back = await runReconciliation(database, { asOf: '2026-11-25', period: '2026-10' });
    expect(await finding('TIEM_NANG_TU_NGUYEN', ids.p1)).toMatchObject({ id: f1.id, status: 'open', resolved_run_id: null, updated_run_id: back.runId });
    expect(await finding('TIEM_NANG_TU_NGUYEN', ids.p2)).toMatchObject({ id: f2.id, status: 'dismissed', resolved_run_id: null });

    const log = await findingActions(database.db, f1.id);
    expect(log.map((a) => [a.action, a.from_status, a.to_status])).toEqual([
      ['status', 'new', 'open'],
      ['resolved_by_run', 'open', 'resolved'],
      ['reopened_by_run', 'resolved', 'open'],
    ]);
    expect(log[0].note).toBe('Đã gọi điện, hẹn gặp tuần sau');
    await updateFinding(database.db, f1.id, user, { note: 'Đã gặp, sẽ đăng ký tháng sau' });
    expect((await findingActions(database.db, f1.id)).at(-1)).toMatchObject({ action: 'note', note: 'Đã gặp, sẽ đăng ký tháng sau' });
    expect(log[0].username).toBe('canbo');
    expect(log[1].username).toBeNull();
    const log2 = await findingActions(database.db, f2.id);
    expect(log2.map((a) => a.action)).toEqual(['status']);
    expect(log2[0].note).toBe('Đang đi làm ở tỉnh khác');
  });

  it('keeps the action log append-only', async () => {
    // A row to refuse changing (a statement that touches no row fires no row trigger): a note on a finding of a run,
    // never on the two findings whose whole log the test above checks.
    if (!(await database.pool.query('SELECT 1 FROM finding LIMIT 1')).rows.length) await runReconciliation(database, { asOf: '2026-11-25' });
    const { rows } = await database.pool.query(
      `SELECT id FROM finding WHERE NOT (code = 'TIEM_NANG_TU_NGUYEN' AND subject_id IN ($1, $2)) ORDER BY id LIMIT 1`, [ids.p1, ids.p2]);
    await updateFinding(database.db, Number(rows[0].id), user, { note: 'Ghi chú để thử' });
    expect(Number((await database.pool.query('SELECT count(*) AS n FROM finding_action')).rows[0].n)).toBeGreaterThan(0);
    await expect(database.pool.query('UPDATE finding_action SET note = $1', ['x'])).rejects.toThrow(/append-only/);
    await expect(database.pool.query('DELETE FROM finding_action')).rejects.toThrow(/append-only/);
  });

  it('a failed run leaves the findings as they were and says why', async () => {
    const before = await database.pool.query('SELECT count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL');
    await database.pool.query(`UPDATE legal_param SET effective_to = '2026-01-01' WHERE key = 'late.interest_per_day'`);
    await expect(runReconciliation(database, { asOf: '2026-11-25' })).rejects.toThrow(/Thiếu tham số pháp lý.*late\.interest_per_day/);
    await database.pool.query(`UPDATE legal_param SET effective_to = NULL WHERE key = 'late.interest_per_day'`);
    const after = await database.pool.query('SELECT count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
