/**
 * API answers of the jobs (`/api/jobs/*`): the schedules of the jobs BaoPhu runs by itself and their runs
 * (server/jobs/presenters.ts, routes.ts; read by the reports page's "Lịch tự động" card), and the long jobs this
 * server runs now (server/jobs/running-routes.ts; read by the banner of every signed-in page). Times are ISO 8601
 * strings. Types only.
 */

export type JobRunState = 'queued' | 'running' | 'done' | 'failed';

/** A schedule (presentSchedule). */
export interface ScheduleAnswer {
  id: number;
  kind: string;
  label: string;
  /** The cron rule, in Việt Nam time. */
  rule: string;
  ruleLabel: string;
  params: Record<string, unknown>;
  enabled: boolean;
  source: string;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastState: JobRunState | null;
  lastStateLabel: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /api/jobs/schedules */
export interface SchedulesAnswer { canManage: boolean; schedules: ScheduleAnswer[] }
/** PUT /api/jobs/schedules/:id */
export interface ScheduleSavedAnswer { schedule: ScheduleAnswer }

/** A run of a schedule (presentRun). */
export interface JobRunAnswer {
  id: number;
  scheduleId: number;
  label: string;
  kind: string;
  dueAt: string | null;
  state: JobRunState;
  stateLabel: string;
  claimedBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
}

/** GET /api/jobs/runs */
export interface JobRunsAnswer { runs: JobRunAnswer[] }

export type RunningJobKind = 'import' | 'reconcile' | 'progress' | 'report';

/** A long job this server runs now. */
export interface RunningJob {
  id: string;
  kind: RunningJobKind;
  /** What runs, in Vietnamese. */
  label: string;
  /** The step now running, when known. */
  stepLabel: string | null;
  /** Fraction done, 0..1, when known. */
  fraction: number | null;
  startedAt: string;
}

/** GET /api/jobs/current */
export interface CurrentJobsAnswer { engine: 'pglite' | 'postgres'; jobs: RunningJob[] }
