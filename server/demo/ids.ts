/**
 * Identifiers of the synthetic world: personal IDs (`PPP G YY NNNNNN`), enterprise tax codes with their check
 * digit (rules-2026.md §7), legacy social-insurance codes and unit codes. Pure functions plus small allocators
 * that guarantee uniqueness without keeping every value in a set.
 */
import type { Rng } from './rng.ts';

/** The 63 birth-registration province codes (Circular 07/2016/TT-BCA). */
export const ID_PROVINCES = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
] as const;
const PROVINCE_SET = new Set<string>(ID_PROVINCES);

/** Codes that are not provinces (planted as "unknown province code"). */
export const UNKNOWN_ID_PROVINCES = ['000', '003', '099'] as const;

/** G digit: 0/1 = 1900s male/female, 2/3 = 2000s male/female. */
export function centurySexDigit(birthYear: number, female: boolean): number {
  const base = birthYear >= 2000 ? 2 : 0;
  return base + (female ? 1 : 0);
}

/**
 * Allocates unique 12-digit IDs: per (province, G, YY) a bijective affine sequence over the 6-digit serials,
 * so consecutive IDs look random and never repeat.
 */
export class PersonalIdAllocator {
  private readonly counters = new Map<string, number>();
  private readonly offsets = new Map<string, number>();
  private static readonly STEP = 387_403; // odd, not a multiple of 5: coprime with 10^6

  constructor(private readonly rng: Rng) {}

  next(province: string, g: number, yy: number): string {
    const key = `${province}${g}${String(yy).padStart(2, '0')}`;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.rng.int(1_000_000);
      this.offsets.set(key, offset);
    }
    const n = this.counters.get(key) ?? 0;
    if (n >= 1_000_000) throw new Error(`personal ID space exhausted for ${key}`);
    this.counters.set(key, n + 1);
    const serial = (offset + n * PersonalIdAllocator.STEP) % 1_000_000;
    return key + String(serial).padStart(6, '0');
  }
}

export type IdProblem = 'blank' | 'not_digits' | 'length' | 'province' | 'century_sex' | 'birth_year';

/** Restores one leading zero lost by a spreadsheet (11 digits → 12), as the import does. */
export function repairId(raw: string | null): string | null {
  if (raw == null) return null;
  const v = raw.trim();
  if (v === '') return null;
  return /^\d{11}$/.test(v) ? `0${v}` : v;
}

/** Problems of a written personal ID against the record's birth year and sex (findings NTG_SAI_THONG_TIN (a)). */
export function idProblems(raw: string | null, birthYear: number, female: boolean): IdProblem[] {
  const v = repairId(raw);
  if (!v) return ['blank'];
  if (!/^\d+$/.test(v)) return ['not_digits'];
  if (v.length !== 12) return ['length'];
  const problems: IdProblem[] = [];
  if (!PROVINCE_SET.has(v.slice(0, 3))) problems.push('province');
  const g = Number(v[3]);
  const century = g <= 1 ? 1900 : g <= 3 ? 2000 : g <= 5 ? 2100 : g <= 7 ? 2200 : 1800;
  if (century !== Math.floor(birthYear / 100) * 100 || (g % 2 === 1) !== female) problems.push('century_sex');
  if (Number(v.slice(4, 6)) !== birthYear % 100) problems.push('birth_year');
  return problems;
}

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Check digit of a 9-digit tax-code body, or null when the body cannot be issued (remainder 10). */
export function taxCheckDigit(body: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * TAX_WEIGHTS[i];
  const r = sum % 11;
  if (r === 10) return null;
  return (10 - r) % 10;
}

/** Unique valid 10-digit tax codes with a given 2-digit prefix (46 Thái Nguyên, 47 Bắc Kạn, 01 Hà Nội, 80 persons). */
export class TaxCodeAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(prefix: string): string {
    for (;;) {
      let body = prefix;
      while (body.length < 9) body += String(this.rng.int(10));
      const check = taxCheckDigit(body);
      if (check === null) continue;
      const code = body + check;
      if (this.used.has(code)) continue;
      this.used.add(code);
      return code;
    }
  }
}

/** Unique legacy 10-digit social-insurance codes: 2-digit province prefix + a bijective 8-digit sequence. */
export class BhxhCodeAllocator {
  private readonly counters = new Map<string, number>();
  private readonly offset: number;
  constructor(rng: Rng) {
    this.offset = rng.int(100_000_000);
  }
  next(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    const serial = (this.offset + n * 7_654_321) % 100_000_000; // 7,654,321 is coprime with 10^8
    return prefix + String(serial).padStart(8, '0');
  }
}
