/**
 * THE personal ID (số định danh cá nhân, 12 digits `PPP G YY NNNNNN`) rule of reference/rules-2026.md §7. Pure
 * functions, no I/O. The import (server/ingest/row.ts), the demo generator (server/demo) and the reconciliation all
 * use it; the database's twin is `rc_pid_problems` (migration 0076, its province list generated from
 * ID_PROVINCE_CODES), checked against this module by test/reconcile/personal-id-sql.test.ts over one table of vectors.
 *
 * PPP = province where the birth was registered (Circular 07/2016/TT-BCA, 63 codes),
 * G = century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 1800s),
 * YY = the last two digits of the birth year. There is no check digit.
 */

export type Sex = 'M' | 'F';

/** Province codes of the birth-registration part (PPP): the 63 pre-2025 provinces. */
export const ID_PROVINCE_CODES: readonly string[] = Object.freeze([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);
const PROVINCES: ReadonlySet<string> = new Set(ID_PROVINCE_CODES);

/** Whether a 3-digit code is a birth-registration province of personal IDs. */
export const isIdProvince = (code: string): boolean => PROVINCES.has(code);

/** Century (first year) of each G digit: 0/1 → 1900, 2/3 → 2000, 4/5 → 2100, 6/7 → 2200, 8/9 → 1800. */
export const CENTURY_OF_DIGIT: readonly number[] = Object.freeze([1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800]);

/** The sex that a G digit encodes: even = male, odd = female. */
export const sexOfDigit = (g: number): Sex => (g % 2 === 0 ? 'M' : 'F');

/** The G digit for a birth year and sex, or null when the year's century has no digit (outside 1800–2299). */
export function centurySexDigit(birthYear: number, sex: Sex): number | null {
  const base = CENTURY_OF_DIGIT.indexOf(Math.floor(birthYear / 100) * 100);
  return base < 0 ? null : base + (sex === 'F' ? 1 : 0);
}

export type PersonalIdProblem = 'blank' | 'not_digits' | 'length' | 'province' | 'century_sex' | 'birth_year';

/** Every problem kind, in the order the rule reports them. */
export const PERSONAL_ID_PROBLEMS: readonly PersonalIdProblem[] = ['blank', 'not_digits', 'length', 'province', 'century_sex', 'birth_year'];

/** Vietnamese wording of each problem (for details and exports). */
export const PERSONAL_ID_PROBLEM_VI: Record<PersonalIdProblem, string> = {
  blank: 'để trống',
  not_digits: 'có ký tự không phải chữ số',
  length: 'sai độ dài (phải đủ 12 chữ số)',
  province: 'mã tỉnh nơi đăng ký khai sinh không tồn tại',
  century_sex: 'chữ số thế kỷ/giới tính không khớp ngày sinh hoặc giới tính',
  birth_year: 'hai chữ số năm sinh không khớp ngày sinh',
};

/** Trims and restores a leading zero lost by a spreadsheet (11 digits → 12). Blank → null. */
export function repairPersonalId(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const v = String(raw).trim();
  if (v === '') return null;
  return /^\d{11}$/.test(v) ? `0${v}` : v;
}

const NONE: readonly PersonalIdProblem[] = Object.freeze([]);

/**
 * The problems of a 12-digit ID (`/^\d{12}$/`, already repaired) against the record's birth year and sex (either may
 * be unknown): province, century/sex digit, birth-year digits. The answer for a consistent ID is one shared frozen
 * empty list (the import checks millions of rows).
 */
export function id12Problems(id12: string, birthYear: number | null, sex: Sex | null): readonly PersonalIdProblem[] {
  const provinceOk = PROVINCES.has(id12.slice(0, 3));
  const g = id12.charCodeAt(3) - 48;
  let centurySexOk = sex === null || sexOfDigit(g) === sex;
  let yearOk = true;
  if (birthYear !== null) {
    if (CENTURY_OF_DIGIT[g] !== Math.floor(birthYear / 100) * 100) centurySexOk = false;
    yearOk = (id12.charCodeAt(4) - 48) * 10 + (id12.charCodeAt(5) - 48) === birthYear % 100;
  }
  if (provinceOk && centurySexOk && yearOk) return NONE;
  const problems: PersonalIdProblem[] = [];
  if (!provinceOk) problems.push('province');
  if (!centurySexOk) problems.push('century_sex');
  if (!yearOk) problems.push('birth_year');
  return problems;
}

/**
 * The problems of an ID as written against the record's birth year and sex (either may be unknown), after
 * `repairPersonalId`. An empty list means a usable 12-digit ID.
 */
export function personalIdProblems(id: string | null | undefined, birthYear?: number | null, sex?: Sex | null): PersonalIdProblem[] {
  const v = repairPersonalId(id);
  if (!v) return ['blank'];
  if (!/^\d+$/.test(v)) return ['not_digits'];
  if (v.length !== 12) return ['length'];
  return [...id12Problems(v, birthYear ?? null, sex ?? null)];
}

// ------------------------------------------------------------------ as written in an agency's file (the import)

export type PersonalIdShape =
  | { kind: 'id12'; value: string; repaired: boolean }
  | { kind: 'legacy9'; value: string }
  | { kind: 'invalid'; value: string; reason: string };

const DIGITS = /^\d+$/;
const TWELVE = /^\d{12}$/;
const THOUSANDS_GROUPED = /^\d{1,3}(?:(?:\s+|\.)\d{3})+$/;
const PARTS_GROUPED = /^\d{3}(\s+|\.)\d\1\d{2}\1\d{6}$/;
const SEPARATORS = /[\s.]/g;

/**
 * Classifies a personal ID as written: 12 digits; 11 digits = a 12-digit ID whose leading zero a
 * spreadsheet dropped (repaired); 9 digits = legacy ID card number; anything else invalid.
 * Spaces or dots are removed only where they group the digits: thousands grouping of a number
 * format (`019.185.001.234`, `19 185 001 234`) or the ID's own parts (`019 1 85 001234`). A separator
 * anywhere else (`0191886.6054`, a decimal point) makes the ID invalid: removing it would invent an
 * ID. Invalid values are returned as written (trimmed), for the kinds that keep them.
 */
export function classifyPersonalId(raw: string): PersonalIdShape {
  if (raw.length === 12 && TWELVE.test(raw)) return { kind: 'id12', value: raw, repaired: false };
  const written = raw.trim();
  let value = written;
  if (!DIGITS.test(value)) {
    if (THOUSANDS_GROUPED.test(value) || PARTS_GROUPED.test(value)) value = value.replace(SEPARATORS, '');
    else if (/^\d+(,\d+)?e\+?\d+$/i.test(value.replace(SEPARATORS, ''))) {
      return { kind: 'invalid', value: written, reason: 'ở dạng số mũ (đã mất chữ số) — hãy định dạng cột là Văn bản rồi xuất lại' };
    } else if (DIGITS.test(value.replace(SEPARATORS, ''))) {
      return { kind: 'invalid', value: written, reason: 'chỉ được gồm chữ số (dấu chấm, khoảng trắng chỉ được dùng để phân nhóm chữ số)' };
    } else return { kind: 'invalid', value: written, reason: 'chỉ được gồm chữ số' };
  }
  if (value.length === 12) return { kind: 'id12', value, repaired: false };
  if (value.length === 11) return { kind: 'id12', value: '0' + value, repaired: true };
  if (value.length === 9) return { kind: 'legacy9', value };
  return { kind: 'invalid', value: written, reason: `phải gồm 12 chữ số (có ${value.length})` };
}

export interface IdConsistency {
  provinceKnown: boolean;
  /** Problems found, in Vietnamese with the digits concerned (empty when consistent). */
  problems: string[];
}

const CONSISTENT: IdConsistency = Object.freeze({ provinceKnown: true, problems: Object.freeze([]) as unknown as string[] });
const sexVi = (sex: Sex) => (sex === 'M' ? 'Nam' : 'Nữ');

/** `id12Problems` of a 12-digit ID, worded for the import's warnings (which digit, what it should be). */
export function checkPersonalId(id12: string, birthYear: number | null, sex: Sex | null): IdConsistency {
  const found = id12Problems(id12, birthYear, sex);
  if (found.length === 0) return CONSISTENT;
  const problems: string[] = [];
  const g = id12.charCodeAt(3) - 48;
  for (const p of found) {
    if (p === 'province') problems.push(`mã tỉnh nơi đăng ký khai sinh ${id12.slice(0, 3)} không tồn tại`);
    else if (p === 'birth_year') problems.push(`hai chữ số năm sinh ${id12.slice(4, 6)} không khớp với năm sinh ${birthYear}`);
    else if (birthYear === null) problems.push(`chữ số giới tính ${g} không khớp với giới tính ${sexVi(sex!)}`);
    else if (sex === null) problems.push(`chữ số thế kỷ ${g} không khớp với năm sinh ${birthYear}`);
    else {
      const expected = centurySexDigit(birthYear, sex);
      problems.push(`chữ số thế kỷ/giới tính ${g} không khớp với năm sinh ${birthYear} và giới tính ${sexVi(sex)}${expected === null ? '' : ` (phải là ${expected})`}`);
    }
  }
  return { provinceKnown: !found.includes('province'), problems };
}
