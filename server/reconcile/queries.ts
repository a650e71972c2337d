/**
 * Reading and working on findings: filtered lists (scoped by the caller's communes and the codes the role
 * may see), one finding with its action log, status changes and notes, the review queue of uncertain
 * person links, and batched reads for exports (keyset pagination, no per-row round trips).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ReviewResident } from '#shared/api/findings.ts';
import type { FindingRow } from './presenters.ts';

export interface FindingFilter {
  codes?: readonly string[] | null;
  /** null = whole province. */
  communes?: readonly string[] | null;
  statuses?: readonly string[] | null;
  /** Only findings raised by the latest run (default true). */
  presentOnly?: boolean;
  /** Text search in subject ID / name / related ID (case- and diacritic-insensitive on the name). */
  search?: string | null;
}

const COLUMNS = sql`f.id, f.code, f.subject_id, f.subject_name, f.subject_kind, f.commune_code, c.name AS commune_name, f.period::text AS period,
  f.related_id, f.amount_vnd, f.amounts, f.evidence, f.legal_basis, f.link_method, f.link_score, f.status, f.dismiss_reason,
  f.resolved_run_id, f.first_seen_at, f.updated_at`;

function where(filter: FindingFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.codes) parts.push(sql`f.code = ANY(${[...filter.codes]}::text[])`);
  if (filter.communes) parts.push(sql`f.commune_code = ANY(${[...filter.communes]}::text[])`);
  if (filter.statuses?.length) parts.push(sql`f.status = ANY(${[...filter.statuses]}::text[])`);
  if (filter.presentOnly !== false) parts.push(sql`f.resolved_run_id IS NULL`);
  if (filter.search) {
    const s = filter.search.trim();
    parts.push(sql`(f.subject_id = ${s} OR f.related_id = ${s} OR rc_fold(f.subject_name) LIKE '%' || rc_fold(${s}) || '%')`);
  }
  return sql.join(parts, sql` AND `);
}

/** The columns the list sorts by (the keys the API accepts: schema.ts FINDING_SORT_KEYS), each a fixed SQL expression. */
export const FINDING_SORTS = {
  code: sql`f.code`,
  subject: sql`f.subject_name`,
  commune: sql`c.name`,
  period: sql`f.period`,
  amount: sql`f.amount_vnd`,
  status: sql`array_position(ARRAY['new', 'open', 'resolved', 'dismissed'], f.status)`,
} as const;
export type FindingSort = { by: keyof typeof FINDING_SORTS; order: 'asc' | 'desc' };

export async function listFindings(db: Kysely<DB>, filter: FindingFilter, page = 1, pageSize = 50, sort?: FindingSort): Promise<{ total: number; rows: FindingRow[] }> {
  if (filter.codes?.length === 0 || filter.communes?.length === 0) return { total: 0, rows: [] };
  const w = where(filter);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM finding f WHERE ${w}`.execute(db);
  const order = sort
    ? sql`${FINDING_SORTS[sort.by]} ${sort.order === 'desc' ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`}, f.id`
    : sql`f.amount_vnd DESC, f.id`;
  const rows = await sql<FindingRow>`
    SELECT ${COLUMNS} FROM finding f LEFT JOIN commune c ON c.code = f.commune_code
     WHERE ${w}
     ORDER BY ${order}
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  return { total: Number(total.rows[0].n), rows: rows.rows };
}

/** Counts and amounts per commune and code of the findings matching `filter` (the list's own conditions). */
export async function countFindings(db: Kysely<DB>, filter: FindingFilter): Promise<Array<{ communeCode: string | null; code: string; count: number; amountVnd: number }>> {
  if (filter.codes?.length === 0 || filter.communes?.length === 0) return [];
  const r = await sql<{ commune_code: string | null; code: string; n: number; amount: string }>`
    SELECT f.commune_code, f.code, count(*)::int AS n, coalesce(sum(f.amount_vnd), 0)::bigint AS amount
      FROM finding f WHERE ${where(filter)} GROUP BY f.commune_code, f.code ORDER BY f.commune_code, f.code`.execute(db);
  return r.rows.map((x) => ({ communeCode: x.commune_code, code: x.code, count: Number(x.n), amountVnd: Number(x.amount) }));
}

/** Batches of findings for exports, in id order. */
export async function* findingBatches(db: Kysely<DB>, filter: FindingFilter, batchSize = 2000): AsyncGenerator<FindingRow[]> {
  if (filter.codes?.length === 0 || filter.communes?.length === 0) return;
  const w = where(filter);
  let after = 0;
  for (;;) {
    const r = await sql<FindingRow>`
      SELECT ${COLUMNS} FROM finding f LEFT JOIN commune c ON c.code = f.commune_code
       WHERE ${w} AND f.id > ${after} ORDER BY f.id LIMIT ${batchSize}`.execute(db);
    if (r.rows.length === 0) return;
    yield r.rows;
    after = Number(r.rows[r.rows.length - 1].id);
    if (r.rows.length < batchSize) return;
  }
}

export async function getFinding(db: Kysely<DB>, id: number): Promise<FindingRow | null> {
  const r = await sql<FindingRow>`SELECT ${COLUMNS} FROM finding f LEFT JOIN commune c ON c.code = f.commune_code WHERE f.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

export async function findingActions(db: Kysely<DB>, id: number) {
  const r = await sql<{ id: number; at: Date; username: string | null; run_id: number | null; action: string; from_status: string | null; to_status: string | null; note: string | null }>`
    SELECT id, at, username, run_id, action, from_status, to_status, note FROM finding_action WHERE finding_id = ${id} ORDER BY at, id`.execute(db);
  return r.rows;
}

export const STATUSES = ['new', 'open', 'resolved', 'dismissed'] as const;

/** Changes a finding's status (a dismissal needs a reason) and/or adds a note; both go to the action log. */
export async function updateFinding(
  db: Kysely<DB>,
  id: number,
  user: { id: number; username: string },
  change: { status?: (typeof STATUSES)[number]; reason?: string | null; note?: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const cur = await sql<{ status: string }>`SELECT status FROM finding WHERE id = ${id} FOR UPDATE`.execute(trx);
    if (!cur.rows[0]) return null;
    const from = cur.rows[0].status;
    if (change.status && change.status !== from) {
      await sql`UPDATE finding SET status = ${change.status}, dismiss_reason = ${change.status === 'dismissed' ? change.reason ?? null : null},
                       updated_at = now() WHERE id = ${id}`.execute(trx);
      await sql`INSERT INTO finding_action (finding_id, user_id, username, action, from_status, to_status, note)
                VALUES (${id}, ${user.id}, ${user.username}, 'status', ${from}, ${change.status}, ${change.reason ?? change.note ?? null})`.execute(trx);
    } else if (change.note) {
      await sql`INSERT INTO finding_action (finding_id, user_id, username, action, note)
                VALUES (${id}, ${user.id}, ${user.username}, 'note', ${change.note})`.execute(trx);
    }
    if (change.status && change.status !== from && change.note && change.reason && change.note !== change.reason) {
      await sql`INSERT INTO finding_action (finding_id, user_id, username, action, note)
                VALUES (${id}, ${user.id}, ${user.username}, 'note', ${change.note})`.execute(trx);
    }
    return { from, to: change.status ?? from };
  });
}

export interface ReviewRow {
  source: string;
  batch_id: number;
  row_no: number;
  record_key: string;
  raw_id: string | null;
  full_name: string;
  birth_date: string | null;
  birth_precision: string | null;
  sex: string | null;
  commune_code: string | null;
  score: number | null;
  candidates: Array<{ residentId: string; score: number; components: Record<string, number | boolean>; resident?: ReviewResident }>;
}

/** The uncertain person links of the latest run, with the candidates' population records, scoped by commune. */
export async function reviewQueue(db: Kysely<DB>, communes: readonly string[] | null, page = 1, pageSize = 50, recordKey?: string) {
  if (communes && communes.length === 0) return { total: 0, rows: [] as ReviewRow[] };
  const only = recordKey ? sql`AND l.record_key = ${recordKey}` : sql``;
  const scope = communes
    ? sql`AND (l.commune_code = ANY(${[...communes]}::text[]) OR EXISTS (
            SELECT 1 FROM jsonb_array_elements(l.candidates) c JOIN rc_resident r ON r.person_id = c->>'residentId'
             WHERE r.commune_code = ANY(${[...communes]}::text[])))`
    : sql``;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person_link l WHERE l.status = 'review' ${scope} ${only}`.execute(db);
  const rows = await sql<ReviewRow>`
    SELECT l.source, l.batch_id, l.row_no, l.record_key, l.raw_id, l.full_name, l.birth_date::text AS birth_date, l.birth_precision, l.sex,
           l.commune_code, l.score,
           (SELECT coalesce(jsonb_agg(c || jsonb_build_object('resident', jsonb_build_object('personId', r.person_id, 'name', r.full_name,
                     'birthDate', r.birth_date, 'birthPrecision', r.birth_precision, 'sex', r.sex, 'commune', r.commune_code))
                   ORDER BY (c->>'score')::numeric DESC), '[]'::jsonb)
              FROM jsonb_array_elements(l.candidates) c JOIN rc_resident r ON r.person_id = c->>'residentId') AS candidates
      FROM person_link l
     WHERE l.status = 'review' ${scope} ${only}
     ORDER BY l.score DESC NULLS LAST, l.source, l.batch_id, l.row_no
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  return { total: Number(total.rows[0].n), rows: rows.rows };
}

/**
 * Records a reviewer's decision on an uncertain link (a record still in review). It is kept by record_key (survives
 * re-runs and re-imports); an accepted link takes effect at once in person_link and in the next run's findings.
 */
export async function decideReview(
  db: Kysely<DB>,
  user: { id: number | null; username: string },
  d: { recordKey: string; residentId: string; decision: 'accepted' | 'rejected'; note?: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const link = await sql<{ commune_code: string | null; candidates: Array<{ residentId: string }> }>`
      SELECT commune_code, candidates FROM person_link WHERE record_key = ${d.recordKey} AND status = 'review' LIMIT 1`.execute(trx);
    if (!link.rows[0]) return null;
    if (!link.rows[0].candidates.some((c) => c.residentId === d.residentId)) return { error: 'not_a_candidate' as const };
    await sql`INSERT INTO person_link_review (record_key, resident_id, decision, decided_by, decided_by_name, note)
              VALUES (${d.recordKey}, ${d.residentId}, ${d.decision}, ${user.id}, ${user.username}, ${d.note ?? null})
              ON CONFLICT (record_key, resident_id) DO UPDATE SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by,
                decided_by_name = EXCLUDED.decided_by_name, decided_at = now(), note = EXCLUDED.note`.execute(trx);
    if (d.decision === 'accepted') {
      await sql`UPDATE person_link SET status = 'linked', method = 'review_accepted', resident_id = ${d.residentId}
                 WHERE record_key = ${d.recordKey} AND status = 'review'`.execute(trx);
    } else {
      // Rejected: drop the candidate; with no candidate left the record is unlinked.
      await sql`UPDATE person_link SET candidates = (SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM jsonb_array_elements(candidates) c
                                                      WHERE c->>'residentId' <> ${d.residentId}),
                       status = CASE WHEN jsonb_array_length(candidates) <= 1 THEN 'unlinked' ELSE status END
                 WHERE record_key = ${d.recordKey} AND status = 'review'`.execute(trx);
    }
    return { communeCode: link.rows[0].commune_code };
  });
}
