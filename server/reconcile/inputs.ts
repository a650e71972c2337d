/**
 * What a reconciliation's result depends on, as one fingerprint: the run's date and period, the legal parameters and
 * settings it used, the current import batch of every source kind the checks read, the reviewers' link decisions, the
 * communes (wage regions), the database schema and the code of the linkage and the checks. Two runs with the same
 * fingerprint produce the same findings, so a run on unchanged inputs reuses the previous one (service.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Queryable } from './sql.ts';
import type { FileKind } from '#shared/auth/roles.ts';

/** Source kinds whose rows the linkage or a check reads (lao-dong and chi-tieu feed progress only). */
export const RECONCILE_SOURCE_KINDS: readonly FileKind[] = [
  'dan-cu', 'ho-ngheo', 'dn-thue', 'thue-tncn', 'bhxh-don-vi', 'bhxh-thu', 'bhxh-nguoi', 'bhxh-huong', 'bhtn-huong', 'kcn-lao-dong',
];

/** The modules whose code decides the findings: a change in any of them must not reuse an older run. */
const LOGIC_MODULES = ['./linkage.ts', './checks.ts', './service.ts', './params.ts', '../../shared/identity/compare.ts', '../../shared/identity/match.ts'];

let logicHash: string | null = null;
function reconcileLogicHash(): string {
  if (logicHash === null) {
    const h = createHash('sha256');
    for (const m of LOGIC_MODULES) h.update(readFileSync(new URL(m, import.meta.url)));
    logicHash = h.digest('hex');
  }
  return logicHash;
}

/** The fingerprint of a run's inputs (`params` = describeParams of the run's parameters). */
export async function runInputsFingerprint(q: Queryable, asOf: string, period: string, params: unknown): Promise<string> {
  const { rows } = await q.query(
    `SELECT (SELECT string_agg(id::text || ':' || kind, ',' ORDER BY id) FROM import_batch WHERE is_current AND kind = ANY($1::text[])) AS batches,
            (SELECT md5(string_agg(record_key || '>' || resident_id || '=' || decision, ',' ORDER BY record_key, resident_id)) FROM person_link_review) AS reviews,
            (SELECT md5(string_agg(c::text, ',' ORDER BY c.code)) FROM commune c) AS communes,
            (SELECT max(name) FROM schema_migrations) AS schema`,
    [RECONCILE_SOURCE_KINDS],
  );
  const r = rows[0] as { batches: string | null; reviews: string | null; communes: string | null; schema: string | null };
  return createHash('sha256')
    .update(JSON.stringify({ asOf, period, params, batches: r.batches, reviews: r.reviews, communes: r.communes, schema: r.schema, logic: reconcileLogicHash() }))
    .digest('hex');
}
