/**
 * The renewal outreach list: voluntary payers whose paid period ends within the renewal window of the rule book
 * (outreach.renewal_window_months in force on the day asked); no rule in force → no list.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { loadWorld, R } from '../reconcile/world.ts';
import { outreachList } from '../../server/cases/queries.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  // A voluntary payer whose paid period ends in December 2026.
  await database.pool.query(`UPDATE src_bhxh_nguoi SET to_period = '2026-12-01' WHERE person_id = $1 AND scheme = 'TN'`, [R.workerVoluntary]);
});
afterAll(async () => {
  await database.destroy();
});

const listed = async (today: string) => (await outreachList(database, null, 'renewal', 1, 100, today)).rows.map((r) => r.subject_id as string);

describe('the renewal list reads its window from the rule book', () => {
  it('lists a payer whose paid period ends within the window in force (2 months from 1/7/2025)', async () => {
    expect(await listed('2026-11-25')).toContain(R.workerVoluntary);
    expect(await listed('2026-10-05')).toContain(R.workerVoluntary); // October + 2 months reaches December
    expect(await listed('2026-09-05')).not.toContain(R.workerVoluntary); // September + 2 months ends in November
  });

  it('follows a new window from its date, and gives no list where no window is in force', async () => {
    // This test changes the rule book; it puts the rows of the key back as they were, whatever happens, so that
    // the other tests (in any order) see the window of the migrations.
    const saved = (await database.pool.query(`SELECT to_jsonb(p) AS row FROM legal_param p WHERE key = 'outreach.renewal_window_months'`)).rows.map((r) => r.row);
    try {
      await database.pool.query(
        `INSERT INTO legal_param (key, value, unit, effective_from, source, status) VALUES ('outreach.renewal_window_months', 3, 'months', '2026-09-01', 'Giả định trong kiểm thử', 'setting')`,
      );
      expect(await listed('2026-09-05')).toContain(R.workerVoluntary);
      await database.pool.query(`DELETE FROM legal_param WHERE key = 'outreach.renewal_window_months'`);
      expect(await outreachList(database, null, 'renewal', 1, 100, '2026-11-25')).toEqual({ total: 0, rows: [] });
    } finally {
      await database.pool.query(`DELETE FROM legal_param WHERE key = 'outreach.renewal_window_months'`);
      await database.pool.query(`INSERT INTO legal_param SELECT * FROM jsonb_populate_recordset(NULL::legal_param, $1::jsonb)`, [JSON.stringify(saved)]);
    }
  });
});
