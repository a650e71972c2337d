/**
 * Data-sharing compliance (issue 14 part 5): the expected deliveries of the delivery calendar against import_batch
 * — delivered on time, late or missing per period — and the quality of what arrived: rows rejected, share of valid
 * personal IDs (the rule of rc_pid_problems, the SQL twin of shared/identity/personal-id.ts), share of person
 * records linked to the population extract by the last reconciliation (person_link), and share of rows changed
 * since the previous delivery of the kind (key + content hash, set-based).
 */
import type { DeliveryAnswer } from '#shared/api/directive.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { KINDS } from '../ingest/kinds.ts';
import { FILE_KINDS, type FileKind } from '#shared/auth/roles.ts';
import { todayVn } from '#shared/calc/dates.ts';
import {
  deliveryState, expectedPeriods, periodStartOfBatch, periodName, type DeliveryFrequency,
} from '#shared/directive/deliveries.ts';

/** Columns of a kind's rows that carry a personal ID, with the birth date and sex it is checked against. */
const PERSON_ID_COLUMNS: Partial<Record<FileKind, { id: string; birth: string | null; sex: string | null }>> = {
  'dan-cu': { id: 'person_id', birth: 'birth_date', sex: 'sex' },
  'ho-ngheo': { id: 'person_id', birth: 'birth_date', sex: null },
  'thue-tncn': { id: 'person_id', birth: null, sex: null },
  'bhxh-nguoi': { id: 'person_id', birth: 'birth_date', sex: 'sex' },
  'bhxh-huong': { id: 'person_id', birth: 'birth_date', sex: null },
  'bhtn-huong': { id: 'person_id', birth: 'birth_date', sex: null },
};

/** Kinds whose person records the reconciliation links to the population extract (person_link.source). */
const LINKED_KINDS: ReadonlySet<FileKind> = new Set(['bhxh-nguoi', 'bhxh-huong', 'bhtn-huong', 'ho-ngheo']);

/**
 * What identifies a row across deliveries: the duplicate key of server/ingest/kinds.ts without the period (a
 * participant of September and the same participant of October are the same row).
 */
const CHANGE_KEY: Record<FileKind, string[]> = {
  'dan-cu': ['person_id'],
  'ho-ngheo': ['person_id'],
  'lao-dong': ['commune_code'],
  'dn-thue': ['tax_code'],
  'thue-tncn': ['payer_tax_code', 'person_id'],
  'bhxh-don-vi': ['unit_code'],
  'bhxh-thu': ['unit_code'],
  'bhxh-nguoi': ['person_id', 'bhxh_code', 'scheme', 'unit_code', 'from_period'],
  'bhxh-huong': ['person_id', 'benefit_type'],
  'bhtn-huong': ['decision_no'],
  'kcn-lao-dong': ['tax_code'],
  'chi-tieu': ['commune_code'],
};

/** The row's values without the period (which differs between deliveries by design). */
function contentColumns(kind: FileKind): string[] {
  const spec = KINDS[kind];
  return spec.db.map(([c]) => c).filter((c) => c !== spec.period?.column);
}

/** A delivery as computed here; the presenter adds the labels of the API answer (shared/api/directive.ts). */
export type DeliveryRow = Omit<DeliveryAnswer, 'frequencyLabel' | 'periodLabel' | 'stateLabel'>;

interface BatchQuality {
  validIdShare: number | null;
  linkedShare: number | null;
  changedShare: number | null;
  previousBatchId: number | null;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const ident = (name: string) => sql.ref(name);

/** Valid-ID shares of the given batches of one kind (one statement). */
async function validIdShares(db: Kysely<DB>, kind: FileKind, ids: number[]): Promise<Map<number, number | null>> {
  const cols = PERSON_ID_COLUMNS[kind];
  const out = new Map<number, number | null>();
  if (!cols || !ids.length) return out;
  const birth = cols.birth ? ident(cols.birth) : sql`NULL::date`;
  const sex = cols.sex ? ident(cols.sex) : sql`NULL::text`;
  const { rows } = await sql<{ batch_id: number; total: number; valid: number }>`
    SELECT batch_id, count(*)::int AS total,
           count(*) FILTER (WHERE cardinality(rc_pid_problems(${ident(cols.id)}, ${birth}, ${sex})) = 0)::int AS valid
    FROM ${sql.table(KINDS[kind].table)} WHERE batch_id = ANY(${ids}::bigint[]) GROUP BY batch_id`.execute(db);
  for (const r of rows) out.set(r.batch_id, share(r.valid, r.total));
  return out;
}

/** Linked shares from the last reconciliation (null for a batch it did not see). */
async function linkedShares(db: Kysely<DB>, kind: FileKind, ids: number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (!LINKED_KINDS.has(kind) || !ids.length) return out;
  const { rows } = await sql<{ batch_id: number; total: number; linked: number }>`
    SELECT batch_id, count(*)::int AS total, count(*) FILTER (WHERE status = 'linked')::int AS linked
    FROM person_link WHERE source = ${kind} AND batch_id = ANY(${ids}::bigint[]) GROUP BY batch_id`.execute(db);
  for (const r of rows) out.set(r.batch_id, share(r.linked, r.total));
  return out;
}

/**
 * The previous delivery of each batch: the latest earlier batch of the kind (not of a later period) that was
 * current when this one arrived — still current, or replaced by this very batch.
 */
async function previousBatches(db: Kysely<DB>, kind: FileKind, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!ids.length) return out;
  const { rows } = await sql<{ id: number; previous: number | null }>`
    SELECT b.id, (SELECT p.id FROM import_batch p
                  WHERE p.kind = b.kind AND p.id < b.id AND (p.is_current OR p.replaced_by = b.id)
                    AND (p.period IS NULL OR b.period IS NULL OR p.period <= b.period)
                  ORDER BY p.id DESC LIMIT 1) AS previous
    FROM import_batch b WHERE b.kind = ${kind} AND b.id = ANY(${ids}::bigint[])`.execute(db);
  for (const r of rows) if (r.previous !== null) out.set(r.id, r.previous);
  return out;
}

/** Share of each batch's rows whose key and content were not in its previous delivery (one statement). */
async function changedShares(db: Kysely<DB>, kind: FileKind, pairs: Map<number, number>): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (!pairs.size) return out;
  const table = sql.table(KINDS[kind].table);
  const row = (alias: string, cols: string[]) => sql.join(cols.map((c) => sql.ref(`${alias}.${c}`)));
  const key = CHANGE_KEY[kind];
  const content = contentColumns(kind);
  const { rows } = await sql<{ batch_id: number; total: number; changed: number }>`
    WITH pair AS (SELECT * FROM unnest(${[...pairs.keys()]}::bigint[], ${[...pairs.values()]}::bigint[]) AS t(b, p)),
    old AS (
      SELECT pair.b, md5(ROW(${row('o', key)})::text) AS k, md5(ROW(${row('o', content)})::text) AS h
      FROM ${table} o JOIN pair ON o.batch_id = pair.p
    )
    SELECT n.batch_id, count(*)::int AS total,
           count(*) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM old WHERE old.b = n.batch_id
               AND old.k = md5(ROW(${row('n', key)})::text) AND old.h = md5(ROW(${row('n', content)})::text)))::int AS changed
    FROM ${table} n JOIN pair ON n.batch_id = pair.b
    GROUP BY n.batch_id`.execute(db);
  for (const r of rows) out.set(r.batch_id, share(r.changed, r.total));
  return out;
}

/** Quality figures of the given batches of one kind. */
export async function batchQuality(db: Kysely<DB>, kind: FileKind, ids: number[]): Promise<Map<number, BatchQuality>> {
  const previous = await previousBatches(db, kind, ids);
  const [valid, linked, changed] = await Promise.all([validIdShares(db, kind, ids), linkedShares(db, kind, ids), changedShares(db, kind, previous)]);
  const out = new Map<number, BatchQuality>();
  for (const id of ids) {
    out.set(id, {
      validIdShare: valid.get(id) ?? null,
      linkedShare: linked.get(id) ?? null,
      changedShare: previous.has(id) ? changed.get(id) ?? 0 : null,
      previousBatchId: previous.get(id) ?? null,
    });
  }
  return out;
}

export interface DeliveryOptions {
  year: number;
  /** The day the states are judged on (VN date, default today); batches imported after it are not yet delivered. */
  asOf?: string;
  /** Only these agencies (a body reads its own); undefined = all. */
  agencies?: readonly string[];
}

/** Every expected delivery of the year with its state and the quality of what arrived. */
export async function deliveryRows(database: Database | { db: Kysely<DB> }, options: DeliveryOptions): Promise<DeliveryRow[]> {
  const db = database.db;
  const asOf = options.asOf ?? todayVn();
  let query = db.selectFrom('delivery_calendar as c').innerJoin('agency as a', 'a.code', 'c.agency_code')
    .select(['c.agency_code', 'a.name as agency_name', 'c.kind', 'c.frequency', 'c.due_day', 'c.due_month_offset'])
    .where('c.active', '=', true);
  if (options.agencies) {
    if (!options.agencies.length) return [];
    query = query.where('c.agency_code', 'in', options.agencies);
  }
  const calendar = (await query.execute()).filter((c) => (FILE_KINDS as readonly string[]).includes(c.kind));
  // Candidate batches: any that may deliver a period of the year (snapshots without a period up to a year later).
  const batches = calendar.length
    ? await db.selectFrom('import_batch').select(['id', 'kind', 'period', 'imported_at', 'rows_total', 'rows_rejected'])
      .where('kind', 'in', calendar.map((c) => c.kind))
      .where((eb) => eb.or([
        eb.and([eb('period', '>=', `${options.year}-01-01`), eb('period', '<=', `${options.year}-12-31`)]),
        eb.and([eb('period', 'is', null), eb('imported_at', '>=', new Date(Date.UTC(options.year, 0, 1) - 7 * 3_600_000)), eb('imported_at', '<', new Date(Date.UTC(options.year + 2, 0, 1)))]),
      ]))
      .orderBy('id').execute()
    : [];
  const rows: DeliveryRow[] = [];
  for (const c of calendar) {
    const kind = c.kind as FileKind;
    const frequency = c.frequency as DeliveryFrequency;
    const byPeriod = new Map<string, typeof batches>();
    for (const b of batches) {
      if (b.kind !== kind) continue;
      const importedOn = todayVn(new Date(b.imported_at));
      if (importedOn > asOf) continue;
      const start = periodStartOfBatch(frequency, b.period, importedOn);
      const list = byPeriod.get(start) ?? [];
      list.push(b);
      byPeriod.set(start, list);
    }
    const periods = expectedPeriods(options.year, frequency, c.due_day, c.due_month_offset);
    const latest = periods.map((p) => byPeriod.get(p.start)?.at(-1)?.id).filter((id): id is number => id !== undefined);
    const quality = await batchQuality(db, kind, latest);
    for (const p of periods) {
      const delivered = byPeriod.get(p.start) ?? [];
      const first = delivered.reduce<(typeof batches)[number] | null>((a, b) => (a === null || new Date(b.imported_at) < new Date(a.imported_at) ? b : a), null);
      const last = delivered.at(-1) ?? null;
      const deliveredOn = first ? todayVn(new Date(first.imported_at)) : null;
      const q = last ? quality.get(last.id) : undefined;
      rows.push({
        agency: c.agency_code,
        agencyName: c.agency_name,
        kind,
        kindLabel: KINDS[kind].label,
        frequency,
        period: periodName(frequency, p.start),
        dueDate: p.due,
        deliveredAt: first ? new Date(first.imported_at).toISOString() : null,
        deliveredOn,
        state: deliveryState(p.due, deliveredOn, asOf),
        batches: delivered.length,
        batchId: last?.id ?? null,
        rows: last?.rows_total ?? null,
        rejected: last?.rows_rejected ?? null,
        validIdShare: q?.validIdShare ?? null,
        linkedShare: q?.linkedShare ?? null,
        changedShare: q?.changedShare ?? null,
        previousBatchId: q?.previousBatchId ?? null,
      });
    }
  }
  return rows;
}
