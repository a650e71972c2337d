/**
 * Scheduled jobs as the API and the bell see them: the schedules (read by the directive's followers, changed by
 * the secretariat), their runs, and the alerts a finished run leaves for the roles it names.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { mayManageSchedules, type SessionUser } from '../auth/policies.ts';
import { auditInsert } from '../auth/audit.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { describeRule, nextOccurrence } from './cron.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';

export async function listSchedules(db: Kysely<DB>) {
  return db.selectFrom('scheduled_job').selectAll().orderBy('id').execute();
}
export type ScheduleRow = Awaited<ReturnType<typeof listSchedules>>[number];

/**
 * Enables, disables or changes the rule of a schedule. A new rule (or enabling) plans the next due time from now,
 * so a change never runs an occurrence that is already past.
 */
export async function updateSchedule(db: Kysely<DB>, user: SessionUser, id: number, input: { enabled?: boolean; rule?: string }, clock: Clock = systemClock) {
  if (!mayManageSchedules(user)) throw forbidden('thay đổi lịch chạy tự động');
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('scheduled_job').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Lịch');
    const rule = input.rule?.trim().replace(/\s+/g, ' ') ?? current.rule;
    const enabled = input.enabled ?? current.enabled;
    const replan = rule !== current.rule || (enabled && !current.enabled);
    const set: Record<string, unknown> = { rule, rule_label: describeRule(rule), enabled, updated_by: user.username, updated_at: clock.now() };
    if (replan) set.next_run_at = enabled ? nextOccurrence(rule, clock.now()) : null;
    const row = await trx.updateTable('scheduled_job').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await auditInsert(trx, user, {
      action: 'change', objectType: 'scheduled_job', objectId: id,
      detail: { from: { rule: current.rule, enabled: current.enabled }, to: { rule, enabled } },
    }).execute();
    return row;
  });
}

export async function listRuns(db: Kysely<DB>, filter: { schedule?: number; limit: number }) {
  let q = db.selectFrom('job_run as r').innerJoin('scheduled_job as s', 's.id', 'r.schedule_id')
    .select(['r.id', 'r.schedule_id', 'r.kind', 'r.due_at', 'r.state', 'r.claimed_by', 'r.started_at', 'r.finished_at', 'r.error', 'r.result', 's.label'])
    .orderBy('r.due_at', 'desc').orderBy('r.id', 'desc').limit(filter.limit);
  if (filter.schedule) q = q.where('r.schedule_id', '=', filter.schedule);
  return q.execute();
}
export type RunRow = Awaited<ReturnType<typeof listRuns>>[number];

export interface JobAlert {
  kind: 'job_done' | 'job_failed';
  text: string;
  link: string;
  runId: number;
}

/** How long a finished run stays in the bell. */
export const JOB_ALERT_DAYS = 15;

/**
 * The bell's lines from scheduled runs, as of a day: a run finished in the last JOB_ALERT_DAYS days whose result
 * names the user's role (a report drafted by the schedule, while that version is still a draft), and for who manages
 * schedules, the runs that failed.
 */
export async function jobAlertsFor(db: Kysely<DB>, user: SessionUser, asOf: string): Promise<JobAlert[]> {
  const since = new Date(new Date(`${asOf}T00:00:00+07:00`).getTime() - JOB_ALERT_DAYS * 86_400_000);
  const until = new Date(new Date(`${asOf}T00:00:00+07:00`).getTime() + 86_400_000);
  const alerts: JobAlert[] = [];
  // Versions already reviewed (or returned, signed) no longer call for review; asked only when the reports exist.
  const versions = await sql<{ ok: boolean }>`SELECT to_regclass('report_version') IS NOT NULL AS ok`.execute(db);
  const pending = versions.rows[0]?.ok
    ? sql`CASE WHEN r.result ? 'reportVersionId'
               THEN coalesce((SELECT v.state IN ('draft', 'queued', 'running') FROM report_version v
                               WHERE v.id = (r.result->>'reportVersionId')::bigint), false)
               ELSE true END`
    : sql`true`;
  const { rows } = await sql<{ id: number; state: string; error: string | null; text: string | null; link: string | null; pending: boolean }>`
    SELECT r.id, r.state, r.error, r.result->'notify'->>'text' AS text, r.result->'notify'->>'link' AS link, ${pending} AS pending
     FROM job_run r
     WHERE r.finished_at >= ${since} AND r.finished_at < ${until}
       AND ((r.state = 'done' AND r.result->'notify'->'roles' ? ${user.role}) OR (r.state = 'failed' AND ${mayManageSchedules(user)}))
     ORDER BY r.finished_at DESC, r.id DESC`.execute(db);
  for (const r of rows) {
    if (r.state === 'failed') alerts.push({ kind: 'job_failed', text: r.error ?? 'Một việc chạy theo lịch bị lỗi', link: '/nhiem-vu/theo-doi', runId: r.id });
    else if (r.pending && r.text) alerts.push({ kind: 'job_done', text: r.text, link: r.link ?? '/', runId: r.id });
  }
  return alerts;
}
