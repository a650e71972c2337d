/**
 * Industrial parks (KCN) and clusters (CCN) with the employers in them (view park_employer, migration 0064):
 * workers reported to the park board against workers insured, contribution arrears, open findings.
 * Cases are not shown: there is no case register on this branch.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { canSeePark, roleOf, type SessionUser } from '../auth/policies.ts';

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
