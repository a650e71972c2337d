/**
 * The legal numbers the synthetic world and its truth file need, read from the one rule book. The generator runs
 * without a database, so the book is built from reference/legal-params.csv — the file the migrations seed
 * `legal_param` from (server/calc/reference-rules.ts; test/calc/reference-rules.test.ts checks that both agree).
 * Nothing here is a legal figure: change the law in the reference file (and a migration), never here.
 */
import type { RuleBook } from '#shared/calc/rulebook.ts';
import { unemploymentDurationMonths } from '#shared/calc/calculators.ts';
import { referenceRuleBook } from '../calc/reference-rules.ts';

export type WageRegion = 'I' | 'II' | 'III' | 'IV';

/**
 * Thresholds of the checks the world plants around: the defaults of reconcile_setting (kcn.min_gap_workers,
 * kcn.min_gap_ratio, wage.min_income_ratio; migration 0020). They are the application's settings, not law.
 */
export const WORLD_SETTINGS = {
  /** Industrial-park workforce gap (findings.md KCN_LECH_LAO_DONG). */
  kcnGap: { minWorkers: 5, minShare: 0.1 },
  /** Low declared wage (findings.md DN_KHAI_THAP_LUONG): strictly below this share of income. */
  lowWageIncomeShare: 0.5,
} as const;

export interface ContributionRates {
  /** Social insurance, employee + employer: retirement and survivors, sickness and maternity, accidents. */
  socialInsurance: number;
  /** Health insurance, employee + employer. */
  healthInsurance: number;
  /** Unemployment insurance, employee + employer. */
  unemployment: number;
}

/**
 * The world's view of a rule book. A date before the first row of a key (a synthetic world dated before the law
 * data starts) takes that first row; every other date takes the row in force, as the application does.
 */
export class WorldRules {
  private readonly memo = new Map<string, number>();

  constructor(readonly book: RuleBook) {}

  /** The value of key on isoDate ('YYYY-MM-DD'). */
  value(key: string, isoDate: string): number {
    const id = `${key}@${isoDate}`;
    let v = this.memo.get(id);
    if (v === undefined) {
      const first = this.book.history(key).at(-1);
      v = this.book.at(key, first && isoDate < first.effectiveFrom ? first.effectiveFrom : isoDate).value;
      this.memo.set(id, v);
    }
    return v;
  }

  regionalMinWage(region: WageRegion, isoDate: string): number {
    return this.value(`regional_min_wage.${region}`, isoDate);
  }

  /** Reference level (mức tham chiếu = lương cơ sở): the floor of bases and the unit of public salary coefficients. */
  referenceLevel(isoDate: string): number {
    return this.value('reference_level', isoDate);
  }

  /** Cap of the contribution base: reference level × the cap multiple. */
  contributionCap(isoDate: string): number {
    return this.referenceLevel(isoDate) * this.value('mandatory.base_cap_multiple', isoDate);
  }

  /** Rural poverty line = the voluntary income floor. */
  ruralPovertyLine(isoDate: string): number {
    return this.value('rural_poverty_line', isoDate);
  }

  /** Mandatory contribution rates of a month's wages (employee + employer, each fund). */
  contributionRates(isoDate: string): ContributionRates {
    const r = (key: string) => this.value(key, isoDate);
    return {
      socialInsurance: r('rate.employee.retirement') + r('rate.employer.retirement') + r('rate.employer.sickness') + r('rate.employer.accident'),
      healthInsurance: r('rate.employee.health') + r('rate.employer.health'),
      unemployment: r('rate.employee.unemployment') + r('rate.employer.unemployment'),
    };
  }

  /** Month M is due on the last day of M + this many months. */
  deadlineMonthsAfter(isoDate: string): number {
    return this.value('contribution.due_months_after', isoDate);
  }

  /** Evasion when still unpaid at least this many days after the deadline (more than late.evasion_days, as the check reads it). */
  evasionMinDays(isoDate: string): number {
    return this.value('late.evasion_days', isoDate) + 1;
  }

  /** Monthly unemployment benefit: the benefit rate of the wage base, capped at a multiple of the regional minimum. */
  unemploymentBenefit(wageBase: number, regionalMinimum: number, isoDate: string): { share: number; cap: number } {
    return {
      share: this.value('unemployment.benefit_rate', isoDate) * wageBase,
      cap: this.value('unemployment.cap_multiple', isoDate) * regionalMinimum,
    };
  }

  /** Months of unemployment benefit for months of contributions (the calculator's rule, shared/calc/calculators.ts). */
  benefitMonths(contributed: number, isoDate: string): number {
    const v = (key: string) => this.value(key, isoDate);
    return unemploymentDurationMonths(contributed, {
      base: v('unemployment.duration_base_months'),
      baseMaxContributed: v('unemployment.duration_base_max_contributed'),
      step: v('unemployment.duration_step_contributed'),
      max: v('unemployment.duration_max_months'),
    });
  }

  /** Statutory retirement age in whole months for the calendar year (men 61y6m, women 57y in 2026). */
  retirementAgeMonths(sex: 'M' | 'F', year: number): number {
    return this.value(`retirement_age_months.${sex}`, `${String(year).padStart(4, '0')}-01-01`);
  }

  /** Voluntary participants: minimum age in years. */
  voluntaryMinAge(isoDate: string): number {
    return this.value('voluntary.min_age_years', isoDate);
  }
}

let shared: WorldRules | null = null;

/** The world's rules from the reference files (one per process). */
export function worldRules(): WorldRules {
  shared ??= new WorldRules(referenceRuleBook());
  return shared;
}
