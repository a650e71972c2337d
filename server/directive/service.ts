/**
 * The directive's follow-up: duties (data), the bodies' periodic reports and their workflow, the expected-report
 * calendar, the follow-up board and the alerts of a user. Access: a body's role with 'directive.report' reads and
 * edits its own body's reports, its leader submits them; 'directive.follow' reads every body's; 'directive.accept'
 * (the secretariat, Home Affairs) accepts or returns them, answers obstacles and proposals and edits the duties.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  can, canAcceptDirective as canAccept, canFollowDirective as canFollow, canReadReportsOf, maySubmitReportsOf, reportsFor, type SessionUser,
} from '../auth/policies.ts';
import { auditInsert, type AuditActor } from '../auth/audit.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import { ROLES } from '#shared/auth/roles.ts';
import { todayVn, addDays } from '#shared/calc/dates.ts';
import { formatDate } from '#shared/format.ts';
import { jobAlertsFor, type JobAlert } from '../jobs/service.ts';
import { PROVINCE_CODE } from '#shared/province.ts';
import {
  parseDueRule, expectedPeriods, dueDateOf, periodFitsRule, periodLabel, boardState, onTime,
  type ProgressStatus, type ReportState, type BoardState,
} from '#shared/directive/calendar.ts';


// ---- Duties -------------------------------------------------------------------------------------------------------

export async function listDuties(db: Kysely<DB>, options: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('directive_duty as d').innerJoin('agency as a', 'a.code', 'd.agency_code')
    .select(['d.id', 'd.directive', 'd.clause', 'd.item', 'd.agency_code', 'a.name as agency_name', 'd.lead', 'd.due_rule', 'd.text', 'd.active', 'd.source', 'd.updated_by', 'd.updated_at'])
    .orderBy('d.clause').orderBy('d.item');
  if (options.activeOnly) q = q.where('d.active', '=', true);
  return q.execute();
}
export type DutyRow = Awaited<ReturnType<typeof listDuties>>[number];

export interface DutyInput {
  clause: number;
  item: number;
  agency: string;
  lead: boolean;
  dueRule: string;
  text: string;
  active: boolean;
}

/** Creates (id null) or changes a duty; the id is '<clause>.<item>' and does not change. */
export async function saveDuty(db: Kysely<DB>, user: SessionUser, id: string | null, input: DutyInput) {
  if (!canAccept(user)) throw forbidden('sửa danh mục nhiệm vụ');
  const agency = await db.selectFrom('agency').select('code').where('code', '=', input.agency).executeTakeFirst();
  if (!agency) throw new HttpError(400, `Cơ quan không hợp lệ — agency: không có cơ quan mã "${input.agency}"`);
  return db.transaction().execute(async (trx) => {
    if (id === null) {
      const newId = `${input.clause}.${input.item}`;
      const taken = await trx.selectFrom('directive_duty').select('id').where('id', '=', newId).executeTakeFirst();
      if (taken) throw new HttpError(409, `Nhiệm vụ ${newId} (khoản ${input.clause}, ý ${input.item}) đã có; hãy sửa nhiệm vụ đó.`);
      await trx.insertInto('directive_duty').values({
        id: newId, clause: input.clause, item: input.item, agency_code: input.agency, lead: input.lead, due_rule: input.dueRule,
        text: input.text, active: input.active, source: `Nhập trên BaoPhu bởi ${user.username}`, updated_by: user.username,
      }).execute();
      id = newId;
    } else {
      const current = await trx.selectFrom('directive_duty').select(['clause', 'item']).where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('Nhiệm vụ');
      if (current.clause !== input.clause || current.item !== input.item) {
        throw new HttpError(400, `Khoản và ý của nhiệm vụ ${id} không đổi được — clause/item: tạo nhiệm vụ mới thay vì sửa`);
      }
      await trx.updateTable('directive_duty').set({
        agency_code: input.agency, lead: input.lead, due_rule: input.dueRule, text: input.text, active: input.active,
        updated_by: user.username, updated_at: new Date(),
      }).where('id', '=', id).execute();
    }
    await auditInsert(trx, user, { action: 'change', objectType: 'directive_duty', objectId: id, detail: { agency: input.agency, dueRule: input.dueRule, lead: input.lead, active: input.active } }).execute();
    return id;
  });
}

// ---- Figures drawn from BaoPhu ------------------------------------------------------------------------------------

/** The first day of a period and the first day after it (dates in Việt Nam). */
export function periodRange(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period);
  const m = /-(\d{2})$/.exec(period);
  const ymd = (y: number, mo: number) => `${y + Math.floor((mo - 1) / 12)}-${String(((mo - 1) % 12) + 1).padStart(2, '0')}-01`;
  if (q) return { from: ymd(year, 3 * Number(q[1]) - 2), to: ymd(year, 3 * Number(q[1]) + 1) };
  if (m) return { from: ymd(year, Number(m[1])), to: ymd(year, Number(m[1]) + 1) };
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

export interface Figure {
  key: string;
  label: string;
  value: number | null;
}

const vnMidnight = (date: string) => new Date(`${date}T00:00:00+07:00`);
const BODIES_WITH_PARTICIPANTS = new Set(['SO_NOI_VU', 'BHXH', 'UBND_XA', 'LANH_DAO']);

/**
 * The figures a body's report carries for a period, from BaoPhu's own tables: the files of the body's kinds
 * imported in the period (and their accepted rows), the findings the body's accounts closed in it, and for the
 * bodies that answer for coverage the participants at the period's end (progress_monthly, province line).
 */
export async function figuresFor(db: Kysely<DB>, agency: string, period: string): Promise<Figure[]> {
  const { from, to } = periodRange(period);
  const specs = Object.values(ROLES).filter((r) => r.agency === agency);
  const kinds = [...new Set(specs.flatMap((r) => [...r.imports]))];
  const figures: Figure[] = [];
  if (kinds.length) {
    const batches = await db.selectFrom('import_batch')
      .select((eb) => [eb.fn.countAll<number>().as('files'), sql<number>`coalesce(sum(rows_accepted), 0)::int`.as('rows')])
      .where('kind', 'in', kinds).where('imported_at', '>=', vnMidnight(from)).where('imported_at', '<', vnMidnight(to))
      .executeTakeFirstOrThrow();
    figures.push({ key: 'imports', label: `Tệp dữ liệu đã nộp (${kinds.join(', ')})`, value: Number(batches.files) });
    figures.push({ key: 'import_rows', label: 'Số dòng dữ liệu được tiếp nhận', value: Number(batches.rows) });
  }
  if (specs.some((r) => r.findings.length > 0)) {
    // finding_action has no Kysely type (the reconcile capability writes it with SQL).
    const closed = await sql<{ n: number }>`
      SELECT count(DISTINCT fa.finding_id)::int AS n FROM finding_action fa JOIN app_user u ON u.id = fa.user_id
      WHERE u.agency_code = ${agency} AND fa.action = 'status' AND fa.to_status IN ('resolved', 'dismissed')
        AND fa.at >= ${vnMidnight(from)} AND fa.at < ${vnMidnight(to)}`.execute(db);
    figures.push({ key: 'findings_closed', label: 'Phát hiện đã xử lý xong', value: Number(closed.rows[0]?.n ?? 0) });
  }
  if (BODIES_WITH_PARTICIPANTS.has(agency)) {
    const last = await db.selectFrom('progress_monthly').select(['active_total'])
      .where('unit_code', '=', PROVINCE_CODE).where('period', '<', to).orderBy('period', 'desc').limit(1).executeTakeFirst();
    figures.push({ key: 'participants', label: 'Người tham gia BHXH toàn tỉnh cuối kỳ', value: last ? Number(last.active_total) : null });
  }
  return figures;
}

// ---- Reports ------------------------------------------------------------------------------------------------------

const reportColumns = [
  'r.id', 'r.duty_id', 'r.period', 'r.agency_code', 'r.due_date', 'r.state', 'r.progress', 'r.activities', 'r.figures',
  'r.obstacles', 'r.proposals', 'r.answer', 'r.answered_by', 'r.answered_at', 'r.return_comment', 'r.version',
  'r.created_at', 'r.updated_at', 'r.first_submitted_at', 'r.submitted_at', 'r.accepted_at',
] as const;

function reportQuery(db: Kysely<DB>) {
  return db.selectFrom('directive_report as r').innerJoin('directive_duty as d', 'd.id', 'r.duty_id').innerJoin('agency as a', 'a.code', 'r.agency_code')
    .select([...reportColumns, 'd.text as duty_text', 'd.lead', 'd.due_rule', 'a.name as agency_name']);
}
export type ReportRow = Awaited<ReturnType<ReturnType<typeof reportQuery>['executeTakeFirstOrThrow']>>;

export async function listReports(db: Kysely<DB>, user: SessionUser, filter: { year?: number; agency?: string }) {
  let q = reportQuery(db).orderBy('r.period', 'desc').orderBy('d.clause').orderBy('d.item');
  if (!canFollow(user)) {
    if (!can(user, 'directive.report') || !user.agency) return [];
    q = q.where('r.agency_code', '=', user.agency);
  }
  if (filter.agency) q = q.where('r.agency_code', '=', filter.agency);
  if (filter.year) q = q.where('r.period', 'like', `${filter.year}%`);
  return q.execute();
}

/** A report the user may read (404 otherwise, so another body's report is not even confirmed to exist). */
export async function readableReport(db: Kysely<DB>, user: SessionUser, id: number) {
  const row = await reportQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row || !canReadReportsOf(user, row.agency_code)) throw notFound('Báo cáo');
  return row;
}

export async function reportHistory(db: Kysely<DB>, id: number) {
  return db.selectFrom('directive_report_event').selectAll().where('report_id', '=', id).orderBy('at').orderBy('id').execute();
}

export interface ReportContent {
  progress: ProgressStatus;
  activities: string;
  obstacles: string;
  proposals: string;
}

type Trx = Kysely<DB>;
type EventAction = Insertable<DB['directive_report_event']>['action'];
const event = (trx: Trx, user: AuditActor, reportId: number, action: EventAction, from: string | null, to: string, comment: string | null = null) =>
  trx.insertInto('directive_report_event').values({ report_id: reportId, user_id: user.id, username: user.username, action, from_state: from, to_state: to, comment }).execute();

/** A body files (drafts) its report on one of its duties for a period the duty's rule has. */
export async function createReport(db: Kysely<DB>, user: SessionUser, input: ReportContent & { dutyId: string; period: string }) {
  const duty = await db.selectFrom('directive_duty').selectAll().where('id', '=', input.dutyId).executeTakeFirst();
  if (!duty) throw new HttpError(400, `Nhiệm vụ không hợp lệ — dutyId: không có nhiệm vụ "${input.dutyId}"`);
  if (!reportsFor(user, duty.agency_code)) throw forbidden(`lập báo cáo nhiệm vụ ${duty.id} (nhiệm vụ của cơ quan khác)`);
  const rule = parseDueRule(duty.due_rule);
  if (!rule || !periodFitsRule(rule, input.period)) {
    throw new HttpError(400, `Kỳ báo cáo không hợp lệ — period: nhiệm vụ ${duty.id} báo cáo theo kỳ "${duty.due_rule}", không có kỳ ${input.period}`);
  }
  const exists = await db.selectFrom('directive_report').select('id').where('duty_id', '=', duty.id).where('period', '=', input.period).executeTakeFirst();
  if (exists) throw new HttpError(409, `Đã có báo cáo nhiệm vụ ${duty.id} ${periodLabel(input.period).toLowerCase()} (mã ${exists.id}); hãy mở báo cáo đó để sửa.`);
  const figures = await figuresFor(db, duty.agency_code, input.period);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('directive_report').values({
      duty_id: duty.id, period: input.period, agency_code: duty.agency_code, due_date: dueDateOf(rule, input.period),
      progress: input.progress, activities: input.activities, obstacles: input.obstacles, proposals: input.proposals,
      figures: JSON.stringify(figures), created_by: user.id,
    }).returning('id').executeTakeFirstOrThrow();
    await event(trx, user, id, 'create', null, 'draft');
    await auditInsert(trx, user, { action: 'change', objectType: 'directive_report', objectId: id, detail: { what: 'create', duty: duty.id, period: input.period } }).execute();
    return id;
  });
}

const EDITABLE: ReportState[] = ['draft', 'returned'];

/** The body edits its report while it is a draft or returned for correction. */
export async function updateReport(db: Kysely<DB>, user: SessionUser, id: number, input: ReportContent & { expectedVersion?: number }) {
  const report = await readableReport(db, user, id);
  if (!reportsFor(user, report.agency_code)) throw forbidden('sửa báo cáo của cơ quan khác');
  if (!EDITABLE.includes(report.state)) throw new HttpError(409, `Báo cáo đang ở trạng thái "${report.state === 'accepted' ? 'đã tiếp nhận' : 'đã gửi'}", không sửa được.`);
  const figures = await figuresFor(db, report.agency_code, report.period);
  return db.transaction().execute(async (trx) => {
    let q = trx.updateTable('directive_report').set({
      progress: input.progress, activities: input.activities, obstacles: input.obstacles, proposals: input.proposals,
      figures: JSON.stringify(figures), version: sql`version + 1`, updated_at: new Date(),
    }).where('id', '=', id).where('state', 'in', EDITABLE);
    if (input.expectedVersion !== undefined) q = q.where('version', '=', input.expectedVersion);
    const done = await q.returning(['version', 'state']).executeTakeFirst();
    if (!done) throw new HttpError(409, 'Báo cáo vừa được người khác thay đổi; vui lòng tải lại trước khi sửa.');
    await event(trx, user, id, 'save', report.state, done.state);
    await auditInsert(trx, user, { action: 'change', objectType: 'directive_report', objectId: id, detail: { what: 'save', version: done.version } }).execute();
    return done.version;
  });
}

type Transition = 'submit' | 'accept' | 'return';
const TRANSITIONS: Record<Transition, { from: ReportState[]; to: ReportState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted' },
  return: { from: ['submitted'], to: 'returned' },
};

/** Submit (the body's leader), accept or return with a comment (the secretariat). */
export async function transition(db: Kysely<DB>, user: SessionUser, id: number, action: Transition, comment: string | null) {
  const report = await readableReport(db, user, id);
  if (action === 'submit') {
    if (!reportsFor(user, report.agency_code)) throw forbidden('gửi báo cáo của cơ quan khác');
    if (!maySubmitReportsOf(user, report.agency_code)) throw forbidden('gửi báo cáo (chỉ lãnh đạo cơ quan gửi báo cáo)');
  } else if (!canAccept(user)) {
    throw forbidden(action === 'accept' ? 'tiếp nhận báo cáo' : 'trả lại báo cáo');
  }
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(report.state)) {
    throw new HttpError(409, `Không thể ${action === 'submit' ? 'gửi' : action === 'accept' ? 'tiếp nhận' : 'trả lại'} báo cáo đang ở trạng thái "${report.state}".`);
  }
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = { state: to, updated_at: now };
    if (action === 'submit') {
      set.submitted_at = now;
      set.first_submitted_at = sql`coalesce(first_submitted_at, ${now})`;
      set.figures = JSON.stringify(await figuresFor(trx, report.agency_code, report.period));
    }
    if (action === 'accept') set.accepted_at = now;
    if (action === 'return') set.return_comment = comment;
    const done = await trx.updateTable('directive_report').set(set).where('id', '=', id).where('state', 'in', from).returning('id').executeTakeFirst();
    if (!done) throw new HttpError(409, 'Báo cáo vừa được người khác thay đổi; vui lòng tải lại.');
    await event(trx, user, id, action, report.state, to, comment);
    await auditInsert(trx, user, { action: 'change', objectType: 'directive_report', objectId: id, detail: { what: action, from: report.state, to } }).execute();
    return to;
  });
}

/** The secretariat answers a report's obstacles and proposals. */
export async function answerReport(db: Kysely<DB>, user: SessionUser, id: number, answer: string) {
  if (!canAccept(user)) throw forbidden('trả lời kiến nghị');
  const report = await readableReport(db, user, id);
  if (report.state === 'draft') throw new HttpError(409, 'Báo cáo chưa được gửi, chưa trả lời được.');
  if (!report.obstacles.trim() && !report.proposals.trim()) throw new HttpError(409, 'Báo cáo không có khó khăn, đề xuất cần trả lời.');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('directive_report').set({ answer, answered_by: user.username, answered_at: new Date() }).where('id', '=', id).execute();
    await event(trx, user, id, 'answer', report.state, report.state, answer);
    await auditInsert(trx, user, { action: 'change', objectType: 'directive_report', objectId: id, detail: { what: 'answer' } }).execute();
  });
}

// ---- Expected reports, the board, alerts --------------------------------------------------------------------------

export interface FollowupRow {
  dutyId: string;
  clause: number;
  item: number;
  agency: string;
  agencyName: string;
  lead: boolean;
  period: string;
  dueDate: string;
  state: BoardState;
  reportId: number | null;
  submittedAt: Date | null;
  firstSubmittedAt: Date | null;
  acceptedAt: Date | null;
  onTime: boolean | null;
}

/**
 * One row per expected (duty, period) of `year` — from the duties' calendar, not from what arrived — with the
 * state of its report as of `asOf`. Limited to the bodies the user may read.
 */
export async function followupRows(db: Kysely<DB>, year: number, asOf: string, user: SessionUser | null): Promise<FollowupRow[]> {
  const duties = (await listDuties(db, { activeOnly: true })).filter((d) => user === null || canReadReportsOf(user, d.agency_code));
  const reports = await db.selectFrom('directive_report')
    .select(['id', 'duty_id', 'period', 'state', 'submitted_at', 'first_submitted_at', 'accepted_at'])
    .where('period', 'like', `${year}%`).execute();
  const byKey = new Map(reports.map((r) => [`${r.duty_id}|${r.period}`, r]));
  const rows: FollowupRow[] = [];
  for (const d of duties) {
    const rule = parseDueRule(d.due_rule);
    if (!rule) continue;
    for (const { period, dueDate } of expectedPeriods(rule, year)) {
      const r = byKey.get(`${d.id}|${period}`);
      const first = r?.first_submitted_at ? todayVn(new Date(r.first_submitted_at)) : null;
      rows.push({
        dutyId: d.id, clause: d.clause, item: d.item, agency: d.agency_code, agencyName: d.agency_name, lead: d.lead, period, dueDate,
        state: boardState(r?.state ?? null, dueDate, asOf),
        reportId: r?.id ?? null, submittedAt: r?.submitted_at ?? null, firstSubmittedAt: r?.first_submitted_at ?? null, acceptedAt: r?.accepted_at ?? null,
        onTime: onTime(dueDate, first, asOf),
      });
    }
  }
  return rows;
}

/** The follow-up board of `year` as of `asOf`: limited to the bodies the user reads (user null: every body, for reports). */
export async function board(db: Kysely<DB>, user: SessionUser | null, year: number, asOf: string) {
  const rows = await followupRows(db, year, asOf, user);
  const agencies = new Map<string, { agency: string; agencyName: string; expected: number; due: number; onTime: number; late: number; overdue: number; accepted: number }>();
  for (const r of rows) {
    const a = agencies.get(r.agency) ?? { agency: r.agency, agencyName: r.agencyName, expected: 0, due: 0, onTime: 0, late: 0, overdue: 0, accepted: 0 };
    a.expected++;
    if (r.dueDate < asOf || r.onTime !== null) a.due++;
    if (r.onTime === true) a.onTime++;
    if (r.onTime === false && r.firstSubmittedAt) a.late++;
    if (r.state === 'overdue') a.overdue++;
    if (r.state === 'accepted') a.accepted++;
    agencies.set(r.agency, a);
  }
  const bodies = [...agencies.values()].map((a) => ({ ...a, onTimeRate: a.due ? a.onTime / a.due : null }));
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const readable = [...agencies.keys()];
  const issues = readable.length === 0 ? [] : await reportQuery(db)
    .where('r.period', 'like', `${year}%`).where('r.state', '<>', 'draft').where('r.agency_code', 'in', readable)
    .where((eb) => eb.or([eb('r.obstacles', '<>', ''), eb('r.proposals', '<>', '')]))
    .orderBy('r.answered_at', 'desc').orderBy('r.submitted_at').execute();
  return { year, asOf, rows, bodies, periods, overdue: rows.filter((r) => r.state === 'overdue'), issues };
}

export interface Alert {
  kind: 'due' | 'overdue' | 'returned' | 'to_submit' | 'to_accept' | 'to_answer' | JobAlert['kind'];
  text: string;
  link: string;
  reportId: number | null;
}

/** How far ahead a coming due date is announced. */
export const ALERT_DAYS_AHEAD = 15;

/** What needs this user's action as of `asOf`. */
export async function alertsFor(db: Kysely<DB>, user: SessionUser, asOf: string): Promise<Alert[]> {
  const alerts: Alert[] = [];
  const year = Number(asOf.slice(0, 4));
  if (can(user, 'directive.report') && user.agency) {
    const horizon = addDays(asOf, ALERT_DAYS_AHEAD);
    const mine = (await Promise.all([year - 1, year].map((y) => followupRows(db, y, asOf, user)))).flat().filter((r) => r.agency === user.agency);
    for (const r of mine) {
      const what = `nhiệm vụ ${r.dutyId}, ${periodLabel(r.period).toLowerCase()}`;
      if (r.state === 'overdue') alerts.push({ kind: 'overdue', text: `Quá hạn báo cáo ${what} (hạn ${fmt(r.dueDate)})`, link: '/nhiem-vu/bao-cao', reportId: r.reportId });
      else if ((r.state === 'not_due' || r.state === 'draft') && r.dueDate <= horizon) alerts.push({ kind: 'due', text: `Sắp đến hạn báo cáo ${what} (hạn ${fmt(r.dueDate)})`, link: '/nhiem-vu/bao-cao', reportId: r.reportId });
    }
    const own = await db.selectFrom('directive_report').select(['id', 'duty_id', 'period', 'state']).where('agency_code', '=', user.agency).where('state', 'in', ['returned', 'draft']).execute();
    for (const r of own) {
      const what = `nhiệm vụ ${r.duty_id}, ${periodLabel(r.period).toLowerCase()}`;
      if (r.state === 'returned') alerts.push({ kind: 'returned', text: `Báo cáo ${what} bị trả lại, cần chỉnh sửa`, link: `/nhiem-vu/bao-cao/${r.id}`, reportId: r.id });
      else if (user.isLeader) alerts.push({ kind: 'to_submit', text: `Báo cáo ${what} chờ lãnh đạo gửi`, link: `/nhiem-vu/bao-cao/${r.id}`, reportId: r.id });
    }
  }
  if (canAccept(user)) {
    const waiting = await db.selectFrom('directive_report as r').innerJoin('agency as a', 'a.code', 'r.agency_code')
      .select(['r.id', 'r.duty_id', 'r.period', 'a.name as agency_name']).where('r.state', '=', 'submitted').orderBy('r.submitted_at').execute();
    for (const r of waiting) alerts.push({ kind: 'to_accept', text: `${r.agency_name}: báo cáo nhiệm vụ ${r.duty_id}, ${periodLabel(r.period).toLowerCase()} chờ tiếp nhận`, link: `/nhiem-vu/bao-cao/${r.id}`, reportId: r.id });
    const unanswered = await db.selectFrom('directive_report as r').innerJoin('agency as a', 'a.code', 'r.agency_code')
      .select(['r.id', 'r.duty_id', 'r.period', 'a.name as agency_name']).where('r.state', '<>', 'draft').where('r.answer', 'is', null)
      .where((eb) => eb.or([eb('r.obstacles', '<>', ''), eb('r.proposals', '<>', '')])).orderBy('r.submitted_at').execute();
    for (const r of unanswered) alerts.push({ kind: 'to_answer', text: `${r.agency_name}: kiến nghị trong báo cáo nhiệm vụ ${r.duty_id}, ${periodLabel(r.period).toLowerCase()} chưa được trả lời`, link: `/nhiem-vu/bao-cao/${r.id}`, reportId: r.id });
  }
  // Scheduled jobs: a report drafted by its schedule for the roles that review it; failed runs for who manages them.
  for (const a of await jobAlertsFor(db, user, asOf)) alerts.push({ kind: a.kind, text: a.text, link: a.link, reportId: null });
  // What only this user can move first, then the calendar's due and overdue reports.
  const ORDER: Alert['kind'][] = ['returned', 'to_submit', 'to_accept', 'to_answer', 'job_failed', 'job_done', 'overdue', 'due'];
  return alerts.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

const fmt = formatDate;

/** The default "today" of the board and alerts. */
export const today = () => todayVn();
