/**
 * The import use cases, the one path the web (server/ingest/routes.ts and its job queue), the command line
 * (`baophu import`) and the first-start demo load (server/demo/load.ts) take: import a file (or restore a replaced
 * batch), refresh what is derived from current data (the progress aggregates), and audit it.
 */
import type { Database } from '../db/connect.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { audit, type AuditActor } from '../auth/audit.ts';
import { importFile, restoreBatch, type ImportOptions, type ImportResult, type Replacement } from '../ingest/service.ts';
import { refreshProgressAfter } from '../targets/service.ts';

/** Who asked, for the audit row: the account (web) or `commandLineActor()` with `channel: 'cli'`. */
export interface CommandCaller {
  actor: AuditActor;
  channel?: 'cli';
}

/**
 * After current data of a kind changed (an import, a restore): rebuild what is derived from it (progress
 * aggregates). A failure of the refresh does not undo the import (it is logged; the pages' freshness check retries).
 */
export async function refreshAfterCurrentChange(database: Database, kind: FileKind): Promise<void> {
  await refreshProgressAfter(database, { importedKind: kind });
}

export interface ImportAndRefreshOptions extends ImportOptions {
  /** Called after a successful import, before the refresh (the web's job shows the step). */
  onRefreshing?: () => void;
  /**
   * Refresh the aggregates after an import (default true). The demo load, which refreshes once at the end of its
   * reconciliation, passes false.
   */
  refresh?: boolean;
}

/**
 * Imports a file, refreshes what depends on current data when the import made it current, and writes the audit row
 * (when a caller is given: the demo load audits itself once). Throws what importFile throws (ImportOptionError for
 * invalid options, database errors); a refused file is a result (`rejected`), not an error.
 */
export async function importAndRefresh(database: Database, options: ImportAndRefreshOptions, caller: CommandCaller | null): Promise<ImportResult> {
  const { onRefreshing, refresh = true, ...importOptions } = options;
  const result = await importFile(database, importOptions);
  if (result.status === 'imported' && refresh) {
    onRefreshing?.();
    await refreshAfterCurrentChange(database, options.kind);
  }
  if (caller && !options.dryRun) {
    await audit(database.db, caller.actor, {
      action: 'import', objectType: 'import_batch', objectId: result.batchId,
      detail: {
        ...(caller.channel ? { channel: caller.channel } : {}),
        kind: options.kind, fileName: options.fileName ?? result.fileName, status: result.status, rows: result.rows, accepted: result.accepted,
        rejected: result.rejected, sha256: result.sha256, replaced: result.replacement?.batches.map((b) => b.id) ?? [],
      },
    });
  }
  return result;
}

/**
 * Makes a replaced batch current again (server/ingest/service.ts restoreBatch), audits it and refreshes as an import
 * does. Throws RestoreError (404 unknown batch, 409 refused or already current).
 */
export async function restoreAndRefresh(database: Database, batchId: number, caller: CommandCaller): Promise<{ kind: FileKind; replacement: Replacement | null }> {
  const restored = await restoreBatch(database, batchId);
  await audit(database.db, caller.actor, {
    action: 'change', objectType: 'import_batch', objectId: batchId,
    detail: { ...(caller.channel ? { channel: caller.channel } : {}), operation: 'restore', kind: restored.kind, replaced: restored.replacement?.batches.map((b) => b.id) ?? [] },
  });
  await refreshAfterCurrentChange(database, restored.kind);
  return restored;
}
