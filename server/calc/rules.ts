/** Loads the law as data (`legal_param`, `public_holiday`) into a pure RuleBook. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RuleBook, type LegalRule, type RuleRef } from '#shared/calc/rulebook.ts';

/** Shown for a rule added without a Vietnamese name (every rule of reference/legal-param-labels.csv has one). */
const UNNAMED_RULE = 'Tham số pháp lý chưa có tên';

export { RuleBook, RuleMissingError, RuleRecorder, type RuleRef, type UsedRule } from '#shared/calc/rulebook.ts';

export async function loadRuleBook(db: Kysely<DB>): Promise<RuleBook> {
  const [rows, holidays] = await Promise.all([
    db.selectFrom('legal_param').select(['key', 'value', 'unit', 'effective_from', 'effective_to', 'source', 'status', 'note', 'label']).execute(),
    db.selectFrom('public_holiday').select(['day', 'name']).execute(),
  ]);
  const rules: LegalRule[] = rows.map((r) => ({
    key: r.key,
    value: Number(r.value),
    unit: r.unit,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    source: r.source,
    status: r.status,
    note: r.note,
    label: r.label ?? UNNAMED_RULE,
  }));
  return new RuleBook(rules, holidays);
}

/** The one row of `key` in force at `date` (as a calculation would use it), or null. */
export async function ruleInForce(db: Kysely<DB>, key: string, date: string): Promise<RuleRef | null> {
  const r = await db
    .selectFrom('legal_param')
    .select(['key', 'label', 'value', 'unit', 'effective_from', 'effective_to', 'source', 'status'])
    .where('key', '=', key)
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('effective_from', 'desc')
    .executeTakeFirst();
  return r ? { key: r.key, label: r.label ?? UNNAMED_RULE, value: Number(r.value), unit: r.unit, source: r.source, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, status: r.status } : null;
}
