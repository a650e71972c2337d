/**
 * The legal parameters (table legal_param, effective-dated) and settings (reconcile_setting) a run uses.
 * Nothing here is a legal figure: every value is read from the database through the rule book
 * (server/calc/rules.ts), and the run records which rows (key, value, effective_from, source) it used.
 */
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Queryable } from './sql.ts';
import { HttpError } from '../http/errors.ts';
import { loadRuleBook, type RuleBook } from '../calc/rules.ts';

export interface ParamValue { key: string; value: number; effectiveFrom: string; source: string; status: string }

export interface RunParams {
  asOf: string;
  period: string;
  /** Parameters effective on as_of (deadlines, interest, fines, ages, voluntary support). */
  atAsOf: Map<string, ParamValue>;
  /** Parameters effective on the first day of P (wage floors and contribution rates of month P's wages). */
  atPeriod: Map<string, ParamValue>;
  settings: Map<string, number>;
}

/** Keys read at as_of. */
export const AS_OF_KEYS = [
  'late.interest_per_day', 'late.evasion_days', 'contribution.due_months_after',
  'fine.late.min_rate', 'fine.late.max_rate', 'fine.late.cap',
  'fine.unpaid_all.min_rate', 'fine.unpaid_all.max_rate', 'fine.unpaid_all.cap',
  'fine.evasion.min', 'fine.evasion.max', 'fine.organisation_multiplier',
  'criminal.min_months', 'criminal.amount_min', 'criminal.amount_max', 'criminal.workers_min', 'criminal.workers_max',
  'retirement_age_months.M', 'retirement_age_months.F', 'voluntary.min_age_years',
  'rate.voluntary', 'rural_poverty_line',
  'voluntary.support_rate.poor', 'voluntary.support_rate.near_poor', 'voluntary.support_rate.ethnic_minority', 'voluntary.support_rate.other',
] as const;

/** Keys read on the first day of P. */
export const PERIOD_KEYS = [
  'regional_min_wage.I', 'regional_min_wage.II', 'regional_min_wage.III', 'regional_min_wage.IV',
  'reference_level', 'mandatory.base_cap_multiple',
  'rate.household_owner.si', 'rate.household_owner.health',
] as const;

/** Contribution-rate prefixes summed for estimated mandatory contributions (all funds, employer + employee). */
export const RATE_PREFIXES = ['rate.employee.', 'rate.employer.'] as const;

export const SETTING_KEYS = ['link.upper', 'link.lower', 'link.margin', 'link.id_weight', 'link.slip_edits', 'kcn.min_gap_workers', 'kcn.min_gap_ratio', 'wage.min_income_ratio'] as const;

/** The rules in force at date, by key, as the run records them. */
function paramsAt(book: RuleBook, date: string): Map<string, ParamValue> {
  return new Map(book.inForce(date).map((r) => [r.key, { key: r.key, value: r.value, effectiveFrom: r.effectiveFrom, source: r.source, status: r.status }]));
}

export async function loadRunParams(q: Queryable, asOf: string, period: string): Promise<RunParams> {
  const book = await loadRuleBook(q);
  const atAsOf = paramsAt(book, asOf);
  const atPeriod = paramsAt(book, period);
  const missing = [
    ...AS_OF_KEYS.filter((k) => !atAsOf.has(k)).map((k) => `${k} (ngày ${asOf})`),
    ...PERIOD_KEYS.filter((k) => !atPeriod.has(k)).map((k) => `${k} (kỳ ${period.slice(0, 7)})`),
  ];
  if (![...atPeriod.keys()].some((k) => k.startsWith('rate.employee.'))) missing.push(`rate.employee.* (kỳ ${period.slice(0, 7)})`);
  if (![...atPeriod.keys()].some((k) => k.startsWith('rate.employer.'))) missing.push(`rate.employer.* (kỳ ${period.slice(0, 7)})`);
  if (missing.length) {
    throw new HttpError(409, `Thiếu tham số pháp lý trong bảng legal_param: ${missing.join(', ')}. Hãy chạy "baophu db migrate" hoặc bổ sung reference/legal-params.csv.`);
  }
  const { rows } = await q.query<Pick<Selectable<DB['reconcile_setting']>, 'key' | 'value'>>('SELECT key, value FROM reconcile_setting');
  const settings = new Map(rows.map((r) => [r.key, r.value]));
  for (const k of SETTING_KEYS) if (!settings.has(k)) throw new HttpError(409, `Thiếu thiết lập đối soát "${k}" trong bảng reconcile_setting.`);
  return { asOf, period, atAsOf, atPeriod, settings };
}

export const val = (m: Map<string, ParamValue>, key: string): number => {
  const p = m.get(key);
  if (!p) throw new HttpError(409, `Thiếu tham số pháp lý "${key}".`);
  return p.value;
};

/** Sum of all employee and employer contribution rates effective for P (estimated contributions). */
export function mandatoryRateTotal(p: RunParams): number {
  let total = 0;
  for (const [k, v] of p.atPeriod) if (RATE_PREFIXES.some((prefix) => k.startsWith(prefix))) total += v.value;
  return Math.round(total * 1e6) / 1e6;
}

/** What the run used, for the run record and the explanation of amounts. */
export function describeParams(p: RunParams) {
  const pick = (m: Map<string, ParamValue>, filter: (k: string) => boolean) =>
    [...m.values()].filter((v) => filter(v.key)).map((v) => ({ key: v.key, value: v.value, effectiveFrom: v.effectiveFrom, source: v.source, status: v.status }));
  return {
    atAsOf: pick(p.atAsOf, (k) => (AS_OF_KEYS as readonly string[]).includes(k)),
    atPeriod: pick(p.atPeriod, (k) => (PERIOD_KEYS as readonly string[]).includes(k) || RATE_PREFIXES.some((x) => k.startsWith(x))),
    settings: Object.fromEntries(p.settings),
  };
}
