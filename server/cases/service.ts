/**
 * Case commands, used by the routes and the command line alike: open (one finding, a filtered selection, or
 * automatically after a run), advance, assign, note, attach, confirm a closing shown by the data. Every change is
 * one transaction that writes the case, its append-only log and the audit log. Set-based SQL throughout.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { sql, type Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Database } from '../db/connect.ts';
import { rawFilesPath } from '../db/config.ts';
import { canActOnStage, canReadCase, can, mayAssignCaseTo, communeFilter, roleOf, type SessionUser } from '../auth/policies.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { ROLES, isRoleCode } from '#shared/auth/roles.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import {
  planAdvance, stageOf, stagesOwnedBy, timeliness, dataCloseResult, caseTypeFor,
  type Workflow, type CaseTypeDef, type StageDef, type AdvanceInput, type CloseResult, type AmountKind,
} from './rules.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Today's date in Vietnam (YYYY-MM-DD): deadlines and decisions are dated there. */
export function todayVn(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

const workflows = new WeakMap<pg.Pool, Promise<Workflow>>();

/**
 * The case types, stages and outcomes (reference data of migration 0050; read once per database). Inside a
 * transaction, pass its connection as `q`: on the embedded engine a transaction owns the one database process, so a
 * read through another pool connection would wait for the transaction that waits for it (a request that never answers).
 */
export function loadWorkflow(database: Pick<Database, 'pool'>, q: Queryable = database.pool): Promise<Workflow> {
  let w = workflows.get(database.pool);
  if (!w) {
    w = readWorkflow(q);
    w.catch(() => workflows.delete(database.pool));
    workflows.set(database.pool, w);
  }
  return w;
}

async function readWorkflow(q: Queryable): Promise<Workflow> {
  const [types, stages, outcomes] = await Promise.all([
    q.query<Pick<Selectable<DB['case_type']>, 'code' | 'label' | 'finding_codes'>>('SELECT code, label, finding_codes FROM case_type ORDER BY position'),
    q.query<Selectable<DB['case_stage']>>('SELECT * FROM case_stage ORDER BY case_type, position'),
    q.query<Selectable<DB['case_outcome']>>('SELECT * FROM case_outcome ORDER BY case_type, stage, position'),
  ]);
  return {
    types: types.rows.map((t): CaseTypeDef => ({
      code: t.code,
      label: t.label,
      findingCodes: t.finding_codes,
      stages: stages.rows.filter((s) => s.case_type === t.code).map((s): StageDef => ({
        caseType: s.case_type, code: s.code, position: s.position, label: s.label, ownerRole: s.owner_role,
        deadlineWorkingDays: s.deadline_working_days, deadlineParam: s.deadline_param, documents: s.documents, hint: s.hint,
        outcomes: outcomes.rows.filter((o) => o.case_type === t.code && o.stage === s.code).map((o) => ({
          code: o.code, label: o.label, nextStage: o.next_stage, closeResult: o.close_result,
          needsDecision: o.needs_decision, amountKind: o.amount_kind, needsReason: o.needs_reason,
        })),
      })),
    })),
  };
}

export interface Actor {
  userId: number | null;
  username: string | null;
  role: string | null;
  agency: string | null;
}
export const actorOf = (user: SessionUser): Actor => ({ userId: user.id, username: user.username, role: user.role, agency: user.agency ?? roleOf(user).agency });
/** The operator at the command line, named in the case log as in the audit log. */
export const CLI_ACTOR: Actor = { userId: null, username: commandLineActor().username, role: null, agency: null };

export interface OpenSelection {
  findingIds?: number[] | null;
  codes: readonly string[];
  communes: string[] | null;
}

/**
 * Opens a case for every selected finding that is raised by the latest run, not dismissed, of a code with a case
 * type, and without an open case — one INSERT … SELECT (the partial unique index keeps one open case per finding).
 * The finding's amounts and evidence are frozen into the case. Returns how many were opened.
 */
export async function openCases(q: Queryable, actor: Actor, selection: OpenSelection, via: 'single' | 'bulk' | 'auto' | 'cli', today = todayVn(), runId: number | null = null): Promise<number> {
  if (selection.codes.length === 0 || (selection.communes && selection.communes.length === 0)) return 0;
  const r = await q.query(
    `WITH first AS MATERIALIZED (
       SELECT t.code AS case_type, t.finding_codes, s.code AS stage, case_stage_due(t.code, s.code, $5::date) AS due
         FROM case_type t JOIN case_stage s ON s.case_type = t.code AND s.position = 1
     ), ins AS (
       INSERT INTO work_case (case_type, finding_id, finding_code, subject_id, subject_name, subject_kind, commune_code, related_id,
                              stage, stage_started_on, due_date, opened_by, opened_via, frozen_period, frozen_amount_vnd, frozen_amounts,
                              frozen_evidence, frozen_legal_basis)
       SELECT w.case_type, f.id, f.code, f.subject_id, f.subject_name, f.subject_kind, f.commune_code, f.related_id,
              w.stage, $5::date, w.due, $6, $7, f.period, f.amount_vnd, f.amounts, f.evidence, f.legal_basis
         FROM finding f JOIN first w ON f.code = ANY(w.finding_codes)
        WHERE f.resolved_run_id IS NULL AND f.status <> 'dismissed'
          AND f.code = ANY($1::text[])
          AND ($2::text[] IS NULL OR f.commune_code = ANY($2::text[]))
          AND ($3::bigint[] IS NULL OR f.id = ANY($3::bigint[]))
          AND NOT EXISTS (SELECT 1 FROM work_case c WHERE c.finding_id = f.id AND c.status = 'open')
       ON CONFLICT (finding_id) WHERE status = 'open' DO NOTHING
       RETURNING id, stage, due_date
     ), logged AS (
       INSERT INTO case_log (case_id, user_id, username, role, agency, run_id, action, stage, due_date, after)
       SELECT id, $4::bigint, $6, $8, $9, $10::bigint, 'open', stage, due_date, jsonb_build_object('stage', stage, 'status', 'open', 'dueDate', due_date)
         FROM ins
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM logged`,
    [[...selection.codes], selection.communes, selection.findingIds ?? null, actor.userId, today, actor.username, via, actor.role, actor.agency, runId],
  );
  const opened = Number(r.rows[0].n);
  // Fresh statistics after a bulk open: the queues' plans depend on them (PGlite has no autovacuum).
  if (opened >= 1000) await q.query('ANALYZE work_case');
  return opened;
}

/** Opens cases from the API: one finding, or every finding of a filter (codes limited to the role's, communes to its scope). */
export async function openCasesFor(database: Database, user: SessionUser, selection: { findingIds?: number[]; codes?: string[]; communes?: string[] }): Promise<number> {
  if (!can(user, 'cases.work')) throw forbidden('mở hồ sơ xử lý');
  const workflow = await loadWorkflow(database);
  const mine = (roleOf(user).findings as readonly string[]).filter((c) => caseTypeFor(workflow, c));
  const codes = selection.codes?.length ? selection.codes.filter((c) => mine.includes(c)) : mine;
  const scope = communeFilter(user);
  const communes = selection.communes?.length ? (scope ? selection.communes.filter((c) => scope.includes(c)) : selection.communes) : scope;
  const via = selection.findingIds?.length === 1 ? 'single' : 'bulk';
  const n = await inTransaction(database, async (q) => openCases(q, actorOf(user), { findingIds: selection.findingIds ?? null, codes, communes }, via));
  await audit(database.db, user, { action: 'change', objectType: 'case_open', detail: { via, opened: n, findingIds: selection.findingIds ?? null, codes: selection.codes ?? null, communes: selection.communes ?? null } });
  return n;
}

/**
 * A work_case row as read. close_result is plain text in work_case (the CHECK listing the results is on
 * case_outcome): only the workflow's results are written there, so it is read as one.
 */
export type CaseRow = Omit<Selectable<DB['work_case']>, 'close_result'> & { close_result: CloseResult | null };
/** A row of the case list (LIST_COLUMNS: without the frozen amounts and evidence). */
export type CaseListRow = Omit<CaseRow, 'frozen_amounts' | 'frozen_evidence'>;

/** One case that the user may read (404 otherwise), with its stage definition. */
export async function getCase(database: Database, user: SessionUser, id: number, q: Queryable = database.pool, lock = false) {
  const workflow = await loadWorkflow(database, q);
  const r = await q.query<CaseRow>(`SELECT * FROM work_case WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const row: CaseRow | undefined = r.rows[0];
  const stage = row && stageOf(workflow, row.case_type, row.stage);
  if (!row || !stage || !canReadCase(user, row.finding_code, stage.ownerRole, row.commune_code)) throw notFound('Hồ sơ xử lý');
  return { row, stage, workflow };
}

function requireActor(user: SessionUser, row: CaseRow, stage: StageDef) {
  if (!canActOnStage(user, stage.ownerRole, row.commune_code)) {
    throw new HttpError(403, `Bước "${stage.label}" do ${roleLabel(stage.ownerRole)} xử lý${user.role === stage.ownerRole ? ' trong phạm vi xã, phường được giao' : ''}; tài khoản của bạn chỉ được xem hồ sơ này.`);
  }
  if (row.status !== 'open') throw new HttpError(409, 'Hồ sơ đã đóng, không thể thao tác thêm.');
}

const roleLabel = (role: string) => (isRoleCode(role) ? ROLES[role].label : role);

const snapshot = (row: Pick<CaseRow, 'stage' | 'status' | 'due_date' | 'assignee_name'>) =>
  ({ stage: row.stage, status: row.status, dueDate: row.due_date, assignee: row.assignee_name });

async function log(q: Queryable, caseId: number, actor: Actor, entry: { action: string; stage?: string | null; outcome?: string | null; dueDate?: string | null; timeliness?: string | null; before?: unknown; after?: unknown; note?: string | null; runId?: number | null }) {
  await q.query(
    `INSERT INTO case_log (case_id, user_id, username, role, agency, run_id, action, stage, outcome, due_date, timeliness, before, after, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14)`,
    [caseId, actor.userId, actor.username, actor.role, actor.agency, entry.runId ?? null, entry.action, entry.stage ?? null, entry.outcome ?? null,
      entry.dueDate ?? null, entry.timeliness ?? null, entry.before == null ? null : JSON.stringify(entry.before),
      entry.after == null ? null : JSON.stringify(entry.after), entry.note ?? null],
  );
}

const AMOUNT_COLUMN: Record<AmountKind, string> = {
  fine: 'fine_vnd = $3::bigint,', to_recover: 'to_recover_vnd = $3::bigint,', recovered: 'recovered_vnd = recovered_vnd + $3::bigint,',
};

export interface AdvanceRequest extends AdvanceInput { note?: string | null }

/** Records the outcome of the case's current stage: moves it to the next stage or closes it. */
export async function advanceCase(database: Database, user: SessionUser, id: number, input: AdvanceRequest, today = todayVn()) {
  const result = await inTransaction(database, async (q) => {
    const { row, stage } = await getCase(database, user, id, q, true);
    requireActor(user, row, stage);
    const plan = planAdvance(stage, input, today);
    if (!plan.ok) {
      throw new HttpError(400, `Kết quả xử lý không hợp lệ — ${plan.problems.map((p) => p.message).join('; ')}`, { issues: plan.problems });
    }
    const { outcome } = plan;
    const done = timeliness(row.due_date, today);
    const amount = outcome.amountKind ? input.amountVnd! : null;
    // The amount goes where its kind says: the fine imposed, the benefit to recover, or the amount recovered.
    const amountSet = outcome.amountKind ? AMOUNT_COLUMN[outcome.amountKind] : '';
    const head = [id, outcome.nextStage ?? outcome.closeResult, ...(amountSet ? [amount] : [])];
    const n = head.length;
    const updated = outcome.nextStage
      ? await q.query<CaseRow>(
        `UPDATE work_case SET ${amountSet} stage = $2, stage_started_on = $${n + 1}::date, due_date = case_stage_due(case_type, $2, $${n + 1}::date),
                assignee_id = NULL, assignee_name = NULL
          WHERE id = $1 RETURNING *`, [...head, today])
      : await q.query<CaseRow>(
        `UPDATE work_case SET ${amountSet} status = 'closed', close_result = $2, close_reason = $${n + 1}, closed_at = now(), closed_by = $${n + 2}
          WHERE id = $1 RETURNING *`, [...head, input.reason?.trim() || null, user.username]);
    const after = updated.rows[0];
    if (outcome.needsDecision) {
      await q.query(
        `INSERT INTO case_decision (case_id, stage, outcome, number, decided_on, amount_vnd, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, stage.code, outcome.code, input.decisionNumber!.trim(), input.decisionDate, amount, user.username]);
    }
    await log(q, id, actorOf(user), {
      action: outcome.nextStage ? 'advance' : 'close', stage: stage.code, outcome: outcome.code, dueDate: row.due_date, timeliness: done,
      before: snapshot(row), after: { ...snapshot(after), ...(amount != null ? { amountVnd: amount, amountKind: outcome.amountKind } : {}), ...(outcome.needsDecision ? { decision: input.decisionNumber, decisionDate: input.decisionDate } : {}), ...(outcome.closeResult ? { closeResult: outcome.closeResult } : {}) },
      note: [input.reason?.trim(), input.note?.trim()].filter(Boolean).join(' — ') || null,
    });
    return { row: after, outcome, communeCode: row.commune_code, fromStage: stage.code };
  });
  await audit(database.db, user, { action: 'change', objectType: 'case', objectId: id, communeCode: result.communeCode, detail: { action: 'advance', stage: result.fromStage, outcome: result.outcome.code } });
  return result.row;
}

/** Assigns open cases to a person of the acting office (the same role); each case must be the user's to act on. */
export async function assignCases(database: Database, user: SessionUser, ids: number[], assigneeId: number | null) {
  const assignee = assigneeId == null ? null
    : await database.db.selectFrom('app_user').select(['id', 'full_name', 'role', 'active']).where('id', '=', assigneeId).executeTakeFirst();
  if (assigneeId != null && (!assignee || !mayAssignCaseTo(user, assignee))) {
    throw new HttpError(400, 'Người được giao phải là tài khoản đang hoạt động của cùng cơ quan (cùng vai trò).', { issues: [{ field: 'assigneeId', message: 'Người được giao không thuộc cơ quan của bạn' }] });
  }
  const changed = await inTransaction(database, async (q) => {
    for (const id of ids) {
      const { row, stage } = await getCase(database, user, id, q, true);
      requireActor(user, row, stage);
      await q.query('UPDATE work_case SET assignee_id = $2, assignee_name = $3 WHERE id = $1', [id, assignee?.id ?? null, assignee?.full_name ?? null]);
      await log(q, id, actorOf(user), { action: 'assign', stage: row.stage, before: { assignee: row.assignee_name }, after: { assignee: assignee?.full_name ?? null } });
    }
    return ids.length;
  });
  await audit(database.db, user, { action: 'change', objectType: 'case', detail: { action: 'assign', ids, assigneeId } });
  return changed;
}

/** Advances several cases with the same outcome (bulk), each under the same rules as one. */
export async function advanceCases(database: Database, user: SessionUser, ids: number[], input: AdvanceRequest) {
  let n = 0;
  for (const id of ids) {
    await advanceCase(database, user, id, input);
    n++;
  }
  return n;
}

export async function addNote(database: Database, user: SessionUser, id: number, note: string) {
  const communeCode = await inTransaction(database, async (q) => {
    const { row, stage } = await getCase(database, user, id, q, true);
    requireActor(user, row, stage);
    await log(q, id, actorOf(user), { action: 'note', stage: row.stage, note });
    return row.commune_code;
  });
  await audit(database.db, user, { action: 'change', objectType: 'case', objectId: id, communeCode, detail: { action: 'note' } });
}

/** Keeps an attachment like a raw import file (<data dir>/files/<sha256>) and records it on the case. */
export async function addAttachment(database: Database, user: SessionUser, id: number, file: { fileName: string; contentType: string | null; data: Buffer }) {
  const sha256 = crypto.createHash('sha256').update(file.data).digest('hex');
  const dir = rawFilesPath(database.config.dataDir);
  const attachmentId = await inTransaction(database, async (q) => {
    const { row, stage } = await getCase(database, user, id, q, true);
    requireActor(user, row, stage);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, sha256);
    if (!fs.existsSync(target)) {
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, file.data);
      fs.renameSync(tmp, target);
    }
    const r = await q.query<{ id: number }>(
      `INSERT INTO case_attachment (case_id, file_name, content_sha256, file_size, content_type, stored_path, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [id, file.fileName, sha256, file.data.length, file.contentType, `files/${sha256}`, user.username]);
    await log(q, id, actorOf(user), { action: 'attach', stage: row.stage, after: { fileName: file.fileName, sha256, size: file.data.length } });
    return r.rows[0].id;
  });
  await audit(database.db, user, { action: 'change', objectType: 'case', objectId: id, detail: { action: 'attach', sha256 } });
  return { id: attachmentId, sha256 };
}

/** The owner confirms, in one step, the closing that a later reconciliation showed (the cause is gone in the data). */
export async function confirmDataClose(database: Database, user: SessionUser, id: number, today = todayVn()) {
  const row = await inTransaction(database, async (q) => {
    const { row, stage } = await getCase(database, user, id, q, true);
    requireActor(user, row, stage);
    if (!row.data_resolved_run_id) throw new HttpError(409, 'Dữ liệu chưa cho thấy trường hợp này đã được khắc phục: hãy chọn kết quả của bước đang xử lý.');
    const result = dataCloseResult(row.case_type, row.finding_code);
    const u = await q.query<CaseRow>(
      `UPDATE work_case SET status = 'closed', close_result = $2, close_reason = $3, closed_at = now(), closed_by = $4 WHERE id = $1 RETURNING *`,
      [id, result, `Đã khắc phục theo dữ liệu (lần đối soát #${row.data_resolved_run_id})`, user.username]);
    await log(q, id, actorOf(user), { action: 'confirm_close', stage: row.stage, outcome: 'data_resolved', dueDate: row.due_date, timeliness: timeliness(row.due_date, today), before: snapshot(row), after: { ...snapshot(u.rows[0]), closeResult: result, runId: row.data_resolved_run_id } });
    return u.rows[0];
  });
  await audit(database.db, user, { action: 'change', objectType: 'case', objectId: id, communeCode: row.commune_code, detail: { action: 'confirm_close' } });
  return row;
}

/**
 * After a reconciliation run (inside its transaction): cases whose finding the run no longer raises show
 * "đã khắc phục theo dữ liệu" with the run; those raised again lose that mark; contributions paid after opening are
 * attributed to unit cases (VND recovered); findings of the codes marked for it open cases automatically.
 */
export async function refreshCasesAfterRun(q: Queryable, runId: number, today = todayVn()) {
  await q.query(
    `WITH done AS (
       UPDATE work_case c SET data_resolved_run_id = f.resolved_run_id, data_resolved_at = now(),
              data_evidence = jsonb_build_object('runId', r.id, 'asOf', r.as_of, 'period', to_char(r.period, 'YYYY-MM'),
                'message', 'Lần đối soát này không còn phát hiện trường hợp này: nguyên nhân đã hết theo dữ liệu.')
         FROM finding f JOIN reconcile_run r ON r.id = f.resolved_run_id
        WHERE c.finding_id = f.id AND c.status = 'open' AND c.data_resolved_run_id IS NULL AND f.resolved_run_id = $1
       RETURNING c.id, c.stage
     )
     INSERT INTO case_log (case_id, run_id, action, stage, after, note)
     SELECT id, $1, 'data_resolved', stage, jsonb_build_object('dataResolvedRunId', $1::bigint), 'Đã khắc phục theo dữ liệu' FROM done`, [runId]);
  await q.query(
    `WITH again AS (
       UPDATE work_case c SET data_resolved_run_id = NULL, data_resolved_at = NULL, data_evidence = NULL
         FROM finding f
        WHERE c.finding_id = f.id AND c.status = 'open' AND c.data_resolved_run_id IS NOT NULL AND f.resolved_run_id IS NULL
       RETURNING c.id, c.stage
     )
     INSERT INTO case_log (case_id, run_id, action, stage, note)
     SELECT id, $1, 'data_reopened', stage, 'Lần đối soát này lại phát hiện trường hợp này' FROM again`, [runId]);
  // Months in arrears when the case was opened, against what the current contribution data says was paid since.
  await q.query(
    `UPDATE work_case c SET recovered_vnd = x.recovered
       FROM (SELECT c2.id, least(c2.frozen_amount_vnd, coalesce(sum(greatest(0, t.amount_paid - (m->>'paid')::bigint)), 0))::bigint AS recovered
               FROM work_case c2
               CROSS JOIN LATERAL jsonb_array_elements(coalesce(c2.frozen_evidence->'months', '[]'::jsonb)) m
               LEFT JOIN cur_bhxh_thu t ON t.unit_code = c2.subject_id AND t.period = (m->>'period')::date
              WHERE c2.subject_kind = 'unit' AND c2.finding_code IN ('DN_CHAM_DONG', 'DN_TRON_DONG')
              GROUP BY c2.id, c2.frozen_amount_vnd) x
      WHERE c.id = x.id AND c.recovered_vnd IS DISTINCT FROM x.recovered`);
  const auto = await q.query<{ codes: string[] }>(`SELECT coalesce(array_agg(finding_code), '{}') AS codes FROM case_auto_open WHERE enabled`);
  const codes = auto.rows[0].codes;
  if (codes.length) await openCases(q, { userId: null, username: null, role: null, agency: null }, { codes, communes: null }, 'auto', today, runId);
}

/** The codes that open cases automatically (administrator's setting). Only codes that a case type takes. */
export async function setAutoOpen(database: Database, user: SessionUser, code: string, enabled: boolean) {
  if (!can(user, 'cases.configure')) throw forbidden('chọn mã phát hiện tự động mở hồ sơ');
  const workflow = await loadWorkflow(database);
  if (!caseTypeFor(workflow, code)) throw new HttpError(400, 'Loại phát hiện này không mở hồ sơ xử lý.');
  await database.db.insertInto('case_auto_open').values({ finding_code: code, enabled, updated_by: user.username })
    .onConflict((oc) => oc.column('finding_code').doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled'), updated_by: eb.ref('excluded.updated_by'), updated_at: sql`now()` })))
    .execute();
  await audit(database.db, user, { action: 'change', objectType: 'case_auto_open', objectId: code, detail: { code, enabled } });
}

export interface AutoOpenSetting {
  code: string;
  caseType: string;
  enabled: boolean;
  /** Null for the row of the installation (migration 0050), never changed since. */
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
}

/**
 * Every finding code that a case type takes, in the order of the types and their codes, with whether it opens cases
 * automatically and who changed that last (`case_auto_open`; a code without a row is off).
 */
export async function autoOpenSettings(database: Database): Promise<AutoOpenSetting[]> {
  const workflow = await loadWorkflow(database);
  const rows = await database.db.selectFrom('case_auto_open as a').leftJoin('app_user as u', 'u.username', 'a.updated_by')
    .select(['a.finding_code', 'a.enabled', 'a.updated_by', 'a.updated_at', 'u.full_name']).execute();
  const byCode = new Map(rows.map((r) => [r.finding_code, r]));
  return workflow.types.flatMap((t) => t.findingCodes.map((code) => {
    const r = byCode.get(code);
    return {
      code, caseType: t.code, enabled: r?.enabled ?? false,
      updatedBy: r?.updated_by ?? null, updatedByName: r?.full_name ?? null, updatedAt: r?.updated_by ? r.updated_at : null,
    };
  }));
}

export interface CaseFilter {
  types?: string[];
  stages?: string[];
  statuses?: string[];
  communes?: string[];
  codes?: string[];
  overdue?: boolean;
  urgency?: 'overdue' | 'due_soon' | 'later';
  /** Only cases waiting on this user's role (its stages), open. */
  mine?: boolean;
  assignedToMe?: boolean;
  search?: string;
  subject?: string;
  relatedId?: string;
}

/** The SQL condition and parameters of the cases a user may read, with a filter. */
export function caseScope(workflow: Workflow, user: SessionUser | null, filter: CaseFilter, today: string, params: unknown[], soonLimit?: string): string {
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  // One value is written as `=`: the planner then reads a commune's (and a type's) cases along their index in queue
  // order; `= ANY(array)` would not let it (it walked the province's queue index filtering by commune).
  const among = (column: string, values: readonly string[]) =>
    values.length === 1 ? `${column} = ${p(values[0])}::text` : `${column} = ANY(${p([...values])}::text[])`;
  const where: string[] = [];
  if (user) {
    const scope = communeFilter(user);
    if (scope) where.push(among('c.commune_code', scope));
    const owned = stagesOwnedBy(workflow, user.role).map((s) => `${s.caseType}:${s.stage}`);
    if (!can(user, 'cases.read')) {
      const codes = roleOf(user).findings as readonly string[];
      where.push(can(user, 'cases.work')
        ? `(c.finding_code = ANY(${p([...codes])}::text[]) OR (c.case_type || ':' || c.stage) = ANY(${p(owned)}::text[]))`
        : 'false');
    }
    if (filter.mine) where.push(`c.status = 'open' AND (c.case_type || ':' || c.stage) = ANY(${p(owned)}::text[])`);
    if (filter.assignedToMe) where.push(`c.assignee_id = ${p(user.id)}`);
  }
  if (filter.types?.length) where.push(among('c.case_type', filter.types));
  if (filter.stages?.length) where.push(among('c.stage', filter.stages));
  if (filter.statuses?.length) where.push(among('c.status', filter.statuses));
  if (filter.communes?.length) where.push(among('c.commune_code', filter.communes));
  if (filter.codes?.length) where.push(among('c.finding_code', filter.codes));
  if (filter.subject) where.push(`c.subject_id = ${p(filter.subject)}`);
  if (filter.relatedId) where.push(`(c.related_id = ${p(filter.relatedId)} OR c.subject_id = ${p(filter.relatedId)})`);
  if (filter.search) where.push(`(c.subject_id = ${p(filter.search)} OR c.related_id = ${p(filter.search)} OR c.subject_name ILIKE ${p(`%${filter.search.replace(/[%_\\]/g, '\\$&')}%`)})`);
  let todayParam: string | null = null;
  const todayP = () => (todayParam ??= p(today));
  if (filter.overdue) where.push(`c.status = 'open' AND c.due_date < ${todayP()}::date`);
  if (filter.urgency === 'overdue') where.push(`c.status = 'open' AND c.due_date < ${todayP()}::date`);
  const soon = () => (soonLimit ? `${p(soonLimit)}::date` : `case_add_working_days(${todayP()}::date, 3)`);
  if (filter.urgency === 'due_soon') where.push(`c.status = 'open' AND c.due_date >= ${todayP()}::date AND c.due_date <= ${soon()}`);
  if (filter.urgency === 'later') where.push(`c.status = 'open' AND (c.due_date IS NULL OR c.due_date > ${soon()})`);
  return where.length ? where.join(' AND ') : 'true';
}

/** A page of cases (most urgent first) with the total and the counts per urgency of the same filter. */
const soonLimits = new Map<string, string>();

/** The columns a list shows (not the frozen evidence, which only the case page reads). */
export const LIST_COLUMNS = `c.id, c.case_type, c.finding_id, c.finding_code, c.subject_id, c.subject_name, c.subject_kind, c.commune_code, c.related_id,
  c.stage, c.status, c.stage_started_on, c.due_date, c.assignee_id, c.assignee_name, c.opened_at, c.opened_by, c.opened_via, c.frozen_period,
  c.frozen_amount_vnd, c.frozen_legal_basis, c.fine_vnd, c.to_recover_vnd, c.recovered_vnd, c.data_resolved_run_id, c.data_resolved_at,
  c.data_evidence, c.close_result, c.close_reason, c.closed_at, c.closed_by`;

export interface QueueCounts { total: number; overdue: number; due_soon: number; later: number; open: number; data_resolved: number }
const countCaches = new WeakMap<pg.Pool, Map<string, { version: number; counts: QueueCounts }>>();

/**
 * The counts of a queue (one aggregate over all its cases) are kept until a statement changes cases anywhere
 * (case_version, bumped by a trigger): the queue's page itself is always read fresh.
 */
async function cachedCounts(database: Pick<Database, 'pool' | 'db'>, key: string, compute: () => Promise<QueueCounts>): Promise<QueueCounts> {
  let countCache = countCaches.get(database.pool);
  if (!countCache) countCaches.set(database.pool, (countCache = new Map()));
  const { version } = await database.db.selectFrom('case_version').select('version').executeTakeFirstOrThrow();
  const hit = countCache.get(key);
  if (hit && hit.version === version) return hit.counts;
  const counts = await compute();
  if (countCache.size > 1000) countCache.clear();
  countCache.set(key, { version, counts });
  return counts;
}

/** The last day that counts as "due in 3 working days" from today (public holidays are data; one query a day). */
export async function soonLimitFor(database: Pick<Database, 'pool'>, today: string): Promise<string> {
  let d = soonLimits.get(today);
  if (!d) {
    d = (await database.pool.query<{ d: string }>('SELECT case_add_working_days($1::date, 3) AS d', [today])).rows[0].d;
    if (soonLimits.size > 30) soonLimits.clear();
    soonLimits.set(today, d);
  }
  return d;
}

/**
 * A page of cases (most urgent first) and the counts per urgency of the same filter (without the urgency): one
 * aggregate over the matching cases and one page read along the due date.
 */
export async function listCases(database: Database, user: SessionUser | null, filter: CaseFilter, page = 1, pageSize = 50, today = todayVn()) {
  const workflow = await loadWorkflow(database);
  const soon = await soonLimitFor(database, today);
  const params: unknown[] = [];
  const where = caseScope(workflow, user, { ...filter, urgency: undefined }, today, params, soon);
  const pageParams: unknown[] = filter.urgency ? [] : [...params];
  const pageWhere = filter.urgency ? caseScope(workflow, user, filter, today, pageParams, soon) : where;
  const n = params.length;
  const [rows, c] = await Promise.all([
    database.pool.query<CaseListRow>(
      `SELECT ${LIST_COLUMNS} FROM work_case c WHERE ${pageWhere}
        ORDER BY c.status DESC, c.due_date NULLS LAST, c.id
        LIMIT $${pageParams.length + 1} OFFSET $${pageParams.length + 2}`, [...pageParams, pageSize, (page - 1) * pageSize]),
    cachedCounts(database, JSON.stringify([where, params, today]), () => database.pool.query<QueueCounts>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE c.status = 'open' AND c.due_date < $${n + 1}::date)::int AS overdue,
              count(*) FILTER (WHERE c.status = 'open' AND c.due_date >= $${n + 1}::date AND c.due_date <= $${n + 2}::date)::int AS due_soon,
              count(*) FILTER (WHERE c.status = 'open' AND (c.due_date IS NULL OR c.due_date > $${n + 2}::date))::int AS later,
              count(*) FILTER (WHERE c.status = 'open')::int AS open,
              count(*) FILTER (WHERE c.data_resolved_run_id IS NOT NULL AND c.status = 'open')::int AS data_resolved
         FROM work_case c WHERE ${where}`, [...params, today, soon]).then((r) => r.rows[0])),
  ]);
  const total = filter.urgency ? c[filter.urgency] : c.total;
  return { total, rows: rows.rows, counts: c, today, soonLimit: soon, workflow };
}

export async function caseHistory(database: Database, id: number) {
  const db = database.db;
  const [log, decisions, attachments] = await Promise.all([
    db.selectFrom('case_log').selectAll().where('case_id', '=', id).orderBy('at').orderBy('id').execute(),
    db.selectFrom('case_decision').selectAll().where('case_id', '=', id).orderBy('id').execute(),
    db.selectFrom('case_attachment').select(['id', 'file_name', 'content_sha256', 'file_size', 'uploaded_by', 'uploaded_at'])
      .where('case_id', '=', id).orderBy('id').execute(),
  ]);
  return { log, decisions, attachments };
}
