/**
 * Reconciliation runs and findings: the functions other capabilities call.
 * - runReconciliation: link persons, run the 12 checks, merge into the stable `finding` table.
 * - findingCountsByCommune: counts per commune and code for dashboards.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import { HttpError } from '../http/errors.ts';
import type { Database } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import { FINDING_CODES, type FileKind, type FindingCode } from '#shared/auth/roles.ts';
import { loadRunParams, describeParams } from './params.ts';
import { refreshResidents, linkPersons } from './linkage.ts';
import { CHECKS, CHECKS_REDONE_ALONE, prepare, prepareAlone, runCheck } from './checks.ts';
import { run } from './sql.ts';
import { dropPlainIndexes, rebuildIndexes, useBulkPlanner } from '../db/bulk.ts';
import { refreshCasesAfterRun } from '../cases/service.ts';
import { runInputs, changedKinds, type RunInputs } from './inputs.ts';

export interface RunResult {
  runId: number;
  asOf: string;
  period: string; // YYYY-MM
  total: number;
  perCode: Array<{ code: string; count: number; ms: number }>;
  linkage?: { ms: number; residentsRebuilt: boolean; counts: Array<{ source: string; method: string; status: string; n: number }> };
  stats?: Record<string, unknown>;
  ms?: number;
  /** The earlier run whose findings this one reused (its inputs were the same), or null for a run that did the work. */
  reusedRunId?: number | null;
}

const TEMP_TABLES = ['rc_part', 'rc_active_key', 'rc_unit', 'rc_tax', 'rc_income', 'rc_nld', 'rc_part_key', 'rc_unit_by_tax',
  'rc_arrears_unit', 'rc_excluded', 'rc_hn', 'rc_fz', 'rc_pair', 'rc_tn_key', 'rc_review_cand'];

/** Today's date in the server's local time, 'YYYY-MM-DD'. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The run's date; `label` names it the way the caller asked for it (the command line: '--as-of'). */
export function parseAsOf(value: string | undefined, label = 'Ngày đối soát'): string {
  if (value === undefined) return today();
  if (!validDate(value)) throw new HttpError(400, `${label} phải là ngày dạng YYYY-MM-DD (ví dụ 2026-11-25), nhận được "${value}"`);
  return value;
}

export function parsePeriod(value: string | undefined, label = 'Kỳ dữ liệu'): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new HttpError(400, `${label} phải là kỳ dạng YYYY-MM (ví dụ 2026-10), nhận được "${value}"`);
  return `${value}-01`;
}

/** The participant snapshot period P: the given one (must exist) or the latest not after as_of. */
async function resolvePeriod(q: pg.Pool | pg.PoolClient, asOf: string, period?: string): Promise<string> {
  if (period) {
    const { rows } = await q.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM cur_bhxh_nguoi WHERE snapshot_period = $1::date) AS ok`, [period]);
    if (!rows[0].ok) throw new HttpError(409, `Không có dữ liệu người tham gia BHXH (bhxh-nguoi) của kỳ ${period.slice(5, 7)}/${period.slice(0, 4)}. Hãy nhập tệp của kỳ này hoặc chọn kỳ khác.`);
    return period;
  }
  const { rows } = await q.query<{ p: string | null }>(
    `SELECT max(snapshot_period)::text AS p FROM (SELECT DISTINCT snapshot_period FROM cur_bhxh_nguoi) s WHERE snapshot_period <= $1::date`, [asOf]);
  if (!rows[0].p) {
    throw new HttpError(409, `Chưa có dữ liệu người tham gia BHXH (bhxh-nguoi) của kỳ nào trước ngày ${asOf.split('-').reverse().join('/')}. Hãy nhập dữ liệu trước khi đối soát.`);
  }
  return rows[0].p;
}

export interface RunOptions {
  asOf?: string;
  period?: string; // YYYY-MM
  startedBy?: string;
  /** Progress lines (Vietnamese), e.g. for the CLI. */
  log?: (line: string) => void;
  /** Redo the linkage and every check even when nothing changed since the latest run (`baophu reconcile --full`). */
  full?: boolean;
  /** Progress of the run: steps done of all (linkage, each check, the merge); `code` is the check just done. */
  onStep?: (done: number, total: number, code: string | null) => void;
}

/** Steps of a run as reported to onStep: the linkage, every check, the merge. */
export const RUN_STEPS = CHECKS.length + 2;

/**
 * Checks a run's inputs before it starts (a bad date, a period without data: a CliError with the Vietnamese
 * reason), so that a caller that runs it in the background can refuse the request at once.
 */
export async function checkRunInputs(database: Database, opts: { asOf?: string; period?: string }): Promise<void> {
  const asOf = parseAsOf(opts.asOf);
  const periodOpt = parsePeriod(opts.period);
  await resolvePeriod(database.pool, asOf, periodOpt);
}

/** Runs every check as of `asOf` for period `period` and merges the findings. */
export async function runReconciliation(database: Database, opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const asOf = parseAsOf(opts.asOf);
  const periodOpt = parsePeriod(opts.period);
  const client = await database.pool.connect();
  let runId = 0;
  try {
    const period = await resolvePeriod(client, asOf, periodOpt);
    const params = await loadRunParams(client, asOf, period);
    const described = describeParams(params);
    const inputs = await runInputs(client, asOf, period, described);
    const ins = await client.query<{ id: number }>(
      `INSERT INTO reconcile_run (as_of, period, started_by, params, inputs_hash, inputs) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb) RETURNING id`,
      [asOf, period, opts.startedBy ?? null, JSON.stringify(described), inputs.hash, JSON.stringify({ context: inputs.context, batches: inputs.batches })],
    );
    runId = ins.rows[0].id;
    const perCode: RunResult['perCode'] = [];
    let linkage: RunResult['linkage'];
    let stats: Record<string, unknown> = {};
    let reusedRunId: number | null = null;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(190020)');
      // Decided under the lock, so that no other run changes the findings between the decision and the work.
      const plan = opts.full ? { kind: 'full' as const } : await planRun(client, runId, inputs);
      const ctx = { q: client, p: params };
      let done = 0; // steps reported: the linkage (or the kept findings), then each check
      if (plan.kind === 'reuse') {
        reusedRunId = plan.latest.id;
        opts.log?.(`Dữ liệu đầu vào không đổi từ lần đối soát #${reusedRunId}: dùng lại kết quả của lần đó (chạy lại toàn bộ: --full).`);
        perCode.push(...plan.latest.perCode);
        stats = { ...linkageStats(plan.latest.stats), reusedRunId };
        linkage = plan.latest.stats.linkage as RunResult['linkage'];
        await refreshCasesAfterRun(client, runId);
      } else {
        await useBulkPlanner((text) => client.query(text), '128MB', { mergeJoins: false });
        await client.query('TRUNCATE rc_finding_stage');
        if (plan.kind === 'alone') {
          // Only kinds whose checks can be redone alone changed: the other codes' findings are the latest run's.
          opts.log?.(`Chỉ dữ liệu ${plan.changed.join(', ')} thay đổi từ lần đối soát #${plan.latest.id}: chạy lại ${plan.redo.join(', ')}, giữ nguyên các phát hiện khác.`);
          await client.query(
            `INSERT INTO rc_finding_stage (code, subject_id, subject_name, subject_kind, commune_code, related_id, amount_vnd, amounts, evidence,
                                           legal_basis, link_method, link_score)
             SELECT code, subject_id, subject_name, subject_kind, commune_code, related_id, amount_vnd, amounts, evidence, legal_basis, link_method, link_score
               FROM finding WHERE resolved_run_id IS NULL AND NOT (code = ANY($1::text[]))`, [plan.redo]);
          await prepareAlone(ctx);
          opts.onStep?.(++done, RUN_STEPS, null);
        } else {
          const t0 = Date.now();
          const rebuilt = await refreshResidents(client);
          const thresholds = { upper: params.settings.get('link.upper')!, lower: params.settings.get('link.lower')!, margin: params.settings.get('link.margin')! };
          const evidence = { idWeight: params.settings.get('link.id_weight')!, slipEdits: params.settings.get('link.slip_edits')! };
          const linked = await linkPersons(client, runId, period, thresholds, undefined, evidence);
          linkage = { ms: Date.now() - t0, residentsRebuilt: rebuilt, counts: linked.bySource };
          opts.log?.(`Liên kết danh tính: ${linkage.ms} ms`);
          opts.onStep?.(++done, RUN_STEPS, null);
          await prepare(ctx);
        }
        for (const check of CHECKS) {
          const t = Date.now();
          const count = plan.kind === 'alone' && !plan.redo.includes(check.code) ? await stagedCount(client, check.code) : await runCheck(ctx, check);
          perCode.push({ code: check.code, count, ms: Date.now() - t });
          opts.log?.(`  ${check.code}: ${count} (${Date.now() - t} ms)`);
          opts.onStep?.(++done, RUN_STEPS, check.code);
        }
        const tm = Date.now();
        await merge(client, runId, period);
        // Cases follow their findings: resolved by the data, amounts paid since opening, automatic opening.
        await refreshCasesAfterRun(client, runId);
        // The linkage statistics of a run that redid checks alone are those of the run whose links it kept.
        stats = plan.kind === 'alone'
          ? { ...linkageStats(plan.latest.stats), redone: plan.redo, keptFromRunId: plan.latest.id }
          : await runStats(client);
        if (plan.kind === 'alone') linkage = plan.latest.stats.linkage as RunResult['linkage'];
        stats.mergeMs = Date.now() - tm;
        for (const t of TEMP_TABLES) await client.query(`DROP TABLE IF EXISTS ${t}`);
        await client.query('TRUNCATE rc_finding_stage');
      }
      // The last step: the merge (a reused run does all its work in it).
      opts.onStep?.(RUN_STEPS, RUN_STEPS, null);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    perCode.sort((a, b) => FINDING_CODES.indexOf(a.code as never) - FINDING_CODES.indexOf(b.code as never));
    const total = perCode.reduce((s, c) => s + c.count, 0);
    stats.linkage = linkage;
    await client.query(
      `UPDATE reconcile_run SET status = 'done', finished_at = now(), total = $2, per_code = $3::jsonb, stats = $4::jsonb, reused_run_id = $5 WHERE id = $1`,
      [runId, total, JSON.stringify(perCode), JSON.stringify(stats), reusedRunId],
    );
    return { runId, asOf, period: period.slice(0, 7), total, perCode, linkage, stats, ms: Date.now() - started, reusedRunId };
  } catch (err) {
    if (runId) {
      await client
        .query(`UPDATE reconcile_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, (err as Error).message])
        .catch(() => undefined);
    }
    throw err;
  } finally {
    client.release();
  }
}

interface LatestRun { id: number; perCode: RunResult['perCode']; stats: Record<string, unknown> }

type RunPlan =
  | { kind: 'full' }
  /** The latest finished run had the same inputs: its findings are this run's; nothing in `finding` changes. */
  | { kind: 'reuse'; latest: LatestRun }
  /** Only kinds whose checks can be redone alone changed: redo those checks, keep the other findings. */
  | { kind: 'alone'; latest: LatestRun; changed: FileKind[]; redo: FindingCode[] };

/** What this run must redo, from the inputs of the latest finished run (inputs.ts). */
async function planRun(client: pg.PoolClient, runId: number, inputs: RunInputs): Promise<RunPlan> {
  const { rows } = await client.query(
    `SELECT id, inputs_hash, inputs, per_code, stats FROM reconcile_run WHERE status = 'done' AND id <> $1 ORDER BY id DESC LIMIT 1`, [runId]);
  const row = rows[0] as { id: string; inputs_hash: string | null; inputs: Pick<RunInputs, 'context' | 'batches'> | null; per_code: RunResult['perCode']; stats: Record<string, unknown> } | undefined;
  if (!row?.inputs || row.inputs.context !== inputs.context) return { kind: 'full' };
  const latest = { id: Number(row.id), perCode: row.per_code, stats: row.stats };
  if (row.inputs_hash === inputs.hash) return { kind: 'reuse', latest };
  const changed = changedKinds(row.inputs, inputs);
  const redo = new Set<FindingCode>();
  for (const kind of changed) {
    const codes = CHECKS_REDONE_ALONE[kind];
    if (!codes) return { kind: 'full' };
    for (const c of codes) redo.add(c);
  }
  return { kind: 'alone', latest, changed, redo: FINDING_CODES.filter((c) => redo.has(c)) };
}

/** The statistics of a run that describe its links (kept by a run that reused them), without how that run was made. */
function linkageStats({ reusedRunId: _r, redone: _d, keptFromRunId: _k, mergeMs: _m, ...kept }: Record<string, unknown>): Record<string, unknown> {
  return kept;
}

async function stagedCount(client: pg.PoolClient, code: string): Promise<number> {
  const { rows } = await client.query('SELECT count(*)::int AS n FROM rc_finding_stage WHERE code = $1', [code]);
  return Number(rows[0].n);
}

/** Above this many new findings, the merge rebuilds the indexes of `finding` instead of maintaining them. */
const BULK_NEW_FINDINGS = 100_000;

/**
 * Merges the staged findings of the run into `finding`: present ones updated where something changed
 * (re-opened if they had been resolved), new ones inserted, gone ones resolved. Each step is one join of the
 * stage with `finding`; rows that did not change are not written.
 */
async function merge(q: pg.PoolClient, runId: number, period: string) {
  await q.query('ANALYZE rc_finding_stage');
  await run(q, `
    INSERT INTO finding_action (finding_id, run_id, action, from_status, to_status, note)
    SELECT f.id, :run, 'reopened_by_run', 'resolved', 'open', 'Lần đối soát này lại phát hiện trường hợp này.'
      FROM finding f JOIN rc_finding_stage s ON s.code = f.code AND s.subject_id = f.subject_id
     WHERE f.status = 'resolved'`, { run: runId });
  await run(q, `
    UPDATE finding f SET
      subject_name = s.subject_name, subject_kind = s.subject_kind, commune_code = s.commune_code, period = :period::date,
      related_id = s.related_id, amount_vnd = s.amount_vnd, amounts = s.amounts, evidence = s.evidence, legal_basis = s.legal_basis,
      link_method = s.link_method, link_score = s.link_score, content_hash = s.content_hash, updated_run_id = :run, updated_at = now(),
      status = CASE WHEN f.status = 'resolved' THEN 'open' ELSE f.status END,
      resolved_run_id = NULL
      FROM rc_finding_stage s
     WHERE s.code = f.code AND s.subject_id = f.subject_id
       AND (f.resolved_run_id IS NOT NULL OR f.status = 'resolved' OR f.period <> :period::date
            OR f.content_hash IS DISTINCT FROM s.content_hash)`,
    { run: runId, period });
  // Many new findings (a first run): insert them without the plain indexes and the (code, subject) unique
  // constraint and build those after (the run holds the advisory lock: nothing else writes findings).
  const sizes = await q.query<{ staged: number; stored: number }>('SELECT (SELECT count(*) FROM rc_finding_stage)::int AS staged, (SELECT count(*) FROM finding)::int AS stored');
  const bulk = sizes.rows[0].staged - sizes.rows[0].stored > BULK_NEW_FINDINGS;
  const unique = bulk
    ? (await q.query<{ conname: string; def: string }>(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                       WHERE conrelid = 'finding'::regclass AND contype = 'u'`)).rows
    : [];
  const deferred = bulk ? await dropPlainIndexes(q, 'finding') : null;
  for (const c of unique) await q.query(`ALTER TABLE finding DROP CONSTRAINT ${c.conname}`);
  await run(q, `
    INSERT INTO finding (code, subject_id, subject_name, subject_kind, commune_code, period, related_id, amount_vnd, amounts, evidence,
                         legal_basis, link_method, link_score, content_hash, first_run_id, updated_run_id)
    SELECT code, subject_id, subject_name, subject_kind, commune_code, :period::date, related_id, amount_vnd, amounts, evidence,
           legal_basis, link_method, link_score, content_hash, :run, :run
      FROM rc_finding_stage s
     WHERE NOT EXISTS (SELECT 1 FROM finding f WHERE f.code = s.code AND f.subject_id = s.subject_id)`,
    { run: runId, period });
  for (const c of unique) await q.query(`ALTER TABLE finding ADD CONSTRAINT ${c.conname} ${c.def}`);
  await rebuildIndexes(q, deferred);
  await run(q, `
    WITH gone AS (
      SELECT f.id, f.status FROM finding f
       WHERE f.resolved_run_id IS NULL AND f.first_run_id <> :run
         AND NOT EXISTS (SELECT 1 FROM rc_finding_stage s WHERE s.code = f.code AND s.subject_id = f.subject_id)
    ), upd AS (
      UPDATE finding f SET resolved_run_id = :run, updated_at = now(),
             status = CASE WHEN f.status IN ('new', 'open') THEN 'resolved' ELSE f.status END
        FROM gone WHERE f.id = gone.id
      RETURNING f.id, gone.status AS old_status
    )
    INSERT INTO finding_action (finding_id, run_id, action, from_status, to_status, note)
    SELECT id, :run, 'resolved_by_run', old_status, 'resolved', 'Lần đối soát này không còn phát hiện trường hợp này (nguyên nhân đã hết).'
      FROM upd WHERE old_status IN ('new', 'open')`, { run: runId });
  await q.query('ANALYZE finding');
}

async function runStats(q: pg.PoolClient): Promise<Record<string, unknown>> {
  const { rows } = await q.query<{ absent_ids: number; pending_review: number; active_records: number }>(`
    SELECT
      count(*) FILTER (WHERE active AND link_status = 'unlinked' AND cardinality(rc_pid_problems(raw_id, birth_date, sex)) = 0)::int AS absent_ids,
      count(*) FILTER (WHERE active AND link_status = 'review')::int AS pending_review,
      count(*) FILTER (WHERE active)::int AS active_records
      FROM rc_part`);
  return {
    /** Active participant records whose valid ID is not in the provincial extract and that match nobody (not a finding). */
    absentIds: rows[0].absent_ids,
    pendingReview: rows[0].pending_review,
    activeRecords: rows[0].active_records,
  };
}

/** The latest finished run, or null. */
/**
 * The imports since the latest finished run began (accepted batches of the kinds the checks read): when there are
 * any, the findings are stale until the next run. Null when nothing changed (or no run finished yet).
 */
export async function changesSinceLatestRun(db: Kysely<DB>): Promise<{ runId: number; batches: Array<{ id: number; kind: string; importedAt: string }> } | null> {
  // One statement, so imported_at is compared with started_at at the database's microsecond precision.
  const r = await sql<{ run_id: number; id: number; kind: string; imported_at: Date }>`
    SELECT r.id AS run_id, b.id, b.kind, b.imported_at
      FROM (SELECT id, started_at FROM reconcile_run WHERE status = 'done' ORDER BY id DESC LIMIT 1) r
      JOIN import_batch b ON b.imported_at > r.started_at AND NOT b.refused AND b.kind <> 'chi-tieu'
     ORDER BY b.id`.execute(db);
  if (!r.rows.length) return null;
  return {
    runId: r.rows[0].run_id,
    batches: r.rows.map((b) => ({ id: b.id, kind: b.kind, importedAt: b.imported_at.toISOString() })),
  };
}

export async function latestRun(db: Kysely<DB>) {
  const run = await db.selectFrom('reconcile_run').select(['id', 'as_of', 'period', 'finished_at', 'total', 'per_code', 'stats'])
    .where('status', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return run ?? null;
}

export interface CommuneCount { communeCode: string | null; code: string; count: number; amountVnd: number }

/**
 * Findings raised by the latest run (not dismissed), per commune and code, for dashboards.
 * `communes` = null for the whole province (pass communeFilter(user)); `codes` limits the codes (e.g. those the role sees).
 */
export async function findingCountsByCommune(db: Kysely<DB>, opts: { communes?: string[] | null; codes?: readonly string[] } = {}): Promise<CommuneCount[]> {
  const communes = opts.communes ?? null;
  const codes = opts.codes ?? FINDING_CODES;
  if (communes && communes.length === 0) return [];
  if (codes.length === 0) return [];
  const r = await sql<{ commune_code: string | null; code: string; n: number; amount: number }>`
    SELECT commune_code, code, count(*)::int AS n, coalesce(sum(amount_vnd), 0)::bigint AS amount
      FROM finding
     WHERE resolved_run_id IS NULL AND status <> 'dismissed'
       AND code = ANY(${[...codes]}::text[])
       ${communes ? sql`AND commune_code = ANY(${communes}::text[])` : sql``}
     GROUP BY commune_code, code ORDER BY commune_code, code`.execute(db);
  return r.rows.map((x) => ({ communeCode: x.commune_code, code: x.code, count: Number(x.n), amountVnd: Number(x.amount) }));
}
