import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Papa from 'papaparse';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { loadRuleBook, RuleBook, RuleMissingError } from '../../server/calc/rules.ts';

let database: TestDatabase;
let book: RuleBook;

beforeAll(async () => {
  database = await createTestDatabase();
  book = await loadRuleBook(database.db);
});
afterAll(async () => {
  await database.destroy();
});

const REQUIRED_KEYS = [
  'reference_level', 'mandatory.base_cap_multiple', 'rural_poverty_line',
  'regional_min_wage.I', 'regional_min_wage.II', 'regional_min_wage.III', 'regional_min_wage.IV',
  'rate.employee.retirement', 'rate.employee.unemployment', 'rate.employee.health',
  'rate.employer.retirement', 'rate.employer.sickness', 'rate.employer.accident', 'rate.employer.unemployment', 'rate.employer.health',
  'rate.household_owner.si', 'rate.household_owner.health', 'rate.voluntary',
  'voluntary.support_rate.poor', 'voluntary.support_rate.near_poor', 'voluntary.support_rate.ethnic_minority', 'voluntary.support_rate.other',
  'voluntary.support_max_months', 'voluntary.lump_sum_max_months',
  'voluntary.mode_deadline_months.1', 'voluntary.mode_deadline_months.3', 'voluntary.mode_deadline_months.6', 'voluntary.mode_deadline_months.12',
  'contribution.due_months_after', 'late.interest_per_day', 'late.evasion_days', 'registration.deadline_days',
  'fine.late.min_rate', 'fine.late.max_rate', 'fine.late.cap', 'fine.unpaid_all.min_rate', 'fine.unpaid_all.max_rate', 'fine.unpaid_all.cap',
  'fine.evasion.min', 'fine.evasion.max', 'fine.organisation_multiplier',
  'criminal.min_months', 'criminal.amount_min', 'criminal.amount_max', 'criminal.workers_min', 'criminal.workers_max',
  'unemployment.min_months', 'unemployment.benefit_rate', 'unemployment.cap_multiple', 'unemployment.duration_base_months',
  'unemployment.duration_max_months', 'unemployment.start_working_day',
  'maternity.voluntary_allowance', 'maternity.min_months_in_12', 'retirement_age_months.M', 'retirement_age_months.F',
];

describe('legal parameters as data (migration 0005)', () => {
  it('has every key of the rules file in force on 25/11/2026, each with a source and a status', () => {
    for (const key of REQUIRED_KEYS) {
      const r = book.at(key, '2026-11-25');
      expect(r.source.length, key).toBeGreaterThan(5);
      expect(['law', 'press', 'derived', 'unverified', 'setting'], key).toContain(r.status);
    }
  });

  it('loads exactly the rows of reference/legal-params.csv and reference/holidays.csv', async () => {
    const csv = Papa.parse<Record<string, string>>(fs.readFileSync('reference/legal-params.csv', 'utf8'), { header: true, skipEmptyLines: true }).data;
    const rows = await database.db.selectFrom('legal_param').select(['key', 'value', 'effective_from', 'effective_to', 'status']).execute();
    // Other capabilities may add their own method settings (status 'setting') in their migrations.
    const csvKeys = new Set(csv.map((c) => c.key));
    const extra = rows.filter((r) => !csvKeys.has(r.key));
    expect(extra.every((r) => r.status === 'setting')).toBe(true);
    expect(rows.length - extra.length).toBe(csv.length);
    const byId = new Map(rows.map((r) => [`${r.key}@${r.effective_from}`, r]));
    for (const c of csv) {
      const r = byId.get(`${c.key}@${c.effective_from}`)!;
      expect(r, c.key).toBeDefined();
      expect(Number(r.value)).toBe(Number(c.value));
      expect(r.effective_to).toBe(c.effective_to || null);
      expect(r.status).toBe(c.status);
    }
    const holidays = Papa.parse(fs.readFileSync('reference/holidays.csv', 'utf8'), { header: true, skipEmptyLines: true }).data;
    const { n } = await database.db.selectFrom('public_holiday').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(holidays.length);
  });

  it('keeps the values of the rules file', () => {
    const d = '2026-06-01';
    expect(book.at('reference_level', d).value).toBe(2_340_000);
    expect(book.at('reference_level', d).value * book.at('mandatory.base_cap_multiple', d).value).toBe(46_800_000);
    expect(['I', 'II', 'III', 'IV'].map((r) => book.at(`regional_min_wage.${r}`, d).value)).toEqual([5_310_000, 4_730_000, 4_140_000, 3_700_000]);
    expect(['I', 'II', 'III', 'IV'].map((r) => book.at(`regional_min_wage.${r}`, '2025-12-31').value)).toEqual([4_960_000, 4_410_000, 3_860_000, 3_450_000]);
    expect(book.at('rate.voluntary', d).value).toBe(0.22);
    expect(['poor', 'near_poor', 'ethnic_minority', 'other'].map((g) => book.at(`voluntary.support_rate.${g}`, d).value)).toEqual([0.5, 0.4, 0.3, 0.2]);
    expect(book.at('late.interest_per_day', d).value).toBe(0.0003);
    expect(book.at('rate.employer.accident', d).status).toBe('unverified');
    expect(book.at('rate.employee.health', d).status).toBe('unverified');
    expect(book.at('fine.organisation_multiplier', d).status).toBe('unverified');
    expect(book.at('unemployment.benefit_rate', d).status).toBe('press');
  });

  it('changes the rural poverty line on 1/1/2027', () => {
    const before = book.at('rural_poverty_line', '2026-12-31');
    const after = book.at('rural_poverty_line', '2027-01-01');
    expect(before.value).toBe(1_500_000);
    expect(before.effectiveTo).toBe('2026-12-31');
    expect(after.value).toBe(2_200_000);
    expect(after.effectiveFrom).toBe('2027-01-01');
    expect(after.source).toContain('351/2025');
  });

  it('has one retirement-age row per year 2021–2035 from 1 January, after the 60 / 55 of the law before 2021', () => {
    const ageM = (y: number, md = '01-01') => book.at('retirement_age_months.M', `${y}-${md}`).value;
    const ageF = (y: number, md = '01-01') => book.at('retirement_age_months.F', `${y}-${md}`).value;
    expect(ageM(2021)).toBe(60 * 12 + 3);
    expect(ageF(2021)).toBe(55 * 12 + 4);
    expect(ageM(2026)).toBe(61 * 12 + 6);
    expect(ageF(2026)).toBe(57 * 12);
    expect(ageM(2025, '12-31')).toBe(61 * 12 + 3);
    expect(ageM(2028)).toBe(62 * 12);
    expect(ageM(2031)).toBe(62 * 12);
    expect(ageF(2034)).toBe(59 * 12 + 8);
    expect(ageF(2035)).toBe(60 * 12);
    expect(ageF(2040)).toBe(60 * 12);
    // Before the Labour Code 2019 roadmap: men 60, women 55 (migration 0077), up to 31/12/2020.
    expect(ageM(2020, '12-31')).toBe(60 * 12);
    expect(ageF(1995)).toBe(55 * 12);
    expect(() => ageM(1994, '12-31')).toThrow(RuleMissingError);
    for (const sex of ['M', 'F']) {
      const rows = book.history(`retirement_age_months.${sex}`);
      expect(rows.map((r) => r.effectiveFrom).sort()).toEqual(['1995-01-01', ...Array.from({ length: 15 }, (_, i) => `${2021 + i}-01-01`)]);
      expect(rows.find((r) => r.effectiveFrom === '1995-01-01')!.effectiveTo).toBe('2020-12-31');
    }
  });

  it('answers with a Vietnamese error naming the key and date when no rule is in force', () => {
    expect(() => book.at('rate.voluntary', '2020-01-01')).toThrow(RuleMissingError);
    expect(() => book.at('rate.voluntary', '2020-01-01')).toThrow('Chưa có quy định "rate.voluntary" có hiệu lực tại ngày 01/01/2020');
    expect(() => book.at('no.such.key', '2026-01-01')).toThrow(/no\.such\.key/);
  });

  it('lets a newer open-ended row win where rows overlap, and splits periods by rule', () => {
    const b = new RuleBook([
      { key: 'x', value: 1, unit: 'ratio', effectiveFrom: '2026-01-01', effectiveTo: null, source: 'A', status: 'law', note: null, label: 'x' },
      { key: 'x', value: 2, unit: 'ratio', effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31', source: 'B', status: 'law', note: null, label: 'x' },
    ]);
    expect(b.at('x', '2026-02-28').value).toBe(1);
    expect(b.at('x', '2026-03-01').value).toBe(2);
    expect(b.at('x', '2026-04-01').value).toBe(1);
    expect(b.segments('x', '2026-02-27', '2026-04-02').map((s) => [s.from, s.to, s.days, s.rule.value])).toEqual([
      ['2026-02-27', '2026-02-28', 2, 1],
      ['2026-03-01', '2026-03-31', 31, 2],
      ['2026-04-01', '2026-04-02', 2, 1],
    ]);
  });

  it('has the public holidays 2025–2031 with Tết and the sources', async () => {
    expect(book.holiday('2026-02-17')).toContain('Mùng 1');
    expect(book.holiday('2026-02-16')).toContain('Tết Nguyên đán');
    expect(book.holiday('2026-02-23')).toBeNull();
    expect(book.holiday('2030-02-02')).toContain('mùng 1'); // Vietnamese Tết Canh Tuất (UTC+7)
    expect(book.holiday('2025-09-02')).toContain('Quốc khánh');
    expect(book.holiday('2031-09-02')).toContain('Quốc khánh');
    expect(() => book.holiday('2032-01-01')).toThrow('Chưa có dữ liệu ngày nghỉ lễ năm 2032');
    const years = await database.pool.query(`SELECT extract(year FROM day)::int AS y, count(*) FILTER (WHERE name LIKE 'Tết Nguyên đán%')::int AS tet, bool_and(source <> '') AS sourced FROM public_holiday GROUP BY 1 ORDER BY 1`);
    expect(years.rows.map((r) => r.y)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031]);
    for (const r of years.rows) {
      expect(r.tet, String(r.y)).toBeGreaterThanOrEqual(4);
      expect(r.sourced).toBe(true);
    }
  });
});
