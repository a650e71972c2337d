/**
 * The reconciliation use case, the one path the web (server/reconcile/routes.ts), the command line
 * (`baophu reconcile`) and the first-start demo load (server/demo/load.ts) take: run every check, refresh the progress
 * aggregates (new person links change them), and audit the run.
 */
import type { Database } from '../db/connect.ts';
import { audit } from '../auth/audit.ts';
import { runReconciliation, type RunOptions, type RunResult } from '../reconcile/service.ts';
import { refreshProgressAfter } from '../targets/service.ts';
import type { CommandCaller } from './import-and-refresh.ts';

export interface ReconcileAndRefreshOptions extends RunOptions {
  /** Called when the checks are done, before the refresh (the web's job shows the step). */
  onRefreshing?: () => void;
}

/**
 * Runs the reconciliation, refreshes the progress aggregates and writes the audit row (when a caller is given: the
 * demo load audits itself once). Throws what runReconciliation throws (invalid --as-of/--period as CliError,
 * database errors); a failed refresh is logged and does not undo the run.
 */
export async function reconcileAndRefresh(database: Database, options: ReconcileAndRefreshOptions, caller: CommandCaller | null): Promise<RunResult> {
  const { onRefreshing, ...runOptions } = options;
  const run = await runReconciliation(database, { ...runOptions, startedBy: runOptions.startedBy ?? caller?.actor.username });
  onRefreshing?.();
  await refreshProgressAfter(database, 'reconcile');
  if (caller) {
    await audit(database.db, caller.actor, {
      action: 'change', objectType: 'reconcile_run', objectId: run.runId,
      detail: { ...(caller.channel ? { channel: caller.channel } : {}), asOf: run.asOf, period: run.period, total: run.total },
    });
  }
  return run;
}
