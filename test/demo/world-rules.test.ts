import { describe, it, expect } from 'vitest';
import { WorldRules, worldRules } from '../../server/demo/world-rules.ts';
import { referenceRuleBook, referenceRules } from '../../server/calc/reference-rules.ts';
import { RuleBook } from '#shared/calc/rulebook.ts';
import { unemployment } from '#shared/calc/calculators.ts';

describe('the demo world reads the law from the rule book of reference/legal-params.csv', () => {
  const rules = worldRules();

  it('takes each figure from the rows in force at the date', () => {
    expect(rules.book).toBe(referenceRuleBook());
    expect(rules.regionalMinWage('I', '2026-10-01')).toBe(5_310_000);
    expect(rules.regionalMinWage('IV', '2025-12-01')).toBe(3_450_000);
    expect(rules.regionalMinWage('II', '2023-05-01')).toBe(4_160_000);
    expect(rules.referenceLevel('2026-10-01')).toBe(2_340_000);
    expect(rules.referenceLevel('2024-02-01')).toBe(1_800_000);
    expect(rules.contributionCap('2026-10-01')).toBe(46_800_000);
    expect(rules.ruralPovertyLine('2026-10-01')).toBe(1_500_000);
    expect(rules.ruralPovertyLine('2027-01-01')).toBe(2_200_000);
    expect(rules.evasionMinDays('2026-11-15')).toBe(61);
    expect(rules.deadlineMonthsAfter('2026-11-15')).toBe(1);
    expect(rules.voluntaryMinAge('2026-11-15')).toBe(15);
    const r = rules.contributionRates('2026-10-01');
    // 32 % of the wage with unemployment insurance: 25.5 % social, 4.5 % health, 2 % unemployment insurance.
    expect(Math.round((r.socialInsurance + r.healthInsurance + r.unemployment) * 1e6) / 1e6).toBe(0.32);
    expect(Math.round(r.unemployment * 1e6) / 1e6).toBe(0.02);
  });

  it('has the retirement ages of the roadmap and of the law before it (60 / 55)', () => {
    expect([2020, 2021, 2026, 2028, 2040].map((y) => rules.retirementAgeMonths('M', y))).toEqual([720, 723, 738, 744, 744]);
    expect([1980, 2020, 2021, 2026, 2035].map((y) => rules.retirementAgeMonths('F', y))).toEqual([660, 660, 664, 684, 720]);
  });

  it('dates before the first row of a key take that first row', () => {
    expect(rules.regionalMinWage('I', '2019-01-01')).toBe(rules.regionalMinWage('I', '2022-07-01'));
    expect(rules.benefitMonths(60, '2025-03-01')).toBe(rules.benefitMonths(60, '2026-03-01'));
  });

  it('gives the benefit duration of the unemployment calculator for the same months', () => {
    const book = referenceRuleBook();
    for (const months of [12, 36, 47, 48, 60, 100, 143, 144, 200]) {
      const calc = unemployment(book, { avg_wage: 8_000_000, region: 'I', months_contributed: months, short_contract: false, filed: '2026-11-16' });
      expect(rules.benefitMonths(months, '2026-11-16'), String(months)).toBe(calc.duration_months);
    }
  });

  it('follows the book it is given: a changed rate changes the world', () => {
    const changed = referenceRules().map((r) => (r.key === 'rate.employer.sickness' ? { ...r, value: 0.04 } : r));
    const other = new WorldRules(new RuleBook(changed));
    expect(other.contributionRates('2026-10-01').socialInsurance - rules.contributionRates('2026-10-01').socialInsurance).toBeCloseTo(0.01, 9);
  });
});
