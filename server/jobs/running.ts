/**
 * The long jobs this process runs (an import, a reconciliation, a progress refresh), so that every signed-in page can
 * show that one is running and how far it is (`GET /api/jobs/current`, the banner of the web layout), and so that
 * the routes that can answer from memory (sessions, dashboard aggregates) do not wait for the database while one
 * runs on the embedded engine. In memory only: a job is as long-lived as the process that runs it.
 */
import crypto from 'node:crypto';
import type { RunningJobKind } from '#shared/api/jobs.ts';

export type JobKind = RunningJobKind;

export interface JobInfo {
  id: string;
  kind: JobKind;
  /** What runs, in Vietnamese ("Đối soát dữ liệu", "Nhập tệp …"). */
  label: string;
  /** The step now running, in Vietnamese, when known. */
  stepLabel: string | null;
  /** Fraction done, 0..1, when known. */
  fraction: number | null;
  startedAt: string;
  /** User name of who started it (not personal data of citizens). */
  startedBy: string | null;
}

export interface JobHandle {
  readonly info: JobInfo;
  update(progress: { fraction?: number | null; stepLabel?: string | null }): void;
  finish(): void;
}

const running = new Map<string, JobInfo>();
let finishedCount = 0;

/** Registers a running job; call `finish()` when it ends (done or failed). */
export function startJob(kind: JobKind, label: string, startedBy: string | null = null): JobHandle {
  const info: JobInfo = { id: crypto.randomBytes(8).toString('hex'), kind, label, stepLabel: null, fraction: null, startedAt: new Date().toISOString(), startedBy };
  running.set(info.id, info);
  return {
    info,
    update(p) {
      if (p.fraction !== undefined) info.fraction = p.fraction === null ? null : Math.max(0, Math.min(1, p.fraction));
      if (p.stepLabel !== undefined) info.stepLabel = p.stepLabel;
    },
    finish() {
      if (running.delete(info.id)) finishedCount++;
    },
  };
}

/** Runs `fn` as a registered job. */
export async function withJob<T>(kind: JobKind, label: string, startedBy: string | null, fn: (job: JobHandle) => Promise<T>): Promise<T> {
  const job = startJob(kind, label, startedBy);
  try {
    return await fn(job);
  } finally {
    job.finish();
  }
}

/** The running jobs, oldest first (copies). */
export function currentJobs(): JobInfo[] {
  return [...running.values()].map((j) => ({ ...j }));
}

/** Whether a job (of one of `kinds`, or any) is running in this process. */
export function jobRunning(...kinds: JobKind[]): boolean {
  for (const j of running.values()) if (!kinds.length || kinds.includes(j.kind)) return true;
  return false;
}

/** Changes whenever a job starts or ends (for caches that must not outlive a job). */
export const jobsGeneration = () => `${running.size}/${finishedCount}`;
