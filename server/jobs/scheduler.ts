/**
 * The scheduler: a table-backed queue over `scheduled_job` and `job_run` (migration 0073, docs/jobs.md).
 *
 * One tick, in any number of processes at once:
 *  1. a schedule never planned (next_run_at null) gets the first occurrence after now;
 *  2. each enabled schedule whose next_run_at has come is locked (FOR UPDATE SKIP LOCKED: a schedule another
 *     process is enqueuing is skipped) and one run is enqueued for the LATEST occurrence at or before now —
 *     `INSERT … ON CONFLICT (schedule_id, due_at) DO NOTHING`, so a due time has one run whoever claims it, and
 *     occurrences missed while no process was up collapse into that one run (catch-up rule) — and next_run_at
 *     moves to the first occurrence after now;
 *  3. queued runs are taken one at a time (`UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)`) and their
 *     handler runs outside any transaction — concurrency 1 per process, since ticks never overlap.
 * A run left 'running' by a process that died is marked failed after `staleAfterMs`; it is not run again.
 * Never on the HTTP path: `baophu serve` starts the timer (server/http/serve.ts).
 */
import os from 'node:os';
import type { Database } from '../db/connect.ts';
import { inTransaction } from '../db/transaction.ts';
import { systemClock, type Clock } from './clock.ts';
import { latestOccurrence, nextOccurrence } from './cron.ts';
import { formatDateTime as formatVn } from '#shared/format.ts';

/** What a handler is given: the schedule, the due time of this run and the database. */
export interface JobContext {
  database: Database;
  runId: number;
  scheduleId: number;
  label: string;
  params: Record<string, unknown>;
  dueAt: Date;
  now: Date;
}

/**
 * What a handler returns is stored as the run's result. `notify` puts a line in the bell of the named roles
 * (GET /api/alerts) while the run is recent.
 */
export interface JobResult {
  [key: string]: unknown;
  notify?: { roles: string[]; text: string; link: string };
}

// biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing (an async function without `return`)
export type JobHandler = (ctx: JobContext) => Promise<JobResult | void>;

const handlers = new Map<string, JobHandler>();

/** Registers the handler of a job kind (one per kind; registering again replaces it). */
export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

export const jobHandler = (kind: string) => handlers.get(kind);

export interface SchedulerOptions {
  clock?: Clock;
  /** Who claims runs, written in job_run.claimed_by. */
  owner?: string;
  /** A run 'running' for longer than this is taken as abandoned (its process died). Default 6 hours. */
  staleAfterMs?: number;
  /** Where tick failures go (the server logs them; never personal data). */
  log?: (line: string) => void;
}

export class Scheduler {
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly staleAfterMs: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(private readonly database: Database, options: SchedulerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}`;
    this.staleAfterMs = options.staleAfterMs ?? 6 * 3600_000;
    this.log = options.log ?? (() => undefined);
  }

  /** One pass: plan, enqueue what is due, run the queue. Returns the ids of the runs this process ran. */
  async tick(): Promise<number[]> {
    // Ticks of one scheduler never overlap (concurrency 1 per process).
    while (this.current) await this.current.catch(() => undefined);
    const p = this.pass();
    this.current = p;
    try {
      return await p;
    } finally {
      this.current = null;
    }
  }

  /** Ticks now and then every `intervalMs` until stop(). */
  start(intervalMs = 30_000) {
    if (this.timer) return;
    const run = () => {
      this.tick().catch((err) => this.log(`Lịch chạy tự động: lỗi khi kiểm tra việc đến hạn — ${(err as Error).message}`));
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
    run();
  }

  /** Stops the timer and waits for the run in progress. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.current) await this.current.catch(() => undefined);
  }

  private async pass(): Promise<number[]> {
    const now = this.clock.now();
    await this.plan(now);
    await this.failAbandoned(now);
    const due = await this.database.db.selectFrom('scheduled_job').select('id')
      .where('enabled', '=', true).where('next_run_at', '<=', now).orderBy('next_run_at').orderBy('id').execute();
    for (const { id } of due) await this.enqueue(id, now);
    const ran: number[] = [];
    for (;;) {
      const run = await this.take();
      if (!run) break;
      await this.execute(run);
      ran.push(run.id);
    }
    return ran;
  }

  /** Gives a schedule never planned its first occurrence after now. */
  private async plan(now: Date) {
    const fresh = await this.database.db.selectFrom('scheduled_job').select(['id', 'rule'])
      .where('enabled', '=', true).where('next_run_at', 'is', null).execute();
    for (const s of fresh) {
      const next = safeNext(s.rule, now);
      await this.database.db.updateTable('scheduled_job').set({ next_run_at: next })
        .where('id', '=', s.id).where('next_run_at', 'is', null).execute();
    }
  }

  private async failAbandoned(now: Date) {
    const before = new Date(now.getTime() - this.staleAfterMs);
    const hours = Math.round(this.staleAfterMs / 360_000) / 10;
    await this.database.db.updateTable('job_run').set({
      state: 'failed', finished_at: now,
      error: `Việc bị gián đoạn: tiến trình chạy việc đã dừng giữa chừng (quá ${String(hours).replace('.', ',')} giờ chưa xong). Lần đến hạn sau vẫn chạy.`,
    }).where('state', '=', 'running').where('started_at', '<', before).execute();
  }

  /** Enqueues one run of the schedule for its latest due time, unless another process is doing it or did it. */
  private async enqueue(scheduleId: number, now: Date) {
    await inTransaction(this.database, async (client) => {
      const { rows } = await client.query<{ id: number; kind: string; rule: string; next_run_at: Date }>(
        `SELECT id, kind, rule, next_run_at FROM scheduled_job
          WHERE id = $1 AND enabled AND next_run_at <= $2 FOR UPDATE SKIP LOCKED`, [scheduleId, now]);
      const s = rows[0];
      if (!s) return;
      let dueAt: Date;
      let next: Date | null;
      try {
        const latest = latestOccurrence(s.rule, now);
        dueAt = latest && latest >= s.next_run_at ? latest : s.next_run_at;
        next = nextOccurrence(s.rule, now);
      } catch {
        // A rule the database holds but the parser refuses (only possible by hand): plan nothing, keep it visible.
        await client.query(`UPDATE scheduled_job SET next_run_at = NULL, enabled = false, last_state = 'failed' WHERE id = $1`, [s.id]);
        return;
      }
      const inserted = await client.query(
        `INSERT INTO job_run (schedule_id, kind, due_at, state) VALUES ($1, $2, $3, 'queued')
         ON CONFLICT (schedule_id, due_at) DO NOTHING RETURNING id`, [s.id, s.kind, dueAt]);
      await client.query(
        `UPDATE scheduled_job SET next_run_at = $2,
           last_run_at = CASE WHEN $4 THEN $3::timestamptz ELSE last_run_at END,
           last_state = CASE WHEN $4 THEN 'queued' ELSE last_state END
         WHERE id = $1`, [s.id, next, dueAt, inserted.rowCount === 1]);
    });
  }

  /** Takes the oldest queued run (one no other process is taking). */
  private async take() {
    const now = this.clock.now();
    const { rows } = await this.database.pool.query<{ id: number; schedule_id: number; kind: string; due_at: Date }>(
      `UPDATE job_run SET state = 'running', claimed_by = $1, started_at = $2
        WHERE id = (SELECT id FROM job_run WHERE state = 'queued' ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          AND state = 'queued'
        RETURNING id, schedule_id, kind, due_at`, [this.owner, now]);
    const run = rows[0];
    if (run) await this.database.db.updateTable('scheduled_job').set({ last_state: 'running' }).where('id', '=', run.schedule_id).where('last_run_at', '=', run.due_at).execute();
    return run ?? null;
  }

  private async execute(run: { id: number; schedule_id: number; kind: string; due_at: Date }) {
    const schedule = await this.database.db.selectFrom('scheduled_job').select(['label', 'params']).where('id', '=', run.schedule_id).executeTakeFirstOrThrow();
    let state: 'done' | 'failed' = 'done';
    let error: string | null = null;
    let result: JobResult | null = null;
    const handler = handlers.get(run.kind);
    try {
      if (!handler) throw new Error(`chưa có bộ xử lý cho loại việc "${run.kind}"`);
      result = (await handler({
        database: this.database, runId: run.id, scheduleId: run.schedule_id, label: schedule.label,
        params: schedule.params ?? {}, dueAt: run.due_at, now: this.clock.now(),
      })) ?? null;
    } catch (err) {
      state = 'failed';
      error = `Không chạy được "${schedule.label}" (đến hạn ${formatVn(run.due_at)}): ${(err as Error)?.message ?? String(err)}`;
    }
    const finished = this.clock.now();
    await this.database.db.updateTable('job_run').set({ state, error, finished_at: finished, result: result === null ? null : JSON.stringify(result) })
      .where('id', '=', run.id).execute();
    await this.database.db.updateTable('scheduled_job').set({ last_state: state })
      .where('id', '=', run.schedule_id).where('last_run_at', '=', run.due_at).execute();
    if (state === 'failed') this.log(`Lịch chạy tự động: việc #${run.id} thất bại`);
  }
}

function safeNext(rule: string, after: Date): Date | null {
  try {
    return nextOccurrence(rule, after);
  } catch {
    return null;
  }
}
