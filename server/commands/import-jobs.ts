/**
 * The web's import job queue: a confirmed upload is imported in the background (server/commands/import-and-refresh.ts,
 * the same path as the command line), while the page follows its progress (server-sent events or polling, in
 * server/ingest/routes.ts). One queue per server; a job belongs to the account that started it; finished jobs are
 * forgotten after an hour.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Database } from '../db/connect.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import type { SessionUser } from '../auth/policies.ts';
import { startJob } from '../jobs/running.ts';
import { KINDS } from '../ingest/kinds.ts';
import type { ManualMapping } from '../ingest/header.ts';
import { importFile, type ImportResult, type Replacement } from '../ingest/service.ts';
import { importAndRefresh } from './import-and-refresh.ts';

const JOB_TTL_MS = 3600_000;

export type ImportJobEvent = 'progress' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  userId: number;
  kind: FileKind;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  rowsRead: number;
  fraction: number;
  result: ImportResult | null;
  error: string | null;
  finishedAt: number | null;
  listeners: Set<(event: ImportJobEvent) => void>;
}

/** A confirmed upload: the staged file (removed when the job ends) and the user's choices. */
export interface ImportJobInput {
  kind: FileKind;
  filePath: string;
  fileName: string;
  period?: string;
  strict?: boolean;
  replace?: boolean;
  mapping?: ManualMapping;
}

export const IMPORT_FAILED_MESSAGE = 'Lỗi khi nhập tệp: cơ sở dữ liệu không ghi được lô này; không có gì thay đổi. Vui lòng thử lại hoặc báo quản trị hệ thống.';

export class ImportJobQueue {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(private readonly database: Database) {}

  /**
   * Replacing current data needs the user's explicit `replace`: without it, when the kind has current data, a dry run
   * (nothing changes) says what the file would replace. Null when the file may go ahead.
   */
  async replacementQuestion(user: SessionUser, input: ImportJobInput): Promise<{ message: string; replacement: Replacement | null } | null> {
    if (input.replace) return null;
    const current = await this.database.db.selectFrom('import_batch').select('id').where('kind', '=', input.kind).where('is_current', '=', true).limit(1).executeTakeFirst();
    if (!current) return null;
    const check = await importFile(this.database, {
      kind: input.kind, filePath: input.filePath, fileName: input.fileName, period: input.period, strict: input.strict, userId: user.id, dryRun: true, mapping: input.mapping,
    });
    return check.status === 'needs_confirmation' ? { message: check.message, replacement: check.replacement } : null;
  }

  /** Starts the import in the background and returns its job at once; the staged file is moved or removed. */
  start(user: SessionUser, input: ImportJobInput): ImportJob {
    this.sweep();
    const job: ImportJob = {
      id: crypto.randomBytes(16).toString('hex'), userId: user.id, kind: input.kind, fileName: input.fileName, status: 'running',
      rowsRead: 0, fraction: 0, result: null, error: null, finishedAt: null, listeners: new Set(),
    };
    this.jobs.set(job.id, job);
    const emit = (event: ImportJobEvent) => {
      for (const l of [...job.listeners]) l(event);
    };
    const tracked = startJob('import', `Nhập tệp ${KINDS[input.kind]?.label ?? input.kind}`, user.username);
    void (async () => {
      try {
        job.result = await importAndRefresh(this.database, {
          kind: input.kind, filePath: input.filePath, fileName: input.fileName, period: input.period, strict: input.strict, userId: user.id, moveFile: true,
          replace: input.replace, mapping: input.mapping,
          onProgress: (rows, fraction) => {
            job.rowsRead = rows;
            job.fraction = fraction ?? job.fraction;
            tracked.update({ fraction: job.fraction, stepLabel: `Đã đọc ${rows.toLocaleString('vi-VN')} dòng` });
            emit('progress');
          },
          onRefreshing: () => tracked.update({ fraction: 1, stepLabel: 'Cập nhật số liệu tiến độ' }),
        }, { actor: user });
        job.status = 'done';
      } catch (err) {
        job.status = 'failed';
        job.error = IMPORT_FAILED_MESSAGE;
        // No personal data in logs: the kind and the database error code only.
        console.error(`Nhập tệp ${input.kind} thất bại (mã lỗi ${(err as { code?: string }).code ?? 'không rõ'})`);
      } finally {
        fs.rmSync(input.filePath, { force: true });
        tracked.finish();
        job.finishedAt = Date.now();
        emit(job.status === 'done' ? 'done' : 'failed');
      }
    })();
    return job;
  }

  /** The job if it exists and belongs to this account. */
  get(id: string, userId: number): ImportJob | null {
    const job = this.jobs.get(id);
    return job && job.userId === userId ? job : null;
  }

  /** Calls `listener` on each progress and once at the end; returns the way to stop listening. */
  follow(job: ImportJob, listener: (event: ImportJobEvent) => void): () => void {
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Forgets the jobs finished more than an hour ago. */
  sweep(now = Date.now()): void {
    for (const [id, job] of this.jobs) if (job.finishedAt && job.finishedAt < now - JOB_TTL_MS) this.jobs.delete(id);
  }
}
