/**
 * No lost builds: a version left 'queued' or 'running' by a process that stopped (the server was restarted, the
 * command line was killed) is built again by the in-process queue, or marked failed with a Vietnamese reason when
 * its inputs cannot be rebuilt (the account that asked for it can no longer make it). `baophu serve` calls
 * `recoverReportBuilds` when it starts and every few minutes (a build of a process on another machine that stopped
 * showing life for STALE_MS).
 *
 * A version is lost when its worker (report_version.worker, host:pid, migration 0075) is unknown, is a process of
 * this machine that no longer exists, or has not shown life (heartbeat_at) for STALE_MS. Taking it over is one
 * UPDATE conditioned on the worker and heartbeat read, so two processes starting together take it once.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { Database } from '../db/connect.ts';
import { loadSessionUser } from '../auth/users.ts';
import { mayGenerateReport, type SessionUser } from '../auth/policies.ts';
import { loadKind } from './kinds.ts';
import { buildVersion } from './commands.ts';
import { enqueue } from './queue.ts';
import { WORKER } from './worker.ts';

/** A build that has not shown life for this long is taken for lost, whatever process holds it (heartbeat: 1 min). */
export const STALE_MS = 10 * 60_000;

/** Whether the process named by `worker` is gone (see the module's comment). */
export function workerGone(worker: string | null, heartbeatAt: Date | null, now = Date.now()): boolean {
  if (!worker) return true;
  if (worker === WORKER) return false;
  const at = worker.lastIndexOf(':');
  const host = worker.slice(0, at);
  const pid = Number(worker.slice(at + 1));
  if (host === os.hostname() && Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
  }
  return !heartbeatAt || now - new Date(heartbeatAt).getTime() > STALE_MS;
}

const lostReason = (why: string) => `Máy chủ đã dừng khi đang lập báo cáo này và không lập lại được: ${why}. Hãy lập lại báo cáo.`;

export interface Recovery {
  /** Versions queued again (built by this process's queue). */
  resumed: number[];
  /** Versions marked failed, with their reason. */
  failed: Array<{ id: number; reason: string }>;
}

/** Takes over the lost builds: queues them again, or marks them failed with the reason (shown on the page). */
export async function recoverReportBuilds(database: Database, log: (line: string) => void = () => undefined): Promise<Recovery> {
  const { db } = database;
  const rows = await db.selectFrom('report_version')
    .select(['id', 'kind', 'state', 'worker', 'heartbeat_at', 'created_by', 'created_by_name', 'commune_code'])
    .where('state', 'in', ['queued', 'running']).orderBy('id').execute();
  const out: Recovery = { resumed: [], failed: [] };
  for (const r of rows) {
    if (!workerGone(r.worker, r.heartbeat_at)) continue;
    const id = Number(r.id);
    // Who the files are rendered for (their masking): the account that asked, if it still may make this report.
    let viewer: SessionUser | null = null;
    let reason: string | null = null;
    if (r.created_by !== null) {
      viewer = await loadSessionUser(db, Number(r.created_by));
      const kind = await loadKind(db, r.kind);
      if (!viewer) reason = `tài khoản đã yêu cầu (${r.created_by_name}) không còn hoạt động`;
      else if (!kind || !mayGenerateReport(viewer, kind.access, r.commune_code)) reason = `tài khoản đã yêu cầu (${r.created_by_name}) không còn được lập loại báo cáo này`;
    }
    const taken = await db.transaction().execute(async (trx) => {
      const u = await trx.updateTable('report_version')
        .set(reason
          ? { state: 'failed', error: lostReason(reason), worker: WORKER, heartbeat_at: new Date() }
          : { state: 'queued', progress: 0, error: null, worker: WORKER, heartbeat_at: new Date() })
        .where('id', '=', id).where('state', 'in', ['queued', 'running'])
        .where(sql<boolean>`worker IS NOT DISTINCT FROM ${r.worker} AND date_trunc('milliseconds', heartbeat_at) IS NOT DISTINCT FROM ${r.heartbeat_at}`)
        .executeTakeFirst();
      if (Number(u.numUpdatedRows) !== 1) return false;
      await trx.insertInto('report_action').values(reason
        ? { version_id: id, user_id: null, username: r.created_by_name, action: 'fail', from_state: r.state, to_state: 'failed', comment: lostReason(reason) }
        : { version_id: id, user_id: null, username: r.created_by_name, action: 'resume', from_state: r.state, to_state: 'queued', detail: JSON.stringify({ worker: r.worker, by: WORKER }) }).execute();
      return true;
    });
    if (!taken) continue;
    if (reason) {
      out.failed.push({ id, reason: lostReason(reason) });
      log(`Báo cáo (phiên bản ${id}) bị dừng giữa chừng, không lập lại được: ${reason}.`);
    } else {
      out.resumed.push(id);
      log(`Lập lại báo cáo bị dừng giữa chừng (phiên bản ${id}).`);
      enqueue(() => buildVersion(database, id, viewer));
    }
  }
  return out;
}
