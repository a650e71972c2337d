/**
 * Cross-checks the set-based monthly rebuild against a brute-force count (every month × every
 * record, distinct persons) on a seeded random province with two snapshots.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { addNguoi, addDanCu, randomParticipants } from './seed.ts';

let database: TestDatabase;
const COMMUNES = ['05443', '01843', '05860', '05908', '05830', '05941'];

beforeAll(async () => {
  database = await createTestDatabase();
  const older = randomParticipants(11, 1500, COMMUNES, '2025-06-01');
  const newer = randomParticipants(12, 2500, COMMUNES, '2026-09-01');
  // One population extract covering both (the newer generator's persons overlap the older's IDs).
  const dan = new Map<string, string>();
  for (const d of [...older.dan, ...newer.dan]) dan.set(d.person_id, d.commune_code);
  await addDanCu(database, [...dan].map(([person_id, commune_code]) => ({ person_id, commune_code })));
  await addNguoi(database, '2025-06-01', older.rows);
  await addNguoi(database, '2026-09-01', newer.rows);
  await refreshProgress(database);
});
afterAll(async () => {
  await database.destroy();
});

describe('monthly rebuild against brute force', () => {
  it('agrees with counting distinct persons month by month, per commune and for the province', async () => {
    const brute = await database.pool.query(`
      WITH snaps AS (SELECT DISTINCT snapshot_period AS s FROM src_bhxh_nguoi),
      months AS (
        SELECT s, g::date AS m FROM snaps, generate_series((s - interval '23 months')::timestamp, s::timestamp, interval '1 month') g
      ),
      pick AS (SELECT DISTINCT ON (m) m, s FROM months ORDER BY m, s DESC),
      home AS (
        SELECT DISTINCT ON (n.snapshot_period, n.person_id) n.snapshot_period AS s, n.person_id,
               COALESCE(d.commune_code, n.commune_code) AS commune_code
        FROM src_bhxh_nguoi n LEFT JOIN src_dan_cu d ON d.person_id = n.person_id
        ORDER BY n.snapshot_period, n.person_id, (d.commune_code IS NULL), n.from_period DESC, n.to_period DESC NULLS FIRST
      ),
      active AS (
        SELECT p.m, p.s, n.person_id,
               bool_or(n.scheme = 'BB') AS bb, bool_or(n.scheme = 'TN') AS tn, bool_or(n.scheme = 'BB' AND n.unemployment_insured) AS ui
        FROM pick p JOIN src_bhxh_nguoi n ON n.snapshot_period = p.s AND n.from_period <= p.m AND (n.to_period IS NULL OR n.to_period >= p.m)
        GROUP BY p.m, p.s, n.person_id
      )
      SELECT COALESCE(h.commune_code, '19') AS unit, a.m AS period,
             count(*)::int AS total, count(*) FILTER (WHERE bb)::int AS mandatory,
             count(*) FILTER (WHERE tn AND NOT bb)::int AS voluntary, count(*) FILTER (WHERE ui)::int AS ui
      FROM active a JOIN home h ON h.s = a.s AND h.person_id = a.person_id
      GROUP BY GROUPING SETS ((h.commune_code, a.m), (a.m))
      ORDER BY 1, 2`);
    const built = await database.pool.query(`
      SELECT unit_code AS unit, period, active_total AS total, active_mandatory AS mandatory, active_voluntary AS voluntary, active_unemployment AS ui
      FROM progress_monthly WHERE active_total > 0 OR active_unemployment > 0 ORDER BY 1, 2`);
    expect(brute.rows.length).toBeGreaterThan(200);
    expect(built.rows).toEqual(brute.rows);
    // Months from the older snapshot only (before the newer window) are there too.
    const span = await database.pool.query(`SELECT min(period) AS lo, max(period) AS hi, count(DISTINCT period)::int AS n FROM progress_monthly`);
    expect(span.rows[0]).toEqual({ lo: '2023-07-01', hi: '2026-09-01', n: 39 });
  });
});
