/** Progress follows the cross-check's person links when a record has one. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { refreshProgress, ensureProgressFresh } from '../../server/targets/service.ts';
import { addNguoi, addDanCu } from './seed.ts';

const X = '05443';
const Y = '01843';
const S = '2026-10-01';
const RESIDENT = '019090000011';
let database: TestDatabase;
let batch: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await addDanCu(database, [{ person_id: RESIDENT, commune_code: X }]);
  batch = await addNguoi(database, S, [
    { person_id: RESIDENT, commune_code: X, scheme: 'BB', from: '2026-01-01' },
    // The same person written with a mistyped ID (not valid) and no BHXH code, another commune.
    { person_id: '01909000001', person_id_valid: false, commune_code: Y, scheme: 'TN', from: '2026-03-01' },
  ]);
  await refreshProgress(database);
});
afterAll(async () => {
  await database.destroy();
});

const at = async (unit: string) =>
  (await database.pool.query('SELECT active_total, active_mandatory, active_voluntary FROM progress_monthly WHERE unit_code = $1 AND period = $2', [unit, S])).rows[0];

describe('person links', () => {
  it('without a link, the unlinkable record is a person of its own in its own commune', async () => {
    expect(await at(X)).toEqual({ active_total: 1, active_mandatory: 1, active_voluntary: 0 });
    expect(await at(Y)).toEqual({ active_total: 1, active_mandatory: 0, active_voluntary: 1 });
    expect(await at('19')).toEqual({ active_total: 2, active_mandatory: 1, active_voluntary: 1 });
  });

  it('with the link of a finished reconciliation, both records are one resident of X', async () => {
    const run = await database.pool.query(`INSERT INTO reconcile_run (as_of, period, status, finished_at) VALUES ('2026-11-25', $1, 'done', now()) RETURNING id`, [S]);
    await database.pool.query(
      `INSERT INTO person_link (run_id, source, batch_id, row_no, record_key, raw_id, full_name, resident_id, method, score, status)
       VALUES ($1, 'bhxh-nguoi', $2, 2, 'k1', $3, 'Nguyễn Văn Thử', $3, 'id', NULL, 'linked'),
              ($1, 'bhxh-nguoi', $2, 3, 'k2', '01909000001', 'Nguyễn Văn Thử', $3, 'probabilistic', 14.2, 'linked')`,
      [run.rows[0].id, batch, RESIDENT],
    );
    // The finished run changes the fingerprint: the next check rebuilds.
    await ensureProgressFresh(database);
    expect(await at(X)).toEqual({ active_total: 1, active_mandatory: 1, active_voluntary: 0 });
    expect(await at(Y)).toEqual({ active_total: 0, active_mandatory: 0, active_voluntary: 0 });
    expect(await at('19')).toEqual({ active_total: 1, active_mandatory: 1, active_voluntary: 0 });
  });
});
