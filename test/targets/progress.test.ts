import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { refreshProgress, computeProgress, ensureProgressFresh, lastRefresh } from '../../server/targets/service.ts';
import { addNguoi, addDanCu, addLaoDong, addChiTieu } from './seed.ts';

const X = '05443';
const Y = '01843';
const S = '2026-10-01';
const id = (n: number) => `0190900000${String(n).padStart(2, '0')}`;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await addDanCu(database, [
    { person_id: id(1), commune_code: X }, { person_id: id(2), commune_code: X }, { person_id: id(3), commune_code: Y },
    { person_id: id(4), commune_code: Y }, { person_id: id(6), commune_code: X },
  ]);
  await addNguoi(database, S, [
    // A: lives in X (population record) although the BHXH record says Y.
    { person_id: id(1), commune_code: Y, scheme: 'BB', from: '2025-01-01' },
    // B: two overlapping contracts → one person; unemployment insurance on the second only.
    { person_id: id(2), commune_code: X, scheme: 'BB', from: '2025-06-01' },
    { person_id: id(2), commune_code: X, scheme: 'BB', ui: true, from: '2026-01-01', to: '2026-08-01' },
    // C: voluntary, then mandatory.
    { person_id: id(3), commune_code: Y, scheme: 'TN', from: '2025-03-01', to: '2026-02-01' },
    { person_id: id(3), commune_code: Y, scheme: 'BB', from: '2026-03-01' },
    // D: mandatory since before the window, voluntary at the same time for a while → mandatory only.
    { person_id: id(4), commune_code: Y, scheme: 'BB', from: '2024-01-01' },
    { person_id: id(4), commune_code: Y, scheme: 'TN', from: '2026-01-01', to: '2026-05-01' },
    // E: no personal ID, only a BHXH code; the record's commune counts.
    { person_id: null, bhxh_code: '1900000005', commune_code: Y, scheme: 'TN', from: '2026-07-01' },
    // F: one record with the ID, one without it but with the same BHXH code → one person, living in X.
    { person_id: id(6), bhxh_code: '1900000006', commune_code: X, scheme: 'BB', from: '2025-01-01', to: '2025-12-01' },
    { person_id: '', bhxh_code: '1900000006', commune_code: Y, scheme: 'BB', from: '2026-02-01' },
    // H: not in the population extract; the record's commune X.
    { person_id: id(7), commune_code: X, scheme: 'BB', ui: true, from: '2025-05-01', to: '2026-02-01' },
    // I: no commune anywhere → counted for the province only.
    { person_id: id(8), commune_code: null, scheme: 'TN', from: '2025-10-01' },
    // J: ended before the window.
    { person_id: id(9), commune_code: X, scheme: 'BB', from: '2023-01-01', to: '2024-06-01' },
  ]);
  await addLaoDong(database, [{ commune_code: X, year: 2026, lf: 100 }, { commune_code: X, year: 2025, lf: 90 }, { commune_code: Y, year: 2025, lf: 50 }]);
  await refreshProgress(database);
});
afterAll(async () => {
  await database.destroy();
});

async function monthly(unit: string, period: string) {
  const r = await database.pool.query('SELECT active_total, active_mandatory, active_voluntary, active_unemployment FROM progress_monthly WHERE unit_code = $1 AND period = $2', [unit, period]);
  const row = r.rows[0];
  return row ? [row.active_total, row.active_mandatory, row.active_voluntary, row.active_unemployment] : null;
}

describe('monthly stocks of distinct persons', () => {
  it('counts persons, not records, at the end of the snapshot month', async () => {
    expect(await monthly(X, S)).toEqual([3, 3, 0, 0]);
    expect(await monthly(Y, S)).toEqual([3, 2, 1, 0]);
    expect(await monthly('19', S)).toEqual([7, 5, 2, 0]);
  });

  it('rebuilds earlier months from Từ tháng / Đến tháng', async () => {
    expect(await monthly(X, '2026-01-01')).toEqual([3, 3, 0, 2]);
    expect(await monthly(Y, '2026-01-01')).toEqual([2, 1, 1, 0]);
    expect(await monthly('19', '2026-01-01')).toEqual([6, 4, 2, 2]);
    expect(await monthly(X, '2025-12-01')).toEqual([4, 4, 0, 1]);
    expect(await monthly('19', '2025-12-01')).toEqual([7, 5, 2, 1]);
    expect(await monthly(Y, '2024-11-01')).toEqual([1, 1, 0, 0]);
    expect(await monthly(X, '2024-11-01')).toEqual([0, 0, 0, 0]);
  });

  it('covers exactly the 24 months of the snapshot window, for every commune', async () => {
    const r = await database.pool.query(`SELECT min(period) AS lo, max(period) AS hi, count(DISTINCT period)::int AS months, count(DISTINCT unit_code)::int AS units FROM progress_monthly`);
    expect(r.rows[0]).toEqual({ lo: '2024-11-01', hi: S, months: 24, units: 93 });
  });

  it('computes coverage, net new since January, the same month last year and the labour force year used', async () => {
    const { rows, asOfPeriod } = await computeProgress(database.db, { year: 2026 });
    expect(asOfPeriod).toBe(S);
    const x = rows.find((r) => r.unitCode === X)!;
    const y = rows.find((r) => r.unitCode === Y)!;
    const p = rows.find((r) => r.unitCode === '19')!;
    expect(x.activeTotal).toBe(3);
    expect(x.labourForceWorkingAge).toBe(100);
    expect(x.labourForceYear).toBe(2026);
    expect(x.coveragePct).toBe(3);
    expect(x.netNewSinceJanuary).toBe(3 - 4);
    expect(x.activeTotalLastYear).toBe(4);
    expect(y.labourForceYear).toBe(2025);
    expect(y.coveragePct).toBe(6);
    expect(y.netNewSinceJanuary).toBe(1);
    expect(p.activeTotal).toBe(7);
    expect(p.netNewSinceJanuary).toBe(0);
    expect(p.labourForceWorkingAge).toBe(150);
    expect(p.unitName).toBe('Tỉnh Thái Nguyên');
    // As of an earlier month of the same year.
    const jan = await computeProgress(database.db, { year: 2026, month: 1 });
    expect(jan.rows.find((r) => r.unitCode === '19')!.activeTotal).toBe(6);
    expect(jan.rows.find((r) => r.unitCode === '19')!.forecast.path.length).toBe(11);
  });

  it('takes over imported chi-tieu rows as submitted targets and gives a status and a rank', async () => {
    await addChiTieu(database, [
      { year: 2026, commune_code: '19', total: 8, voluntary: 2, basis: 'NQ 12/NQ-HĐND' },
      { year: 2026, commune_code: X, total: 10, voluntary: 1 },
      { year: 2026, commune_code: Y, total: 3, voluntary: 1 },
    ]);
    await ensureProgressFresh(database);
    const versions = await database.pool.query(`SELECT s.level, v.status, v.source, v.basis FROM target_version v JOIN target_set s ON s.id = v.set_id ORDER BY s.level`);
    expect(versions.rows).toEqual([
      { level: 'commune', status: 'submitted', source: 'import', basis: null },
      { level: 'province', status: 'submitted', source: 'import', basis: 'NQ 12/NQ-HĐND' },
    ]);
    const summary = await database.pool.query(`SELECT row FROM progress_summary WHERE year = 2026 AND unit_code IN ($1, $2, '19') ORDER BY unit_code`, [X, Y]);
    const [y, x, p] = summary.rows.map((r) => r.row);
    expect(x.target.total).toBe(10);
    expect(x.target.status).toBe('submitted');
    expect(y.statusTotal).toBe('on_track'); // 3 ≥ 3 already
    expect(x.statusTotal).not.toBe('on_track');
    expect(y.rank).toBe(1);
    expect(x.rank).toBe(2);
    expect(p.target.total).toBe(8);
    expect(p.rank).toBeNull();
    // Nothing changed: no new run.
    const before = (await lastRefresh(database.db))!.id;
    await ensureProgressFresh(database);
    expect((await lastRefresh(database.db))!.id).toBe(before);
  });
});
