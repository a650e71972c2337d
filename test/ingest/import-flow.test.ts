/**
 * Issue 18, item 8: the import flow as an officer meets it — a Windows-1258 file's headers matched like any other
 * encoding, XLSX progress that grows with the rows read, a column mapped by hand in the preview (validated by the
 * server, stored on the batch), and the reject report with the original row (masked for roles without personal data).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { multipartFile, waitForImportJob } from '../helpers/upload.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { analyzeFile } from '../../server/ingest/analyze.ts';
import { createDecoder } from '../../server/ingest/read/encoding.ts';
import { importFile } from '../../server/ingest/service.ts';

let database: TestDatabase;
let app: FastifyInstance;
let police: TestClient;
let ipBoard: TestClient;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'congan', 'police');
  await addUser(database, 'bqlkcn', 'ip_board');
  [police, ipBoard] = await Promise.all([login(app, 'congan'), login(app, 'bqlkcn')]);
  dir = path.join(TMP_ROOT, `import-flow-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (client: TestClient, fileName: string, content: Buffer | string) => {
  const m = multipartFile(fileName, content);
  return client.send('POST', '/api/imports/uploads', m.body, m.headers);
};

/**
 * Text as Windows-1258 writes it: the letters with circumflex, breve and horn precomposed, every tone mark a
 * combining character after its letter (iconv-lite encodes the code page; it has no precomposed toned letters).
 */
function cp1258(text: string): Buffer {
  const tones = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
  let out = '';
  for (const ch of text.normalize('NFC')) {
    let tone = '';
    let rest = '';
    for (const c of ch.normalize('NFD')) (tones.has(c) ? (tone += c) : (rest += c));
    out += rest.normalize('NFC') + tone;
  }
  return iconv.encode(out, 'windows-1258');
}

const DAN_CU_HEADER = 'Số định danh cá nhân;Họ và tên;Ngày sinh;Giới tính;Mã xã';

describe('Windows-1258 files', () => {
  it('decodes to composed text, so every header maps to its field by name (not "to itself")', async () => {
    const file = path.join(dir, 'dan-cu-1258.csv');
    const bytes = cp1258(`${DAN_CU_HEADER}\r\n019185001234;Nguyễn Thị Hồng Nhung;12/03/1985;Nữ;05443\r\n`);
    // A real CP1258 file: tone marks are separate bytes (0xEC = U+0301 combining acute after "ô" of "Số").
    expect(bytes.includes(Buffer.from([0xf4, 0xec]))).toBe(true);
    fs.writeFileSync(file, bytes);
    const a = await analyzeFile(file, 'dan-cu-1258.csv', 'dan-cu');
    expect(a.encoding).toBe('Windows-1258');
    expect(a.header!.mapping).toEqual({
      'Số định danh cá nhân': 'Số định danh cá nhân', 'Họ và tên': 'Họ và tên', 'Ngày sinh': 'Ngày sinh', 'Giới tính': 'Giới tính', 'Mã xã': 'Mã xã',
    });
    for (const header of Object.keys(a.header!.mapping)) expect(header).toBe(header.normalize('NFC'));
    expect(a.preview.rows[0].values.full_name).toBe('Nguyễn Thị Hồng Nhung'.normalize('NFC'));
  });

  it('composes a tone mark that arrives in the next chunk of the file', () => {
    const bytes = cp1258('Nguyễn Thị Hồng Nhung; Lường');
    const decoder = createDecoder('windows-1258');
    let text = '';
    for (const b of bytes) text += decoder.write(Buffer.from([b]));
    text += decoder.end();
    expect(text).toBe('Nguyễn Thị Hồng Nhung; Lường'.normalize('NFC'));
  });
});

describe('XLSX progress', () => {
  it('grows with the rows read, from the first progress event, when the sheet comes before its shared strings', async () => {
    const file = path.join(dir, 'dan-cu-lon.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('Dân cư');
    ws.addRow(['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']).commit();
    const ROWS = 16_000;
    for (let i = 0; i < ROWS; i++) ws.addRow([`0190900${String(i).padStart(5, '0')}`, `Người Số ${i}`, '1990', i % 2 ? 'Nam' : 'Nữ', '05443']).commit();
    await ws.commit();
    await wb.commit();
    const seen: Array<{ rows: number; fraction: number }> = [];
    const r = await importFile(database, { kind: 'dan-cu', filePath: file, replace: true, onProgress: (rows, fraction) => seen.push({ rows, fraction: fraction ?? -1 }) });
    expect(r.status).toBe('imported');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0].fraction).toBeGreaterThan(0);
    expect(seen[0].fraction).toBeLessThan(0.5);
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
    expect(seen.at(-1)).toEqual({ rows: ROWS, fraction: 1 });
    // Rows read against the sheet's rows: the first report is within a batch of its true share.
    expect(Math.abs(seen[0].fraction - seen[0].rows / (ROWS + 1))).toBeLessThan(0.1);
  });
});

describe('a column mapped by hand', () => {
  const csv = ['Số định danh cá nhân,Họ và tên,Ngày sinh,Phái,Mã xã', '019185001234,Nguyễn Thị Hồng Nhung,12/03/1985,Nữ,05443', '019090001235,Đặng Văn Lường,1990,Nam,05443', ''].join('\r\n');

  it('previews, refuses a field the kind does not have, and imports with the mapping stored on the batch', async () => {
    const up = await upload(police, 'phai.csv', csv);
    expect(up.status).toBe(200);
    const asDanCu = await police.get(`/api/imports/uploads/${up.json.uploadId}?kind=dan-cu`);
    expect(asDanCu.json.header.missing).toEqual(['Giới tính']);
    expect(asDanCu.json.header.columns).toContainEqual({ header: 'Phái', key: null });

    const mapped = await police.get(`/api/imports/uploads/${up.json.uploadId}?kind=dan-cu&mapping=${encodeURIComponent(JSON.stringify({ Phái: 'sex' }))}`);
    expect(mapped.status).toBe(200);
    expect(mapped.json.header.missing).toEqual([]);
    expect(mapped.json.problem).toBeNull();
    expect(mapped.json.header.columns).toContainEqual({ header: 'Phái', key: 'sex' });
    expect(mapped.json.preview.rows[0].values.sex).toBe('Nữ');

    const wrongField = await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', mapping: { Phái: 'gioi_tinh' } });
    expect(wrongField.status).toBe(400);
    expect(wrongField.json.error.message).toMatch(/^Ánh xạ cột "Phái": "gioi_tinh" không phải trường của loại tệp dan-cu \(/);
    const twice = await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', mapping: { Phái: 'sex', 'Họ và tên': 'sex' } });
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toMatch(/cùng được gán vào trường "Giới tính"/);
    const notJson = await police.get(`/api/imports/uploads/${up.json.uploadId}?kind=dan-cu&mapping=khong-phai-json`);
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toMatch(/Ánh xạ cột phải là một đối tượng JSON/);

    const job = await waitForImportJob(police, (await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', mapping: { Phái: 'sex' }, replace: true })).json.jobId);
    expect(job.result).toMatchObject({ status: 'imported', rows: 2, accepted: 2 });
    const batch = (await database.pool.query('SELECT header_mapping, detail FROM import_batch WHERE id = $1', [job.result.batchId])).rows[0];
    expect(batch.header_mapping).toMatchObject({ Phái: 'Giới tính' });
    expect(batch.detail.manualMapping).toEqual({ Phái: 'sex' });
    const sexes = (await database.pool.query('SELECT sex FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [job.result.batchId])).rows.map((x) => x.sex);
    expect(sexes).toEqual(['F', 'M']);
  });

  it('a mapping naming a header the file does not have refuses the file, and the refusal is in the history', async () => {
    const file = path.join(dir, 'phai-2.csv');
    fs.writeFileSync(file, csv.replace('Đặng Văn Lường', 'Đặng Văn Lượng'));
    const r = await importFile(database, { kind: 'dan-cu', filePath: file, replace: true, mapping: { 'Giới tính (cũ)': 'sex' } });
    expect(r.status).toBe('rejected');
    expect(r.message).toBe('Ánh xạ cột: không có cột "Giới tính (cũ)" trong dòng tiêu đề của tệp.');
    const b = (await database.pool.query('SELECT refused, is_current FROM import_batch WHERE id = $1', [r.batchId])).rows[0];
    expect(b).toEqual({ refused: true, is_current: false });
  });
});

describe('reject report with the original row', () => {
  it('lists the rejected row\'s cells after the reason, masked for a role that does not see personal data', async () => {
    const csv = ['Mã số thuế,Tên doanh nghiệp,Khu công nghiệp,Kỳ,Số lao động báo cáo', '019185001234,Nguyễn Thị Hồng Nhung,KCN Yên Bình,10/2026,ba mươi', '4600100155,Công ty TNHH Minh Phát,KCN Yên Bình,10/2026,120', ''].join('\r\n');
    const up = await upload(ipBoard, 'kcn.csv', csv);
    const job = await waitForImportJob(ipBoard, (await ipBoard.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'kcn-lao-dong' })).json.jobId);
    expect(job.result.rejected).toBeGreaterThanOrEqual(1);
    const report = await ipBoard.get(`/api/imports/${job.result.batchId}/report?format=csv`);
    expect(report.status).toBe(200);
    const lines = report.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Dòng,Cột,Giá trị,Loại,Lý do,Gốc: Mã số thuế,Gốc: Tên doanh nghiệp,Gốc: Khu công nghiệp,Gốc: Kỳ,Gốc: Số lao động báo cáo');
    const row2 = lines.find((l) => l.startsWith('2,'))!;
    // The household owner's personal ID and name are masked; the rest of the row is as the file had it.
    expect(report.body).not.toContain('019185001234');
    expect(report.body).not.toContain('Hồng Nhung');
    expect(row2).toMatch(/,KCN Yên Bình,10\/2026,ba mươi$/);
    const xlsx = await app.inject({ method: 'GET', url: `/api/imports/${job.result.batchId}/report?format=xlsx`, headers: { cookie: await cookieOf('bqlkcn') } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(6).value).toBe('Gốc: Mã số thuế');
    expect(String(sheet.getRow(2).getCell(6).value)).not.toContain('019185001234');
    expect(sheet.getRow(2).getCell(10).value).toBe('ba mươi');
  });
});

async function cookieOf(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'MatKhau123' } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
