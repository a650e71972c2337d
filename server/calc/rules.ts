/** Loads the law as data (`legal_param`, `public_holiday`) into a pure RuleBook. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RuleBook, type LegalRule } from '#shared/calc/rulebook.ts';

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
    label: r.label ?? 'Tham số pháp lý chưa có tên',
  }));
  return new RuleBook(rules, holidays);
}
