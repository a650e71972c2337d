/**
 * Loads the law as data (`legal_param`, `public_holiday`) into a pure RuleBook: the one lookup of a legal parameter
 * by key and date. Every caller (calculators, reconciliation, progress, cases, the rules page) asks the book; none
 * selects from `legal_param` by date itself.
 */
import { Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RuleBook, type LegalRule, type RuleStatus } from '#shared/calc/rulebook.ts';

/** Shown for a rule added without a Vietnamese name (every rule of reference/legal-param-labels.csv has one). */
export const UNNAMED_RULE = 'Tham số pháp lý chưa có tên';

export { RuleBook, RuleMissingError, RuleRecorder, type LegalRule, type RuleRef, type UsedRule } from '#shared/calc/rulebook.ts';

/** A plain connection (a pg client or pool, as reconciliation holds inside its transaction). */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

const RULES_SQL = 'SELECT key, value, unit, effective_from, effective_to, source, status, note, label FROM legal_param';
const HOLIDAYS_SQL = 'SELECT day, name FROM public_holiday';

interface RuleRow {
  key: string; value: number | string; unit: string; effective_from: string; effective_to: string | null;
  source: string; status: RuleStatus; note: string | null; label: string | null;
}

/** A row of `legal_param` as the book holds it. */
export function ruleFromRow(r: RuleRow): LegalRule {
  return {
    key: r.key,
    value: Number(r.value),
    unit: r.unit,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    source: r.source,
    status: r.status,
    note: r.note,
    label: r.label ?? UNNAMED_RULE,
  };
}

/** The rule book of the database, through Kysely (or a transaction) or a plain client. */
export async function loadRuleBook(source: Kysely<DB> | SqlClient): Promise<RuleBook> {
  let rows: RuleRow[];
  let holidays: Array<{ day: string; name: string }>;
  if (source instanceof Kysely) {
    [rows, holidays] = await Promise.all([
      sql.raw<RuleRow>(RULES_SQL).execute(source).then((r) => r.rows),
      sql.raw<{ day: string; name: string }>(HOLIDAYS_SQL).execute(source).then((r) => r.rows),
    ]);
  } else {
    // One statement after the other: a client inside a transaction runs one at a time anyway.
    rows = (await source.query(RULES_SQL)).rows;
    holidays = (await source.query(HOLIDAYS_SQL)).rows;
  }
  return new RuleBook(rows.map(ruleFromRow), holidays);
}
