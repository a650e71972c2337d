/**
 * Read models of the work capability: the measures dashboards and reports use, the outreach lists and their
 * contact log, the employer page, and the case export shared by the API and `baophu cases list`.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Selectable } from 'kysely';
import type { Database } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { communeFilter, type SessionUser } from '../auth/policies.ts';
import { caseScope, loadWorkflow, todayVn, type CaseFilter } from './service.ts';
import { write as writeChunk } from '../reconcile/export.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { loadRuleBook } from '../calc/rules.ts';

/** Cases by type, stage and age; timeliness per office; VND recovered; outreach contacts and conversion. */
export async function caseMeasures(database: Database, user: SessionUser | null, today = todayVn()) {
  const workflow = await loadWorkflow(database);
  const params: unknown[] = [];
  const where = caseScope(workflow, user, {}, today, params);
  const scope = user ? communeFilter(user) : null;
  type Case = Selectable<DB['work_case']>;
  type Outreach = { commune_code: string; contacts: number; people: number; converted: number };
  const [byStage, timeliness, recovered, outreachCommune, outreachOfficer] = await Promise.all([
    database.pool.query<Pick<Case, 'case_type' | 'stage' | 'status'> & { n: number; overdue: number; age_under_30: number; age_30_89: number; age_90_plus: number }>(
      `SELECT c.case_type, c.stage, c.status,
              count(*)::int AS n,
              count(*) FILTER (WHERE c.status = 'open' AND c.due_date < $${params.length + 1}::date)::int AS overdue,
              count(*) FILTER (WHERE $${params.length + 1}::date - c.opened_at::date < 30)::int AS age_under_30,
              count(*) FILTER (WHERE $${params.length + 1}::date - c.opened_at::date BETWEEN 30 AND 89)::int AS age_30_89,
              count(*) FILTER (WHERE $${params.length + 1}::date - c.opened_at::date >= 90)::int AS age_90_plus
         FROM work_case c WHERE ${where} GROUP BY c.case_type, c.stage, c.status ORDER BY 1, 2, 3`, [...params, today]),
    database.pool.query<{ agency: string | null; role: string | null; n: number; early: number; on_time: number; late: number }>(
      `SELECT l.agency, l.role, count(*)::int AS n,
              count(*) FILTER (WHERE l.timeliness = 'early')::int AS early,
              count(*) FILTER (WHERE l.timeliness = 'on_time')::int AS on_time,
              count(*) FILTER (WHERE l.timeliness = 'late')::int AS late
         FROM case_log l JOIN work_case c ON c.id = l.case_id
        WHERE ${where} AND l.timeliness IS NOT NULL GROUP BY l.agency, l.role ORDER BY 1`, params),
    database.pool.query<{ case_type: string; recovered: number; at_opening: number }>(
      `SELECT c.case_type, coalesce(sum(c.recovered_vnd), 0)::bigint AS recovered, coalesce(sum(c.frozen_amount_vnd), 0)::bigint AS at_opening
         FROM work_case c WHERE ${where} GROUP BY c.case_type ORDER BY 1`, params),
    database.pool.query<Outreach>(
      `SELECT o.commune_code, count(*)::int AS contacts, count(DISTINCT o.subject_id)::int AS people,
              count(DISTINCT o.subject_id) FILTER (WHERE conv.converted)::int AS converted
         FROM outreach_contact o ${CONVERTED_JOIN}
        WHERE ($1::text[] IS NULL OR o.commune_code = ANY($1::text[])) GROUP BY o.commune_code ORDER BY 1`, [scope]),
    database.pool.query<Outreach & { officer_name: string }>(
      `SELECT o.commune_code, o.officer_name, count(*)::int AS contacts, count(DISTINCT o.subject_id)::int AS people,
              count(DISTINCT o.subject_id) FILTER (WHERE conv.converted)::int AS converted
         FROM outreach_contact o ${CONVERTED_JOIN}
        WHERE ($1::text[] IS NULL OR o.commune_code = ANY($1::text[])) GROUP BY o.commune_code, o.officer_name ORDER BY 1, 2`, [scope]),
  ]);
  return { byStage: byStage.rows, timeliness: timeliness.rows, recovered: recovered.rows, outreachByCommune: outreachCommune.rows, outreachByOfficer: outreachOfficer.rows, workflow };
}

/**
 * A contact converts when its person later participates: the potential-participant finding was resolved by a run
 * that finished after the contact was recorded, or the contact itself records a registration.
 */
const CONVERTED_JOIN = `
  CROSS JOIN LATERAL (SELECT o.outcome = 'registered' OR EXISTS (
      SELECT 1 FROM finding f JOIN reconcile_run r ON r.id = f.resolved_run_id
       WHERE f.id = o.finding_id AND f.resolved_run_id IS NOT NULL AND r.finished_at > o.created_at) AS converted) conv`;

/** A person of an outreach list, with the count of contacts so far and the latest one. */
interface OutreachRow {
  finding_id: number | null; code: string; subject_id: string; subject_name: string | null; commune_code: string | null;
  /** The finding's amounts; a renewal's paid period ('YYYY-MM-DD') as paidUntil. */
  amounts: { paidUntil?: string; [key: string]: unknown }; total: number; contacts: number;
  last_contact: { date: string; outcome: Contact['outcome']; followUp: string | null } | null;
}

/**
 * The outreach lists of a commune: potential voluntary participants and household owners (findings raised by the
 * latest run), or voluntary payers whose paid period ends within the renewal window (legal_param); each with its
 * contacts so far.
 */
export async function outreachList(database: Database, communes: string[] | null, kind: 'potential' | 'renewal', page: number, pageSize: number, today = todayVn()) {
  if (kind === 'potential') {
    const r = await database.pool.query<OutreachRow>(
      `SELECT f.id AS finding_id, f.code, f.subject_id, f.subject_name, f.commune_code, f.amounts, count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM outreach_contact o WHERE o.subject_id = f.subject_id) AS contacts,
              (SELECT jsonb_build_object('date', o.contact_date, 'outcome', o.outcome, 'followUp', o.follow_up_date) FROM outreach_contact o
                WHERE o.subject_id = f.subject_id ORDER BY o.contact_date DESC, o.id DESC LIMIT 1) AS last_contact
         FROM finding f
        WHERE f.code IN ('TIEM_NANG_TU_NGUYEN', 'HKD_CHUA_THAM_GIA') AND f.resolved_run_id IS NULL AND f.status <> 'dismissed'
          AND ($1::text[] IS NULL OR f.commune_code = ANY($1::text[]))
        ORDER BY f.commune_code, f.subject_name, f.id LIMIT $2 OFFSET $3`, [communes, pageSize, (page - 1) * pageSize]);
    return { total: r.rows[0]?.total ?? 0, rows: r.rows };
  }
  // The renewal window in force today (rule book); none in force → an empty list, as before.
  const windowMonths = (await loadRuleBook(database.db)).find('outreach.renewal_window_months', today)?.value ?? null;
  const r = await database.pool.query<OutreachRow>(
    `SELECT NULL::bigint AS finding_id, 'TAI_TUC' AS code, coalesce(n.person_id, n.bhxh_code) AS subject_id, n.full_name AS subject_name,
            n.commune_code, jsonb_build_object('paidUntil', n.to_period) AS amounts, count(*) OVER ()::int AS total,
            (SELECT count(*)::int FROM outreach_contact o WHERE o.subject_id = coalesce(n.person_id, n.bhxh_code)) AS contacts,
            NULL::jsonb AS last_contact
       FROM cur_bhxh_nguoi n
      WHERE n.scheme = 'TN' AND n.to_period IS NOT NULL AND $5::int IS NOT NULL
        AND n.to_period >= date_trunc('month', $4::date) AND n.to_period < date_trunc('month', $4::date) + make_interval(months => $5::int + 1)
        AND n.snapshot_period = (SELECT max(snapshot_period) FROM cur_bhxh_nguoi)
        AND ($1::text[] IS NULL OR n.commune_code = ANY($1::text[]))
      ORDER BY n.commune_code, n.full_name LIMIT $2 OFFSET $3`, [communes, pageSize, (page - 1) * pageSize, today, windowMonths]);
  return { total: r.rows[0]?.total ?? 0, rows: r.rows };
}

type Contact = Selectable<DB['outreach_contact']>;
export interface ContactInput {
  subjectId: string; listKind: Contact['list_kind']; contactDate: string; channel: Contact['channel']; outcome: Contact['outcome'];
  refusedReason?: string | null; followUpDate?: string | null; note?: string | null;
}

/** Records one outreach contact on a person of the user's communes' outreach lists. */
export async function addContact(database: Database, user: SessionUser, input: ContactInput): Promise<{ id: number; communeCode: string } | null> {
  const scope = communeFilter(user);
  const found = input.listKind === 'potential'
    ? await database.pool.query<{ finding_id: number | null; commune_code: string }>(
      `SELECT id AS finding_id, commune_code FROM finding WHERE code IN ('TIEM_NANG_TU_NGUYEN', 'HKD_CHUA_THAM_GIA') AND subject_id = $1
          AND ($2::text[] IS NULL OR commune_code = ANY($2::text[])) ORDER BY resolved_run_id NULLS FIRST LIMIT 1`, [input.subjectId, scope])
    : await database.pool.query<{ finding_id: number | null; commune_code: string }>(
      `SELECT NULL::bigint AS finding_id, commune_code FROM cur_bhxh_nguoi WHERE scheme = 'TN' AND coalesce(person_id, bhxh_code) = $1
          AND commune_code IS NOT NULL AND ($2::text[] IS NULL OR commune_code = ANY($2::text[])) LIMIT 1`, [input.subjectId, scope]);
  const row = found.rows[0];
  if (!row) return null;
  const { id } = await database.db.insertInto('outreach_contact').values({
    finding_id: row.finding_id, subject_id: input.subjectId, list_kind: input.listKind, commune_code: row.commune_code,
    contact_date: input.contactDate, channel: input.channel, outcome: input.outcome,
    refused_reason: input.outcome === 'refused' ? (input.refusedReason ?? null) : null, follow_up_date: input.followUpDate ?? null,
    officer_id: user.id, officer_name: user.fullName || user.username, note: input.note ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id, communeCode: row.commune_code };
}

/** Everything BaoPhu knows about one employer (by tax code). Null when nothing does. */
export async function employerProfile(database: Database, taxCode: string) {
  const q = <Row extends pg.QueryResultRow>(text: string) => database.pool.query<Row>(text, [taxCode]).then((r) => r.rows);
  type Of<T extends keyof DB, C extends keyof Selectable<DB[T]>> = Pick<Selectable<DB[T]>, C>;
  const [taxpayer, units, contributions, taxedWorkers, participants, findings, parkReports] = await Promise.all([
    q<Of<'cur_dn_thue', 'tax_code' | 'name' | 'taxpayer_type' | 'commune_code' | 'status' | 'declared_workers'>>(`SELECT tax_code, name, taxpayer_type, commune_code, status, declared_workers FROM cur_dn_thue WHERE tax_code = $1 LIMIT 1`),
    q<Of<'cur_bhxh_don_vi', 'unit_code' | 'name' | 'commune_code' | 'industrial_park' | 'status'>>(`SELECT unit_code, name, commune_code, industrial_park, status FROM cur_bhxh_don_vi WHERE tax_code = $1 ORDER BY unit_code`),
    q<Of<'cur_bhxh_thu', 'unit_code' | 'period' | 'workers' | 'amount_due' | 'amount_paid' | 'reminded_on'>>(`SELECT t.unit_code, t.period, t.workers, t.amount_due, t.amount_paid, t.reminded_on FROM cur_bhxh_thu t
        WHERE t.unit_code IN (SELECT unit_code FROM cur_bhxh_don_vi WHERE tax_code = $1) ORDER BY t.period DESC, t.unit_code LIMIT 36`),
    q<{ period: string; workers: number; income: number }>(`SELECT period, count(DISTINCT person_id)::int AS workers, coalesce(sum(taxable_income), 0)::bigint AS income FROM cur_thue_tncn
        WHERE payer_tax_code = $1 GROUP BY period ORDER BY period DESC LIMIT 12`),
    q<{ period: string; active: number }>(`SELECT snapshot_period AS period, count(*) FILTER (WHERE from_period <= snapshot_period AND (to_period IS NULL OR to_period >= snapshot_period))::int AS active
         FROM cur_bhxh_nguoi WHERE unit_code IN (SELECT unit_code FROM cur_bhxh_don_vi WHERE tax_code = $1) GROUP BY snapshot_period ORDER BY 1 DESC LIMIT 12`),
    q<Of<'finding', 'id' | 'code' | 'subject_id' | 'subject_kind' | 'commune_code' | 'amount_vnd' | 'status' | 'resolved_run_id'>>(`SELECT id, code, subject_id, subject_kind, commune_code, amount_vnd, status, resolved_run_id FROM finding
        WHERE (subject_id = $1 OR related_id = $1 OR subject_id IN (SELECT unit_code FROM cur_bhxh_don_vi WHERE tax_code = $1))
        ORDER BY resolved_run_id NULLS FIRST, code LIMIT 200`),
    q<Of<'cur_kcn_lao_dong', 'period' | 'industrial_park' | 'reported_workers'>>(`SELECT period, industrial_park, reported_workers FROM cur_kcn_lao_dong WHERE tax_code = $1 ORDER BY period DESC LIMIT 12`),
  ]);
  if (!taxpayer.length && !units.length && !findings.length) return null;
  return { taxpayer: taxpayer[0] ?? null, units, contributions, taxedWorkers, participants, findings, parkReports };
}

export const CASE_EXPORT_COLUMNS = [
  'case_id', 'type', 'finding_code', 'subject_id', 'commune_code', 'stage', 'owner_role', 'due_date', 'overdue', 'status',
  'opened_at', 'closed_at', 'amount_vnd', 'recovered_vnd',
] as const;


/**
 * Writes the cases of a filter as CSV (UTF-8 with BOM) or JSON, streamed in pages by id. `user` null = the whole
 * province (the command line). Personal IDs are written only for users who see personal data (`present`).
 */
export async function exportCases(database: Database, user: SessionUser | null, filter: CaseFilter, format: 'csv' | 'json', out: Writable, present: (row: { subject_id: string; finding_code: string }) => string, today = todayVn()): Promise<number> {
  const workflow = await loadWorkflow(database);
  const params: unknown[] = [];
  const where = caseScope(workflow, user, filter, today, params);
  const write = (s: string) => writeChunk(out, s);
  await write(format === 'csv' ? csvHeader(CASE_EXPORT_COLUMNS, { bom: true }) : '[');
  let last = 0;
  let n = 0;
  for (;;) {
    const r = await database.pool.query<Pick<Selectable<DB['work_case']>, 'id' | 'case_type' | 'finding_code' | 'subject_id' | 'commune_code' | 'stage' | 'due_date' | 'status' | 'frozen_amount_vnd' | 'recovered_vnd'>
      & { owner_role: string; overdue: boolean | null; opened_at: string; closed_at: string | null }>(
      `SELECT c.id, c.case_type, c.finding_code, c.subject_id, c.commune_code, c.stage, s.owner_role, c.due_date,
              (c.status = 'open' AND c.due_date < $${params.length + 1}::date) AS overdue, c.status,
              to_char(c.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS') AS opened_at,
              to_char(c.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS') AS closed_at,
              c.frozen_amount_vnd, c.recovered_vnd
         FROM work_case c JOIN case_stage s ON s.case_type = c.case_type AND s.code = c.stage
        WHERE ${where} AND c.id > $${params.length + 2} ORDER BY c.id LIMIT 5000`, [...params, today, last]);
    if (!r.rows.length) break;
    let chunk = '';
    for (const x of r.rows) {
      const values = [x.id, x.case_type, x.finding_code, present(x), x.commune_code, x.stage, x.owner_role, x.due_date, x.overdue, x.status, x.opened_at, x.closed_at, x.frozen_amount_vnd, x.recovered_vnd];
      if (format === 'csv') chunk += csvLine(values);
      else chunk += (n > 0 || chunk ? ',' : '') + JSON.stringify(Object.fromEntries(CASE_EXPORT_COLUMNS.map((k, i) => [k, values[i]])));
      n++;
    }
    await write(chunk);
    last = Number(r.rows[r.rows.length - 1].id);
  }
  if (format === 'json') await write(']\n');
  return n;
}
