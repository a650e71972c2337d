/**
 * Worked examples of reference/rules-2026.md and every boundary (floor, cap, 120th/121st supported
 * month, 60-day rule, region caps, mode deadlines, the rural poverty line on 1/1/2027), computed with
 * the rules loaded from the migrated database.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { loadRuleBook, type RuleBook } from '../../server/calc/rules.ts';
import { CalcValidationError, computeWith } from '../../server/calc/service.ts';
import { RuleMissingError } from '#shared/calc/rulebook.ts';
import { Fraction, mulRound } from '#shared/calc/money.ts';

let database: TestDatabase;
let book: RuleBook;
const calc = (name: string, input: Record<string, unknown>) => computeWith(book, name, input, '2026-11-25').result as any;
const refused = (name: string, input: Record<string, unknown>) => {
  try {
    calc(name, input);
  } catch (err) {
    if (err instanceof CalcValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  database = await createTestDatabase();
  book = await loadRuleBook(database.db);
});
afterAll(async () => {
  await database.destroy();
});

describe('exact money arithmetic', () => {
  it('rounds half up to the đồng without binary-float drift', () => {
    expect(mulRound(100, 0.015)).toBe(2); // 1.5 → 2
    expect(mulRound(5_310_001, 0.015)).toBe(79_650);
    expect(mulRound(1_500_000, 0.22)).toBe(330_000);
    expect(mulRound(3, 0.5)).toBe(2);
    expect(Fraction.of(1e-7).mul(1e7).round()).toBe(1);
    expect(Fraction.of(0.1).add(0.2).mul(10).round()).toBe(3);
  });
});

describe('voluntary', () => {
  const base = { income: 1_500_000, date: '2026-03-15' };

  it('gives the rules file example: 22 % × 1.500.000 = 330.000 and the State support per group', () => {
    const net = (group: string) => calc('voluntary', { ...base, group });
    expect(net('ngheo')).toMatchObject({ contribution: 330_000, state_support: 165_000, local_support: 0, net: 165_000 });
    expect(net('can-ngheo')).toMatchObject({ state_support: 132_000, net: 198_000 });
    expect(net('dtts')).toMatchObject({ state_support: 99_000, net: 231_000 });
    expect(net('khac')).toMatchObject({ state_support: 66_000, net: 264_000, mode_months: 1, net_for_mode: 264_000 });
  });

  it('bases the support on the poverty line, not on the chosen income', () => {
    const r = calc('voluntary', { income: 5_000_000, group: 'ngheo', date: '2026-03-15' });
    expect(r).toMatchObject({ contribution: 1_100_000, state_support: 165_000, net: 935_000 });
  });

  it('adds the Hà Nội precedent top-ups: net 0 for poor and near-poor at the minimum income', () => {
    const hn = { topup_ngheo: 50, topup_can_ngheo: 60, topup_dtts: 10, topup_khac: 10 };
    expect(calc('voluntary', { ...base, ...hn, group: 'ngheo' })).toMatchObject({ local_support: 165_000, net: 0 });
    expect(calc('voluntary', { ...base, ...hn, group: 'can-ngheo' })).toMatchObject({ local_support: 198_000, net: 0 });
    expect(calc('voluntary', { ...base, ...hn, group: 'khac' })).toMatchObject({ local_support: 33_000, net: 231_000 });
    // A top-up never makes the payment negative.
    expect(calc('voluntary', { ...base, topup_ngheo: 300, group: 'ngheo' })).toMatchObject({ local_support: 165_000, net: 0 });
  });

  it('refuses an income below the floor or above the cap, naming the field; accepts both bounds', () => {
    expect(calc('voluntary', { ...base, group: 'khac', income: 1_500_000 }).contribution).toBe(330_000);
    expect(calc('voluntary', { ...base, group: 'khac', income: 46_800_000 }).contribution).toBe(10_296_000);
    const low = refused('voluntary', { ...base, group: 'khac', income: 1_499_999 });
    expect(low[0].field).toBe('income');
    expect(low[0].message).toContain('1.500.000');
    expect(refused('voluntary', { ...base, group: 'khac', income: 46_800_001 })[0].message).toContain('46.800.000');
  });

  it('uses the new rural poverty line from 1/1/2027', () => {
    expect(calc('voluntary', { income: 1_500_000, group: 'ngheo', date: '2026-12-31' })).toMatchObject({ contribution: 330_000, state_support: 165_000 });
    const issues = refused('voluntary', { income: 1_500_000, group: 'ngheo', date: '2027-01-01' });
    expect(issues[0]).toMatchObject({ field: 'income' });
    expect(issues[0].message).toContain('2.200.000');
    expect(calc('voluntary', { income: 2_200_000, group: 'ngheo', date: '2027-01-01' })).toMatchObject({ contribution: 484_000, state_support: 242_000, net: 242_000 });
    expect(calc('voluntary', { income: 5_000_000, group: 'can-ngheo', date: '2027-01-01' })).toMatchObject({ contribution: 1_100_000, state_support: 193_600 });
  });

  it('stops the support after 120 supported months (the 120th is supported, the 121st is not)', () => {
    expect(calc('voluntary', { ...base, group: 'ngheo', months_supported: 119 })).toMatchObject({ state_support: 165_000, net: 165_000 });
    expect(calc('voluntary', { ...base, group: 'ngheo', months_supported: 120 })).toMatchObject({ state_support: 0, local_support: 0, net: 330_000 });
    const r = calc('voluntary', { ...base, group: 'ngheo', mode: '12', months_supported: 115, topup_ngheo: 50 });
    expect(r.supported_months_in_mode).toBe(5);
    expect(r.net_for_mode).toBe(12 * 330_000 - 5 * (165_000 + 165_000));
  });

  it('gives the deadline of each payment mode for a period starting at the date', () => {
    const deadline = (mode: string, date = '2026-03-15') => calc('voluntary', { income: 2_500_000, group: 'khac', date, mode }).deadline;
    expect(deadline('1')).toBe('2026-03-31');
    expect(deadline('3')).toBe('2026-05-31');
    expect(deadline('6')).toBe('2026-06-30'); // within the first 4 months
    expect(deadline('12')).toBe('2026-09-30'); // within the first 7 months
    expect(deadline('3', '2027-12-01')).toBe('2028-02-29');
    expect(deadline('1', '2026-02-01')).toBe('2026-02-28');
    const r = calc('voluntary', { income: 2_000_000, group: 'khac', date: '2026-03-15', mode: '6' });
    expect(r).toMatchObject({ contribution: 440_000, net: 374_000, mode_months: 6, net_for_mode: 6 * 374_000 });
  });

  it('names every rule it used', () => {
    const keys = calc('voluntary', { ...base, group: 'dtts', mode: '3' }).rules.map((r: { key: string }) => r.key);
    for (const k of ['rate.voluntary', 'rural_poverty_line', 'voluntary.support_rate.ethnic_minority', 'reference_level', 'voluntary.support_max_months', 'voluntary.mode_deadline_months.3']) {
      expect(keys).toContain(k);
    }
  });
});

describe('mandatory', () => {
  it('splits the contributions by fund', () => {
    const r = calc('mandatory', { wage: 5_000_000, date: '2026-03-01' });
    expect(r.base).toBe(5_000_000);
    expect(r.employee_by_fund).toEqual({ retirement: 400_000, sickness: 0, accident: 0, unemployment: 50_000, health: 75_000 });
    expect(r.employer_by_fund).toEqual({ retirement: 700_000, sickness: 150_000, accident: 25_000, unemployment: 50_000, health: 150_000 });
    expect(r.employee).toBe(525_000);
    expect(r.employer).toBe(1_075_000);
  });

  it('applies the floor (reference level) and the cap (20 ×) at the boundaries', () => {
    expect(calc('mandatory', { wage: 2_339_999, date: '2026-03-01' }).base).toBe(2_340_000);
    expect(calc('mandatory', { wage: 2_340_000, date: '2026-03-01' }).base).toBe(2_340_000);
    expect(calc('mandatory', { wage: 46_800_000, date: '2026-03-01' }).base).toBe(46_800_000);
    const capped = calc('mandatory', { wage: 46_800_001, date: '2026-03-01' });
    expect(capped.base).toBe(46_800_000);
    expect(capped.employee).toBe(3_744_000 + 468_000 + 702_000);
    expect(capped.warnings[0]).toContain('trần');
  });

  it('warns below the regional minimum wage', () => {
    expect(calc('mandatory', { wage: 4_729_999, date: '2026-03-01', region: 'II' }).warnings.join(' ')).toContain('vùng II');
    expect(calc('mandatory', { wage: 4_730_000, date: '2026-03-01', region: 'II' }).warnings).toEqual([]);
  });
});

describe('late payment', () => {
  it('charges 0,03 % per day from the day after the deadline', () => {
    expect(calc('late', { amount: 100_000_000, due: '2026-02-28', paid: '2026-03-30' })).toMatchObject({ days: 30, interest: 900_000, total: 100_900_000, status: 'late' });
    expect(calc('late', { amount: 100_000_000, due: '2026-02-28', paid: '2026-02-28' })).toMatchObject({ days: 0, interest: 0, total: 100_000_000, status: 'on_time' });
    expect(calc('late', { amount: 100_000_000, due: '2026-02-28', paid: '2026-03-01' })).toMatchObject({ days: 1, interest: 30_000 });
    expect(calc('late', { amount: 12_345, due: '2026-02-28', paid: '2026-03-02' }).interest).toBe(7); // 7,407 → 7
  });

  it('applies the 60-day rule: day 60 is late, day 61 is evasion once reminded', () => {
    expect(calc('late', { amount: 1_000_000, due: '2026-02-28', paid: '2026-04-29' })).toMatchObject({ days: 60, status: 'late' });
    expect(calc('late', { amount: 1_000_000, due: '2026-02-28', paid: '2026-04-30' })).toMatchObject({ days: 61, status: 'evasion_if_reminded' });
  });
});

describe('fines and criminal screening', () => {
  it('gives the Decree 12/2022 ranges with their caps', () => {
    expect(calc('fine', { amount_due: 100_000_000, workers: 5, months: 2, kind: 'late' })).toMatchObject({ min: 12_000_000, max: 15_000_000 });
    expect(calc('fine', { amount_due: 600_000_000, workers: 5, months: 2, kind: 'late' })).toMatchObject({ min: 72_000_000, max: 75_000_000 });
    expect(calc('fine', { amount_due: 700_000_000, workers: 5, months: 2, kind: 'late' })).toMatchObject({ min: 75_000_000, max: 75_000_000 });
    expect(calc('fine', { amount_due: 100_000_000, workers: 5, months: 2, kind: 'unpaid-all' })).toMatchObject({ min: 18_000_000, max: 20_000_000 });
    expect(calc('fine', { amount_due: 100_000_000, workers: 5, months: 2, kind: 'evasion' })).toMatchObject({ min: 50_000_000, max: 75_000_000 });
    expect(calc('fine', { amount_due: 100_000_000, workers: 5, months: 2, kind: 'late', organisation: true })).toMatchObject({ min: 24_000_000, max: 30_000_000, party: 'organisation' });
    expect(calc('fine', { amount_due: 100_000_000, workers: 5, months: 2, kind: 'evasion', organisation: true })).toMatchObject({ min: 100_000_000, max: 150_000_000 });
  });

  it('screens Art. 216 clause 1 at its boundaries, as a lead to verify', () => {
    const s = (x: Record<string, unknown>) => calc('fine', { kind: 'evasion', workers: 0, months: 6, amount_due: 0, ...x }).criminal_screening;
    expect(s({ amount_due: 50_000_000 })).toMatchObject({ flag: true, clause: '1', needs_verification: true });
    expect(s({ amount_due: 49_999_999, workers: 9 })).toMatchObject({ flag: false });
    expect(s({ amount_due: 50_000_000, months: 5 })).toMatchObject({ flag: false });
    expect(s({ workers: 10 })).toMatchObject({ flag: true, clause: '1' });
    expect(s({ amount_due: 299_999_999 })).toMatchObject({ clause: '1' });
    expect(s({ amount_due: 300_000_000 })).toMatchObject({ flag: true, clause: '2+' });
    expect(s({ workers: 50 })).toMatchObject({ flag: true, clause: '2+' });
    expect(s({ amount_due: 60_000_000, prior_sanction: 'no' })).toMatchObject({ flag: false });
    expect(s({ amount_due: 60_000_000, prior_sanction: 'yes' })).toMatchObject({ flag: true, clause: '1' });
    expect(calc('fine', { kind: 'late', workers: 100, months: 12, amount_due: 500_000_000 }).criminal_screening.flag).toBe(false);
  });
});

describe('unemployment', () => {
  it('pays 60 % of the average wage, capped at 5 × the regional minimum wage of each region', () => {
    const r = (avg: number, region: string) => calc('unemployment', { avg_wage: avg, region, months_contributed: 24, months_in_window: 24, filed: '2026-04-20' });
    expect(r(10_000_000, 'II')).toMatchObject({ monthly_benefit: 6_000_000, cap: 23_650_000 });
    expect(r(100_000_000, 'I')).toMatchObject({ monthly_benefit: 26_550_000, cap: 26_550_000 });
    expect(r(100_000_000, 'II').monthly_benefit).toBe(23_650_000);
    expect(r(100_000_000, 'III').monthly_benefit).toBe(20_700_000);
    expect(r(100_000_000, 'IV').monthly_benefit).toBe(18_500_000);
    expect(r(30_833_333, 'IV').monthly_benefit).toBe(18_500_000); // 18.499.999,8 → 18.500.000 = cap
  });

  it('gives 3 months for 12–36 months contributed, +1 per further 12, at most 12', () => {
    const months = (m: number) => calc('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: m, months_in_window: Math.min(m, 24), filed: '2026-04-20' });
    expect(months(11)).toMatchObject({ eligible: false, duration_months: 0, monthly_benefit: 0, start_date: null });
    expect(months(12)).toMatchObject({ eligible: true, duration_months: 3 });
    expect(months(36).duration_months).toBe(3);
    expect(months(47).duration_months).toBe(3);
    expect(months(48).duration_months).toBe(4);
    expect(months(143).duration_months).toBe(11);
    expect(months(144).duration_months).toBe(12);
    expect(months(300).duration_months).toBe(12);
  });

  it('decides eligibility on the months in the window before the contract ended (24, or 36 for a short contract), not on all months', () => {
    const run = (o: Record<string, unknown>) => calc('unemployment', { avg_wage: 8_000_000, region: 'III', filed: '2026-04-20', ...o });
    // Ten years of contributions, but only 8 months in the last 24: not eligible.
    expect(run({ months_contributed: 120, months_in_window: 8 })).toMatchObject({ eligible: false, duration_months: 0, window_months: 24, min_months: 12 });
    expect(run({ months_contributed: 120, months_in_window: 12 })).toMatchObject({ eligible: true, duration_months: 10 });
    // A short contract looks back 36 months.
    expect(run({ months_contributed: 30, months_in_window: 30, short_contract: true })).toMatchObject({ eligible: true, window_months: 36 });
    const rules = run({ months_contributed: 30, months_in_window: 30, short_contract: true }).rules.map((r: { key: string }) => r.key);
    expect(rules).toContain('unemployment.window_months_short_contract');
    expect(rules).not.toContain('unemployment.window_months');
    // Impossible counts are refused on the field, in Vietnamese.
    expect(refused('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 30, months_in_window: 30, filed: '2026-04-20' }))
      .toEqual([{ field: 'months_in_window', message: 'Số tháng đóng trong thời gian xét không thể quá 24 tháng (độ dài thời gian xét của loại hợp đồng này).' }]);
    expect(refused('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 10, months_in_window: 12, filed: '2026-04-20' }))
      .toEqual([{ field: 'months_in_window', message: 'Số tháng đóng trong thời gian xét không thể nhiều hơn tổng số tháng đã đóng BHTN.' }]);
  });

  it('assumes all contributed months (at most the window) fall in the window when the count in the window is not given, and says so', () => {
    const run = (o: Record<string, unknown>) => calc('unemployment', { avg_wage: 8_000_000, region: 'III', filed: '2026-04-20', ...o });
    const few = run({ months_contributed: 10 });
    expect(few).toMatchObject({ eligible: false, months_in_window: 10, window_months: 24 });
    expect(few.assumptions).toEqual(['Giả định toàn bộ 10 tháng đóng nằm trong 24 tháng trước khi chấm dứt hợp đồng (chưa nhập số tháng đóng trong thời gian xét).']);
    const many = run({ months_contributed: 61 });
    expect(many).toMatchObject({ eligible: true, months_in_window: 24, duration_months: 5 });
    expect(many.assumptions[0]).toContain('Giả định 24 tháng đóng (cả thời gian xét) nằm trong 24 tháng trước khi chấm dứt hợp đồng');
    expect(run({ months_contributed: 30, short_contract: true })).toMatchObject({ months_in_window: 30, window_months: 36, eligible: true });
    // Given explicitly: no assumption, the same numbers as before.
    const given = run({ months_contributed: 61, months_in_window: 24 });
    expect(given.assumptions).toEqual([]);
    expect({ ...given, assumptions: many.assumptions }).toEqual(many);
  });

  it('starts on the 11th working day after filing, skipping weekends and public holidays', () => {
    const start = (filed: string) => calc('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 24, months_in_window: 20, filed }).start_date;
    // 20/4/2026: Hùng Kings' day falls on Sunday 26/4 (off on Monday 27/4), then 30/4 and 1/5.
    expect(start('2026-04-20')).toBe('2026-05-08');
    // 10/2/2026: Tết 16–20/2.
    expect(start('2026-02-10')).toBe('2026-03-04');
    // No holiday: Monday 2/11/2026 → ten working days to Monday 16/11, the 11th is Tuesday 17/11.
    expect(start('2026-11-02')).toBe('2026-11-17');
    expect(() => calc('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 24, months_in_window: 20, filed: '2031-12-24' })).toThrow('Chưa có dữ liệu ngày nghỉ lễ năm 2032');
    expect(() => calc('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 24, months_in_window: 20, filed: '2025-12-15' })).toThrow(RuleMissingError);
  });
});

describe('maternity and lump sum', () => {
  it('pays 2.000.000 per child after 6 months in the last 12', () => {
    expect(calc('maternity', { children: 1, months_in_last_12: 6 })).toMatchObject({ allowance: 2_000_000, eligible: true });
    expect(calc('maternity', { children: 2, months_in_last_12: 12 }).allowance).toBe(4_000_000);
    expect(calc('maternity', { children: 1, months_in_last_12: 5 })).toMatchObject({ allowance: 0, eligible: false });
  });

  it('discounts a lump sum by the monthly return: Σ 22 %·TN_i/(1+r)^(i−1)', () => {
    expect(calc('lump-sum', { incomes: '1500000,1500000,1500000', rate: 0 }).amount).toBe(990_000);
    // 330.000 × (1 + 1/1,005 + 1/1,005²) = 985.082,79…
    expect(calc('lump-sum', { incomes: [1_500_000, 1_500_000, 1_500_000], rate: 0.005 }).amount).toBe(985_083);
    expect(calc('lump-sum', { incomes: [2_000_000, 3_000_000], rate: '0,004' }).amount).toBe(440_000 + Math.round(660_000 / 1.004));
    expect(calc('lump-sum', { incomes: Array(60).fill(1_500_000), rate: 0 }).amount).toBe(60 * 330_000);
    expect(refused('lump-sum', { incomes: Array(61).fill(1_500_000), rate: 0 })[0]).toMatchObject({ field: 'incomes' });
    expect(refused('lump-sum', { incomes: [1_000_000], rate: 0 })[0].message).toContain('tháng thứ 1');
    expect(refused('lump-sum', { incomes: [1_500_000], rate: 0.5 })[0].field).toBe('rate');
  });
});

describe('input validation (names the field, in Vietnamese)', () => {
  it('refuses missing, malformed and unknown fields', () => {
    const issues = refused('voluntary', { income: 'nhiều', group: 'giau', date: '2026-02-30', extra: 1 });
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['income', 'group', 'date']));
    expect(issues.find((i) => i.field === 'group')!.message).toContain('ngheo, can-ngheo, dtts, khac');
    expect(issues.some((i) => i.message.includes('extra'))).toBe(true);
    expect(refused('late', { amount: 1000, due: '2026-01-31' })[0]).toMatchObject({ field: 'paid' });
    expect(refused('voluntary', { income: 2_000_000, group: 'khac', date: '2026-03-01', mode: '2' })[0].field).toBe('mode');
  });

  it('reads Vietnamese-formatted amounts and dates', () => {
    expect(calc('voluntary', { income: '1.500.000', group: 'khac', date: '15/03/2026' }).contribution).toBe(330_000);
  });
});
