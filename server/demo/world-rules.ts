/**
 * The legal numbers the synthetic world and its truth file need. The generator runs without a database, so it
 * cannot read `legal_param`; these are the same figures as `reference/rules-2026.md` (and the `legal_param`
 * rows loaded from it), each with its source. Change them here and in the reference together.
 */

export type WageRegion = 'I' | 'II' | 'III' | 'IV';

export interface Dated<T> {
  from: string; // effective from, inclusive (YYYY-MM-DD)
  value: T;
  source: string;
}

export const WORLD_RULES = {
  /** Regional minimum monthly wage (VND). */
  regionalMinWage: [
    {
      from: '2026-01-01',
      value: { I: 5_310_000, II: 4_730_000, III: 4_140_000, IV: 3_700_000 } as Record<WageRegion, number>,
      source: 'Nghị định 293/2025/NĐ-CP (rules-2026.md §2) [press]',
    },
    {
      from: '2024-07-01',
      value: { I: 4_960_000, II: 4_410_000, III: 3_860_000, IV: 3_450_000 } as Record<WageRegion, number>,
      source: 'Nghị định 74/2024/NĐ-CP (used only for wages of months before 2026)',
    },
  ] satisfies Dated<Record<WageRegion, number>>[],
  /** Reference level = base salary (mức tham chiếu). */
  referenceLevel: { from: '2024-07-01', value: 2_340_000, source: 'Luật BHXH 41/2024 Điều 141(13) (rules-2026.md §2) [law]' },
  /** Mandatory contribution base cap = 20 × reference level. */
  contributionCap: { from: '2025-07-01', value: 46_800_000, source: 'Luật BHXH 41/2024 Điều 31 [law]' },
  /** Rural poverty line = voluntary income floor. */
  ruralPovertyLine: [
    { from: '2027-01-01', value: 2_200_000, source: 'Nghị định 351/2025/NĐ-CP [press]' },
    { from: '2022-01-01', value: 1_500_000, source: 'Nghị định 07/2021/NĐ-CP; rules-2026.md §2 [press]' },
  ] satisfies Dated<number>[],
  /** Contribution rates, employee + employer, of the wage base (rules-2026.md §2). */
  rates: {
    socialInsurance: 0.08 + 0.14 + 0.03 + 0.005, // HT-TT 8 % + 14 %, ÔĐ-TS 3 %, TNLĐ-BNN 0.5 % [law / unverified]
    healthInsurance: 0.015 + 0.03, // [unverified]
    unemployment: 0.01 + 0.01, // Luật Việc làm 74/2025 [press]
    voluntary: 0.22, // Luật BHXH Điều 36 [law]
    source: 'Luật BHXH 41/2024 Điều 33, 34, 36; Luật Việc làm 74/2025 (rules-2026.md §2)',
  },
  /** Voluntary support rates of 22 % × rural poverty line (Decree 159/2025). */
  voluntarySupport: { poor: 0.5, near_poor: 0.4, ethnic_minority: 0.3, other: 0.2, source: 'Nghị định 159/2025/NĐ-CP [press]' },
  /** Late payment and evasion (findings.md; Law 41/2024 Art. 38–39). */
  payment: {
    /** Month M is due on the last day of M+1. */
    deadlineMonthsAfter: 1,
    /** Evasion when still unpaid ≥ this many days after the deadline and a reminder was sent. */
    evasionMinDays: 61,
    source: 'Luật BHXH 41/2024 Điều 38–39; Nghị định 274/2025/NĐ-CP',
  },
  /** Unemployment benefit: 60 % of the average wage, capped at 5 × regional minimum; 3–12 months. */
  unemployment: { share: 0.6, capMinWages: 5, minMonths: 3, maxMonths: 12, source: 'Luật Việc làm 74/2025; Nghị định 374/2025/NĐ-CP [press]' },
  /** Industrial-park workforce gap (findings.md KCN_LECH_LAO_DONG). */
  kcnGap: { minWorkers: 5, minShare: 0.1 },
  /** Low declared wage (findings.md DN_KHAI_THAP_LUONG): strictly below this share of income. */
  lowWageIncomeShare: 0.5,
  /** Statutory retirement age (Labour Code 2019 Art. 169, Decree 135/2020). */
  retirement: {
    men: { baseYear: 2021, baseMonths: 60 * 12 + 3, stepMonths: 3, maxMonths: 62 * 12 },
    women: { baseYear: 2021, baseMonths: 55 * 12 + 4, stepMonths: 4, maxMonths: 60 * 12 },
    source: 'Bộ luật Lao động 2019 Điều 169; Nghị định 135/2020/NĐ-CP',
  },
  /** Voluntary participants: minimum age. */
  voluntaryMinAge: 15,
} as const;

function effective<T>(rows: readonly Dated<T>[], isoDate: string): T {
  const sorted = [...rows].sort((a, b) => (a.from < b.from ? 1 : -1));
  const row = sorted.find((r) => r.from <= isoDate) ?? sorted[sorted.length - 1];
  return row.value;
}

export function regionalMinWage(region: WageRegion, isoDate: string): number {
  return effective(WORLD_RULES.regionalMinWage, isoDate)[region];
}

export function ruralPovertyLine(isoDate: string): number {
  return effective(WORLD_RULES.ruralPovertyLine, isoDate);
}

/** Statutory retirement age in whole months for the calendar year (men 61y6m, women 57y in 2026). */
export function retirementAgeMonths(sex: 'M' | 'F', year: number): number {
  const r = sex === 'M' ? WORLD_RULES.retirement.men : WORLD_RULES.retirement.women;
  if (year < r.baseYear) return r.baseMonths - r.stepMonths;
  return Math.min(r.maxMonths, r.baseMonths + r.stepMonths * (year - r.baseYear));
}
