/**
 * Renders the world into the 12 agency files of docs/spec/source-files.md, with the variety real exports have:
 * CSV or XLSX, encodings, separators, header aliases and case, date/period/amount styles, title and numbering
 * rows, total rows, IDs and commune codes that lost their leading zero, names without diacritics or in other
 * spellings, year-only birth dates. None of it changes what a record means.
 */
import path from 'node:path';
import { PLAN_YEARS, PROVINCE_CODE } from '#shared/province.ts';
import { foldDiacritics } from '#shared/text/vietnamese.ts';
import { HOUSEHOLD_TYPE_LABELS, SUPPORT_GROUP_LABELS, type SupportGroup } from '#shared/vocabulary.ts';
import { Rng, mixFloat } from './rng.ts';
import { monthNumber, monthYear, ymd } from './calendar.ts';
import { ETHNIC_GROUPS, applyNameNoise, foldedNameClashes, householdAddress, pickCommuneSpelling, pickNameNoise } from './names.ts';
import { INDUSTRIAL_PARKS, NO_DEATH, OPEN, type World } from './model.ts';
import { FileFaults, NO_FAULTS } from './faults.ts';
import { CsvSink, XlsxSink, type CsvEncoding, type RowSink } from './writers.ts';
import { incomeMonths, incomeOf, paidIn, participationRecords, personId, personName, taxWithheld } from './views.ts';
import { worldRules } from './world-rules.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { XLSX_MAX_ROWS } from '../ingest/limits.ts';

// ------------------------------------------------------------------------------------------------ cells

type Cell =
  | null
  | string
  | { k: 'id'; v: string; lostZero?: boolean }
  | { k: 'commune'; v: string }
  | { k: 'date'; day: number; prec?: 'D' | 'M' | 'Y' }
  | { k: 'period'; month: number }
  | { k: 'amount'; v: number }
  | { k: 'int'; v: number };

export interface FileStyle {
  format: 'csv' | 'xlsx';
  encoding: CsvEncoding;
  separator: ',' | ';' | '\t';
  newline: '\r\n' | '\n';
  dateFormat: 'dd/mm/yyyy' | 'd/m/yyyy' | 'yyyy-mm-dd';
  periodFormat: 'mm/yyyy' | 'm/yyyy' | 'yyyy-mm';
  amountFormat: 'plain' | 'dots' | 'commas' | 'spaces';
  headerCase: 'as' | 'upper' | 'plain';
  aliasRate: number;
  /** XLSX only. */
  titleRows: boolean;
  numberingRow: boolean;
  totalRow: boolean;
  dateCells: boolean;
  numericCodes: boolean;
}

const CSV_STYLES: Omit<FileStyle, 'format' | 'titleRows' | 'numberingRow' | 'totalRow' | 'dateCells' | 'numericCodes'>[] = [
  { encoding: 'utf8bom', separator: ',', newline: '\r\n', dateFormat: 'dd/mm/yyyy', periodFormat: 'mm/yyyy', amountFormat: 'plain', headerCase: 'as', aliasRate: 0.2 },
  { encoding: 'utf16le', separator: '\t', newline: '\r\n', dateFormat: 'd/m/yyyy', periodFormat: 'm/yyyy', amountFormat: 'dots', headerCase: 'as', aliasRate: 0.5 },
  { encoding: 'cp1258', separator: ';', newline: '\r\n', dateFormat: 'dd/mm/yyyy', periodFormat: 'mm/yyyy', amountFormat: 'dots', headerCase: 'upper', aliasRate: 0.3 },
  { encoding: 'utf8', separator: ';', newline: '\n', dateFormat: 'yyyy-mm-dd', periodFormat: 'yyyy-mm', amountFormat: 'plain', headerCase: 'plain', aliasRate: 0.4 },
  { encoding: 'utf8bom', separator: '\t', newline: '\r\n', dateFormat: 'dd/mm/yyyy', periodFormat: 'mm/yyyy', amountFormat: 'spaces', headerCase: 'as', aliasRate: 0.6 },
  { encoding: 'cp1258', separator: ',', newline: '\r\n', dateFormat: 'd/m/yyyy', periodFormat: 'm/yyyy', amountFormat: 'commas', headerCase: 'as', aliasRate: 0.2 },
  { encoding: 'utf8', separator: ',', newline: '\n', dateFormat: 'dd/mm/yyyy', periodFormat: 'mm/yyyy', amountFormat: 'plain', headerCase: 'as', aliasRate: 0.1 },
];

/** Style of each file: mixed alternates CSV/XLSX by kind; CSV styles rotate so every encoding and separator appears. */
export function fileStyles(kinds: readonly FileKind[], format: 'csv' | 'xlsx' | 'mixed', seed: number): Map<FileKind, FileStyle> {
  const out = new Map<FileKind, FileStyle>();
  let csvN = 0;
  let xlsxN = 0;
  kinds.forEach((kind, k) => {
    const fmt = format === 'mixed' ? ((k + seed) % 2 === 0 ? 'csv' : 'xlsx') : format;
    const base = CSV_STYLES[(csvN + seed) % CSV_STYLES.length];
    if (fmt === 'csv') csvN++;
    const x = xlsxN + seed;
    if (fmt === 'xlsx') xlsxN++;
    out.set(kind, {
      ...(fmt === 'csv' ? base : CSV_STYLES[0]), format: fmt,
      aliasRate: fmt === 'xlsx' ? [0.15, 0.5, 0.3][x % 3] : base.aliasRate,
      headerCase: fmt === 'xlsx' ? (x % 4 === 3 ? 'upper' : 'as') : base.headerCase,
      periodFormat: fmt === 'xlsx' ? (x % 3 === 2 ? 'yyyy-mm' : 'mm/yyyy') : base.periodFormat,
      dateFormat: fmt === 'xlsx' ? 'dd/mm/yyyy' : base.dateFormat,
      titleRows: fmt === 'xlsx' && x % 2 === 0,
      numberingRow: fmt === 'xlsx' && x % 2 === 0 && x % 4 === 0,
      totalRow: fmt === 'xlsx' && x % 3 !== 1,
      dateCells: fmt === 'xlsx' && x % 2 === 1,
      numericCodes: fmt === 'xlsx' && x % 3 === 0,
    });
  });
  return out;
}

/** Rows an Excel sheet can hold besides the header, title, numbering and total rows. */
const SHEET_DATA_ROWS = XLSX_MAX_ROWS - 8;

/**
 * The style a kind is written in: an XLSX kind with more rows than one Excel sheet holds (the population
 * from scale ≈ 0,6) is written as CSV, as an agency would have to — the importer refuses rows past
 * Excel's limit. Counts the rows (without writing them) only up to the limit.
 */
export function styleThatFits(w: World, kind: FileKind, style: FileStyle): FileStyle {
  if (style.format !== 'xlsx') return style;
  let n = 0;
  for (const _row of KINDS[kind].rows(w, new Rng(w.seed, `render-${kind}`), style)) {
    if (++n > SHEET_DATA_ROWS) {
      return { ...style, ...CSV_STYLES[0], format: 'csv', titleRows: false, numberingRow: false, totalRow: false, dateCells: false, numericCodes: false };
    }
  }
  return style;
}

function pad2(n: number) {
  return String(n).padStart(2, '0');
}

function formatAmount(v: number, style: FileStyle['amountFormat']): string {
  const s = String(Math.round(v));
  if (style === 'plain') return s;
  const sep = style === 'dots' ? '.' : style === 'commas' ? ',' : ' ';
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function formatDate(day: number, style: FileStyle['dateFormat']): string {
  const [y, m, d] = ymd(day);
  if (style === 'yyyy-mm-dd') return `${y}-${pad2(m)}-${pad2(d)}`;
  if (style === 'd/m/yyyy') return `${d}/${m}/${y}`;
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

function formatPeriod(month: number, style: FileStyle['periodFormat']): string {
  const y = monthYear(month);
  const m = monthNumber(month);
  if (style === 'yyyy-mm') return `${y}-${pad2(m)}`;
  if (style === 'm/yyyy') return `${m}/${y}`;
  return `${pad2(m)}/${y}`;
}

function renderCsv(c: Cell, s: FileStyle): string {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  switch (c.k) {
    case 'id': return c.lostZero ? c.v.replace(/^0/, '') : c.v;
    case 'commune': return c.v;
    case 'date': {
      const [y, m] = ymd(c.day);
      if (c.prec === 'Y') return String(y);
      if (c.prec === 'M') return `${pad2(m)}/${y}`;
      return formatDate(c.day, s.dateFormat);
    }
    case 'period': return formatPeriod(c.month, s.periodFormat);
    case 'amount': return formatAmount(c.v, s.amountFormat);
    case 'int': return String(c.v);
  }
}

function renderXlsx(c: Cell, s: FileStyle): unknown {
  if (c === null) return null;
  if (typeof c === 'string') return c;
  switch (c.k) {
    case 'id': return c.lostZero ? Number(c.v) : c.v;
    case 'commune': return s.numericCodes && /^\d+$/.test(c.v) ? Number(c.v) : c.v;
    case 'date': {
      const [y, m, d] = ymd(c.day);
      if (c.prec === 'Y') return y;
      if (c.prec === 'M') return `${pad2(m)}/${y}`;
      return s.dateCells ? { value: new Date(Date.UTC(y, m - 1, d)), numFmt: 'dd/mm/yyyy' } : formatDate(c.day, 'dd/mm/yyyy');
    }
    case 'period': return formatPeriod(c.month, s.periodFormat);
    case 'amount': return c.v;
    case 'int': return c.v;
  }
}

// ------------------------------------------------------------------------------------------------ kinds

interface Column {
  name: string;
  aliases?: string[];
  width?: number;
  /** Summed on an XLSX total row. */
  sum?: boolean;
}

interface KindSpec {
  agency: string;
  title: (w: World) => string;
  columns: Column[];
  rows: (w: World, rng: Rng, s: FileStyle) => Iterable<Cell[]>;
}

const BHXH = 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN';
const periodLabel = (w: World) => `${pad2(monthNumber(w.period))}/${monthYear(w.period)}`;

const SEX = (female: boolean) => (female ? 'Nữ' : 'Nam');

function idCell(id: string, rng: Rng, lostZeroRate: number): Cell {
  return { k: 'id', v: id, lostZero: /^0[1-9]\d{10}$/.test(id) && rng.chance(lostZeroRate) };
}

function noisyName(name: string, rng: Rng, rate: number): string {
  return applyNameNoise(name, pickNameNoise(rng, rate));
}

/** Faults of a source's person records (off unless the world was built with --faults), on their own random stream. */
function faultsOf(w: World, kind: FileKind) {
  return { ff: new FileFaults(w, w.faults ?? NO_FAULTS), frng: new Rng(w.seed, `faults-${kind}`) };
}

function communeCell(w: World, idx: number): Cell {
  return idx < 0 ? null : { k: 'commune', v: w.communes[idx].code };
}

function addressOf(w: World, household: number): string {
  const c = w.communes[w.householdCommune[household]];
  const rng = new Rng(w.seed, `hh-${household}`);
  return householdAddress(rng, c.name, c.isWard, c.oldBacKan);
}

const UNIT_TYPE_VI: Record<string, string> = {
  state_enterprise: 'DN nhà nước', private_enterprise: 'DN ngoài nhà nước', fdi_enterprise: 'DN có vốn ĐTNN',
  public_body: 'Hành chính sự nghiệp', household: 'Hộ kinh doanh', other: 'Khác',
};
const UNIT_STATUS_VI = { active: 'Đang hoạt động', paused: 'Tạm dừng đóng', terminated: 'Chấm dứt' };
const TAX_TYPE_VI = { enterprise: 'Doanh nghiệp', branch: 'Chi nhánh', household: 'Hộ kinh doanh', other: 'Tổ chức khác' };
const TAX_STATUS_VI = { active: 'Đang hoạt động', suspended: 'Tạm ngừng kinh doanh', closed: 'Ngừng hoạt động', absent: 'Không hoạt động tại địa chỉ đăng ký' };
const CONTRACT_VI = { '3m_plus': 'Từ 3 tháng trở lên', under_3m: 'Dưới 3 tháng', none: 'Không ký hợp đồng', '': '' };
const MODE_VI = { '1': '1 tháng', '3': '3 tháng', '6': '6 tháng', '12': '12 tháng', lump_sum: 'Một lần' };
const BENEFIT_VI = { pension: 'Hưu trí', monthly_allowance: 'Trợ cấp BHXH hằng tháng', other: 'Trợ cấp khác' };

export const KINDS: Record<FileKind, KindSpec> = {
  'dan-cu': {
    agency: 'CÔNG AN TỈNH THÁI NGUYÊN',
    title: () => 'TRÍCH XUẤT DỮ LIỆU DÂN CƯ THƯỜNG TRÚ',
    columns: [
      { name: 'Số định danh cá nhân', aliases: ['Số CCCD', 'Số định danh', 'CCCD'], width: 16 },
      { name: 'Họ và tên', aliases: ['Họ tên'], width: 26 },
      { name: 'Ngày sinh', width: 12 },
      { name: 'Giới tính', width: 8 },
      { name: 'Dân tộc', width: 10 },
      { name: 'Mã xã', aliases: ['Mã đơn vị hành chính'], width: 8 },
      { name: 'Địa chỉ thường trú', aliases: ['Địa chỉ'], width: 40 },
      { name: 'Tình trạng', aliases: ['Trạng thái'], width: 10 },
      { name: 'Ngày mất', width: 12 },
    ],
    *rows(w, rng) {
      const p = w.persons;
      for (let i = 0; i < p.residents; i++) {
        const dead = p.death[i] !== NO_DEATH;
        const row: Cell[] = [
          idCell(personId(w, i), rng, 0.003), personName(w, i), { k: 'date', day: p.birth[i] }, SEX(p.female[i] === 1),
          ETHNIC_GROUPS[p.ethnic[i]], communeCell(w, p.commune[i]), addressOf(w, p.household[i]),
          dead ? 'Đã chết' : rng.chance(0.8) ? 'Còn sống' : null, dead ? { k: 'date', day: p.death[i] } : null,
        ];
        yield row;
        if (w.danCuDuplicates.has(i)) yield row;
      }
    },
  },
  'ho-ngheo': {
    agency: 'SỞ NỘI VỤ TỈNH THÁI NGUYÊN',
    title: (w) => `DANH SÁCH THÀNH VIÊN HỘ NGHÈO, HỘ CẬN NGHÈO NĂM ${ymd(w.asOf)[0]}`,
    columns: [
      { name: 'Số định danh cá nhân', aliases: ['Số CCCD'], width: 16 },
      { name: 'Họ và tên', aliases: ['Họ tên'], width: 26 },
      { name: 'Ngày sinh', width: 12 },
      { name: 'Xã/Phường', width: 20 },
      { name: 'Phân loại', aliases: ['Loại hộ'], width: 14 },
      { name: 'Năm', width: 6 },
    ],
    *rows(w, rng) {
      const p = w.persons;
      const year = ymd(w.asOf)[0];
      const clashes = foldedNameClashes(w.communes);
      const { ff, frng } = faultsOf(w, 'ho-ngheo');
      for (let i = 0; i < p.residents; i++) {
        const pov = w.householdPoverty[p.household[i]];
        if (!pov || p.death[i] !== NO_DEATH) continue;
        const f = ff.apply(frng, i, { birth: true, commune: true });
        const age = year - ymd(p.birth[i])[0];
        // Older members sometimes still carry the 9-digit ID card number (cannot be linked by number).
        const id: Cell = age >= 40 && rng.chance(0.02) ? String(100_000_000 + Math.floor(mixFloat(w.seed, i, 9) * 899_999_999)) : idCell(f?.id ?? personId(w, i), rng, 0.03);
        const x = rng.float();
        const bday = f?.birth ?? p.birth[i];
        const birth: Cell = x < 0.05 ? null : x < 0.25 || f?.prec === 'Y' ? { k: 'date', day: bday, prec: 'Y' } : { k: 'date', day: bday };
        const c = w.communes[f?.commune ?? p.commune[i]];
        const communeName = pickCommuneSpelling(rng, c, clashes);
        yield [id, noisyName(f?.name ?? personName(w, i), rng, 0.08), birth, communeName, HOUSEHOLD_TYPE_LABELS[pov === 1 ? 'poor' : 'near_poor'], { k: 'int', v: year }];
      }
    },
  },
  'lao-dong': {
    agency: 'THỐNG KÊ TỈNH THÁI NGUYÊN',
    title: () => 'DÂN SỐ VÀ LỰC LƯỢNG LAO ĐỘNG THEO XÃ, PHƯỜNG',
    columns: [
      { name: 'Mã xã', aliases: ['Xã/Phường'], width: 8 },
      { name: 'Năm', width: 6 },
      { name: 'Dân số', width: 10, sum: true },
      { name: 'Lực lượng lao động', aliases: ['LLLĐ'], width: 12, sum: true },
      { name: 'Lực lượng lao động trong độ tuổi', aliases: ['LLLĐ trong độ tuổi'], width: 12, sum: true },
    ],
    *rows(w) {
      const stats = labourStats(w);
      const year = ymd(w.asOf)[0];
      for (const [y, factor] of [[year - 1, 0.988], [year, 1]] as const) {
        for (const c of w.communes) {
          const s = stats.get(c.idx)!;
          const jitter = 1 + (mixFloat(w.seed, c.idx, y) - 0.5) * 0.02;
          const pop = Math.round(s.population * factor * jitter);
          const lf = Math.round(s.labourForce * factor * jitter);
          const walf = Math.min(lf, Math.round(s.workingAgeLabourForce * factor * jitter));
          yield [communeCell(w, c.idx), { k: 'int', v: y }, { k: 'int', v: pop }, { k: 'int', v: lf }, { k: 'int', v: walf }];
        }
      }
    },
  },
  'dn-thue': {
    agency: 'THUẾ TỈNH THÁI NGUYÊN',
    title: () => 'DANH SÁCH NGƯỜI NỘP THUẾ ĐANG QUẢN LÝ',
    columns: [
      { name: 'Mã số thuế', aliases: ['MST'], width: 16 },
      { name: 'Tên người nộp thuế', aliases: ['Tên doanh nghiệp', 'Tên'], width: 40 },
      { name: 'Loại hình', width: 14 },
      { name: 'Mã xã', aliases: ['Xã/Phường'], width: 8 },
      { name: 'Địa chỉ', width: 40 },
      { name: 'Ngày thành lập', aliases: ['Ngày cấp MST'], width: 12 },
      { name: 'Trạng thái', aliases: ['Tình trạng'], width: 20 },
      { name: 'Ngành nghề chính', width: 30 },
      { name: 'Phương pháp tính thuế', width: 10 },
      { name: 'Số định danh chủ hộ', width: 16 },
      { name: 'Số lao động', width: 8 },
      { name: 'Khu công nghiệp', aliases: ['KCN'], width: 20 },
    ],
    *rows(w, rng) {
      for (const e of w.employers) {
        if (!e.inTaxRegistry) continue;
        // A few addresses carry separators, quotes and line breaks (CSV quoting must hold).
        const address = rng.chance(0.003) ? `${e.address.replace(', ', ',\n')} (trụ sở "cũ")` : e.address;
        yield [
          e.taxCode, e.name, TAX_TYPE_VI[e.taxType], communeCell(w, e.commune), address, { k: 'date', day: e.founded },
          TAX_STATUS_VI[e.taxStatus], e.industry, e.taxMethod ? (e.taxMethod === 'declaration' ? 'Kê khai' : 'Khoán') : null,
          e.owner >= 0 ? idCell(personId(w, e.owner), rng, 0.02) : null,
          e.declaredWorkers === null ? null : { k: 'int', v: e.declaredWorkers },
          e.ip >= 0 ? (rng.chance(0.5) ? INDUSTRIAL_PARKS[e.ip].name : INDUSTRIAL_PARKS[e.ip].name.replace('KCN', 'Khu công nghiệp')) : null,
        ];
      }
    },
  },
  'thue-tncn': {
    agency: 'THUẾ TỈNH THÁI NGUYÊN',
    title: (w) => `BẢNG KÊ THU NHẬP CHỊU THUẾ VÀ THUẾ TNCN ĐÃ KHẤU TRỪ (KỲ ${periodLabel(w)})`,
    columns: [
      { name: 'Mã số thuế tổ chức trả thu nhập', aliases: ['MST đơn vị', 'MST tổ chức'], width: 16 },
      { name: 'Số định danh cá nhân', aliases: ['MST cá nhân', 'Số CCCD'], width: 16 },
      { name: 'Họ và tên', aliases: ['Họ tên'], width: 26 },
      { name: 'Kỳ', aliases: ['Tháng'], width: 9 },
      { name: 'Thu nhập chịu thuế', aliases: ['Tổng thu nhập'], width: 14, sum: true },
      { name: 'Thuế đã khấu trừ', width: 12, sum: true },
      { name: 'Loại hợp đồng', width: 20 },
    ],
    *rows(w, rng) {
      const { ff, frng } = faultsOf(w, 'thue-tncn');
      for (const m of incomeMonths(w)) {
        for (const j of w.jobs) {
          if (!paidIn(w, j, m)) continue;
          const income = incomeOf(w, j, m);
          const f = ff.apply(frng, j.person, { birth: false, commune: false });
          yield [
            w.employers[j.payer].taxCode, idCell(f?.id ?? personId(w, j.person), rng, 0.03), noisyName(f?.name ?? personName(w, j.person), rng, 0.15),
            { k: 'period', month: m }, { k: 'amount', v: income }, { k: 'amount', v: taxWithheld(income) },
            j.contract ? CONTRACT_VI[j.contract] : null,
          ];
        }
      }
    },
  },
  'bhxh-don-vi': {
    agency: BHXH,
    title: () => 'DANH SÁCH ĐƠN VỊ THAM GIA BHXH, BHYT, BHTN',
    columns: [
      { name: 'Mã đơn vị', aliases: ['Mã ĐV'], width: 10 },
      { name: 'Mã số thuế', aliases: ['MST'], width: 16 },
      { name: 'Tên đơn vị', width: 40 },
      { name: 'Mã xã', aliases: ['Xã/Phường'], width: 8 },
      { name: 'Loại hình', width: 20 },
      { name: 'Khu công nghiệp', aliases: ['KCN'], width: 20 },
      { name: 'Ngày tham gia', width: 12 },
      { name: 'Trạng thái', width: 14 },
    ],
    *rows(w) {
      for (const e of w.employers) {
        if (!e.unit) continue;
        yield [
          e.unit.code, e.unit.taxCode, e.name.toLocaleUpperCase('vi'), communeCell(w, e.commune), UNIT_TYPE_VI[e.unit.type],
          e.ip >= 0 ? INDUSTRIAL_PARKS[e.ip].name : null, { k: 'date', day: e.unit.joined }, UNIT_STATUS_VI[e.unit.status],
        ];
      }
    },
  },
  'bhxh-thu': {
    agency: BHXH,
    title: (w) => `TÌNH HÌNH THU BHXH, BHYT, BHTN THEO ĐƠN VỊ ĐẾN KỲ ${periodLabel(w)}`,
    columns: [
      { name: 'Mã đơn vị', width: 10 },
      { name: 'Kỳ', aliases: ['Tháng'], width: 9 },
      { name: 'Số lao động', width: 8, sum: true },
      { name: 'Quỹ lương', aliases: ['Quỹ lương đóng'], width: 16, sum: true },
      { name: 'Phải đóng', aliases: ['Số phải đóng'], width: 14, sum: true },
      { name: 'Đã đóng', aliases: ['Số đã đóng'], width: 14, sum: true },
      { name: 'Ngày đóng', width: 12 },
      { name: 'Ngày đôn đốc', aliases: ['Ngày nhắc nợ'], width: 12 },
    ],
    *rows(w) {
      for (const r of w.payments) {
        yield [
          w.employers[r.employer].unit!.code, { k: 'period', month: r.month }, { k: 'int', v: r.workers }, { k: 'amount', v: r.wageFund },
          { k: 'amount', v: r.due }, { k: 'amount', v: r.paid }, r.paidOn === null ? null : { k: 'date', day: r.paidOn },
          r.remindedOn === null ? null : { k: 'date', day: r.remindedOn },
        ];
      }
    },
  },
  'bhxh-nguoi': {
    agency: BHXH,
    title: (w) => `DANH SÁCH NGƯỜI THAM GIA BHXH KỲ ${periodLabel(w)}`,
    columns: [
      { name: 'Số định danh cá nhân', aliases: ['Số CCCD'], width: 16 },
      { name: 'Mã số BHXH', aliases: ['Mã BHXH'], width: 12 },
      { name: 'Họ và tên', aliases: ['Họ tên'], width: 26 },
      { name: 'Ngày sinh', width: 12 },
      { name: 'Giới tính', width: 8 },
      { name: 'Mã xã', aliases: ['Xã/Phường'], width: 8 },
      { name: 'Loại hình', aliases: ['Loại đối tượng'], width: 8 },
      { name: 'Tham gia BHTN', width: 8 },
      { name: 'Mã đơn vị', width: 10 },
      { name: 'Mức đóng', aliases: ['Mức lương đóng', 'Mức thu nhập'], width: 14 },
      { name: 'Từ tháng', width: 9 },
      { name: 'Đến tháng', width: 9 },
      { name: 'Phương thức đóng', width: 10 },
      { name: 'Nhóm hỗ trợ', width: 16 },
      { name: 'Kỳ', aliases: ['Kỳ dữ liệu'], width: 9 },
    ],
    *rows(w, rng) {
      for (const r of participationRecords(w)) {
        const idText = r.id;
        const id: Cell = idText === null ? null : /^\d{12}$/.test(idText) ? idCell(idText, rng, 0.02) : idText;
        const bhxh = r.planted === null && rng.chance(0.05) ? null : r.bhxhCode;
        const v = r.scheme === 'TN' ? (r.source as { mode: keyof typeof MODE_VI; support: SupportGroup }) : null;
        yield [
          id, bhxh, noisyName(r.name, rng, 0.1), { k: 'date', day: r.birth }, SEX(r.female), r.commune < 0 ? null : communeCell(w, r.commune),
          r.scheme, r.scheme === 'BB' ? (r.ui ? 'Có' : 'Không') : null, r.scheme === 'BB' ? w.employers[r.employer].unit!.code : null,
          { k: 'amount', v: r.base }, { k: 'period', month: r.from }, r.to === OPEN ? null : { k: 'period', month: r.to },
          v ? MODE_VI[v.mode] : null, v ? SUPPORT_GROUP_LABELS[v.support] : null, { k: 'period', month: w.period },
        ];
      }
    },
  },
  'bhxh-huong': {
    agency: BHXH,
    title: () => 'DANH SÁCH NGƯỜI HƯỞNG LƯƠNG HƯU, TRỢ CẤP BHXH HẰNG THÁNG',
    columns: [
      { name: 'Số định danh cá nhân', width: 16 },
      { name: 'Họ và tên', width: 26 },
      { name: 'Ngày sinh', width: 12 },
      { name: 'Loại chế độ', width: 24 },
      { name: 'Từ tháng', width: 9 },
    ],
    *rows(w, rng) {
      const { ff, frng } = faultsOf(w, 'bhxh-huong');
      for (const x of w.pensions) {
        const f = ff.apply(frng, x.person, { birth: true, commune: false });
        yield [
          x.legacyId ?? idCell(f?.id ?? personId(w, x.person), rng, 0.02), noisyName(f?.name ?? personName(w, x.person), rng, 0.1),
          { k: 'date', day: f?.birth ?? w.persons.birth[x.person], prec: f?.prec === 'Y' ? 'Y' : undefined }, BENEFIT_VI[x.type], { k: 'period', month: x.from },
        ];
      }
    },
  },
  'bhtn-huong': {
    agency: 'TRUNG TÂM DỊCH VỤ VIỆC LÀM TỈNH THÁI NGUYÊN',
    title: () => 'DANH SÁCH QUYẾT ĐỊNH HƯỞNG TRỢ CẤP THẤT NGHIỆP',
    columns: [
      { name: 'Số định danh cá nhân', width: 16 },
      { name: 'Họ và tên', width: 26 },
      { name: 'Ngày sinh', width: 12 },
      { name: 'Số quyết định', width: 14 },
      { name: 'Ngày quyết định', width: 12 },
      { name: 'Hưởng từ ngày', aliases: ['Từ ngày'], width: 12 },
      { name: 'Hưởng đến ngày', aliases: ['Đến ngày'], width: 12 },
      { name: 'Số tháng hưởng', width: 8 },
      { name: 'Mức hưởng hằng tháng', aliases: ['Mức hưởng'], width: 14, sum: true },
    ],
    *rows(w, rng) {
      const { ff, frng } = faultsOf(w, 'bhtn-huong');
      for (const b of w.benefits) {
        const f = ff.apply(frng, b.person, { birth: true, commune: false });
        const x = rng.float();
        const bday = f?.birth ?? w.persons.birth[b.person];
        const birth: Cell = x < 0.03 ? null : x < 0.15 || f?.prec === 'Y' ? { k: 'date', day: bday, prec: 'Y' } : { k: 'date', day: bday };
        yield [
          idCell(f?.id ?? personId(w, b.person), rng, 0.02), noisyName(f?.name ?? personName(w, b.person), rng, 0.1), birth, b.decisionNo,
          { k: 'date', day: b.decisionDate }, { k: 'date', day: b.start }, { k: 'date', day: b.end }, { k: 'int', v: b.months },
          { k: 'amount', v: b.amount },
        ];
      }
    },
  },
  'kcn-lao-dong': {
    agency: 'BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH THÁI NGUYÊN',
    title: (w) => `BÁO CÁO TÌNH HÌNH SỬ DỤNG LAO ĐỘNG TẠI CÁC KCN (ĐẾN KỲ ${periodLabel(w)})`,
    columns: [
      { name: 'Mã số thuế', aliases: ['MST'], width: 16 },
      { name: 'Tên doanh nghiệp', width: 40 },
      { name: 'Khu công nghiệp', aliases: ['KCN'], width: 20 },
      { name: 'Kỳ', width: 9 },
      { name: 'Số lao động báo cáo', aliases: ['Số lao động'], width: 10, sum: true },
    ],
    *rows(w) {
      for (const r of w.kcnReports) {
        const e = w.employers[r.employer];
        yield [e.taxCode, e.name, INDUSTRIAL_PARKS[e.ip].name.replace('KCN', 'Khu công nghiệp'), { k: 'period', month: r.month }, { k: 'int', v: r.reported }];
      }
    },
  },
  'chi-tieu': {
    agency: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
    title: () => 'CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BHXH, BHTN',
    columns: [
      { name: 'Năm', width: 6 },
      { name: 'Mã xã', aliases: ['Mã đơn vị'], width: 8 },
      { name: 'Chỉ tiêu BHXH', aliases: ['Tổng số người tham gia BHXH'], width: 12 },
      { name: 'Chỉ tiêu BHXH tự nguyện', width: 12 },
      { name: 'Chỉ tiêu BHXH bắt buộc', width: 12 },
      { name: 'Chỉ tiêu BHTN', width: 12 },
      { name: 'Căn cứ', aliases: ['Văn bản'], width: 40 },
    ],
    *rows(w) {
      for (const t of targetRows(w)) {
        yield [{ k: 'int', v: t.year }, t.commune, { k: 'int', v: t.total }, { k: 'int', v: t.voluntary }, { k: 'int', v: t.mandatory }, { k: 'int', v: t.unemployment }, t.basis];
      }
    },
  },
};

// ------------------------------------------------------------------------------------- derived statistics

export interface LabourStats { population: number; labourForce: number; workingAgeLabourForce: number }

/** Population and labour force per commune, derived from the synthetic residents (statistics office style). */
export function labourStats(w: World): Map<number, LabourStats> {
  const out = new Map<number, LabourStats>();
  const p = w.persons;
  const [y, m, d] = ymd(w.asOf);
  const rules = worldRules();
  const retM = (female: boolean) => rules.retirementAgeMonths(female ? 'F' : 'M', y);
  const counts = w.communes.map(() => ({ pop: 0, working: 0, older: 0 }));
  for (let i = 0; i < p.residents; i++) {
    if (p.death[i] !== NO_DEATH) continue;
    const c = counts[p.commune[i]];
    c.pop++;
    const [by, bm, bd] = ymd(p.birth[i]);
    const months = (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
    if (months >= 15 * 12 && months < retM(p.female[i] === 1)) c.working++;
    else if (months >= 15 * 12 && months < 75 * 12) c.older++;
  }
  w.communes.forEach((c, k) => {
    const x = counts[k];
    const walf = Math.round(x.working * 0.76);
    out.set(c.idx, { population: x.pop, workingAgeLabourForce: walf, labourForce: walf + Math.round(x.older * 0.35) });
  });
  return out;
}

export interface TargetRow { year: number; commune: string; total: number; voluntary: number; mandatory: number; unemployment: number; basis: string }

let targetCache: { world: World; rows: TargetRow[] } | null = null;
/** Set by generate.ts before rendering: active participants per commune (from the truth computation). */
export const targetInputs = new WeakMap<World, { byCommune: Map<string, { mandatory: number; voluntary: number; unemployment: number; total: number }>; outside: { mandatory: number; voluntary: number; unemployment: number; total: number } }>();

function allocate(total: number, weights: number[]): number[] {
  const W = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((x) => (total * x) / W);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, k) => [r - Math.floor(r), k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++;
  return out;
}

/** Province line `19` for the as-of year and the four after it (2026–2030 at the default as-of) and commune targets for the as-of year that sum to the province line. */
export function targetRows(w: World): TargetRow[] {
  if (targetCache?.world === w) return targetCache.rows;
  const input = targetInputs.get(w);
  if (!input) throw new Error('targetInputs not set');
  const year = ymd(w.asOf)[0];
  let mand = input.outside.mandatory;
  let vol = input.outside.voluntary;
  let ui = input.outside.unemployment;
  for (const c of input.byCommune.values()) { mand += c.mandatory; vol += c.voluntary; ui += c.unemployment; }
  const rows: TargetRow[] = [];
  const basis = 'Nghị quyết của HĐND tỉnh về chỉ tiêu phát triển đối tượng tham gia BHXH (dữ liệu mẫu)';
  const path2030 = `Nghị quyết 403/NQ-CP; lộ trình đến năm ${PLAN_YEARS.max} (dữ liệu mẫu)`;
  const m0 = Math.round(mand * 1.04);
  const v0 = Math.round(vol * 1.12);
  const u0 = Math.round(ui * 1.03);
  for (let k = 0; k < 5; k++) {
    const m = Math.round(m0 * 1.07 ** k);
    const v = Math.round(v0 * 1.18 ** k);
    rows.push({ year: year + k, commune: PROVINCE_CODE, total: m + v, voluntary: v, mandatory: m, unemployment: Math.round(u0 * 1.06 ** k), basis: k === 0 ? basis : path2030 });
  }
  const codes = w.communes.map((c) => c.code);
  const stat = codes.map((c) => input.byCommune.get(c)!);
  const mandC = allocate(m0, stat.map((s) => s.mandatory + 1));
  const volC = allocate(v0, stat.map((s) => s.voluntary + 1));
  const uiC = allocate(u0, stat.map((s) => s.unemployment + 1));
  codes.forEach((code, k) => {
    rows.push({ year, commune: code, total: mandC[k] + volC[k], voluntary: volC[k], mandatory: mandC[k], unemployment: uiC[k], basis });
  });
  targetCache = { world: w, rows };
  return rows;
}

// ------------------------------------------------------------------------------------------------ writing

function headerText(col: Column, style: FileStyle, rng: Rng): string {
  const alias = col.aliases?.length && rng.chance(style.aliasRate) ? rng.pick(col.aliases) : col.name;
  if (style.headerCase === 'upper') return alias.toLocaleUpperCase('vi');
  if (style.headerCase === 'plain') return foldDiacritics(alias);
  return alias;
}

export interface WrittenFile { kind: FileKind; path: string; rows: number; style: FileStyle }

export async function writeKind(w: World, kind: FileKind, style: FileStyle, outDir: string): Promise<WrittenFile> {
  const spec = KINDS[kind];
  const rng = new Rng(w.seed, `render-${kind}`);
  const headerRng = new Rng(w.seed, `header-${kind}`);
  const filePath = path.join(outDir, `${kind}.${style.format}`);
  const headers = spec.columns.map((c) => headerText(c, style, headerRng));
  const [ay, am, ad] = ymd(w.asOf);
  let rows = 0;
  if (style.format === 'csv') {
    const sink: RowSink = new CsvSink(filePath, style.encoding, style.separator, style.newline);
    await sink.writeRow(headers);
    for (const row of spec.rows(w, rng, style)) {
      await sink.writeRow(row.map((c) => renderCsv(c, style)));
      rows++;
    }
    await sink.close();
  } else {
    const stt = style.titleRows;
    const widths = (stt ? [6] : []).concat(spec.columns.map((c) => c.width ?? 12));
    const sink = new XlsxSink(filePath, 'Danh sách', new Date(Date.UTC(ay, am - 1, ad)), widths);
    const nCols = widths.length;
    if (style.titleRows) {
      // Merge before the rows are committed (streaming writer).
      sink.mergeCells(1, 1, 1, Math.min(nCols, 4));
      sink.mergeCells(2, 1, 2, nCols);
      sink.mergeCells(3, 1, 3, nCols);
      await sink.writeRow([{ value: spec.agency, bold: true }]);
      await sink.writeRow([{ value: spec.title(w).toLocaleUpperCase('vi'), bold: true }]);
      await sink.writeRow([`Thái Nguyên, ngày ${ad} tháng ${am} năm ${ay}`]);
      await sink.writeRow([]);
    }
    await sink.writeRow((stt ? ['STT'] : []).concat(headers).map((h) => ({ value: h, bold: true })));
    if (style.numberingRow) await sink.writeRow(widths.map((_, k) => `(${k + 1})`));
    const sums = spec.columns.map(() => 0);
    for (const row of spec.rows(w, rng, style)) {
      rows++;
      row.forEach((c, k) => { if (spec.columns[k].sum && c && typeof c === 'object' && (c.k === 'amount' || c.k === 'int')) sums[k] += c.v; });
      const cells = row.map((c) => renderXlsx(c, style));
      await sink.writeRow(stt ? [rows, ...cells] : cells);
    }
    if (style.totalRow && spec.columns.some((c) => c.sum)) {
      const total = spec.columns.map((c, k) => (c.sum ? sums[k] : null));
      if (stt) await sink.writeRow(['Tổng cộng', ...total]);
      else await sink.writeRow(['Tổng cộng', ...total.slice(1)]);
    }
    await sink.close();
  }
  return { kind, path: filePath, rows, style };
}

