/**
 * Identifier rules of reference/rules-2026.md §7, as pure functions (no I/O):
 * personal ID (12 digits PPP G YY NNNNNN), enterprise tax code (10 digits + check digit, branches 10-3).
 */

/** Province codes of the birth-registration part (PPP) of personal IDs: the 63 pre-2025 provinces. */
export const PERSONAL_ID_PROVINCES: ReadonlySet<string> = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

export type PersonalIdShape =
  | { kind: 'id12'; value: string; repaired: boolean }
  | { kind: 'legacy9'; value: string }
  | { kind: 'invalid'; value: string; reason: string };

const DIGITS = /^\d+$/;

/**
 * Classifies a personal ID as written: 12 digits; 11 digits = a 12-digit ID whose leading zero a
 * spreadsheet dropped (repaired); 9 digits = legacy ID card number; anything else invalid.
 * Spaces or dots are removed only where they group the digits: thousands grouping of a number
 * format (`019.185.001.234`, `19 185 001 234`) or the ID's own parts (`019 1 85 001234`). A separator
 * anywhere else (`0191886.6054`, a decimal point) makes the ID invalid: removing it would invent an
 * ID. Invalid values are returned as written (trimmed), for the kinds that keep them.
 */
const TWELVE = /^\d{12}$/;
const THOUSANDS_GROUPED = /^\d{1,3}(?:(?:\s+|\.)\d{3})+$/;
const PARTS_GROUPED = /^\d{3}(\s+|\.)\d\1\d{2}\1\d{6}$/;
const SEPARATORS = /[\s.]/g;

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

/** Century/sex digit G for a birth year and sex: 1900s 0/1, 2000s 2/3, 2100s 4/5, 2200s 6/7, 1800s 8/9. */
export function expectedCenturyDigit(birthYear: number, sex: 'M' | 'F'): number | null {
  const century = Math.floor(birthYear / 100);
  const base = century === 19 ? 0 : century === 20 ? 2 : century === 21 ? 4 : century === 22 ? 6 : century === 18 ? 8 : null;
  if (base === null) return null;
  return base + (sex === 'F' ? 1 : 0);
}

export interface IdConsistency {
  provinceKnown: boolean;
  /** Problems found, in Vietnamese (empty when consistent). */
  problems: string[];
}

/** Checks a 12-digit ID against the row's birth year and sex (either may be unknown). */
const CONSISTENT: IdConsistency = Object.freeze({ provinceKnown: true, problems: Object.freeze([]) as unknown as string[] });

export function checkPersonalId(id12: string, birthYear: number | null, sex: 'M' | 'F' | null): IdConsistency {
  // Fast path: known province, and G/YY as expected (or nothing to compare with).
  if (PERSONAL_ID_PROVINCES.has(id12.slice(0, 3))) {
    const g = id12.charCodeAt(3) - 48;
    const yy = (id12.charCodeAt(4) - 48) * 10 + (id12.charCodeAt(5) - 48);
    if (birthYear === null) {
      if (sex === null || g % 2 === (sex === 'F' ? 1 : 0)) return CONSISTENT;
    } else if (yy === birthYear % 100) {
      if (sex !== null ? expectedCenturyDigit(birthYear, sex) === g : Math.floor(g / 2) === [19, 20, 21, 22, 18].indexOf(Math.floor(birthYear / 100))) return CONSISTENT;
    }
  }
  const problems: string[] = [];
  const province = id12.slice(0, 3);
  const provinceKnown = PERSONAL_ID_PROVINCES.has(province);
  if (!provinceKnown) problems.push(`mã tỉnh nơi đăng ký khai sinh ${province} không tồn tại`);
  const g = Number(id12[3]);
  const yy = id12.slice(4, 6);
  if (birthYear !== null) {
    const expectedYy = String(birthYear % 100).padStart(2, '0');
    if (sex !== null) {
      const expectedG = expectedCenturyDigit(birthYear, sex);
      if (expectedG !== null && expectedG !== g) {
        problems.push(`chữ số thế kỷ/giới tính ${g} không khớp với năm sinh ${birthYear} và giới tính ${sex === 'M' ? 'Nam' : 'Nữ'} (phải là ${expectedG})`);
      }
    } else {
      const centuryOk = Math.floor(g / 2) === [19, 20, 21, 22, 18].indexOf(Math.floor(birthYear / 100));
      if (!centuryOk) problems.push(`chữ số thế kỷ ${g} không khớp với năm sinh ${birthYear}`);
    }
    if (yy !== expectedYy) problems.push(`hai chữ số năm sinh ${yy} không khớp với năm sinh ${birthYear}`);
  } else if (sex !== null && g % 2 !== (sex === 'F' ? 1 : 0)) {
    problems.push(`chữ số giới tính ${g} không khớp với giới tính ${sex === 'M' ? 'Nam' : 'Nữ'}`);
  }
  return { provinceKnown, problems };
}

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Check digit N10 = (10 − (Σ Ni·Wi mod 11)) mod 10 over the first 9 digits (rules §7). */
export function taxCheckDigit(first9: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * TAX_WEIGHTS[i];
  return (10 - (sum % 11)) % 10;
}

export function isValidTaxCode10(code: string): boolean {
  return /^\d{10}$/.test(code) && taxCheckDigit(code) === code.charCodeAt(9) - 48;
}

export type TaxCodeShape =
  | { kind: 'enterprise'; value: string; repaired: boolean }
  | { kind: 'branch'; value: string; repaired: boolean }
  | { kind: 'personal'; value: string; repaired: boolean }
  | { kind: 'invalid'; value: string; reason: string };

/**
 * Classifies a tax code: 10 digits with a valid check digit; a branch `XXXXXXXXXX-YYY` (also written
 * without the dash as 13 digits); or a 12-digit personal ID (household businesses, individuals).
 * A 9-digit value is a 10-digit code whose leading zero a spreadsheet dropped (repaired when the
 * check digit then holds); 11 digits likewise for a personal ID.
 */
export function classifyTaxCode(raw: string): TaxCodeShape {
  const value = raw.replace(/\s/g, '').replace(/[–—]/g, '-');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{10})-?(\d{3})$/.exec(value))) {
    if (!isValidTaxCode10(m[1])) return { kind: 'invalid', value, reason: `sai chữ số kiểm tra (chữ số thứ 10 phải là ${taxCheckDigit(m[1])})` };
    return { kind: 'branch', value: `${m[1]}-${m[2]}`, repaired: !value.includes('-') };
  }
  if (/^\d{10}$/.test(value)) {
    if (!isValidTaxCode10(value)) return { kind: 'invalid', value, reason: `sai chữ số kiểm tra (chữ số thứ 10 phải là ${taxCheckDigit(value)})` };
    return { kind: 'enterprise', value, repaired: false };
  }
  if (/^\d{9}$/.test(value)) {
    const padded = '0' + value;
    if (isValidTaxCode10(padded)) return { kind: 'enterprise', value: padded, repaired: true };
    return { kind: 'invalid', value, reason: 'phải gồm 10 chữ số (có 9)' };
  }
  if (/^\d{12}$/.test(value)) return { kind: 'personal', value, repaired: false };
  if (/^\d{11}$/.test(value)) return { kind: 'personal', value: '0' + value, repaired: true };
  if (/^\d+(,\d+)?e\+?\d+$/i.test(value)) return { kind: 'invalid', value, reason: 'ở dạng số mũ (đã mất chữ số)' };
  return { kind: 'invalid', value, reason: 'phải gồm 10 chữ số, 10 chữ số kèm "-" và 3 chữ số (chi nhánh) hoặc 12 chữ số (số định danh)' };
}
