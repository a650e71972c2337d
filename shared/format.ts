/** Vietnamese display formats: 1.234.567 and dd/mm/yyyy. Pure, used by server and web. */

// Written out instead of Intl.NumberFormat('vi-VN'): a browser tab's first Vietnamese NumberFormat loads ICU
// locale data, 45–110 ms of the home page's first render on the benchmark machine. Same output as Intl for
// finite numbers (test/web/format.test.ts compares them), except that -0 prints as 0.

/** Digits grouped by '.': '1234567' → '1.234.567'. */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * |n| rounded half away from zero to `decimals` places, as digit strings. Rounds the number's shortest decimal
 * form, as Intl does, so 1.005 → 1.01 (toFixed would give 1.00).
 */
function roundAbs(n: number, decimals: number): { int: string; frac: string } {
  const shortest = String(Math.abs(n));
  if (/e/i.test(shortest)) {
    const [int, frac = ''] = Math.abs(n).toFixed(decimals).split('.');
    return { int, frac };
  }
  const [int, frac = ''] = shortest.split('.');
  if (frac.length <= decimals) return { int, frac: frac.padEnd(decimals, '0') };
  let digits = int + frac.slice(0, decimals);
  if (frac.charCodeAt(decimals) >= 53 /* '5' */) digits = (BigInt(digits) + 1n).toString().padStart(decimals + 1, '0');
  return { int: digits.slice(0, digits.length - decimals), frac: digits.slice(digits.length - decimals) };
}

function formatNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '' : n > 0 ? '∞' : '-∞';
  const { int, frac } = roundAbs(n, decimals);
  const sign = n < 0 && /[1-9]/.test(int + frac) ? '-' : '';
  return `${sign}${group(int)}${decimals ? `,${frac}` : ''}`;
}

export const formatInt = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : formatNumber(Math.round(n), 0));
export const formatVnd = (n: number | null | undefined) => (n == null ? '' : `${formatInt(n)} đ`);
export const formatPct = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : `${formatNumber(n, 1)} %`);

/** 'YYYY-MM-DD' (or a Date) → 'dd/mm/yyyy'. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * A moment as 'dd/mm/yyyy hh:mm' in Vietnam time (UTC+7, no daylight saving), wherever the server or the browser
 * runs. The one place timestamps become text: server presenters, exports and the web use it.
 */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return '';
  const vn = new Date(t.getTime() + 7 * 3_600_000).toISOString();
  return `${formatDate(vn.slice(0, 10))} ${vn.slice(11, 16)}`;
}

/** 'YYYY-MM-01' → 'mm/yyyy'. */
export function formatPeriod(value: string | null | undefined): string {
  if (!value) return '';
  const [y, m] = value.split('-');
  return `${m}/${y}`;
}

/** n with at most `maxDecimals` places after a decimal comma, trailing zeros dropped: 10.5 → '10,5', 1234 → '1.234'. */
export function formatDecimal(n: number, maxDecimals: number): string {
  if (!Number.isFinite(n)) return formatNumber(n, 0);
  const text = formatNumber(n, maxDecimals);
  return maxDecimals > 0 ? text.replace(/,?0+$/, '') || '0' : text;
}

/**
 * A ratio as a percentage for display, float noise rounded away: 0.14 → '14 %' (0.14 × 100 is 14.000000000000002),
 * 0.0003 → '0,03 %', 0.175 → '17,5 %'; at most `maxDecimals` places, trailing zeros dropped.
 */
export const formatRatioPct = (ratio: number | null | undefined, maxDecimals = 4) =>
  ratio == null || Number.isNaN(ratio) ? '' : `${formatDecimal(ratio * 100, maxDecimals)} %`;

/** Units of the law-as-data table (legal_param.unit). */
export type QuantityUnit = 'VND' | 'ratio' | 'days' | 'months' | 'count' | 'years' | string;
const UNIT_WORDS: Record<string, string> = { days: 'ngày', months: 'tháng', years: 'năm' };

/**
 * A value with its unit as shown to people: 1.500.000 đ, 14 %, 30 ngày, 1,5. A ratio below 1 is a rate (a
 * percentage); from 1 up it is a multiple (20 lần: the cap of 20 × the base salary).
 */
export function formatQuantity(value: number | null | undefined, unit: QuantityUnit): string {
  if (value == null || Number.isNaN(value)) return '';
  if (unit === 'VND') return formatVnd(value);
  if (unit === 'ratio') return Math.abs(value) < 1 ? formatRatioPct(value) : `${formatDecimal(value, 4)} lần`;
  const word = UNIT_WORDS[unit];
  return word ? `${formatDecimal(value, 4)} ${word}` : formatDecimal(value, 6);
}

export interface ViNumberRules {
  /** Places allowed after the decimal comma; 0 = whole numbers only. */
  decimals?: number;
  /** Smallest value allowed; default 0 (no negatives). */
  min?: number;
  max?: number;
  /** A unit the user may type after the number ('%', 'đ'); it is dropped. */
  unit?: string;
}
export type ViNumberParse = { ok: true; value: number | null } | { ok: false; message: string };

const INT_PART = /^(\d+|\d{1,3}(\.\d{3})+|\d{1,3}( \d{3})+)$/;

/**
 * A number as a Vietnamese user types it — '1.234.567', '1 234 567', '10,5', '-0,5' — into its value; empty → null.
 * The dot only groups thousands and the comma only starts decimals, so '1.5', '1,234' in a whole-number field,
 * 'ba triệu' and a sign where none is allowed are refused with a Vietnamese reason, never guessed at.
 */
export function parseViNumber(text: string, rules: ViNumberRules = {}): ViNumberParse {
  const decimals = rules.decimals ?? 0;
  const min = rules.min ?? 0;
  const example = decimals > 0 ? 'ví dụ 1.234 hoặc 10,5' : 'ví dụ 1.234.567';
  let s = text.replace(/\u00a0/g, ' ').trim();
  if (rules.unit && s.toLowerCase().endsWith(rules.unit.toLowerCase())) s = s.slice(0, -rules.unit.length).trim();
  if (s === '') return { ok: true, value: null };
  const negative = /^[-−–]/.test(s);
  if (negative && min >= 0) return { ok: false, message: 'Không nhận số âm' };
  if (negative || s.startsWith('+')) s = s.slice(1).trim();
  const [intPart, fraction, ...more] = s.split(',');
  if (!/^[\d., ]+$/.test(s) || more.length > 0 || intPart === '') return { ok: false, message: `Chỉ nhập chữ số (${example})` };
  if (fraction !== undefined && decimals === 0) return { ok: false, message: 'Chỉ nhận số nguyên; dấu chấm ngăn cách hàng nghìn (ví dụ 1.234.567)' };
  if (!INT_PART.test(intPart)) {
    return { ok: false, message: decimals > 0 ? 'Dấu chấm chỉ để ngăn cách hàng nghìn; phần thập phân viết sau dấu phẩy (ví dụ 10,5)' : 'Dấu chấm chỉ để ngăn cách hàng nghìn (ví dụ 1.234.567)' };
  }
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return { ok: false, message: `Chỉ nhập chữ số (${example})` };
  if (fraction !== undefined && fraction.length > decimals) return { ok: false, message: `Tối đa ${decimals} chữ số sau dấu phẩy` };
  const magnitude = Number(`${intPart.replace(/[. ]/g, '')}.${fraction ?? ''}`);
  if (!Number.isSafeInteger(Math.trunc(magnitude))) return { ok: false, message: 'Số quá lớn' };
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  const range = rules.max !== undefined ? `Phải từ ${formatDecimal(min, decimals)} đến ${formatDecimal(rules.max, decimals)}` : `Phải từ ${formatDecimal(min, decimals)} trở lên`;
  if (value < min || (rules.max !== undefined && value > rules.max)) return { ok: false, message: range };
  return { ok: true, value };
}

/** What a numeric field takes, short enough for its placeholder: '0–1.000', '≥ 0', '0–0,1'. */
export function viNumberHint(rules: ViNumberRules = {}): string {
  const decimals = rules.decimals ?? 0;
  const min = rules.min ?? 0;
  const range = rules.max !== undefined ? `${formatDecimal(min, decimals)}–${formatDecimal(rules.max, decimals)}` : `≥ ${formatDecimal(min, decimals)}`;
  return range;
}

/** The message for a date that is not one: names the field and says how to write it. */
export const viDateMessage = (label: string) => `${label} phải có dạng dd/mm/yyyy và là ngày có thật`;

/**
 * A date as written — 'dd/mm/yyyy' (d/m/yyyy too) by a person, 'YYYY-MM-DD' by a program — into 'YYYY-MM-DD';
 * null when it is neither, or not a real date of 1900–2100 (30/02/2026 is refused, never rolled over).
 */
export function parseViDate(text: string): string | null {
  const s = text.trim();
  const vi = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = vi ? `${vi[3]}-${vi[2].padStart(2, '0')}-${vi[1].padStart(2, '0')}` : s;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return real && iso >= '1900-01-01' && iso <= '2100-12-31' ? iso : null;
}
