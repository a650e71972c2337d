/**
 * Identifiers of the synthetic world: personal IDs (`PPP G YY NNNNNN`), enterprise tax codes with their check
 * digit (rules-2026.md §7), legacy social-insurance codes and unit codes. The rules are shared/identity (personal-id.ts,
 * tax-code.ts); this module only allocates values, with small allocators that guarantee uniqueness without keeping
 * every value in a set.
 */
import { centurySexDigit } from '#shared/identity/personal-id.ts';
import { taxCheckDigit, taxWeightedRemainder } from '#shared/identity/tax-code.ts';
import type { Rng } from './rng.ts';

/** Codes that are not provinces (planted as "unknown province code"; test/demo checks they are not ID_PROVINCE_CODES). */
export const UNKNOWN_ID_PROVINCES = ['000', '003', '099'] as const;

/** The G digit of a generated person (the rule's; the synthetic world's birth years all have one). */
export function idCenturyDigit(birthYear: number, female: boolean): number {
  const g = centurySexDigit(birthYear, female ? 'F' : 'M');
  if (g === null) throw new Error(`no century digit for birth year ${birthYear}`);
  return g;
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

/** Unique valid 10-digit tax codes with a given 2-digit prefix (46 Thái Nguyên, 47 Bắc Kạn, 01 Hà Nội, 80 persons). */
export class TaxCodeAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(prefix: string): string {
    for (;;) {
      let body = prefix;
      while (body.length < 9) body += String(this.rng.int(10));
      // A body whose weighted remainder is 10 is never issued (its check digit would be (10 − 10) mod 10 = 0).
      if (taxWeightedRemainder(body) === 10) continue;
      const code = body + taxCheckDigit(body);
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
