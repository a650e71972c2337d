/**
 * What other capabilities call: `refreshProgress(database)` after each import or reconciliation
 * (rebuilds the monthly stocks and the dashboard summaries), and `ensureProgressFresh` which does it
 * only when the inputs changed since the last refresh.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { rebuildMonthly } from './monthly-sql.ts';
import { computeProgress, loadProgressSettings, PROVINCE_CODE } from './progress.ts';
import { syncTargetsFromImports } from './targets.ts';
import { startJob } from '../jobs/running.ts';

export { computeProgress, PROVINCE_CODE } from './progress.ts';
export type { ProgressRow } from './progress.ts';

/** The import kinds whose rows feed the monthly stocks (`progress_monthly`): a change rebuilds them. */
const MONTHLY_KINDS = ['bhxh-nguoi', 'dan-cu'];
/** The import kinds read only by the summaries (labour force, targets): a change recomputes the summaries only. */
const SUMMARY_KINDS = ['lao-dong', 'chi-tieu'];
const INPUT_KINDS = [...MONTHLY_KINDS, ...SUMMARY_KINDS];

/**
 * Fingerprints of the inputs: `data` (what the monthly stocks are built from) changes when a current batch of
 * bhxh-nguoi or dan-cu changes or a reconciliation run finishes (it rebuilds the person links); `targets` (what
 * only the summaries read) when a current lao-dong or chi-tieu batch changes, a target version is added or a
 * setting changes.
 */
export async function progressFingerprint(db: Kysely<DB>): Promise<{ data: string; targets: string }> {
  const r = await sql<{ data: string; targets: string }>`
    SELECT
      (SELECT COALESCE(string_agg(kind || ':' || id, ',' ORDER BY id), '') FROM import_batch
        WHERE is_current AND kind IN (${sql.join(MONTHLY_KINDS)})) || '/links:' ||
      (SELECT COALESCE(MAX(id), 0)::text FROM reconcile_run WHERE status = 'done') AS data,
      (SELECT COALESCE(MAX(id), 0)::text FROM target_version) || '/' ||
      (SELECT COALESCE(string_agg(id::text || '=' || value::text, ',' ORDER BY id), '') FROM legal_param WHERE key LIKE 'progress.%') || '/' ||
      (SELECT COALESCE(string_agg(kind || ':' || id, ',' ORDER BY id), '') FROM import_batch
        WHERE is_current AND kind IN (${sql.join(SUMMARY_KINDS)})) AS targets
  `.execute(db);
  return r.rows[0];
}

const fingerprintText = (f: { data: string; targets: string }) => `${f.data}|${f.targets}`;

/** Recomputes and stores the summary rows (one per unit) of every year that has monthly data. */
async function rebuildSummaries(db: Kysely<DB>) {
  const years = await sql<{ year: number }>`SELECT DISTINCT EXTRACT(YEAR FROM period)::int AS year FROM progress_monthly ORDER BY 1`.execute(db);
  const targetYears = await sql<{ year: number }>`SELECT DISTINCT year FROM target_set ORDER BY 1`.execute(db);
  await sql`DELETE FROM progress_summary`.execute(db);
  let latest: string | null = null;
  for (const year of years.rows.map((r) => Number(r.year))) {
    const { asOfPeriod, rows } = await computeProgress(db, { year });
    if (!asOfPeriod) continue;
    latest = asOfPeriod;
    await db.insertInto('progress_summary')
      .values(rows.map((r) => ({ year, unit_code: r.unitCode, as_of_period: asOfPeriod, row: JSON.stringify(r) })))
      .execute();
  }
  return { latest, years: years.rows.map((r) => Number(r.year)), targetYears: targetYears.rows.map((r) => Number(r.year)) };
}

let inFlight: Promise<void> | null = null;

async function refresh(database: Database, full: boolean): Promise<void> {
  const db = database.db;
  await syncTargetsFromImports(db);
  await db.transaction().execute(async (trx) => {
    // One refresh at a time across processes.
    await sql`SELECT pg_advisory_xact_lock(190030)`.execute(trx);
    const fp = await progressFingerprint(trx);
    const started = Date.now();
    if (full) {
      const settings = await loadProgressSettings(trx, new Date().toISOString().slice(0, 10));
      await rebuildMonthly(trx, { provinceCode: PROVINCE_CODE, windowMonths: settings.windowMonths });
    }
    const summary = await rebuildSummaries(trx);
    const snapshots = await sql<{ s: string }>`SELECT DISTINCT snapshot_period AS s FROM progress_monthly ORDER BY 1`.execute(trx);
    await trx.insertInto('progress_run').values({
      fingerprint: fingerprintText(fp),
      latest_period: summary.latest,
      detail: JSON.stringify({ full, ms: Date.now() - started, years: summary.years, snapshots: snapshots.rows.map((r) => r.s), personLink: 'person_link, else personal ID / BHXH code' }),
    }).execute();
  });
}

/** Counts the refreshes done by this process, so the dashboard routes drop their cached answers at once. */
let generation = 0;
export const refreshGeneration = () => generation;

const refreshedListeners = new Set<() => Promise<void>>();
/**
 * Called after each refresh by this process, before it counts as done (the dashboard routes compute their
 * latest answers again). Returns the function that stops listening.
 */
export function onProgressRefreshed(listener: () => Promise<void>): () => void {
  refreshedListeners.add(listener);
  return () => refreshedListeners.delete(listener);
}

/**
 * Rebuilds the monthly stocks and summaries (`summariesOnly`: the summaries alone, for inputs that feed only them —
 * a targets or labour-force file; the result is the same as a full rebuild's, as the monthly stocks do not read them).
 * Call it after each import or reconciliation.
 */
export async function refreshProgress(database: Database, opts: { summariesOnly?: boolean } = {}): Promise<void> {
  while (inFlight) await inFlight.catch(() => undefined);
  const job = startJob('progress', 'Cập nhật số liệu tiến độ');
  inFlight = refresh(database, !opts.summariesOnly);
  try {
    await inFlight;
    job.update({ stepLabel: 'Chuẩn bị số liệu cho các trang' });
    for (const listener of refreshedListeners) await listener().catch(() => undefined);
  } finally {
    inFlight = null;
    generation++;
    job.finish();
  }
}

/**
 * The hook of the import and reconciliation call sites (CLI and web): after a successful import of a kind
 * that feeds progress (bhxh-nguoi, dan-cu: everything; lao-dong, chi-tieu: the summaries only), or after a
 * reconciliation run (new person links), rebuilds the aggregates, so the dashboards never compute them on a page request. A failure does not
 * undo the import or the run (both are committed): it is logged without data, and the pages' freshness check
 * retries.
 */
export async function refreshProgressAfter(database: Database, after: { importedKind: string } | 'reconcile'): Promise<void> {
  if (after !== 'reconcile' && !INPUT_KINDS.includes(after.importedKind)) return;
  try {
    await refreshProgress(database, { summariesOnly: after !== 'reconcile' && SUMMARY_KINDS.includes(after.importedKind) });
  } catch (err) {
    console.error(`Cập nhật số liệu tiến độ sau ${after === 'reconcile' ? 'đối soát' : `khi nhập ${after.importedKind}`} thất bại (mã lỗi ${(err as { code?: string }).code ?? 'không rõ'}); trang Tổng quan sẽ thử lại.`);
  }
}

/**
 * Refreshes only if the inputs changed since the last refresh: a full rebuild when data changed,
 * only the summaries when targets or settings changed. Cheap when nothing changed (one query).
 */
export async function ensureProgressFresh(database: Database): Promise<void> {
  if (inFlight) {
    await inFlight.catch(() => undefined);
  }
  const db = database.db;
  const last = await db.selectFrom('progress_run').select('fingerprint').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const now = await progressFingerprint(db);
  const pendingImports = await db.selectFrom('import_batch').select('id').where('kind', '=', 'chi-tieu').where('is_current', '=', true)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('target_version').select('id').whereRef('target_version.import_batch_id', '=', 'import_batch.id'))))
    .limit(1).executeTakeFirst();
  if (last && last.fingerprint === fingerprintText(now) && !pendingImports) return;
  const dataChanged = !last || last.fingerprint.split('|')[0] !== now.data;
  if (inFlight) return ensureProgressFresh(database);
  inFlight = refresh(database, dataChanged);
  try {
    await inFlight;
  } finally {
    inFlight = null;
  }
}

/** The latest refresh (for "Số liệu tính đến …"). */
export async function lastRefresh(db: Kysely<DB>) {
  return db.selectFrom('progress_run').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}
