/**
 * The job kinds BaoPhu schedules, registered on the scheduler. 'report' builds a report of the catalogue through
 * the reports capability's `makeReport` (imported lazily: the server starts without loading the report builders)
 * and tells the kind's review roles through the bell.
 */
import { sql } from 'kysely';
import { registerJobHandler, type JobContext, type JobResult } from './scheduler.ts';
import { JOB_TIMEZONE } from './cron.ts';
import type { ReportParams } from '../reports/kinds.ts';

/** The account a scheduled job acts as (written in the report's history and the audit log). */
export const SCHEDULER_ACTOR = { id: null, username: 'lich-tu-dong', user: null };

/** Year and month of a moment in Việt Nam time. */
function vnYearMonth(at: Date): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: JOB_TIMEZONE, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return { year: Number(parts.find((p) => p.type === 'year')!.value), month: Number(parts.find((p) => p.type === 'month')!.value) };
}

/**
 * A schedule's parameters for one due time: "current" year is the due time's year; "previous" month is the month
 * before the due time's (its year moves back with it in January: the progress report of 05/01 is December's).
 */
export function resolveReportParams(params: Record<string, unknown>, dueAt: Date): { kind: string; params: Record<string, unknown> } {
  const { report, ...rest } = params;
  if (typeof report !== 'string' || !report) throw new Error('lịch thiếu loại báo cáo (tham số "report")');
  const due = vnYearMonth(dueAt);
  const out: Record<string, unknown> = { ...rest };
  let year = due.year;
  if (rest.month === 'previous') {
    const month = due.month === 1 ? 12 : due.month - 1;
    if (due.month === 1) year -= 1;
    out.month = month;
  } else if (rest.month === 'current') out.month = due.month;
  if (rest.year === 'current' || rest.year === undefined) out.year = year;
  return { kind: report, params: out };
}

/** The roles that review a report kind (report_kind.review_roles), or none while that table is absent. */
async function reviewRoles(ctx: JobContext, kind: string): Promise<string[]> {
  const { rows } = await sql<{ roles: string[] | null }>`
    SELECT CASE WHEN to_regclass('report_kind') IS NULL THEN NULL
                ELSE (SELECT review_roles FROM report_kind WHERE id = ${kind}) END AS roles`.execute(ctx.database.db)
    .catch(() => ({ rows: [] as { roles: string[] | null }[] }));
  return rows[0]?.roles ?? ['home_affairs'];
}

export async function reportJob(ctx: JobContext): Promise<JobResult> {
  const { kind, params } = resolveReportParams(ctx.params, ctx.dueAt);
  const { makeReport } = await import('../reports/commands.ts');
  const made = await makeReport(ctx.database, { kind, params: params as unknown as ReportParams, actor: SCHEDULER_ACTOR });
  return {
    report: kind, params, reportVersionId: made.id, version: made.version,
    notify: { roles: await reviewRoles(ctx, kind), text: `${ctx.label} (bản ${made.version}) đã được lập theo lịch, chờ rà soát`, link: '/bao-cao' },
  };
}

let registered = false;

/** Registers every job kind (idempotent). */
export function registerJobHandlers() {
  if (registered) return;
  registered = true;
  registerJobHandler('report', reportJob);
}
