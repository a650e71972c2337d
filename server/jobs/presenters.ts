import type { ScheduleRow, RunRow } from './service.ts';
import type { JobRunAnswer, ScheduleAnswer } from '#shared/api/jobs.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const RUN_STATE_LABELS: Record<string, string> = { queued: 'Chờ chạy', running: 'Đang chạy', done: 'Xong', failed: 'Lỗi' };

export function presentSchedule(s: ScheduleRow): ScheduleAnswer {
  return {
    id: s.id, kind: s.kind, label: s.label, rule: s.rule, ruleLabel: s.rule_label, params: s.params, enabled: s.enabled, source: s.source,
    nextRunAt: iso(s.next_run_at), lastRunAt: iso(s.last_run_at), lastState: s.last_state, lastStateLabel: s.last_state ? RUN_STATE_LABELS[s.last_state] : null,
    updatedBy: s.updated_by, updatedAt: iso(s.updated_at),
  };
}

export function presentRun(r: RunRow): JobRunAnswer {
  const { notify: _notify, ...result } = (r.result ?? {}) as Record<string, unknown>;
  return {
    id: r.id, scheduleId: r.schedule_id, label: r.label, kind: r.kind, dueAt: iso(r.due_at), state: r.state, stateLabel: RUN_STATE_LABELS[r.state],
    claimedBy: r.claimed_by, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), error: r.error, result: r.result ? result : null,
  };
}
