/**
 * Writes the corpus of bad and odd import files under test/fixtures/ingest/ (run once; the files
 * are committed): every encoding and separator the import accepts, title rows, merged headers,
 * formulas, date serials, broken identifiers, unknown communes, impossible dates, wrong amounts,
 * duplicates, empty and header-only files, a wrong kind, a corrupt XLSX, very long lines.
 * What each file must give is asserted in test/ingest/corpus.test.ts.
 *   npx tsx scripts/make-ingest-fixtures.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { unicodeToVni } from '../server/ingest/read/vni.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'ingest');
fs.mkdirSync(dir, { recursive: true });
const write = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(dir, name), data);

/** Windows-1258: base letters (with their shape marks) precomposed, tone marks combining. */
export function encodeCp1258(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const b = iconv.encode(ch, 'cp1258');
    if (b.length === 1 && (b[0] !== 0x3f || ch === '?')) {
      out.push(b[0]);
      continue;
    }
    const d = [...ch.normalize('NFD')];
    const tone = d.find((c) => '\u0300\u0301\u0303\u0309\u0323'.includes(c));
    const base = d.filter((c) => c !== tone).join('').normalize('NFC');
    out.push(...iconv.encode(base, 'cp1258'));
    if (tone) out.push(...iconv.encode(tone, 'cp1258'));
  }
  return Buffer.from(out);
}

const lines = (rows: string[][], sep = ',', eol = '\r\n') => rows.map((r) => r.join(sep)).join(eol) + eol;

const DAN_CU_HEADER = ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Mã xã', 'Địa chỉ thường trú', 'Tình trạng', 'Ngày mất'];
/** Five valid residents of Phường Phan Đình Phùng (05443) and Xã Văn Lăng (05665). */
const PEOPLE = [
  ['019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', 'Kinh', '05443', 'Tổ 3 phường Phan Đình Phùng', 'Còn sống', ''],
  ['019090001235', 'Đặng Văn Lường', '01/01/1990', 'Nam', 'Tày', '05443', 'Tổ 4', 'Còn sống', ''],
  ['019195001236', 'Hoàng Thị Thủy', '1995', 'Nữ', 'Nùng', '05665', 'Thôn Bản Mới', 'Còn sống', ''],
  ['019050001237', 'Lý Văn Ước', '02/1950', 'Nam', 'Dao', '05665', 'Thôn Khuổi Nhầy', 'Đã chết', '15/08/2025'],
  ['019301001238', 'Triệu Thị Ỷ', '2001-07-09', 'Nữ', 'Sán Chay', '05443', 'Tổ 1', 'Còn sống', ''],
];
const danCu = (sep = ',') => lines([DAN_CU_HEADER, ...PEOPLE.map((p) => p.map((v) => (v.includes(sep) ? `"${v}"` : v)))], sep);

// 01–06: encodings and separators -------------------------------------------------------------
write('01-utf8-bom-comma.csv', '\ufeff' + danCu(','));
write('02-utf8-semicolon.csv', danCu(';'));
write('03-utf16le-tab.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(danCu('\t'), 'utf16le')]));
write('04-windows-1258.csv', encodeCp1258(danCu(';')));
write('05-tcvn3.csv', iconv.encode(danCu(','), 'tcvn'));
write('06-vni.csv', iconv.encode(unicodeToVni(danCu(',')), 'win1252'));

// 07: an encoding that is none of them (KOI8-R Russian) -------------------------------------------
write('07-unknown-encoding.csv', iconv.encode('Номер;Фамилия Имя;Дата рождения;Пол\r\n' + 'Иванов Иван Иванович;Петрова Мария Сергеевна;Сидоров Алексей;Кузнецова Ольга\r\n'.repeat(5), 'koi8-r'));

// 08: quoted fields with separators, quotes and new lines -------------------------------------------
write(
  '08-quoted-fields.csv',
  lines([
    DAN_CU_HEADER,
    ['019185001234', '"Nguyễn Thị ""Hồng"" Nhung"', '12/03/1985', 'Nữ', 'Kinh', '05443', '"Tổ 3, phường Phan Đình Phùng\nTP Thái Nguyên"', 'Còn sống', ''],
    ['019090001235', 'Đặng Văn Lường', '01/01/1990', 'Nam', 'Tày', '05443', '"Số 5, ngõ 7; đường Z115"', '', ''],
    ['019195001236', 'Hoàng Thị Thủy', '31/02/1995', 'Nữ', 'Nùng', '05665', '', '', ''],
  ]),
);

// 09: title rows above the header, a numbering row below it, a total row at the end --------------
write(
  '09-title-numbering-total.csv',
  '\ufeff' +
    lines([
      ['CÔNG AN TỈNH THÁI NGUYÊN', '', '', '', '', '', '', '', ''],
      ['DANH SÁCH TRÍCH XUẤT DỮ LIỆU DÂN CƯ (đến ngày 20/11/2026)', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '', ''],
      DAN_CU_HEADER,
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)'],
      ...PEOPLE.slice(0, 3),
      ['', '', '', '', '', '', '', '', ''],
      ['Tổng cộng', '3 người', '', '', '', '', '', '', ''],
    ]),
);

// 10: header variants: aliases, no diacritics, other case and punctuation, an unknown column ------
write(
  '10-header-variants.csv',
  lines([
    ['STT', 'SO CCCD', 'ho ten', 'NGÀY SINH', 'Giới tính:', 'dan toc', 'Xã/Phường', 'Địa chỉ', 'Ghi chú'],
    ['1', '019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'nữ', 'Kinh', 'Phường Phan Đình Phùng', 'Tổ 3', ''],
    ['2', '019090001235', 'Đặng Văn Lường', '1/1/1990', 'NAM', 'Tày', 'Xã Văn Lăng', 'Thôn A', 'chuyển đến'],
    ['3', '019195001236', 'Hoàng Thị Thủy', '1995', 'Nữ', 'Nùng', 'Định Hoá', '', ''],
  ]),
);

// 11: personal IDs: 11 digits (lost zero), 9-digit legacy, wrong length, G/YY contradicting -------
write(
  '11-personal-ids.csv',
  lines([
    DAN_CU_HEADER,
    ['19185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', 'Kinh', '05443', '', '', ''],
    ['012345678', 'Đặng Văn Lường', '01/01/1970', 'Nam', 'Tày', '05443', '', '', ''],
    ['0190850012', 'Hoàng Thị Thủy', '1995', 'Nữ', 'Nùng', '05665', '', '', ''],
    ['019185001237', 'Lý Văn Ước', '02/1950', 'Nam', 'Dao', '05665', '', '', ''],
    ['01908500123A', 'Triệu Thị Ỷ', '2001-07-09', 'Nữ', 'Sán Chay', '05443', '', '', ''],
    ['1.92E+10', 'Ma Văn Tú', '1992', 'Nam', 'Tày', '05443', '', '', ''],
  ]),
);

// 12: impossible and unusable dates ------------------------------------------------------------------
write(
  '12-impossible-dates.csv',
  lines([
    DAN_CU_HEADER,
    ['019185001234', 'Nguyễn Thị Hồng Nhung', '31/02/1985', 'Nữ', 'Kinh', '05443', '', '', ''],
    ['019090001235', 'Đặng Văn Lường', '15/13/1990', 'Nam', 'Tày', '05443', '', '', ''],
    ['019195001236', 'Hoàng Thị Thủy', '12/03/95', 'Nữ', 'Nùng', '05665', '', '', ''],
    ['019350001237', 'Lý Văn Ước', '01/01/2050', 'Nam', 'Dao', '05665', '', '', ''],
    ['019050001238', 'Triệu Thị Ỷ', 'không rõ', 'Nữ', 'Sán Chay', '05443', '', '', ''],
    ['019301001239', 'Ma Văn Tú', '29/02/2001', 'Nam', 'Tày', '05443', '', '', ''],
    ['019300001240', 'Nông Thị Mai', '29/02/2000', 'Nữ', 'Tày', '05443', '', '', ''],
  ]),
);

// 13: the same personal ID twice (the later row is rejected) -------------------------------------------
write('13-duplicates.csv', lines([DAN_CU_HEADER, ...PEOPLE.slice(0, 3), ['019185001234', 'Nguyễn Thị Nhung', '12/03/1985', 'Nữ', 'Kinh', '05443', '', '', ''], PEOPLE[3]]));

// 14: communes: unknown code, unknown name, names ambiguous without diacritics, lost leading zero ------
write(
  '14-communes.csv',
  lines([
    ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã', 'Xã/Phường'],
    ['019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', '99999', ''],
    ['019090001235', 'Đặng Văn Lường', '01/01/1990', 'Nam', '', 'Xã Không Có'],
    ['019195001236', 'Hoàng Thị Thủy', '1995', 'Nữ', '', 'Van Lang'],
    ['019050001237', 'Lý Văn Ước', '02/1950', 'Nam', '', 'Xã Văn Lăng'],
    ['019301001238', 'Triệu Thị Ỷ', '2001-07-09', 'Nữ', '1840', ''],
    ['019092001239', 'Ma Văn Tú', '1992', 'Nam', '', 'xa van lang'],
    ['019093001240', 'Nông Văn Hải', '1993', 'Nam', '', 'Phú Bình'],
  ]),
);

// 15–16: empty and header-only files ------------------------------------------------------------------
write('15-empty.csv', '');
write('16-header-only.csv', '\ufeff' + lines([DAN_CU_HEADER]));

// 17: a bhxh-thu file (to be imported as dan-cu: wrong kind) ----------------------------------------
const THU_HEADER = ['Mã đơn vị', 'Kỳ', 'Số lao động', 'Quỹ lương', 'Phải đóng', 'Đã đóng', 'Ngày đóng', 'Ngày đôn đốc'];
write(
  '17-wrong-kind-bhxh-thu.csv',
  lines([THU_HEADER, ['TA0001A', '09/2026', '12', '84.000.000', '27.720.000', '27.720.000', '20/10/2026', ''], ['TA0002B', '09/2026', '5', '30.000.000', '9.900.000', '0', '', '05/11/2026']]),
);

// 18: a required column missing (Giới tính) ---------------------------------------------------------------
write('18-missing-column.csv', lines([['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Mã xã'], ['019185001234', 'Nguyễn Thị Hồng Nhung', '12/03/1985', '05443']]));

// 19: a very long line (an address of 200 000 characters) --------------------------------------------------
write('19-very-long-line.csv', lines([DAN_CU_HEADER, PEOPLE[0], [...PEOPLE[1].slice(0, 6), 'Tổ 4 ' + 'x'.repeat(100_000), '', ''], PEOPLE[2]]));

// 20: a quote that never closes (the rest of the file would be one cell) ----------------------------------------
write('20-unclosed-quote.csv', lines([DAN_CU_HEADER, PEOPLE[0], ['019090001235', '"Đặng Văn Lường', '01/01/1990', 'Nam', 'Tày', '05443', 'Tổ 4', '', ''], PEOPLE[2]]) + ('019195001299,Người thứ,1995,Nữ,Kinh,05443,,,\r\n'.repeat(50)));

// 21–22, 33: corrupt workbooks ---------------------------------------------------------------------------------
async function xlsxBuffer(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const good = await xlsxBuffer((wb) => {
  const ws = wb.addWorksheet('Dân cư');
  ws.addRow(DAN_CU_HEADER);
  for (const p of PEOPLE) ws.addRow(p);
});
write('21-corrupt.xlsx', good.subarray(0, Math.floor(good.length * 0.6)));
write('22-not-really.xlsx', danCu(','));
write('33-old-format.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));

// 23: titles, a merged two-row header, a numbering row, date cells, numbers for IDs, a total row ------------
write(
  '23-titles-merged-header.xlsx',
  await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['CÔNG AN TỈNH THÁI NGUYÊN']);
    ws.addRow(['DANH SÁCH NHÂN KHẨU THƯỜNG TRÚ']);
    ws.mergeCells('A1:I1');
    ws.mergeCells('A2:I2');
    ws.addRow([]);
    ws.addRow(['STT', 'Thông tin cá nhân', null, null, null, null, 'Nơi thường trú', null, 'Tình trạng']);
    ws.addRow([null, 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Mã xã', 'Địa chỉ', null]);
    ws.mergeCells('A4:A5');
    ws.mergeCells('B4:F4');
    ws.mergeCells('G4:H4');
    ws.mergeCells('I4:I5');
    ws.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)']);
    ws.addRow([1, '019185001234', 'Nguyễn Thị Hồng Nhung', new Date(Date.UTC(1985, 2, 12)), 'Nữ', 'Kinh', '05443', 'Tổ 3', 'Còn sống']);
    ws.addRow([2, 19090001235, 'Đặng Văn Lường', 32874, 'Nam', 'Tày', 5443, { formula: 'CONCATENATE("Tổ ","4")', result: 'Tổ 4' }, null]);
    ws.addRow([3, '019195001236', { richText: [{ text: 'Hoàng ' }, { font: { bold: true }, text: 'Thị Thủy' }] }, 1995, 'Nữ', 'Nùng', '05665', null, null]);
    ws.getCell('D7').numFmt = 'dd/mm/yyyy';
    ws.getCell('D8').numFmt = 'dd/mm/yyyy';
    ws.addRow(['Tổng cộng', null, '3 người']);
  }),
);

// 24: thue-tncn with formulas (cached results), a date serial as period, tax code as a number ------------------
write(
  '24-formulas-serials.xlsx',
  await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('TNCN');
    ws.addRow(['BẢNG KÊ THU NHẬP CHỊU THUẾ VÀ THUẾ TNCN ĐÃ KHẤU TRỪ']);
    ws.addRow(['MST tổ chức trả thu nhập', 'Số định danh cá nhân', 'Họ và tên', 'Kỳ', 'Lương', 'Thưởng', 'Tổng thu nhập', 'Thuế đã khấu trừ', 'Loại hợp đồng']);
    const serialOct = (Date.UTC(2026, 9, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    ws.addRow([100109106, '019185001234', 'Nguyễn Thị Hồng Nhung', serialOct, 9000000, 1000000, { formula: 'E3+F3', result: 10000000 }, 150000, 'Từ 3 tháng trở lên']);
    ws.addRow(['0100109106', '019090001235', 'Đặng Văn Lường', '10/2026', 7000000, 0, { formula: 'E4+F4', result: 7000000 }, 0, 'Dưới 3 tháng']);
    ws.addRow(['0100109106', '019195001236', 'Hoàng Thị Thủy', '2026-10', 5000000, 500000, { formula: 'E5+F5' }, null, null]);
    ws.getCell('D3').numFmt = 'mm/yyyy';
  }),
);

// 25: dn-thue tax codes: check digit, branch, household with a personal ID, enterprise with a personal ID -------
const DN_HEADER = ['Mã số thuế', 'Tên người nộp thuế', 'Loại hình', 'Mã xã', 'Trạng thái', 'Phương pháp tính thuế', 'Số định danh chủ hộ', 'Số lao động', 'KCN'];
write(
  '25-tax-codes.csv',
  lines([
    DN_HEADER,
    ['0100109106', 'Công ty TNHH Một Thành Viên A', 'Doanh nghiệp', '05443', 'Đang hoạt động', '', '', '120', 'Yên Bình'],
    ['0100109107', 'Công ty Cổ phần B', 'Doanh nghiệp', '05443', 'Đang hoạt động', '', '', '15', ''],
    ['0100109106-001', 'Chi nhánh Công ty A tại Phổ Yên', 'Chi nhánh', '05443', 'Đang hoạt động', '', '', '30', ''],
    ['019185001234', 'Hộ kinh doanh Nguyễn Thị Nhung', 'Hộ kinh doanh', '05443', 'Đang hoạt động', 'Kê khai', '019185001234', '2', ''],
    ['019090001235', 'Công ty C', 'Doanh nghiệp', '05443', 'Đang hoạt động', '', '', '3', ''],
    ['abc', 'Công ty D', 'Doanh nghiệp', '05443', 'Tạm ngừng kinh doanh', '', '', '', ''],
    ['101234565', 'Công ty E (mất số 0 đầu)', 'Doanh nghiệp', '05443', 'Ngừng hoạt động', '', '', '', ''],
    ['0200109106', 'Công ty F', 'Công ty ma', '05443', 'Đang hoạt động', '', '', '', ''],
  ]),
);

// 26: thue-tncn amounts: separators, negative, text, decimals --------------------------------------------------
const TNCN_HEADER = ['MST đơn vị', 'Số CCCD', 'Họ tên', 'Tháng', 'Thu nhập chịu thuế', 'Thuế đã khấu trừ'];
write(
  '26-amounts.csv',
  lines(
    [
      TNCN_HEADER,
      ['0100109106', '019185001234', 'Nguyễn Thị Hồng Nhung', '10/2026', '15.000.000', '1.234'],
      ['0100109106', '019090001235', 'Đặng Văn Lường', '10/2026', '"12,500,000"', '0'],
      ['0100109106', '019195001236', 'Hoàng Thị Thủy', '10/2026', '9 800 000', ''],
      ['0100109106', '019050001237', 'Lý Văn Ước', '10/2026', '-5.000.000', ''],
      ['0100109106', '019301001238', 'Triệu Thị Ỷ', '10/2026', 'năm triệu', ''],
      ['0100109106', '019092001239', 'Ma Văn Tú', '10/2026', '7.500.000,50', ''],
      ['0100109106', '019093001240', 'Nông Văn Hải', '10/2026', '8.000.000,00 đ', ''],
      ['0100109106', '019094001241', 'Bế Thị Lan', '13/2026', '6.000.000', ''],
    ],
    ';',
  ),
);

// 27: bhxh-nguoi: optional IDs kept when wrong, BB without unit, Đến < Từ, TN with BHTN ---------------------------
const NGUOI_HEADER = ['Số định danh cá nhân', 'Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã', 'Loại hình', 'Tham gia BHTN', 'Mã đơn vị', 'Mức đóng', 'Từ tháng', 'Đến tháng', 'Phương thức đóng', 'Nhóm hỗ trợ', 'Kỳ'];
write(
  '27-bhxh-nguoi.csv',
  lines([
    NGUOI_HEADER,
    ['019185001234', '1912345678', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', '05443', 'BB', 'Có', 'TA0001A', '6.500.000', '01/2020', '', '', '', '10/2026'],
    ['', '0612345679', 'Đặng Văn Lường', '01/01/1990', 'Nam', '05443', 'TN', '', '', '1.500.000', '03/2025', '', '3 tháng', 'Hộ cận nghèo', '10/2026'],
    ['01918500123X', '1912345680', 'Hoàng Thị Thủy', '1995', 'Nữ', '05665', 'Tự nguyện', 'Có', '', '2.000.000', '2026-01', '', '1 tháng', '', '10/2026'],
    ['019185001237', '612345681', 'Lý Văn Ước', '02/1950', 'Nam', '05665', 'Bắt buộc', 'Không', 'TA0002B', '5.310.000', '05/2026', '', '', '', '10/2026'],
    ['019301001238', '', 'Triệu Thị Ỷ', '2001-07-09', 'Nữ', '05443', 'BB', 'Có', '', '6.000.000', '01/2026', '', '', '', '10/2026'],
    ['019092001239', '', 'Ma Văn Tú', '1992', 'Nam', '05443', 'BB', 'Có', 'TA0001A', '6.000.000', '06/2026', '03/2026', '', '', '10/2026'],
  ]),
);

// 28: lao-dong cross-field rule (LLLĐ trong độ tuổi ≤ LLLĐ) -----------------------------------------------------
write(
  '28-lao-dong.csv',
  lines([
    ['Mã xã', 'Năm', 'Dân số', 'LLLĐ', 'LLLĐ trong độ tuổi'],
    ['05443', '2025', '45.210', '26.100', '23.950'],
    ['05665', '2025', '9.870', '5.400', '5.900'],
    ['01840', '2025', '1.200', '2.000', '1.000'],
  ]),
);

// 29: chi-tieu with the province line and years outside 2026–2030 ----------------------------------------------------
write(
  '29-chi-tieu.xlsx',
  await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet('Chỉ tiêu');
    ws.addRow(['HỘI ĐỒNG NHÂN DÂN TỈNH THÁI NGUYÊN']);
    ws.addRow(['PHỤ LỤC: CHỈ TIÊU PHÁT TRIỂN NGƯỜI THAM GIA BHXH']);
    ws.addRow(['Năm', 'Mã đơn vị', 'Tên đơn vị', 'Chỉ tiêu BHXH', 'Chỉ tiêu BHXH tự nguyện', 'Chỉ tiêu BHXH bắt buộc', 'Chỉ tiêu BHTN', 'Căn cứ']);
    ws.addRow([2026, '19', 'Tỉnh Thái Nguyên', 520000, 45000, 475000, 430000, 'NQ 15/NQ-HĐND']);
    ws.addRow([2026, '05443', 'Phường Phan Đình Phùng', 30000, 1500, 28500, 27000, 'NQ 15/NQ-HĐND']);
    ws.addRow([2031, '05665', 'Xã Văn Lăng', 2000, 300, 1700, 1500, 'NQ 15/NQ-HĐND']);
    ws.addRow([2026, '05665', 'Xã Văn Lăng', 2000, 2500, null, null, 'NQ 15/NQ-HĐND']);
  }),
);

// 30 (strict): reuse 13-duplicates.csv with --strict.

// 31–32: bhxh-don-vi, then bhxh-thu whose units must exist in it -------------------------------------------------
write(
  '31-bhxh-don-vi.csv',
  lines([
    ['Mã đơn vị', 'MST', 'Tên đơn vị', 'Mã xã', 'Loại hình', 'KCN', 'Ngày tham gia', 'Trạng thái'],
    ['TA0001A', '0100109106', 'Công ty TNHH Một Thành Viên A', '05443', 'DN ngoài nhà nước', 'Yên Bình', '15/03/2015', 'Đang hoạt động'],
    ['TA0002B', '0100109106-001', 'Chi nhánh Công ty A', '05443', 'DN ngoài nhà nước', '', '01/06/2018', 'Tạm dừng đóng'],
  ]),
);
write(
  '32-bhxh-thu-references.csv',
  lines([
    THU_HEADER,
    ['TA0001A', '09/2026', '12', '84.000.000', '27.720.000', '27.720.000', '20/10/2026', ''],
    ['TA0002B', '09/2026', '5', '30.000.000', '9.900.000', '0', '', '05/11/2026'],
    ['TZ9999Z', '09/2026', '3', '15.000.000', '4.950.000', '0', '', ''],
    ['TA0001A', '09/2026', '12', '84.000.000', '27.720.000', '27.720.000', '20/10/2026', ''],
  ]),
);

// 34: old Mac line endings (CR only) -------------------------------------------------------------------------------
write('34-cr-line-endings.csv', lines([DAN_CU_HEADER, ...PEOPLE.slice(0, 2)], ',', '\r'));

// 35: a UTF-8 file with a few broken bytes -----------------------------------------------------------------------------
{
  const text = Buffer.from(danCu(','));
  const broken = Buffer.concat([text.subarray(0, 200), Buffer.from([0xff, 0xfe, 0xc3]), text.subarray(200)]);
  write('35-utf8-broken-bytes.csv', broken);
}

// 36: bhxh-nguoi without the Kỳ column (given by --period) ---------------------------------------------------------------
write(
  '36-bhxh-nguoi-no-period.csv',
  lines([
    NGUOI_HEADER.slice(0, -1),
    ['019185001234', '1912345678', 'Nguyễn Thị Hồng Nhung', '12/03/1985', 'Nữ', '05443', 'BB', 'Có', 'TA0001A', '6.500.000', '01/2020', '', '', '', ],
    ['019090001235', '', 'Đặng Văn Lường', '01/01/1990', 'Nam', '05443', 'TN', '', '', '1.500.000', '03/2025', '', '3 tháng', 'Hộ cận nghèo'],
  ]),
);

console.log(`Đã ghi ${fs.readdirSync(dir).length} tệp vào ${dir}`);
