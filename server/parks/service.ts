/**
 * Industrial parks (KCN) and clusters (CCN) with the employers in them (view park_employer, migration 0064):
 * workers reported to the park board against workers insured, contribution arrears, open findings, and the
 * enforcement cases (server/cases, table work_case) of those employers that the user may read (parkCases).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Database } from '../db/connect.ts';
import { canSeePark, mayReadCases, roleOf, type SessionUser } from '../auth/policies.ts';
import { HttpError } from '../http/errors.ts';
import { PERSON_CODES } from '../reconcile/presenters.ts';
import { caseScope, LIST_COLUMNS, loadWorkflow, soonLimitFor, todayVn, type CaseListRow } from '../cases/service.ts';
import type { Workflow } from '../cases/rules.ts';

export interface ParkRow {
  code: string;
  name: string;
  kind: 'KCN' | 'CCN';
  areaHa: number | null;
  certainty: string | null;
  note: string | null;
  communes: string[];
}

export interface ParkEmployerRow {
  park_code: string;
  tax_code: string | null;
  unit_code: string | null;
  name: string;
  commune_code: string | null;
  report_period: string | null;
  reported_workers: number | null;
  insured_workers: number | null;
  arrears_vnd: number;
  findings: number;
  linked_by: string;
}

/** Every park with its communes (reference data, no personal data). */
export async function allParks(db: Kysely<DB>): Promise<ParkRow[]> {
  const rows = await db
    .selectFrom('industrial_park as p')
    .select(['p.code', 'p.name', 'p.kind', 'p.area_ha', 'p.certainty', 'p.note'])
    .select(sql<string[]>`coalesce((SELECT array_agg(c.commune_code ORDER BY c.commune_code) FROM industrial_park_commune c WHERE c.park_code = p.code), '{}')`.as('communes'))
    .orderBy('p.kind')
    .orderBy('p.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, areaHa: r.area_ha == null ? null : Number(r.area_ha), certainty: r.certainty, note: r.note, communes: r.communes }));
}

/** The parks the user may read (policy: canSeePark). */
export async function visibleParks(db: Kysely<DB>, user: SessionUser): Promise<ParkRow[]> {
  return (await allParks(db)).filter((p) => canSeePark(user, p));
}

/**
 * The employers of the given parks: reported workers (latest park-board report), insured workers (latest
 * contribution month), arrears (due minus paid over the current contribution rows), open findings of the codes
 * the user's role sees.
 */
export async function parkEmployers(db: Kysely<DB>, user: SessionUser, parkCodes: string[]): Promise<ParkEmployerRow[]> {
  if (!parkCodes.length) return [];
  const findingCodes = [...roleOf(user).findings];
  const { rows } = await sql<ParkEmployerRow>`
    WITH thu AS (
      SELECT unit_code,
             (array_agg(workers ORDER BY period DESC))[1] AS insured_workers,
             sum(greatest(amount_due - amount_paid, 0)) AS arrears_vnd
        FROM cur_bhxh_thu GROUP BY unit_code
    )
    SELECT pe.park_code, pe.tax_code, pe.unit_code, pe.name, pe.commune_code, pe.report_period::text AS report_period,
           pe.reported_workers, t.insured_workers, coalesce(t.arrears_vnd, 0)::bigint AS arrears_vnd, pe.linked_by,
           (SELECT count(*) FROM finding f
             WHERE f.resolved_run_id IS NULL AND f.status IN ('new', 'open') AND f.code = ANY(${findingCodes}::text[])
               AND (f.subject_id = pe.tax_code OR f.subject_id = pe.unit_code OR f.related_id = pe.unit_code))::int AS findings
      FROM park_employer pe
      LEFT JOIN thu t ON t.unit_code = pe.unit_code
     WHERE pe.park_code = ANY(${parkCodes}::text[])
     ORDER BY pe.park_code, pe.name`.execute(db);
  return rows.map((r) => ({
    ...r,
    reported_workers: r.reported_workers == null ? null : Number(r.reported_workers),
    insured_workers: r.insured_workers == null ? null : Number(r.insured_workers),
    arrears_vnd: Number(r.arrears_vnd),
    findings: Number(r.findings),
  }));
}

/** The most cases a park page lists (most urgent first); the summary counts them all. */
export const PARK_CASES_LIMIT = 500;

export interface ParkCases {
  rows: CaseListRow[];
  summary: { total: number; open: number; closed: number; overdue: number; recoveredVnd: number };
  workflow: Workflow;
  today: string;
  soonLimit: string;
}

/**
 * The cases of a park's employers: enforcement cases whose subject or related party is one of the employers' tax or
 * unit codes (the codes findings name them by), never a person's case (a worker named in an employer's finding).
 * Read under the cases' own scope (caseScope: the account's communes, its role's codes and stages). Null when the
 * role reads no cases at all (neither 'cases.work' nor 'cases.read'): the park page then has no cases section.
 */
export async function parkCases(database: Database, user: SessionUser, employers: Pick<ParkEmployerRow, 'tax_code' | 'unit_code'>[], today = todayVn()): Promise<ParkCases | null> {
  if (!mayReadCases(user)) return null;
  const workflow = await loadWorkflow(database);
  const soonLimit = await soonLimitFor(database, today);
  const keys = [...new Set(employers.flatMap((e) => [e.tax_code, e.unit_code]).filter((k): k is string => !!k))];
  const empty = { total: 0, open: 0, closed: 0, overdue: 0, recoveredVnd: 0 };
  if (!keys.length) return { rows: [], summary: empty, workflow, today, soonLimit };
  const params: unknown[] = [];
  const scope = caseScope(workflow, user, { types: ['enforcement'] }, today, params);
  params.push(keys, [...PERSON_CODES], today);
  const n = params.length;
  const where = `${scope} AND (c.subject_id = ANY($${n - 2}::text[]) OR c.related_id = ANY($${n - 2}::text[])) AND NOT (c.finding_code = ANY($${n - 1}::text[]))`;
  const [rows, totals] = await Promise.all([
    database.pool.query<CaseListRow>(
      `SELECT ${LIST_COLUMNS} FROM work_case c WHERE ${where}
        ORDER BY c.status DESC, c.due_date NULLS LAST, c.id LIMIT ${PARK_CASES_LIMIT}`, params.slice(0, n - 1)),
    database.pool.query<{ total: number; open: number; closed: number; overdue: number; recovered: number }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE c.status = 'open')::int AS open,
              count(*) FILTER (WHERE c.status = 'closed')::int AS closed,
              count(*) FILTER (WHERE c.status = 'open' AND c.due_date < $${n}::date)::int AS overdue,
              coalesce(sum(c.recovered_vnd), 0)::bigint AS recovered
         FROM work_case c WHERE ${where}`, params),
  ]);
  const t = totals.rows[0];
  return {
    rows: rows.rows,
    summary: { total: t.total, open: t.open, closed: t.closed, overdue: t.overdue, recoveredVnd: t.recovered },
    workflow, today, soonLimit,
  };
}

/** Park names met in the files that match no park (for the park board to correct the reference data). */
export async function unmatchedParkNames(db: Kysely<DB>) {
  const rows = await db.selectFrom('park_name_unmatched').select(['name', 'employers']).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, employers: Number(r.employers) }));
}

/** Totals of a park's employers. */
export function parkTotals(employers: ParkEmployerRow[]) {
  return {
    employers: employers.length,
    reportedWorkers: employers.reduce((s, e) => s + (e.reported_workers ?? 0), 0),
    insuredWorkers: employers.reduce((s, e) => s + (e.insured_workers ?? 0), 0),
    arrearsVnd: employers.reduce((s, e) => s + e.arrears_vnd, 0),
    findings: employers.reduce((s, e) => s + e.findings, 0),
  };
}

export interface ParkInput {
  name: string;
  kind: 'KCN' | 'CCN';
  areaHa: number | null;
  note: string | null;
  communes: string[];
  /** Other spellings met in files; the name is always one. */
  aliases: string[];
}

/**
 * Creates or replaces a park's reference data: the row, its communes and its match keys, in one transaction.
 * Refused (409, naming it) when a spelling already belongs to another park; unknown communes refused (400).
 */
export async function savePark(db: Kysely<DB>, code: string, input: ParkInput, isNew: boolean) {
  const spellings = [input.name, ...input.aliases];
  const { rows: keys } = await sql<{ spelling: string; key: string }>`
    SELECT s AS spelling, ip_park_key(s) AS key FROM unnest(${spellings}::text[]) AS s`.execute(db);
  const empty = keys.find((k) => !k.key);
  if (empty) throw new HttpError(400, `Tên gọi "${empty.spelling}" không có chữ nào để đối chiếu.`, { issues: [{ field: 'aliases', message: 'Tên gọi trống' }] });
  const taken = await db.selectFrom('industrial_park_alias as a').innerJoin('industrial_park as p', 'p.code', 'a.park_code')
    .select(['a.alias_key', 'p.name', 'p.kind'])
    .where('a.alias_key', 'in', keys.map((k) => k.key)).where('a.park_code', '<>', code).execute();
  if (taken.length) {
    const spelling = keys.find((k) => k.key === taken[0].alias_key)!.spelling;
    throw new HttpError(409, `Tên gọi "${spelling}" đã thuộc ${taken[0].kind} ${taken[0].name}.`, { issues: [{ field: 'aliases', message: 'Đã thuộc khu khác' }] });
  }
  if (input.communes.length) {
    const known = await db.selectFrom('commune').select('code').where('code', 'in', input.communes).execute();
    const unknown = input.communes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new HttpError(400, `Mã xã không tồn tại: ${unknown.join(', ')}`, { issues: [{ field: 'communes', message: 'Mã xã không tồn tại' }] });
  }
  await db.transaction().execute(async (trx) => {
    const row = { name: input.name, kind: input.kind, area_ha: input.areaHa, note: input.note };
    if (isNew) await trx.insertInto('industrial_park').values({ code, ...row, certainty: 'stated' }).execute();
    else await trx.updateTable('industrial_park').set(row).where('code', '=', code).execute();
    await trx.deleteFrom('industrial_park_commune').where('park_code', '=', code).execute();
    if (input.communes.length) await trx.insertInto('industrial_park_commune').values([...new Set(input.communes)].map((c) => ({ park_code: code, commune_code: c }))).execute();
    await trx.deleteFrom('industrial_park_alias').where('park_code', '=', code).execute();
    await trx.insertInto('industrial_park_alias').values([...new Set(keys.map((k) => k.key))].map((k) => ({ alias_key: k, park_code: code }))).execute();
  });
}

/** A park's spellings as stored (match keys). */
export async function parkAliasKeys(db: Kysely<DB>, code: string) {
  return (await db.selectFrom('industrial_park_alias').select('alias_key').where('park_code', '=', code).orderBy('alias_key').execute()).map((r) => r.alias_key);
}
