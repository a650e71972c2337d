/**
 * Exports made for people open right in a spreadsheet program: the overview's CSV (UTF-8 BOM, Vietnamese headers,
 * labels instead of codes, months mm/yyyy, decimal comma) and its XLSX (real number and date cells with number
 * formats), the findings XLSX (months mm/yyyy, amounts as numbers with a thousands format); the command line keeps
 * its documented column names and plain values but writes a BOM (progress and findings).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { addNguoi, addDanCu, addLaoDong, addChiTieu } from './seed.ts';
import { PROGRESS_COLUMNS, PROGRESS_PEOPLE_HEADERS } from '../../server/targets/presenters.ts';
import { STATUS_LABELS, NO_TARGET_LABEL, FORECAST_METHOD_LABELS } from '#shared/targets/forecast.ts';

const COMMUNE = '05443';
const CODES = /^(on_track|at_risk|off_track|actual|last_value|linear_trend|linear_trend_seasonal|draft|submitted|approved)$/;
let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const ids = Array.from({ length: 7 }, (_, i) => `01908500000${i}`);
  await addDanCu(database, ids.map((person_id) => ({ person_id, commune_code: COMMUNE })));
  await addNguoi(database, '2026-08-01', ids.map((person_id, i) => ({ person_id, scheme: i < 4 ? 'BB' : 'TN', from: `2025-${String(i + 1).padStart(2, '0')}-01` })));
  await addLaoDong(database, [{ commune_code: COMMUNE, year: 2026, lf: 3000 }]);
  await addChiTieu(database, [{ year: 2026, commune_code: COMMUNE, total: 500, voluntary: 100 }]);
  app = await testApp(database);
  await addUser(database, 'admin1', 'admin');
  admin = await login(app, 'admin1');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('the overview export (for people)', () => {
  it('CSV: BOM, Vietnamese headers and labels, mm/yyyy, decimal comma', async () => {
    const res = await admin.get('/api/progress/export?year=2026&format=csv');
    expect(res.status, res.body).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(res.body.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(PROGRESS_PEOPLE_HEADERS);
    for (const english of PROGRESS_COLUMNS) expect(parsed.meta.fields).not.toContain(english);
    const mine = parsed.data.find((r) => r['Mã xã'] === COMMUNE)!;
    expect(mine['Xã/phường']).toBe('Phường Phan Đình Phùng');
    expect(mine['Số liệu đến tháng']).toBe('08/2026');
    expect(mine['Số người tham gia']).toBe('7');
    expect(mine['Tỷ lệ bao phủ (%)']).toBe('0,23'); // 7 / 3000 × 100
    expect([...Object.values(STATUS_LABELS), NO_TARGET_LABEL]).toContain(mine['Tiến độ']);
    expect(Object.values(FORECAST_METHOD_LABELS)).toContain(mine['Phương pháp dự báo']);
    expect(mine['Tình trạng chỉ tiêu']).toBe('Đã trình');
    for (const row of parsed.data) for (const cell of Object.values(row)) {
      expect(cell).not.toMatch(CODES);
      expect(cell).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(cell).not.toMatch(/^\d+\.\d+$/);
    }
  });

  it('XLSX: Vietnamese headers, real number cells with number formats, the month as a date', async () => {
    const res = await admin.get('/api/progress/export?year=2026&format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(PROGRESS_PEOPLE_HEADERS);
    const col = (h: string) => PROGRESS_PEOPLE_HEADERS.indexOf(h) + 1;
    let mine: ExcelJS.Row | null = null;
    ws.eachRow((row) => { if (row.getCell(1).value === COMMUNE) mine = row; });
    const row = mine as unknown as ExcelJS.Row;
    expect(row.getCell(col('Số người tham gia')).value).toBe(7);
    expect(row.getCell(col('Số người tham gia')).numFmt).toBe('#,##0');
    expect(row.getCell(col('Tỷ lệ bao phủ (%)')).value).toBeCloseTo(0.23, 2);
    expect(row.getCell(col('Tỷ lệ bao phủ (%)')).numFmt).toBe('0.00');
    const month = row.getCell(col('Số liệu đến tháng'));
    expect(month.value).toBeInstanceOf(Date);
    expect((month.value as Date).toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(month.numFmt).toBe('mm/yyyy');
    expect(Object.values(STATUS_LABELS).concat(NO_TARGET_LABEL)).toContain(row.getCell(col('Tiến độ')).value);
  });
});

describe('the command line keeps its columns and writes a BOM', () => {
  it('baophu progress --format csv', () => {
    const r = runCli(['progress', '--year', '2026', '--format', 'csv'], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    expect(r.stdout.slice(1).split('\r\n')[0]).toBe(PROGRESS_COLUMNS.join(','));
    const parsed = Papa.parse<Record<string, string>>(r.stdout.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.data.find((x) => x.commune_code === COMMUNE)!.as_of_period).toBe('2026-08-01');
  });

  it('baophu findings --format csv', () => {
    const r = runCli(['findings', '--format', 'csv'], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    expect(r.stdout.slice(1).split('\n')[0].split(',').slice(0, 7)).toEqual(['code', 'subject_id', 'commune_code', 'period', 'amount_vnd', 'related_id', 'detail']);
  });
});
