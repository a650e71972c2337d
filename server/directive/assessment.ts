/**
 * The annual assessment's deadline and state for the follow-up board (issue 15 item 4): duty 2.7 of the directive
 * (Home Affairs, "trước ngày 25/12 hằng năm"; its due rule is data in directive_duty), the year's 'annual' report
 * versions of the report catalogue (report_version, when the reports capability is installed) and the schedule
 * that drafts it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { parseDueRule, dueDateOf, ASSESSMENT_STATE_LABELS, type AssessmentState } from '#shared/directive/calendar.ts';
import type { AssessmentStatus } from '#shared/api/directive.ts';

/** The directive's duty the annual assessment answers (reference/directive-duties.csv). */
export const ASSESSMENT_DUTY = '2.7';

export type { AssessmentStatus };

const vnYear = (at: Date) => new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();

const RANK: Record<string, number> = { draft: 1, reviewed: 2, signed: 3 };

export async function annualAssessment(db: Kysely<DB>, year: number, asOf: string): Promise<AssessmentStatus> {
  const duty = await db.selectFrom('directive_duty').select('due_rule').where('id', '=', ASSESSMENT_DUTY).executeTakeFirst();
  const rule = duty ? parseDueRule(duty.due_rule) : null;
  const deadline = rule ? dueDateOf(rule, String(year)) : null;
  let best: { id: number; version: number; state: string; signed_at: Date | null } | null = null;
  const present = await sql<{ ok: boolean }>`SELECT to_regclass('report_version') IS NOT NULL AS ok`.execute(db);
  if (present.rows[0]?.ok) {
    const { rows } = await sql<{ id: number; version: number; state: string; signed_at: Date | null }>`
      SELECT id, version, state, signed_at FROM report_version
       WHERE kind = 'annual' AND params->>'year' = ${String(year)} AND state IN ('draft', 'reviewed', 'signed')
       ORDER BY id`.execute(db);
    for (const r of rows) if (!best || RANK[r.state]! >= RANK[best.state]!) best = r;
  }
  let state: AssessmentState = best ? (best.state as AssessmentState) : 'no_draft';
  if (state !== 'signed' && deadline !== null && asOf > deadline) state = 'late';
  const schedule = await db.selectFrom('scheduled_job').select('next_run_at')
    .where('kind', '=', 'report').where('enabled', '=', true).where(sql<boolean>`params->>'report' = 'annual'`)
    .orderBy('next_run_at').executeTakeFirst();
  return {
    dutyId: ASSESSMENT_DUTY, year, deadline, state, stateLabel: ASSESSMENT_STATE_LABELS[state],
    versionId: best?.id ?? null, version: best?.version ?? null, signedAt: best?.signed_at ? new Date(best.signed_at).toISOString() : null,
    // Only a drafting time of this year's report (in Việt Nam time): next year's is not this board's.
    scheduledAt: schedule?.next_run_at && vnYear(new Date(schedule.next_run_at)) === year ? new Date(schedule.next_run_at).toISOString() : null,
  };
}
