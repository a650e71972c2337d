/**
 * The corpus of bad and odd files (test/fixtures/ingest, written by scripts/make-ingest-fixtures.ts):
 * each file's status, counts, rejected rows and Vietnamese messages, and for refused files that the
 * database (and the raw file store) is exactly as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importFile, type ImportResult } from '../../server/ingest/service.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { rawFilesPath } from '../../server/db/config.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
const NAMES = ['Nguyễn Thị Hồng Nhung', 'Đặng Văn Lường', 'Hoàng Thị Thủy', 'Lý Văn Ước', 'Triệu Thị Ỷ'];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const SRC_TABLES = ['src_dan_cu', 'src_ho_ngheo', 'src_lao_dong', 'src_dn_thue', 'src_thue_tncn', 'src_bhxh_don_vi', 'src_bhxh_thu', 'src_bhxh_nguoi', 'src_bhxh_huong', 'src_bhtn_huong', 'src_kcn_lao_dong', 'src_chi_tieu'];

/** Everything an import could change: batches (and which are current), rows, issues, raw files. */
async function snapshot() {
  const q = async (sql: string) => (await database.pool.query(sql)).rows[0];
  const rows: Record<string, number> = {};
  for (const t of SRC_TABLES) rows[t] = Number((await q(`SELECT count(*) AS n FROM ${t}`)).n);
  const dir = rawFilesPath(database.config.dataDir);
  return {
    // A refused file is kept in the history as a refused batch (with its reasons): it changes no data.
    batches: await q('SELECT count(*) AS n, count(*) FILTER (WHERE is_current) AS cur, coalesce(max(id), 0) AS max FROM import_batch WHERE NOT refused'),
    issues: Number((await q('SELECT count(*) AS n FROM import_issue i JOIN import_batch b ON b.id = i.batch_id WHERE NOT b.refused')).n),
    rows,
    files: fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [],
  };
}

async function run(file: string, kind: FileKind, extra: { period?: string; strict?: boolean } = {}): Promise<ImportResult> {
  // The corpus loads many files of one kind into one database: each replaces the last on purpose.
  return importFile(database, { kind, filePath: path.join(FIXTURES, file), replace: true, ...extra });
}

async function expectRefused(file: string, kind: FileKind, message: RegExp, extra: { period?: string; strict?: boolean } = {}) {
  const before = await snapshot();
  const r = await run(file, kind, extra);
  expect(r.status).toBe('rejected');
  const refused = (await database.pool.query('SELECT refused, is_current, rows_accepted, detail FROM import_batch WHERE id = $1', [r.batchId])).rows[0];
  expect(refused).toMatchObject({ refused: true, is_current: false, rows_accepted: 0 });
  expect(refused.detail.refusal).toBe(r.message);
  expect(r.message).toMatch(message);
  expect(r.errors.length).toBeGreaterThan(0);
  expect(await snapshot()).toEqual(before);
  return r;
}

async function namesOf(batchId: number) {
  return (await database.pool.query('SELECT full_name FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [batchId])).rows.map((r) => r.full_name);
}

const errorAt = (r: ImportResult, row: number) => r.errors.filter((e) => e.row === row);

describe('corpus of import files', () => {
  it('has at least 30 real files', () => {
    expect(fs.readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ['01-utf8-bom-comma.csv', 'UTF-8', 'dấu phẩy'],
    ['02-utf8-semicolon.csv', 'UTF-8', 'dấu chấm phẩy'],
    ['03-utf16le-tab.csv', 'UTF-16 LE', 'tab'],
    ['04-windows-1258.csv', 'Windows-1258', 'dấu chấm phẩy'],
    ['05-tcvn3.csv', 'TCVN3 (ABC)', 'dấu phẩy'],
    ['06-vni.csv', 'VNI', 'dấu phẩy'],
  ])('reads %s (%s, %s) into correct Vietnamese', async (file, encoding, delimiter) => {
    const r = await run(file, 'dan-cu');
    expect(r.status).toBe('imported');
    expect([r.rows, r.accepted, r.rejected, r.warnings]).toEqual([5, 5, 0, 0]);
    expect(r.detail.encoding).toBe(encoding);
    expect(r.detail.delimiter).toBe(delimiter);
    expect(await namesOf(r.batchId!)).toEqual(NAMES);
    const deceased = (await database.pool.query('SELECT person_id, deceased, death_date, birth_date, birth_precision FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(deceased[3]).toMatchObject({ person_id: '019050001237', deceased: true, death_date: '2025-08-15', birth_date: '1950-02-01', birth_precision: 'M' });
    expect(deceased[2]).toMatchObject({ birth_date: '1995-01-01', birth_precision: 'Y' });
  });

  it('refuses an encoding that is none of the accepted ones, never importing mojibake', async () => {
    await expectRefused('07-unknown-encoding.csv', 'dan-cu', /Không nhận dạng được bảng mã/);
  });

  it('refuses UTF-8 with broken bytes and says so', async () => {
    await expectRefused('35-utf8-broken-bytes.csv', 'dan-cu', /có vẻ là UTF-8 nhưng có byte hỏng/);
  });

  it('parses quoted fields with separators, doubled quotes and new lines; row numbers are records', async () => {
    const r = await run('08-quoted-fields.csv', 'dan-cu');
    expect([r.status, r.rows, r.accepted, r.rejected]).toEqual(['imported', 3, 2, 1]);
    expect(errorAt(r, 4)[0]).toMatchObject({ column: 'Ngày sinh', value: '31/02/1995' });
    expect(errorAt(r, 4)[0].message).toBe('"31/02/1995" không phải ngày có thật (tháng 2/1995 có 28 ngày)');
    const rows = (await database.pool.query('SELECT full_name, address FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows[0]).toEqual({ full_name: 'Nguyễn Thị "Hồng" Nhung', address: 'Tổ 3, phường Phan Đình Phùng TP Thái Nguyên' });
    expect(rows[1].address).toBe('Số 5, ngõ 7; đường Z115');
  });

  it('skips title rows, the numbering row and the total row', async () => {
    const r = await run('09-title-numbering-total.csv', 'dan-cu');
    expect([r.status, r.rows, r.accepted, r.rejected]).toEqual(['imported', 3, 3, 0]);
    expect(r.detail.headerRows).toEqual([4]);
    const rowNos = (await database.pool.query('SELECT row_no FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows.map((x) => x.row_no);
    expect(rowNos).toEqual([6, 7, 8]);
  });

  it('matches header variants ignoring case, diacritics and punctuation, and reports unknown columns', async () => {
    const r = await run('10-header-variants.csv', 'dan-cu');
    expect([r.status, r.accepted]).toEqual(['imported', 3]);
    expect(r.headerMapping).toMatchObject({ 'SO CCCD': 'Số định danh cá nhân', 'ho ten': 'Họ và tên', 'Giới tính:': 'Giới tính', 'Xã/Phường': 'Xã/Phường' });
    expect(r.detail.ignoredColumns).toEqual(['STT', 'Ghi chú']);
    const communes = (await database.pool.query('SELECT commune_code FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows.map((x) => x.commune_code);
    expect(communes).toEqual(['05443', '05665', '05569']); // 'Định Hoá' = Xã Định Hóa with the other tone placement
  });

  it('repairs 11-digit IDs, keeps 9-digit legacy IDs, warns on G/YY, rejects the rest', async () => {
    const r = await run('11-personal-ids.csv', 'dan-cu');
    expect([r.rows, r.accepted, r.rejected, r.warnings]).toEqual([6, 3, 3, 3]);
    expect(errorAt(r, 4)[0].message).toBe('Số định danh cá nhân phải gồm 12 chữ số (có 10)');
    expect(errorAt(r, 6)[0].message).toBe('Số định danh cá nhân chỉ được gồm chữ số');
    expect(errorAt(r, 7)[0].message).toMatch(/dạng số mũ/);
    expect(r.warningList.map((w) => w.row)).toEqual([2, 3, 5]);
    expect(r.warningList[0].message).toBe('Đã bổ sung số 0 đầu bị mất (11 chữ số): 019185001234');
    expect(r.warningList[2].message).toMatch(/chữ số thế kỷ\/giới tính 1 không khớp với năm sinh 1950 và giới tính Nam \(phải là 0\)/);
    const ids = (await database.pool.query('SELECT person_id FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows.map((x) => x.person_id);
    expect(ids).toEqual(['019185001234', '012345678', '019185001237']);
    const issues = (await database.pool.query("SELECT row_no, severity FROM import_issue WHERE batch_id = $1 ORDER BY row_no", [r.batchId])).rows;
    expect(issues).toEqual([
      { row_no: 2, severity: 'warning' }, { row_no: 3, severity: 'warning' }, { row_no: 4, severity: 'error' },
      { row_no: 5, severity: 'warning' }, { row_no: 6, severity: 'error' }, { row_no: 7, severity: 'error' },
    ]);
  });

  it('rejects impossible dates, two-digit years and future birth dates, accepts 29/02 of a leap year', async () => {
    const r = await run('12-impossible-dates.csv', 'dan-cu');
    expect([r.rows, r.accepted, r.rejected]).toEqual([7, 1, 6]);
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [2, '"31/02/1985" không phải ngày có thật (tháng 2/1985 có 28 ngày)'],
      [3, '"15/13/1990" có tháng 13 không tồn tại'],
      [4, '"12/03/95" có năm 2 chữ số — hãy ghi đủ 4 chữ số năm (dd/mm/yyyy)'],
      [5, 'Ngày sinh "01/01/2050" ở tương lai'],
      [6, '"không rõ" không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd)'],
      [7, '"29/02/2001" không phải ngày có thật (tháng 2/2001 có 28 ngày)'],
    ]);
  });

  it('--strict refuses the whole file when a row fails, and changes nothing', async () => {
    const r = await expectRefused('13-duplicates.csv', 'dan-cu', /--strict/, { strict: true });
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ row: 5, column: 'Số định danh cá nhân' });
  });

  it('rejects the later of two rows with the same key', async () => {
    const r = await run('13-duplicates.csv', 'dan-cu');
    expect([r.rows, r.accepted, r.rejected]).toEqual([5, 4, 1]);
    expect(r.errors).toMatchObject([{ row: 5, column: 'Số định danh cá nhân', value: '019185001234', message: 'Trùng Số định danh cá nhân với dòng 2 — dòng sau bị loại' }]);
    expect(r.errors[0].source?.[0]).toBe('019185001234');
  });

  it('resolves communes by code (restoring zeros) or name, refusing unknown and ambiguous ones', async () => {
    const r = await run('14-communes.csv', 'dan-cu');
    expect([r.rows, r.accepted, r.rejected, r.warnings]).toEqual([7, 3, 4, 0]);
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Mã xã', 'Mã xã 99999 không thuộc danh mục 92 xã, phường của tỉnh'],
      [3, 'Xã/Phường', 'Không tìm thấy xã, phường "Xã Không Có" trong danh mục của tỉnh'],
      [4, 'Xã/Phường', 'Tên xã "Van Lang" khớp nhiều xã khi bỏ dấu (Xã Văn Lang 02143, Xã Văn Lăng 05665) — hãy ghi đúng dấu hoặc dùng mã xã'],
      [7, 'Xã/Phường', 'Tên xã "xa van lang" khớp nhiều xã khi bỏ dấu (Xã Văn Lang 02143, Xã Văn Lăng 05665) — hãy ghi đúng dấu hoặc dùng mã xã'],
    ]);
    const codes = (await database.pool.query('SELECT row_no, commune_code FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(codes).toEqual([{ row_no: 5, commune_code: '05665' }, { row_no: 6, commune_code: '01840' }, { row_no: 8, commune_code: '05908' }]);
  });

  it('refuses an empty file', async () => {
    await expectRefused('15-empty.csv', 'dan-cu', /^Tệp trống \(0 byte\)\.$/);
  });

  it('refuses a file with only a header', async () => {
    await expectRefused('16-header-only.csv', 'dan-cu', /không có dòng dữ liệu nào/);
  });

  it('refuses a file of another kind and names the kind it looks like', async () => {
    const r = await expectRefused('17-wrong-kind-bhxh-thu.csv', 'dan-cu', /Không tìm thấy dòng tiêu đề của loại tệp dan-cu/);
    expect(r.message).toMatch(/Tệp có vẻ là loại bhxh-thu/);
  });

  it('refuses a file that lacks a required column, naming it', async () => {
    const r = await expectRefused('18-missing-column.csv', 'dan-cu', /Thiếu cột bắt buộc: Giới tính/);
    expect(r.errors).toEqual([{ row: 1, column: 'Giới tính', message: 'Thiếu cột bắt buộc "Giới tính".' }]);
  });

  it('rejects a row with a 100 000-character value and imports the rest', async () => {
    const r = await run('19-very-long-line.csv', 'dan-cu');
    expect([r.status, r.rows, r.accepted, r.rejected]).toEqual(['imported', 3, 2, 1]);
    expect(errorAt(r, 3)[0]).toMatchObject({ column: 'Địa chỉ thường trú', message: 'Dài 100.005 ký tự, tối đa 1.000' });
  });

  it('refuses a quote that never closes', async () => {
    await expectRefused('20-unclosed-quote.csv', 'dan-cu', /^Dòng 3: dấu ngoặc kép \("\) mở nhưng không đóng/);
  });

  it('refuses a corrupt XLSX, a text file named .xlsx and an old .xls', async () => {
    await expectRefused('21-corrupt.xlsx', 'dan-cu', /Tệp XLSX bị hỏng/);
    await expectRefused('22-not-really.xlsx', 'dan-cu', /không phải là tệp Excel hợp lệ/);
    await expectRefused('33-old-format.xls', 'dan-cu', /\.xls\) không được hỗ trợ/);
  });

  it('reads an XLSX with titles, a merged two-row header, a numbering row, date cells, rich text and a total', async () => {
    const r = await run('23-titles-merged-header.xlsx', 'dan-cu');
    expect([r.status, r.rows, r.accepted, r.rejected, r.warnings]).toEqual(['imported', 3, 3, 0, 1]);
    expect(r.warningList).toEqual([{ row: 8, column: 'Số định danh cá nhân', value: '19090001235', message: 'Đã bổ sung số 0 đầu bị mất (11 chữ số): 019090001235' }]);
    expect(r.detail.headerRows).toEqual([4, 5]);
    expect(r.detail.sheet).toBe('Danh sách');
    const rows = (await database.pool.query('SELECT row_no, person_id, full_name, birth_date, birth_precision, commune_code, address, deceased FROM src_dan_cu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows).toEqual([
      { row_no: 7, person_id: '019185001234', full_name: 'Nguyễn Thị Hồng Nhung', birth_date: '1985-03-12', birth_precision: 'D', commune_code: '05443', address: 'Tổ 3', deceased: false },
      { row_no: 8, person_id: '019090001235', full_name: 'Đặng Văn Lường', birth_date: '1990-01-01', birth_precision: 'D', commune_code: '05443', address: 'Tổ 4', deceased: false },
      { row_no: 9, person_id: '019195001236', full_name: 'Hoàng Thị Thủy', birth_date: '1995-01-01', birth_precision: 'Y', commune_code: '05665', address: null, deceased: false },
    ]);
  });

  it('reads formulas by their cached value, date serials as periods, and repairs a numeric tax code', async () => {
    const r = await run('24-formulas-serials.xlsx', 'thue-tncn');
    expect([r.status, r.rows, r.accepted, r.rejected, r.warnings]).toEqual(['imported', 3, 2, 1, 1]);
    expect(r.errors).toMatchObject([{ row: 5, column: 'Tổng thu nhập', value: undefined, message: 'Thiếu giá trị bắt buộc' }]);
    expect(r.detail.ignoredColumns).toEqual(['Lương', 'Thưởng']);
    expect(r.period).toBe('2026-10-01');
    const rows = (await database.pool.query('SELECT payer_tax_code, period, taxable_income, tax_withheld, contract_type FROM src_thue_tncn WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows).toEqual([
      { payer_tax_code: '0100109106', period: '2026-10-01', taxable_income: 10000000, tax_withheld: 150000, contract_type: '3m_plus' },
      { payer_tax_code: '0100109106', period: '2026-10-01', taxable_income: 7000000, tax_withheld: 0, contract_type: 'under_3m' },
    ]);
  });

  it('checks tax codes: check digit, branch, household with a personal ID', async () => {
    const r = await run('25-tax-codes.csv', 'dn-thue');
    expect([r.rows, r.accepted, r.rejected, r.warnings]).toEqual([8, 4, 4, 1]);
    expect(errorAt(r, 3)[0].message).toBe('Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10 phải là 6)');
    expect(errorAt(r, 6)[0].message).toBe('Mã số thuế 12 chữ số (số định danh) chỉ dùng cho hộ kinh doanh, cá nhân');
    expect(errorAt(r, 7)[0].message).toMatch(/^Mã số thuế abc phải gồm 10 chữ số/);
    expect(errorAt(r, 9).map((e) => e.column).sort()).toEqual(['Loại hình', 'Mã số thuế']);
    const rows = (await database.pool.query('SELECT tax_code, taxpayer_type, status, tax_method, owner_person_id, declared_workers, industrial_park FROM src_dn_thue WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows.map((x) => [x.tax_code, x.taxpayer_type, x.status])).toEqual([
      ['0100109106', 'enterprise', 'active'], ['0100109106-001', 'branch', 'active'], ['019185001234', 'household', 'active'], ['0101234565', 'enterprise', 'closed'],
    ]);
    expect(rows[2]).toMatchObject({ tax_method: 'declaration', owner_person_id: '019185001234' });
    expect(rows[0]).toMatchObject({ declared_workers: 120, industrial_park: 'Yên Bình' });
  });

  it('reads amounts with ".", "," and space separators, refusing negative, textual and fractional amounts', async () => {
    const r = await run('26-amounts.csv', 'thue-tncn');
    expect([r.rows, r.accepted, r.rejected]).toEqual([8, 4, 4]);
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [5, 'Số tiền âm (-5.000.000) không được chấp nhận'],
      [6, '"năm triệu" không phải là số'],
      [7, '7.500.000,50 không phải là số nguyên'],
      [9, '"13/2026" có tháng 13 không tồn tại'],
    ]);
    const incomes = (await database.pool.query('SELECT taxable_income, tax_withheld FROM src_thue_tncn WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(incomes).toEqual([
      { taxable_income: 15000000, tax_withheld: 1234 }, { taxable_income: 12500000, tax_withheld: 0 },
      { taxable_income: 9800000, tax_withheld: null }, { taxable_income: 8000000, tax_withheld: null },
    ]);
  });

  it('keeps wrong optional IDs in bhxh-nguoi with person_id_valid = false and applies the BB/TN rules', async () => {
    const r = await run('27-bhxh-nguoi.csv', 'bhxh-nguoi');
    expect([r.rows, r.accepted, r.rejected, r.warnings]).toEqual([6, 4, 2, 4]);
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [6, 'Mã đơn vị', 'Thiếu Mã đơn vị (bắt buộc với loại hình BB)'],
      [7, 'Đến tháng', 'Đến tháng trước Từ tháng'],
    ]);
    expect(r.period).toBe('2026-10-01');
    const rows = (await database.pool.query('SELECT person_id, person_id_valid, bhxh_code, scheme, unemployment_insured, payment_mode, support_group, snapshot_period FROM src_bhxh_nguoi WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows).toEqual([
      { person_id: '019185001234', person_id_valid: true, bhxh_code: '1912345678', scheme: 'BB', unemployment_insured: true, payment_mode: null, support_group: null, snapshot_period: '2026-10-01' },
      { person_id: null, person_id_valid: false, bhxh_code: '0612345679', scheme: 'TN', unemployment_insured: false, payment_mode: '3', support_group: 'near_poor', snapshot_period: '2026-10-01' },
      { person_id: '01918500123X', person_id_valid: false, bhxh_code: '1912345680', scheme: 'TN', unemployment_insured: false, payment_mode: '1', support_group: null, snapshot_period: '2026-10-01' },
      { person_id: '019185001237', person_id_valid: false, bhxh_code: '0612345681', scheme: 'BB', unemployment_insured: false, payment_mode: null, support_group: null, snapshot_period: '2026-10-01' },
    ]);
  });

  it('applies the labour-force rules (LLLĐ trong độ tuổi ≤ LLLĐ ≤ Dân số)', async () => {
    const r = await run('28-lao-dong.csv', 'lao-dong');
    expect([r.rows, r.accepted, r.rejected]).toEqual([3, 1, 2]);
    expect(r.errors.map((e) => e.message)).toEqual(['Lực lượng lao động trong độ tuổi (5900) lớn hơn lực lượng lao động (5400)', 'Lực lượng lao động (2000) lớn hơn dân số (1200)']);
    expect(r.period).toBe('2025-01-01');
  });

  it('accepts the province line of targets and refuses years outside 2026–2030', async () => {
    const r = await run('29-chi-tieu.xlsx', 'chi-tieu');
    expect([r.rows, r.accepted, r.rejected]).toEqual([4, 2, 2]);
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([[6, 'Năm 2031 ngoài khoảng 2026–2030'], [7, 'Chỉ tiêu tự nguyện (2500) lớn hơn chỉ tiêu BHXH (2000)']]);
    const rows = (await database.pool.query('SELECT commune_code, target_total FROM src_chi_tieu WHERE batch_id = $1 ORDER BY row_no', [r.batchId])).rows;
    expect(rows).toEqual([{ commune_code: '19', target_total: 520000 }, { commune_code: '05443', target_total: 30000 }]);
  });

  it('rejects bhxh-thu rows whose unit is not in the current bhxh-don-vi data', async () => {
    const units = await run('31-bhxh-don-vi.csv', 'bhxh-don-vi');
    expect([units.status, units.accepted]).toEqual(['imported', 2]);
    const r = await run('32-bhxh-thu-references.csv', 'bhxh-thu');
    expect([r.rows, r.accepted, r.rejected]).toEqual([4, 2, 2]);
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [4, 'Mã đơn vị TZ9999Z không có trong dữ liệu đơn vị tham gia BHXH hiện hành (bhxh-don-vi) — hãy nhập tệp bhxh-don-vi trước'],
      [5, 'Trùng Mã đơn vị và Kỳ với dòng 2 — dòng sau bị loại'],
    ]);
    const n = (await database.pool.query('SELECT count(*)::int AS n FROM src_bhxh_thu WHERE batch_id = $1', [r.batchId])).rows[0].n;
    expect(n).toBe(2);
    const issues = (await database.pool.query("SELECT row_no FROM import_issue WHERE batch_id = $1 AND severity = 'error' ORDER BY row_no", [r.batchId])).rows;
    expect(issues.map((x) => x.row_no)).toEqual([4, 5]);
  });

  it('refuses a file in which no row is valid (a bhxh-don-vi file whose headers also fit dn-thue)', async () => {
    const r = await expectRefused('31-bhxh-don-vi.csv', 'dn-thue', /^Không có dòng hợp lệ nào trong 2 dòng dữ liệu/);
    expect(r.errors.filter((e) => e.column === 'Loại hình').map((e) => e.row)).toEqual([2, 3]);
  });

  it('reads old Mac line endings (CR only)', async () => {
    const r = await run('34-cr-line-endings.csv', 'dan-cu');
    expect([r.status, r.rows, r.accepted]).toEqual(['imported', 2, 2]);
  });

  it('takes the snapshot period from --period when the file has no Kỳ column, and needs one otherwise', async () => {
    await expectRefused('36-bhxh-nguoi-no-period.csv', 'bhxh-nguoi', /Thiếu cột bắt buộc: Kỳ/);
    const r = await run('36-bhxh-nguoi-no-period.csv', 'bhxh-nguoi', { period: '2026-11' });
    expect([r.status, r.accepted, r.period]).toEqual(['imported', 2, '2026-11-01']);
    const periods = (await database.pool.query('SELECT DISTINCT snapshot_period FROM src_bhxh_nguoi WHERE batch_id = $1', [r.batchId])).rows;
    expect(periods).toEqual([{ snapshot_period: '2026-11-01' }]);
  });

  it('keeps the raw file of every imported batch under files/<sha256>', async () => {
    // Refused files are in the history without their raw file.
    const rows = (await database.pool.query('SELECT file_name, content_sha256, raw_path FROM import_batch WHERE NOT refused')).rows;
    expect(rows.length).toBeGreaterThan(20);
    for (const b of rows) {
      const stored = path.join(database.config.dataDir, b.raw_path);
      const original = path.join(FIXTURES, b.file_name);
      expect(crypto.createHash('sha256').update(fs.readFileSync(stored)).digest('hex')).toBe(b.content_sha256);
      expect(fs.readFileSync(stored).equals(fs.readFileSync(original))).toBe(true);
    }
    expect(fs.readdirSync(rawFilesPath(database.config.dataDir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
