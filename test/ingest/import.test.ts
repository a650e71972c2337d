/**
 * importFile as other capabilities use it: every kind from the demo generator's CSV and XLSX files,
 * unchanged re-imports, snapshots replacing snapshots (by period and commune scope), lineage,
 * reject reports, and a failure in the middle leaving nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser } from '../helpers/app.ts';
import { importFile } from '../../server/ingest/service.ts';
import { issuesOfBatch, writeReportFile, REPORT_HEADER } from '../../server/ingest/report.ts';
import { FILE_KINDS, type FileKind } from '#shared/auth/roles.ts';
import { KINDS } from '../../server/ingest/kinds.ts';
import { generateDemo } from '../../server/demo/generate.ts';
import { rawFilesPath } from '../../server/db/config.ts';

// These tests load many files of a kind into one database and replace snapshots on purpose (replace: true);
// the confirmation asked without it is tested in replace.test.ts.
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-import-'));
});
afterAll(async () => {
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const csv = (rows: Array<Array<string | number>>) => '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
function writeFile(name: string, content: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
const count = async (sql: string, params: unknown[] = []) => Number((await database.pool.query(sql, params)).rows[0].n);

describe('the demo generator’s files, every kind, CSV and XLSX', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`imports all 12 kinds from ${format.toUpperCase()} with the row counts of the manifest`, async () => {
      const out = path.join(dir, `demo-${format}`);
      const { files } = await generateDemo({ scale: 0.003, seed: 11, outDir: out, format });
      expect(files.map((f) => f.kind)).toEqual([...FILE_KINDS]);
      for (const file of files) {
        const r = await importFile(database, { replace: true, kind: file.kind, filePath: file.path, userName: 'test' });
        expect(r.status, `${file.kind}: ${r.message}`).toBe('imported');
        expect(r.rows, file.kind).toBe(file.rows);
        expect(r.accepted + r.rejected).toBe(r.rows);
        expect(r.rejected, `${file.kind}: ${JSON.stringify(r.errors.slice(0, 3))}`).toBeLessThanOrEqual(Math.max(2, Math.ceil(r.rows * 0.005)));
        const table = KINDS[file.kind].table.replace(/^src_/, 'cur_');
        expect(await count(`SELECT count(*) AS n FROM ${table}`), file.kind).toBe(r.accepted);
      }
    }, 300_000);
  }
});

describe('re-imports and snapshots', () => {
  const header = ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã'];
  const first = () => writeFile('dan-cu-a.csv', csv([header, ['019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', '05443'], ['019090001235', 'Đặng Văn Lường', '1990', 'Nam', '05443']]));
  const second = () => writeFile('dan-cu-b.csv', csv([header, ['019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', '05443']]));

  it('answers "unchanged" for a file whose content was already imported, and changes nothing', async () => {
    const a = await importFile(database, { replace: true, kind: 'dan-cu', filePath: first() });
    expect(a.status).toBe('imported');
    const batches = await count('SELECT count(*) AS n FROM import_batch');
    const copy = writeFile('ban-sao-cua-a.csv', fs.readFileSync(path.join(dir, 'dan-cu-a.csv'), 'utf8'));
    const again = await importFile(database, { replace: true, kind: 'dan-cu', filePath: copy });
    expect(again).toMatchObject({ status: 'unchanged', batchId: a.batchId, rows: 2, accepted: 2 });
    expect(again.message).toMatch(/đã được nhập trước đây \(lô #\d+, cùng nội dung\): không thay đổi gì/);
    expect(await count('SELECT count(*) AS n FROM import_batch')).toBe(batches);
  });

  it('a new snapshot replaces the current one and keeps it as history', async () => {
    const a = (await database.pool.query("SELECT id FROM import_batch WHERE file_name = 'dan-cu-a.csv'")).rows[0].id;
    const b = await importFile(database, { replace: true, kind: 'dan-cu', filePath: second() });
    expect(b.status).toBe('imported');
    const old = (await database.pool.query('SELECT is_current, replaced_by FROM import_batch WHERE id = $1', [a])).rows[0];
    expect(old).toEqual({ is_current: false, replaced_by: b.batchId });
    expect(await count('SELECT count(*) AS n FROM cur_dan_cu')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM src_dan_cu WHERE batch_id = $1', [a])).toBe(2);
    expect(await count("SELECT count(*) AS n FROM import_batch WHERE kind = 'dan-cu' AND is_current")).toBe(1);
  });

  it('replaces only the snapshot of the same period', async () => {
    const h = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Loại hình', 'Mã đơn vị', 'Mức đóng', 'Từ tháng', 'Kỳ'];
    const file = (name: string, period: string, who: string) => writeFile(name, csv([h, [who, '1990', 'Nam', 'TN', '', '1.500.000', '01/2026', period]]));
    const oct = await importFile(database, { replace: true, kind: 'bhxh-nguoi', filePath: file('nguoi-10.csv', '10/2026', 'Lê Văn Một') });
    const nov = await importFile(database, { replace: true, kind: 'bhxh-nguoi', filePath: file('nguoi-11.csv', '11/2026', 'Lê Văn Hai') });
    expect([oct.period, nov.period]).toEqual(['2026-10-01', '2026-11-01']);
    const oct2 = await importFile(database, { replace: true, kind: 'bhxh-nguoi', filePath: file('nguoi-10b.csv', '10/2026', 'Lê Văn Ba') });
    const current = (await database.pool.query("SELECT id FROM import_batch WHERE kind = 'bhxh-nguoi' AND is_current ORDER BY id")).rows.map((r) => r.id);
    expect(current).toEqual([nov.batchId, oct2.batchId]);
    expect((await database.pool.query('SELECT replaced_by FROM import_batch WHERE id = $1', [oct.batchId])).rows[0].replaced_by).toBe(oct2.batchId);
    // A file with several periods is a whole snapshot of the kind: it replaces every current batch.
    const all = writeFile('nguoi-all.csv', csv([h, ['Lê Văn Bốn', '1990', 'Nam', 'TN', '', '1.500.000', '01/2026', '10/2026'], ['Lê Văn Bốn', '1990', 'Nam', 'TN', '', '1.500.000', '01/2026', '11/2026']]));
    const whole = await importFile(database, { replace: true, kind: 'bhxh-nguoi', filePath: all });
    expect(whole.period).toBeNull();
    expect(await count("SELECT count(*) AS n FROM import_batch WHERE kind = 'bhxh-nguoi' AND is_current")).toBe(1);
  });

  it('commune accounts import their own communes only, and replace only their own snapshot', async () => {
    const xa1 = await addUser(database, 'xa-phan-dinh-phung', 'commune', ['05443']);
    const xa2 = await addUser(database, 'xa-van-lang', 'commune', ['05665']);
    const snv = await addUser(database, 'so-noi-vu', 'home_affairs');
    const h = ['Số định danh cá nhân', 'Họ và tên', 'Mã xã', 'Phân loại', 'Năm'];
    const f1 = writeFile('hn-1.csv', csv([h, ['019185001234', 'Nguyễn Thị Hồng Nhung', '05443', 'Hộ nghèo', '2026'], ['019090001235', 'Đặng Văn Lường', '05665', 'Hộ cận nghèo', '2026']]));
    const r1 = await importFile(database, { replace: true, kind: 'ho-ngheo', filePath: f1, userId: xa1 });
    expect([r1.accepted, r1.rejected]).toEqual([1, 1]);
    expect(r1.errors[0]).toMatchObject({ row: 3, column: 'Mã xã', message: 'Xã, phường 05665 nằm ngoài phạm vi tài khoản nhập dữ liệu' });
    const f2 = writeFile('hn-2.csv', csv([h, ['019090001235', 'Đặng Văn Lường', '05665', 'Hộ cận nghèo', '2026']]));
    const r2 = await importFile(database, { replace: true, kind: 'ho-ngheo', filePath: f2, userId: xa2 });
    expect(r2.status).toBe('imported');
    const batches = (await database.pool.query("SELECT id, is_current, scope_communes, imported_by, imported_by_name FROM import_batch WHERE kind = 'ho-ngheo' AND id >= $1 ORDER BY id", [r1.batchId])).rows;
    expect(batches).toEqual([
      { id: r1.batchId, is_current: true, scope_communes: ['05443'], imported_by: xa1, imported_by_name: 'xa-phan-dinh-phung' },
      { id: r2.batchId, is_current: true, scope_communes: ['05665'], imported_by: xa2, imported_by_name: 'xa-van-lang' },
    ]);
    const f3 = writeFile('hn-3.csv', csv([h, ['019185001234', 'Nguyễn Thị Hồng Nhung', '05443', 'Hộ nghèo', '2026'], ['019090001235', 'Đặng Văn Lường', '05665', 'Hộ nghèo', '2026']]));
    const r3 = await importFile(database, { replace: true, kind: 'ho-ngheo', filePath: f3, userId: snv });
    expect(r3.accepted).toBe(2);
    expect(await count("SELECT count(*) AS n FROM import_batch WHERE kind = 'ho-ngheo' AND is_current AND id >= $1", [r1.batchId])).toBe(1);
  });
});

describe('lineage and reject reports', () => {
  it('records who, when, what file, its hash, header mapping and rejects, and keeps the raw file', async () => {
    const f = writeFile('don-vi.csv', csv([
      ['STT', 'Mã ĐV', 'MST', 'Tên đơn vị', 'Xã/Phường', 'Trạng thái'],
      [1, 'TA0001A', '0100109106', 'Công ty A', 'Phường Phan Đình Phùng', 'Đang hoạt động'],
      [2, 'TA0002B', '0100109107', 'Công ty B', 'Xã Văn Lăng', 'Đang hoạt động'],
      [3, 'TA0003C', '', 'Trường THCS C', '05665', 'Chấm dứt'],
    ]));
    const user = await addUser(database, 'bhxh-lineage', 'social_security');
    const r = await importFile(database, { replace: true, kind: 'bhxh-don-vi', filePath: f, fileName: 'Danh sách đơn vị T10.csv', userId: user });
    expect([r.status, r.rows, r.accepted, r.rejected]).toEqual(['imported', 3, 2, 1]);
    const b = (await database.pool.query('SELECT * FROM import_batch WHERE id = $1', [r.batchId])).rows[0];
    expect(b).toMatchObject({
      kind: 'bhxh-don-vi', file_name: 'Danh sách đơn vị T10.csv', file_size: fs.statSync(f).size, imported_by: user, imported_by_name: 'bhxh-lineage',
      rows_total: 3, rows_accepted: 2, rows_rejected: 1, warnings: 0, content_sha256: r.sha256, raw_path: `files/${r.sha256}`, is_current: true, replaced_by: null,
    });
    expect(b.header_mapping).toEqual({ 'Mã ĐV': 'Mã đơn vị', MST: 'Mã số thuế', 'Tên đơn vị': 'Tên đơn vị', 'Xã/Phường': 'Xã/Phường', 'Trạng thái': 'Trạng thái' });
    expect(b.rejects).toEqual([{ row: 3, column: 'MST', value: '0100109107', message: 'Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10 phải là 6)' }]);
    expect(b.detail).toMatchObject({ format: 'csv', encoding: 'UTF-8', delimiter: 'dấu phẩy', headerRows: [1], ignoredColumns: ['STT'] });
    expect(fs.readFileSync(path.join(database.config.dataDir, b.raw_path)).equals(fs.readFileSync(f))).toBe(true);
    const units = (await database.pool.query('SELECT unit_code, tax_code, commune_code, status FROM src_bhxh_don_vi WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(units).toEqual([
      { unit_code: 'TA0001A', tax_code: '0100109106', commune_code: '05443', status: 'active' },
      { unit_code: 'TA0003C', tax_code: null, commune_code: '05665', status: 'terminated' },
    ]);
  });

  it('writes the reject report as CSV and XLSX with the spreadsheet row numbers', async () => {
    const f = writeFile('bao-cao.csv', csv([
      ['BÁO CÁO LAO ĐỘNG'],
      ['Mã xã', 'Năm', 'LLLĐ', 'LLLĐ trong độ tuổi'],
      ['05443', '2026', '100', '120'],
      ['05665', '2026', '100', '90'],
      ['05665', '2026', '100', '90'],
      ['1840', '2026', 'nhiều', '90'],
    ]));
    const r = await importFile(database, { replace: true, kind: 'lao-dong', filePath: f });
    expect(r.errors.map((e) => e.row)).toEqual([3, 5, 6]);
    const csvOut = path.join(dir, 'rejects.csv');
    await writeReportFile(csvOut, issuesOfBatch(database, r.batchId!));
    const text = fs.readFileSync(csvOut, 'utf8');
    expect(text.startsWith('\ufeff' + REPORT_HEADER.join(','))).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '5', '6']);
    expect(lines[1]).toBe('3,LLLĐ trong độ tuổi,120,Bị loại,Lực lượng lao động trong độ tuổi (120) lớn hơn lực lượng lao động (100)');
    const xlsxOut = path.join(dir, 'rejects.xlsx');
    await writeReportFile(xlsxOut, issuesOfBatch(database, r.batchId!));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxOut);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, ...REPORT_HEADER]);
    expect([2, 3, 4].map((i) => ws.getRow(i).getCell(1).value)).toEqual([3, 5, 6]);
    expect(ws.getRow(3).getCell(5).value).toBe('Trùng Mã xã và Năm với dòng 4 — dòng sau bị loại');
  });
});

describe('failures change nothing', () => {
  it('a database error in the middle of a load leaves no batch, no rows, no issues and no raw file', async () => {
    const rows: Array<Array<string | number>> = [['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']];
    for (let i = 0; i < 25_000; i++) rows.push([`0190900${String(i).padStart(5, '0')}`, `Người Số ${i}`, '1990', 'Nam', i % 3 === 0 ? '5443' : '05665']);
    rows.push(['12345', 'Sai', '1990', 'Nam', '05443']);
    const f = writeFile('lon.csv', csv(rows));
    await database.pool.query(`CREATE FUNCTION test_fail_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.row_no = 22000 THEN RAISE EXCEPTION 'hỏng giữa chừng'; END IF; RETURN NEW; END $$`);
    await database.pool.query('CREATE TRIGGER test_fail BEFORE INSERT ON src_dan_cu FOR EACH ROW EXECUTE FUNCTION test_fail_row()');
    const snapshot = async () => ({
      batches: await count('SELECT count(*) AS n FROM import_batch'),
      rows: await count('SELECT count(*) AS n FROM src_dan_cu'),
      issues: await count('SELECT count(*) AS n FROM import_issue'),
      current: (await database.pool.query("SELECT id FROM import_batch WHERE kind = 'dan-cu' AND is_current")).rows,
      files: fs.readdirSync(rawFilesPath(database.config.dataDir)).sort(),
    });
    const before = await snapshot();
    await expect(importFile(database, { replace: true, kind: 'dan-cu', filePath: f })).rejects.toThrow(/hỏng giữa chừng/);
    expect(await snapshot()).toEqual(before);
    await database.pool.query('DROP TRIGGER test_fail ON src_dan_cu');
    const r = await importFile(database, { replace: true, kind: 'dan-cu', filePath: f });
    expect([r.status, r.rows, r.accepted, r.rejected]).toEqual(['imported', 25_001, 25_000, 1]);
    expect(await count('SELECT count(*) AS n FROM cur_dan_cu')).toBe(25_000);
  }, 120_000);

  it('two imports of the same file at once give one batch', async () => {
    const f = writeFile('cung-luc.csv', csv([['Mã xã', 'Năm', 'LLLĐ', 'LLLĐ trong độ tuổi'], ['05443', '2027', '100', '90']]));
    const results = await Promise.all([importFile(database, { replace: true, kind: 'lao-dong', filePath: f }), importFile(database, { replace: true, kind: 'lao-dong', filePath: f })]);
    expect(results.map((r) => r.status).sort()).toEqual(['imported', 'unchanged']);
    expect(await count("SELECT count(*) AS n FROM import_batch WHERE file_name = 'cung-luc.csv'")).toBe(1);
  });

  it('refuses options that are not valid', async () => {
    const f = writeFile('x.csv', 'a,b\r\n1,2\r\n');
    await expect(importFile(database, { replace: true, kind: 'dan-cu', filePath: f, period: '2026-13' })).rejects.toThrow(/YYYY-MM/);
    await expect(importFile(database, { replace: true, kind: 'khong-co' as FileKind, filePath: f })).rejects.toThrow(/Loại tệp không hợp lệ/);
  });
});
