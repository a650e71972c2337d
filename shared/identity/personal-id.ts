/**
 * Personal ID (số định danh cá nhân, 12 digits `PPP G YY NNNNNN`) rules. Pure functions, no I/O.
 * PPP = province where the birth was registered (Circular 07/2016/TT-BCA, 63 codes),
 * G = century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 1800s),
 * YY = the last two digits of the birth year. There is no check digit.
 */

export const ID_PROVINCE_CODES: readonly string[] = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
];
const PROVINCES = new Set(ID_PROVINCE_CODES);

/** Century (first year) of each G digit pair: 0/1 → 1900, 2/3 → 2000, 4/5 → 2100, 6/7 → 2200, 8/9 → 1800. */
const CENTURY_OF_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800];

export type PersonalIdProblem = 'blank' | 'not_digits' | 'length' | 'province' | 'century_sex' | 'birth_year';

/** Vietnamese wording of each problem (for details and exports). */
export const PERSONAL_ID_PROBLEM_VI: Record<PersonalIdProblem, string> = {
  blank: 'để trống',
  not_digits: 'có ký tự không phải chữ số',
  length: 'sai độ dài (phải đủ 12 chữ số)',
  province: 'mã tỉnh nơi đăng ký khai sinh không tồn tại',
  century_sex: 'chữ số thế kỷ/giới tính không khớp ngày sinh hoặc giới tính',
  birth_year: 'hai chữ số năm sinh không khớp ngày sinh',
};

/** Trims and restores a leading zero lost by a spreadsheet (11 digits → 12). */
export function repairPersonalId(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const v = String(raw).trim();
  if (v === '') return null;
  return /^\d{11}$/.test(v) ? `0${v}` : v;
}

/**
 * The problems of an ID against the record's birth year and sex (either may be unknown).
 * An empty list means a usable 12-digit ID.
 */
export function personalIdProblems(id: string | null | undefined, birthYear?: number | null, sex?: 'M' | 'F' | null): PersonalIdProblem[] {
  const v = repairPersonalId(id);
  if (!v) return ['blank'];
  if (!/^\d+$/.test(v)) return ['not_digits'];
  if (v.length !== 12) return ['length'];
  const problems: PersonalIdProblem[] = [];
  if (!PROVINCES.has(v.slice(0, 3))) problems.push('province');
  const g = Number(v[3]);
  const yy = Number(v.slice(4, 6));
  if (birthYear != null) {
    const century = Math.floor(birthYear / 100) * 100;
    const sexOk = sex == null || (g % 2 === 0 ? 'M' : 'F') === sex;
    if (CENTURY_OF_DIGIT[g] !== century || !sexOk) problems.push('century_sex');
    if (yy !== birthYear % 100) problems.push('birth_year');
  } else if (sex != null && (g % 2 === 0 ? 'M' : 'F') !== sex) {
    problems.push('century_sex');
  }
  return problems;
}

/** The G digit for a birth year and sex (used by fixtures and the generator's checks). */
export function centurySexDigit(birthYear: number, sex: 'M' | 'F'): number {
  const base = CENTURY_OF_DIGIT.findIndex((c, i) => c === Math.floor(birthYear / 100) * 100 && i % 2 === 0);
  return base + (sex === 'F' ? 1 : 0);
}
