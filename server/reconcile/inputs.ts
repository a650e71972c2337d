/**
 * What a reconciliation's result depends on: the run's date and period, the legal parameters and settings it used,
 * the reviewers' link decisions, the communes (wage regions), the database schema and the code of the linkage and the
 * checks (the context), and the current import batches of every source kind the checks read. Two runs with the same
 * inputs produce the same findings, so a run on unchanged inputs reuses the previous one, and a run where only a kind
 * whose checks can be redone alone changed redoes just those checks (service.ts).
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
const LOGIC_MODULES = [
  'server/reconcile/linkage.ts', 'server/reconcile/checks.ts', 'server/reconcile/service.ts', 'server/reconcile/params.ts',
  'shared/identity/compare.ts', 'shared/identity/match.ts',
];
/** The project's root directory (this module is server/reconcile/inputs.ts). */
const PROJECT_ROOT = new URL('../../', import.meta.url);

let logicHash: string | null = null;
function reconcileLogicHash(): string {
  if (logicHash === null) {
    const h = createHash('sha256');
    for (const m of LOGIC_MODULES) h.update(readFileSync(new URL(m, PROJECT_ROOT)));
    logicHash = h.digest('hex');
  }
  return logicHash;
}

export interface RunInputs {
  /** Everything but the batches, hashed. */
  context: string;
  /** The current batch ids of each source kind the checks read. */
  batches: Partial<Record<FileKind, number[]>>;
  /** context + batches, hashed: equal hashes, equal findings. */
  hash: string;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The inputs of a run (`params` = describeParams of the run's parameters). */
export async function runInputs(q: Queryable, asOf: string, period: string, params: unknown): Promise<RunInputs> {
  const { rows } = await q.query(
    `SELECT (SELECT coalesce(jsonb_object_agg(kind, ids), '{}'::jsonb) FROM (
               SELECT kind, jsonb_agg(id ORDER BY id) AS ids FROM import_batch WHERE is_current AND kind = ANY($1::text[]) GROUP BY kind) b) AS batches,
            (SELECT md5(string_agg(record_key || '>' || resident_id || '=' || decision, ',' ORDER BY record_key, resident_id)) FROM person_link_review) AS reviews,
            (SELECT md5(string_agg(c::text, ',' ORDER BY c.code)) FROM commune c) AS communes,
            (SELECT max(name) FROM schema_migrations) AS schema`,
    [RECONCILE_SOURCE_KINDS],
  );
  const r = rows[0] as { batches: Record<string, Array<number | string>>; reviews: string | null; communes: string | null; schema: string | null };
  const batches = Object.fromEntries(RECONCILE_SOURCE_KINDS.filter((k) => r.batches[k]).map((k) => [k, r.batches[k].map(Number)])) as RunInputs['batches'];
  const context = sha256({ asOf, period, params, reviews: r.reviews, communes: r.communes, schema: r.schema, logic: reconcileLogicHash() });
  return { context, batches, hash: sha256({ context, batches }) };
}

/** The source kinds whose current batches differ between two runs' inputs. */
export function changedKinds(before: Pick<RunInputs, 'batches'>, after: Pick<RunInputs, 'batches'>): FileKind[] {
  return RECONCILE_SOURCE_KINDS.filter((k) => JSON.stringify(before.batches[k] ?? []) !== JSON.stringify(after.batches[k] ?? []));
}
