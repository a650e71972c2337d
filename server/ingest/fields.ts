/**
 * Cell value parsers of the import (docs/spec/source-files.md "Conventions"): dates, periods, years,
 * amounts, integers, enumerations, communes, text. Pure functions; each returns a value or a
 * Vietnamese reason. A cell is what a reader produced: a string (CSV, XLSX text), a number (XLSX
 * numeric cell, dates as Excel serials) or a boolean.
 */
import { communeNameKey, foldDiacritics, headerKey, normalizeName } from '#shared/text/vietnamese.ts';
import { formatInt } from '#shared/format.ts';
import { PROVINCE_CODE } from '#shared/province.ts';

export type Cell = string | number | boolean | null | undefined;

export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string };
const ok = <T>(value: T, warning?: string): Parsed<T> => (warning ? { ok: true, value, warning } : { ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** Blank: null, undefined or only whitespace. */
export function isBlank(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return cell.trim() === '';
  return false;
}

/** Numbers as Excel shows them without exponent or float noise (1.5e+6 → '1500000'). */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (Number.isInteger(cell)) return Math.abs(cell) < 1e21 ? cell.toFixed(0) : String(cell);
    const rounded = Math.round(cell);
    if (Math.abs(cell - rounded) < 1e-7) return rounded.toFixed(0);
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.trim();
}

// ---------------------------------------------------------------- text

// biome-ignore lint/suspicious/noControlCharactersInRegex: finds the control characters an imported value must not keep
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same, to remove them
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const COMBINING = /[\u0300-\u036f]/;
const ODD_SPACE = /\s\s|[\t\n\r\f\v\u00a0\u2000-\u200b\u202f\u3000]/;

/** Trimmed NFC text with single spaces; refuses the replacement character and over-long values. */
/** Anything that needs more than a trim: marks to compose, control characters, odd spaces, U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex lint/suspicious/noMisleadingCharacterClass: control characters and lone combining marks are what this looks for
const UNUSUAL = /[\u0000-\u001f\u007f\u0300-\u036f\u00a0\u2000-\u200b\u202f\u3000\ufffd]|\s\s/;

export function parseText(cell: Cell, max = 500): Parsed<string> {
  let s = cellText(cell);
  if (!UNUSUAL.test(s)) return s.length > max ? fail(`dài ${formatInt(s.length)} ký tự, tối đa ${formatInt(max)}`) : { ok: true, value: s };
  if (s.includes('\ufffd')) return fail('có ký tự không đọc được (�) — tệp có thể sai bảng mã');
  if (COMBINING.test(s)) s = s.normalize('NFC');
  if (CONTROL.test(s)) s = s.replace(CONTROL_ALL, '');
  if (ODD_SPACE.test(s)) s = s.replace(/\s+/g, ' ').trim();
  if (s.length > max) return fail(`dài ${formatInt(s.length)} ký tự, tối đa ${formatInt(max)}`);
  return ok(s);
}

// ---------------------------------------------------------------- dates

export interface DateParts { y: number; m: number; d: number }

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));
export const isoDate = (p: DateParts) => `${p.y}-${pad2(p.m)}-${pad2(p.d)}`;

/** Excel serial (1900 date system; 60 is Excel's fictitious 29/02/1900) → calendar date. */
export function excelSerialToDate(serial: number): DateParts | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const whole = Math.floor(serial);
  if (whole === 60) return null;
  const days = whole < 60 ? whole - 1 : whole - 2; // days after 1900-01-01
  const date = new Date(Date.UTC(1900, 0, 1) + days * 86400000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function checkCalendar(y: number, m: number, d: number, raw: string): Parsed<DateParts> {
  if (m < 1 || m > 12) return fail(`"${raw}" có tháng ${m} không tồn tại`);
  if (d < 1 || d > daysInMonth(y, m)) return fail(`"${raw}" không phải ngày có thật (tháng ${m}/${y} có ${daysInMonth(y, m)} ngày)`);
  if (y < 1900 || y > 2100) return fail(`"${raw}" có năm ${y} ngoài khoảng 1900–2100`);
  return ok({ y, m, d });
}

const TIME_SUFFIX = /\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*(AM|PM|SA|CH))?$/i;

/** dd/mm/yyyy, d/m/yyyy (also with - or .), yyyy-mm-dd, Excel serials; a time part is ignored. */
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const isDigitAt = (s: string, i: number) => { const c = s.charCodeAt(i); return c >= 48 && c <= 57; };

/** dd/mm/yyyy or yyyy-mm-dd exactly, without regular expressions (the common case of big files). */
function quickDate(s: string): DateParts | null {
  if (s.length !== 10) return null;
  if (s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47 && isDigitAt(s, 0) && isDigitAt(s, 1) && isDigitAt(s, 3) && isDigitAt(s, 4) && isDigitAt(s, 6) && isDigitAt(s, 7) && isDigitAt(s, 8) && isDigitAt(s, 9)) {
    return { d: digit(s, 0) * 10 + digit(s, 1), m: digit(s, 3) * 10 + digit(s, 4), y: digit(s, 6) * 1000 + digit(s, 7) * 100 + digit(s, 8) * 10 + digit(s, 9) };
  }
  if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && isDigitAt(s, 0) && isDigitAt(s, 1) && isDigitAt(s, 2) && isDigitAt(s, 3) && isDigitAt(s, 5) && isDigitAt(s, 6) && isDigitAt(s, 8) && isDigitAt(s, 9)) {
    return { y: digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3), m: digit(s, 5) * 10 + digit(s, 6), d: digit(s, 8) * 10 + digit(s, 9) };
  }
  return null;
}

export function parseDateParts(cell: Cell): Parsed<DateParts> {
  if (typeof cell === 'string') {
    const q = quickDate(cell.length === 10 ? cell : cell.trim());
    if (q) return checkCalendar(q.y, q.m, q.d, cell.trim());
  }
  if (typeof cell === 'number') {
    const p = excelSerialToDate(cell);
    return p ? checkCalendar(p.y, p.m, p.d, cellText(cell)) : fail(`"${cellText(cell)}" không phải là ngày`);
  }
  const raw = cellText(cell);
  const s = raw.replace(TIME_SUFFIX, '').replace(/T\d{2}:\d{2}.*$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) return checkCalendar(+m[3], +m[2], +m[1], raw);
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) return checkCalendar(+m[1], +m[2], +m[3], raw);
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(s)) return fail(`"${raw}" có năm 2 chữ số — hãy ghi đủ 4 chữ số năm (dd/mm/yyyy)`);
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const p = excelSerialToDate(Number(s));
    if (p) return checkCalendar(p.y, p.m, p.d, raw);
  }
  return fail(`"${raw}" không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd)`);
}

export interface Today { iso: string; y: number }
export function today(now = new Date()): Today {
  const y = now.getFullYear();
  return { iso: `${y}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`, y };
}

/** A date that must not be in the future (after `now`). */
export function parseDate(cell: Cell, now: Today, notFuture = false): Parsed<string> {
  const p = parseDateParts(cell);
  if (!p.ok) return p;
  const iso = isoDate(p.value);
  if (notFuture && iso > now.iso) return fail(`"${cellText(cell)}" là ngày trong tương lai`);
  return ok(iso);
}

export interface Birth { date: string; precision: 'D' | 'M' | 'Y'; year: number }

/** Birth dates: a full date, or year only (`yyyy`), or month/year (`mm/yyyy`); never in the future. */
export function parseBirth(cell: Cell, now: Today): Parsed<Birth> {
  // Fast path: a full dd/mm/yyyy or yyyy-mm-dd date (most rows of big files).
  if (typeof cell === 'string' && cell.length === 10) {
    const q = quickDate(cell);
    if (q) {
      const checked = checkCalendar(q.y, q.m, q.d, cell);
      if (!checked.ok) return checked;
      const date = isoDate(q);
      if (date > now.iso) return fail(`ngày sinh "${cell}" ở tương lai`);
      return { ok: true, value: { date, precision: 'D', year: q.y } };
    }
  }
  let result: Parsed<Birth>;
  const raw = cellText(cell);
  let m: RegExpExecArray | null;
  // A number is a year only between 1900 and 2100; other numbers are Excel date serials (9916 = 23/02/1927).
  const isYear = typeof cell === 'number' ? Number.isInteger(cell) && cell >= 1900 && cell <= 2100 : /^\d{4}$/.test(raw);
  if (isYear) {
    const y = Number(raw);
    result = y < 1900 || y > 2100 ? fail(`năm sinh ${y} ngoài khoảng 1900–2100`) : ok({ date: `${y}-01-01`, precision: 'Y', year: y });
  } else if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(raw)) || (m = /^(\d{4})-(\d{1,2})$/.exec(raw))) {
    const [mm, yy] = m[1].length === 4 ? [+m[2], +m[1]] : [+m[1], +m[2]];
    if (mm < 1 || mm > 12) result = fail(`"${raw}" có tháng ${mm} không tồn tại`);
    else if (yy < 1900 || yy > 2100) result = fail(`năm sinh ${yy} ngoài khoảng 1900–2100`);
    else result = ok({ date: `${yy}-${pad2(mm)}-01`, precision: 'M', year: yy });
  } else {
    const p = parseDateParts(cell);
    if (!p.ok) return p;
    result = ok({ date: isoDate(p.value), precision: 'D', year: p.value.y });
  }
  if (result.ok && result.value.date > now.iso) return fail(`ngày sinh "${raw}" ở tương lai`);
  return result;
}

/** Periods (Kỳ): mm/yyyy, m/yyyy, yyyy-mm; a date on the 1st of a month (Excel turns 11/2026 into one). */
export function parsePeriod(cell: Cell): Parsed<string> {
  const raw = cellText(cell);
  const s = raw.replace(/^(kỳ|ky|tháng|thang|t)\s*/i, '');
  let m: RegExpExecArray | null;
  let y: number, mo: number;
  if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(s))) [mo, y] = [+m[1], +m[2]];
  else if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) [y, mo] = [+m[1], +m[2]];
  else {
    const p = parseDateParts(cell);
    if (!p.ok || p.value.d !== 1) return fail(`"${raw}" không phải là kỳ tháng/năm (mm/yyyy hoặc yyyy-mm)`);
    [y, mo] = [p.value.y, p.value.m];
  }
  if (mo < 1 || mo > 12) return fail(`"${raw}" có tháng ${mo} không tồn tại`);
  if (y < 1960 || y > 2100) return fail(`"${raw}" có năm ${y} ngoài khoảng 1960–2100`);
  return ok(`${y}-${pad2(mo)}-01`);
}

export function parseYear(cell: Cell, min = 1990, max = 2100): Parsed<number> {
  const raw = cellText(cell).replace(/^năm\s*/i, '');
  if (!/^\d{4}$/.test(raw)) return fail(`"${cellText(cell)}" không phải là năm (yyyy)`);
  const y = Number(raw);
  if (y < min || y > max) return fail(`năm ${y} ngoài khoảng ${min}–${max}`);
  return ok(y);
}

// ---------------------------------------------------------------- numbers

const NBSP = /[\u00a0\u202f\u2009]/g;

/**
 * Non-negative integers written with `.`/`,`/space thousand separators (1.500.000, 1,500,000,
 * 1 500 000), a trailing currency word, or a zero decimal part (1.500.000,00). `what` names the
 * quantity in messages.
 */
export function parseNonNegativeInt(cell: Cell, what: 'amount' | 'count', max = Number.MAX_SAFE_INTEGER): Parsed<number> {
  const label = what === 'amount' ? 'số tiền' : 'số';
  if (typeof cell === 'number') {
    if (cell < 0) return fail(`${label} âm (${cellText(cell)}) không được chấp nhận`);
    const r = Math.round(cell);
    if (Math.abs(cell - r) > 1e-6) return fail(`${cellText(cell)} không phải là số nguyên`);
    if (r > max) return fail(`${formatInt(r)} vượt quá giới hạn ${formatInt(max)}`);
    return ok(r);
  }
  const raw = cellText(cell);
  let s = raw.replace(NBSP, ' ').replace(/\s*(vnđ|vnd|đồng|đ|người|ng)\.?$/i, '').trim();
  if (/^-\s*\d|^\(\s*\d[\d.,\s]*\)$|^\d[\d.,\s]*-$/.test(s)) return fail(`${label} âm (${raw}) không được chấp nhận`);
  s = s.replace(/^\+/, '');
  if (/^\d{1,3}( \d{3})+$/.test(s)) s = s.replace(/ /g, '');
  let m: RegExpExecArray | null;
  let digits: string | null = null;
  if (/^\d+$/.test(s)) digits = s;
  else if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(s))) {
    if (m[2] && !/^0+$/.test(m[2])) return fail(`${raw} không phải là số nguyên`);
    digits = m[1].replace(/\./g, '');
  } else if ((m = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(s))) {
    if (m[2] && !/^0+$/.test(m[2])) return fail(`${raw} không phải là số nguyên`);
    digits = m[1].replace(/,/g, '');
  } else if ((m = /^(\d+)[.,](\d+)$/.exec(s))) {
    if (!/^0+$/.test(m[2])) return fail(`${raw} không phải là số nguyên`);
    digits = m[1];
  }
  if (digits === null) return fail(`"${raw}" không phải là số`);
  const n = Number(digits);
  if (!Number.isSafeInteger(n) || n > max) return fail(`${raw} vượt quá giới hạn ${formatInt(max)}`);
  return ok(n);
}

// ---------------------------------------------------------------- enumerations

/**
 * The answer remembered for `key`, else `compute()`'s, remembered while the map holds fewer than `limit` answers
 * (most files repeat a handful of spellings).
 */
function remembered<V>(answers: Map<string, V>, key: string, limit: number, compute: () => V): V {
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = compute();
    if (answers.size < limit) answers.set(key, answer);
  }
  return answer;
}

/** Vietnamese labels (and accepted variants) → the English codes of the src_* CHECK constraints. */
export class Enumeration<C extends string> {
  private readonly byKey = new Map<string, C>();
  constructor(readonly labels: Record<C, string>, variants: Partial<Record<C, string[]>> = {}) {
    for (const code of Object.keys(labels) as C[]) {
      this.byKey.set(headerKey(labels[code]), code);
      for (const v of variants[code] ?? []) this.byKey.set(headerKey(v), code);
    }
  }
  /** Answers for exact spellings already seen (bounded): most files repeat a handful of labels. */
  private readonly seen = new Map<string, Parsed<C>>();

  parse(cell: Cell): Parsed<C> {
    const raw = cellText(cell);
    return remembered(this.seen, raw, 1000, () => {
      const code = this.byKey.get(headerKey(raw));
      return code === undefined ? fail(`"${raw}" không thuộc các giá trị: ${Object.values<string>(this.labels).join(' / ')}`) : ok(code);
    });
  }
}

// ---------------------------------------------------------------- communes

export interface CommuneRef { code: string; name: string; name_key: string }

/** Prefixes a commune name may carry (with diacritics, and as written without them). */
const NAME_PREFIX = /^(xã|phường|thị trấn)\s+/u;
const FOLDED_NAME_PREFIX = /^(xa|phuong|thi tran)\s+/;
const ABBREVIATED_PREFIX = /^(x|p|tt)\.\s*/;

/** The readings of a name: as written, without a prefix, without an abbreviated prefix (each at most once). */
function readings(name: string, prefix: RegExp): string[] {
  const out = new Set([name, name.replace(prefix, ''), name.replace(ABBREVIATED_PREFIX, '')]);
  out.delete('');
  return [...out];
}

function addTo(map: Map<string, CommuneRef[]>, key: string, c: CommuneRef) {
  const list = map.get(key) ?? [];
  if (!list.includes(c)) list.push(c);
  map.set(key, list);
}

const listCandidates = (cs: CommuneRef[]) => cs.map((c) => `${c.name} ${c.code}`).join(', ');

/**
 * Resolves a commune code (restoring lost leading zeros) or a name. A name is tried in every reading — as
 * written and without its prefix ("Phuong Tien" may be Xã Phượng Tiến, not "Phường" + "Tien") — first with
 * its diacritics (tone-mark placement normalised), then without them; a level is accepted when its readings
 * leave exactly one commune, and several are an error that names them.
 */
export class CommuneIndex {
  private readonly codes = new Map<string, CommuneRef>();
  /** Full names ("phường phan đình phùng"), each unique. */
  private readonly byFullName = new Map<string, CommuneRef>();
  /** Names without their prefix ("phan đình phùng"). */
  private readonly byBareName = new Map<string, CommuneRef[]>();
  /** Full and bare names without diacritics. */
  private readonly byFolded = new Map<string, CommuneRef[]>();
  private readonly nameAnswers = new Map<string, Parsed<string>>();

  constructor(communes: CommuneRef[], readonly provinceCode = PROVINCE_CODE) {
    for (const c of communes) {
      this.codes.set(c.code, c);
      const full = normalizeName(c.name);
      const bare = communeNameKey(c.name);
      this.byFullName.set(full, c);
      addTo(this.byBareName, bare, c);
      addTo(this.byFolded, foldDiacritics(full), c);
      addTo(this.byFolded, foldDiacritics(bare), c);
    }
  }

  get size() { return this.codes.size; }
  has(code: string) { return this.codes.has(code); }

  private readonly codeAnswers = new Map<string, Parsed<string>>();

  parseCode(cell: Cell, allowProvince = false): Parsed<string> {
    const key = typeof cell === 'string' ? cell : cellText(cell);
    const cacheKey = allowProvince ? '\u0001' + key : key;
    return remembered(this.codeAnswers, cacheKey, 5000, () => this.resolveCode(cell, allowProvince));
  }

  private resolveCode(cell: Cell, allowProvince: boolean): Parsed<string> {
    const raw = cellText(cell);
    const s = raw.replace(/\s/g, '');
    if (allowProvince && (s === this.provinceCode || s === '0' + this.provinceCode)) return ok(this.provinceCode);
    if (!/^\d{1,5}$/.test(s)) return fail(`mã xã "${raw}" phải gồm 5 chữ số`);
    const code = s.padStart(5, '0');
    if (!this.codes.has(code)) return fail(`mã xã ${code} không thuộc danh mục 92 xã, phường của tỉnh`);
    return ok(code); // a lost leading zero is restored silently: the code is unambiguous
  }

  parseName(cell: Cell, allowProvince = false): Parsed<string> {
    const raw = cellText(cell);
    const cacheKey = allowProvince ? '\u0001' + raw : raw;
    return remembered(this.nameAnswers, cacheKey, 5000, () => this.resolveName(raw, allowProvince));
  }

  private resolveName(raw: string, allowProvince: boolean): Parsed<string> {
    const name = normalizeName(raw);
    if (allowProvince && /^(toàn tỉnh|tỉnh thái nguyên|thái nguyên)$/.test(name)) return ok(this.provinceCode);
    const full = this.byFullName.get(name);
    if (full) return ok(full.code);
    const exact = this.candidates(this.byBareName, readings(name, NAME_PREFIX));
    if (exact.length === 1) return ok(exact[0].code);
    if (exact.length > 1) return fail(`tên xã "${raw}" khớp nhiều xã (${listCandidates(exact)}) — hãy ghi tên đầy đủ hoặc dùng mã xã`);
    const folded = this.candidates(this.byFolded, readings(foldDiacritics(name), FOLDED_NAME_PREFIX));
    if (folded.length === 1) return ok(folded[0].code, `tên xã "${raw}" được hiểu là ${folded[0].name} (${folded[0].code})`);
    if (folded.length > 1) return fail(`tên xã "${raw}" khớp nhiều xã khi bỏ dấu (${listCandidates(folded)}) — hãy ghi đúng dấu hoặc dùng mã xã`);
    return fail(`không tìm thấy xã, phường "${raw}" trong danh mục của tỉnh`);
  }

  /** Every commune that one of the readings names. */
  private candidates(map: Map<string, CommuneRef[]>, keys: string[]): CommuneRef[] {
    const found: CommuneRef[] = [];
    for (const key of keys) for (const c of map.get(key) ?? []) if (!found.includes(c)) found.push(c);
    return found;
  }
}
