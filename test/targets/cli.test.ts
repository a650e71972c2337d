import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Papa from 'papaparse';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { addNguoi, addDanCu, addLaoDong, addChiTieu, randomParticipants, activeByHomeCommune } from './seed.ts';

const COMMUNES = ['05443', '01843', '05860'];
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const data = randomParticipants(5, 600, COMMUNES, '2026-08-01');
  await addDanCu(database, data.dan);
  await addNguoi(database, '2026-08-01', data.rows);
  await addLaoDong(database, COMMUNES.map((c) => ({ commune_code: c, year: 2025, lf: 2000 })));
  await addChiTieu(database, [
    { year: 2026, commune_code: '19', total: 700, voluntary: 120, basis: 'NQ 05/NQ-HĐND' },
    ...COMMUNES.map((c) => ({ year: 2026, commune_code: c, total: 200, voluntary: 40 })),
  ]);
  // No refreshProgress here: the command must notice the new data itself.
});
afterAll(async () => {
  await database.destroy();
});

describe('baophu progress', () => {
  it('writes one CSV row per commune plus the province row, matching a direct count', async () => {
    const r = runCli(['progress', '--year', '2026', '--format', 'csv'], envFor(database));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(r.stdout.trim(), { header: true });
    const rows = parsed.data;
    expect(rows).toHaveLength(93);
    for (const col of ['commune_code', 'target_total', 'target_voluntary', 'active_total', 'active_mandatory', 'active_voluntary', 'labour_force_working_age', 'coverage_pct', 'forecast_total', 'status']) {
      expect(parsed.meta.fields).toContain(col);
    }
    const expected = await activeByHomeCommune(database, '2026-08-01');
    const byCode = Object.fromEntries(rows.map((x) => [x.commune_code, x]));
    for (const c of [...COMMUNES, '19']) expect(Number(byCode[c].active_total)).toBe(expected.get(c)!.total);
    expect(byCode['19'].target_total).toBe('700');
    expect(byCode['05443'].target_voluntary).toBe('40');
    expect(byCode['05443'].labour_force_working_age).toBe('2000');
    expect(Number(byCode['05443'].coverage_pct)).toBeCloseTo((Number(byCode['05443'].active_total) / 2000) * 100, 2);
    expect(['on_track', 'at_risk', 'off_track']).toContain(byCode['19'].status);
    expect(Number(byCode['19'].active_mandatory) + Number(byCode['19'].active_voluntary)).toBe(Number(byCode['19'].active_total));
    // Communes without data or targets are still listed, with zero persons and no status.
    expect(byCode['05908'].active_total).toBe('0');
    expect(byCode['05908'].status).toBe('');
  });

  it('writes JSON to a file for an earlier month', async () => {
    const out = path.join(database.config.dataDir, 'progress.json');
    const r = runCli(['progress', '--year', '2026', '--month', '02', '--format', 'json', '--out', out], envFor(database));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('02/2026');
    const rows = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(93);
    const expected = await activeByHomeCommune(database, '2026-02-01');
    expect(rows.find((x: any) => x.commune_code === '19').active_total).toBe(expected.get('19')!.total);
    expect(rows.find((x: any) => x.commune_code === '19').as_of_period).toBe('2026-02-01');
  });

  it('explains bad options and missing months in Vietnamese', () => {
    const bad = runCli(['progress', '--year', '2026', '--format', 'xml'], envFor(database));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format phải là csv hoặc json');
    const month = runCli(['progress', '--year', '2026', '--month', '13'], envFor(database));
    expect(month.code).toBe(2);
    const none = runCli(['progress', '--year', '2030'], envFor(database));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Không có số liệu năm 2030');
    expect(none.stderr).toContain('08/2026');
  });
});
