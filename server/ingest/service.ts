/**
 * importFile: one file = one batch = one transaction. The file is hashed (an identical file already
 * imported answers "unchanged"), read as a stream (CSV or XLSX), its header found, every row
 * validated by the rules of its kind (kinds.ts), and the valid rows bulk-loaded into src_<kind>
 * together with the batch's lineage and every problem found (import_issue). A new snapshot of a
 * kind replaces the current one of the same period (and commune scope). Anything that goes wrong
 * before COMMIT leaves the database as it was; the raw file is kept under <data dir>/files/<sha256>.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { z } from 'zod';
import type { Database } from '../db/connect.ts';
import { rawFilesPath } from '../db/config.ts';
import { inTransaction } from '../db/transaction.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../db/private-files.ts';
import { ROLES, type FileKind, type RoleCode } from '#shared/auth/roles.ts';
import { formatInt } from '#shared/format.ts';
import { cellText, CommuneIndex, isBlank, today } from './fields.ts';
import { guessKinds, HEADER_SCAN_ROWS, isTotalRow, manualMappingProblem, matchHeader, type HeaderMatch, type ManualMapping } from './header.ts';
import { KINDS, isFileKind, type KindSpec } from './kinds.ts';
import { BulkWriter, COPY_ROWS_PGLITE, deferIndexes, type LoadMethod } from './load.ts';
import { rebuildIndexes } from '../db/bulk.ts';
import { RowCtx, type Issue, type ValidationEnv } from './row.ts';
import { KeyRegistry } from './keys.ts';
import { openSource, SourceError } from './source.ts';
import type { RawRow, RowSource } from './read/types.ts';
import { ENCODING_LABELS } from './read/encoding.ts';
import { DELIMITER_LABELS } from './read/csv.ts';
import { PROVINCE_CODE } from '#shared/province.ts';
import type { DataExtent, ImportDetail, Replacement } from '#shared/api/ingest.ts';

export interface ImportError {
  row: number;
  column: string;
  value?: string;
  message: string;
  /** The rejected row's cells as text, in the order of `detail.columns` (for the reject report). */
  source?: string[];
}

export interface ImportResult {
  /**
   * needs_confirmation: the file would replace current data and `replace` was not given (nothing changed);
   * checked: a dry run found nothing to replace (nothing changed).
   */
  status: 'imported' | 'rejected' | 'unchanged' | 'needs_confirmation' | 'checked';
  kind: FileKind;
  batchId: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  warnings: number;
  /** Rejected rows (or, for a refused file, why); at most MAX_ERRORS_IN_RESULT entries. */
  errors: ImportError[];
  headerMapping: Record<string, string>;
  /** Vietnamese one-line summary. */
  message: string;
  /** True when more errors exist than `errors` holds (the full list is in the reject report). */
  errorsTruncated: boolean;
  /** Warnings of accepted rows; at most MAX_ERRORS_IN_RESULT entries. */
  warningList: ImportError[];
  period: string | null;
  fileName: string;
  sha256: string | null;
  detail: ImportDetail;
  /** What the file replaces (imported) or would replace (needs_confirmation); null when it replaces nothing. */
  replacement: Replacement | null;
}

/** The extent of data, what a batch replaces and how a file was read: API shapes too (shared/api/ingest.ts). */
export type { DataExtent, ImportDetail, Replacement };

export interface ImportOptions {
  kind: FileKind;
  filePath: string;
  fileName?: string;
  /** YYYY-MM: the snapshot period (fills a missing Kỳ/Năm column, and must agree with it). */
  period?: string;
  strict?: boolean;
  userId?: number | null;
  userName?: string;
  /** Called every few thousand rows; `fraction` is how much of the file was read (0..1). */
  onProgress?: (rowsRead: number, fraction?: number) => void;
  /** The file is a temporary upload of ours: move it into the raw store instead of copying. */
  moveFile?: boolean;
  /** Force a load method (benchmarks); default: COPY (both engines). */
  loadMethod?: LoadMethod;
  /**
   * The caller confirmed that the file may replace current data of its kind and period. Without it an import that
   * would replace something changes nothing and answers `needs_confirmation` with the numbers (first imports and
   * new periods need no confirmation).
   */
  replace?: boolean;
  /** Validate and compute what would be replaced, change nothing: `needs_confirmation`, `checked` or `rejected`. */
  dryRun?: boolean;
  /** Columns mapped by hand: header as written → field key of the kind ('' = ignore the column). */
  mapping?: ManualMapping;
}

export const MAX_ERRORS_IN_RESULT = 10_000;
/** How many rejects are also kept in import_batch.rejects (the rest are in import_issue). */
const REJECTS_IN_BATCH = 1_000;

export const ImportOptionsSchema = z.object({
  kind: z.string().refine(isFileKind, { message: 'Loại tệp không hợp lệ' }),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Kỳ phải có dạng YYYY-MM (ví dụ 2026-10)' }).optional(),
});

/** Thrown for invalid options (unknown kind, bad period): a usage error, not a refused file. */
export class ImportOptionError extends Error {}

class Refusal extends Error {
  constructor(readonly errors: ImportError[], message: string) {
    super(message);
  }
}

const PROVINCE = PROVINCE_CODE;

// ----------------------------------------------------------------------------- raw file store

interface StagedFile {
  sha256: string;
  size: number;
  tmpPath: string;
}

/** Copies (or moves) the file into the raw store under a temporary name while hashing it. */
async function stageRawFile(filePath: string, rawDir: string, move: boolean): Promise<StagedFile> {
  makePrivateDir(rawDir);
  const tmpPath = path.join(rawDir, `.incoming-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  if (move) {
    for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    await fs.promises.rename(filePath, tmpPath).catch(async () => {
      await fs.promises.copyFile(filePath, tmpPath);
      await fs.promises.rm(filePath, { force: true });
    });
    // A moved file keeps its mode: raw files hold personal data, owner-only whatever the source's mode was.
    await fs.promises.chmod(tmpPath, PRIVATE_FILE_MODE);
  } else {
    const out = fs.createWriteStream(tmpPath, { mode: PRIVATE_FILE_MODE });
    try {
      for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      await fs.promises.rm(tmpPath, { force: true });
      throw err;
    }
  }
  return { sha256: hash.digest('hex'), size, tmpPath };
}

/** Removes staging files left by killed imports (older than an hour). */
async function sweepStaleStaging(rawDir: string) {
  let names: string[];
  try {
    names = await fs.promises.readdir(rawDir);
  } catch {
    return;
  }
  const limit = Date.now() - 3600_000;
  for (const name of names) {
    if (!name.startsWith('.incoming-')) continue;
    const p = path.join(rawDir, name);
    const st = await fs.promises.stat(p).catch(() => null);
    if (st && st.mtimeMs < limit) await fs.promises.rm(p, { force: true });
  }
}

// ----------------------------------------------------------------------------- helpers

function kindLabel(kind: FileKind) {
  return `${kind} (${KINDS[kind].label})`;
}

function emptyResult(opts: ImportOptions, fileName: string): ImportResult {
  return {
    status: 'rejected', kind: opts.kind, batchId: null, rows: 0, accepted: 0, rejected: 0, warnings: 0, errors: [],
    headerMapping: {}, message: '', errorsTruncated: false, warningList: [], period: null, fileName, sha256: null, detail: {}, replacement: null,
  };
}

/** Reads rows until the header zone is buffered (or the file ends). */
async function bufferTop(iterator: AsyncGenerator<RawRow[]>): Promise<{ top: RawRow[]; done: boolean }> {
  const top: RawRow[] = [];
  let done = false;
  while (top.length < HEADER_SCAN_ROWS + 3) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    for (const r of next.value) top.push(r);
  }
  return { top, done };
}

function headerRefusal(kind: FileKind, top: RawRow[], match: HeaderMatch | null, periodGiven: boolean): Refusal {
  const guesses = guessKinds(top, periodGiven).filter((g) => g.kind !== kind && g.missing.length === 0);
  const hint = guesses.length ? ` Tệp có vẻ là loại ${kindLabel(guesses[0].kind)} — hãy chọn đúng loại tệp.` : '';
  if (!match) {
    const nonEmpty = top.some((r) => r.cells.some((c) => !isBlank(c)));
    if (!nonEmpty) return new Refusal([{ row: 0, column: '', message: 'Tệp không có dữ liệu.' }], 'Tệp không có dữ liệu.');
    const required = KINDS[kind].columns.filter((c) => c.required === true || (c.required === 'unless-period' && !periodGiven)).map((c) => c.label);
    const message = `Không tìm thấy dòng tiêu đề của loại tệp ${kindLabel(kind)} trong ${HEADER_SCAN_ROWS} dòng đầu (cần các cột: ${required.join(', ')}).${hint}`;
    return new Refusal([{ row: 0, column: '', message }], message);
  }
  const at = match.headerRows[match.headerRows.length - 1];
  const errors = match.missing.map((label) => ({
    row: at,
    column: label,
    message: `Thiếu cột bắt buộc "${label}"${label === 'Kỳ' || label === 'Năm' ? ' (hoặc dùng tùy chọn --period)' : ''}.`,
  }));
  const message = `Thiếu cột bắt buộc: ${match.missing.join(', ')} (dòng tiêu đề: dòng ${at}).${hint}`;
  return new Refusal(errors, message);
}

async function loadScope(database: Database, userId: number | null | undefined): Promise<{ scope: Set<string> | null; name: string | null }> {
  if (userId == null) return { scope: null, name: null };
  const user = await database.db.selectFrom('app_user').select(['username', 'role', 'scope_all']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new ImportOptionError(`Không tìm thấy tài khoản #${userId}.`);
  const spec = ROLES[user.role as RoleCode];
  if (user.scope_all || !spec?.communeScoped) return { scope: null, name: user.username };
  const rows = await database.db.selectFrom('user_commune').select('commune_code').where('user_id', '=', userId).execute();
  return { scope: new Set(rows.map((r) => r.commune_code)), name: user.username };
}

// ----------------------------------------------------------------------------- import: stage → detect → validate → load → finish

/** One import under way: its options, what it found so far, and the resources to release whatever happens. */
interface ImportRun {
  database: Database;
  opts: ImportOptions;
  spec: KindSpec;
  manual: ManualMapping;
  /** `--period` as the first day of the month, or null. */
  periodOption: string | null;
  fileName: string;
  result: ImportResult;
  started: number;
  staged: StagedFile;
  /** What is read: the staged file when it was moved, else the caller's. */
  sourcePath: string;
  /** The raw store's name of the file (content-addressed). */
  finalRaw: string;
  /** This import put the file at `finalRaw` (removed again if the batch did not commit). */
  placedRaw: boolean;
  client: pg.PoolClient | null;
  inTransaction: boolean;
}

/** The file read up to its header, the rows still to come, and the header found. */
interface Detected {
  source: RowSource;
  iterator: AsyncGenerator<RawRow[]>;
  top: RawRow[];
  done: boolean;
  match: HeaderMatch;
}

/**
 * importFile: one file = one batch = one transaction, in named steps: check the options, stage the raw file
 * (hash it: an identical file already imported answers "unchanged"), detect how to read it and its header, open the
 * batch, validate and load every row, then finish (period, replacement, dry run or commit). A refused file is kept
 * in the history as a refused batch (recordRefusal).
 */
export async function importFile(database: Database, opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const { spec, manual, periodOption } = checkOptions(opts);
  const fileName = opts.fileName ?? path.basename(opts.filePath);
  const result = emptyResult(opts, fileName);
  if (!fs.existsSync(opts.filePath)) {
    result.message = `Không tìm thấy tệp ${fileName}.`;
    result.errors = [{ row: 0, column: '', message: result.message }];
    return result;
  }
  const run: ImportRun = { database, opts, spec, manual, periodOption, fileName, result, started, ...(await stage(database, opts)), placedRaw: false, client: null, inTransaction: false };
  result.sha256 = run.staged.sha256;
  try {
    const before = await existingBatch(database.pool, opts.kind, run.staged.sha256);
    if (before) return unchangedResult(run, before);
    const { env, scope, scopeUserName } = await validationEnv(run);
    const detected = await detect(run);
    const batch = await openBatch(run, scope, scopeUserName);
    if ('unchanged' in batch) return batch.unchanged;
    const pipeline = await validateAndLoad(run, detected, env, batch.batchId);
    return await finish(run, batch.batchId, pipeline, scope);
  } catch (err) {
    return await failed(run, err);
  } finally {
    run.client?.release();
    await fs.promises.rm(run.staged.tmpPath, { force: true }).catch(() => undefined);
  }
}

/** Invalid options (unknown kind, bad period, a mapping naming unknown fields) are an ImportOptionError. */
function checkOptions(opts: ImportOptions): { spec: KindSpec; manual: ManualMapping; periodOption: string | null } {
  const parsedOpts = ImportOptionsSchema.safeParse({ kind: opts.kind, period: opts.period });
  if (!parsedOpts.success) throw new ImportOptionError(parsedOpts.error.issues.map((i) => i.message).join('; '));
  const spec = KINDS[opts.kind];
  const manual = opts.mapping ?? {};
  const mappingProblem = manualMappingProblem(spec, manual);
  if (mappingProblem) throw new ImportOptionError(mappingProblem);
  return { spec, manual, periodOption: opts.period ? `${opts.period}-01` : null };
}

/** Stage: the file copied (or moved) into the raw store under a temporary name, hashed on the way. */
async function stage(database: Database, opts: ImportOptions): Promise<Pick<ImportRun, 'staged' | 'sourcePath' | 'finalRaw'>> {
  const rawDir = rawFilesPath(database.config.dataDir);
  await sweepStaleStaging(rawDir);
  const moveFile = !!opts.moveFile && !opts.dryRun;
  const staged = await stageRawFile(opts.filePath, rawDir, moveFile);
  return { staged, sourcePath: moveFile ? staged.tmpPath : opts.filePath, finalRaw: path.join(rawDir, staged.sha256) };
}

/** The batch of this kind already imported with the same content, if any. */
type ExistingBatch = Pick<BatchRead, 'id' | 'rows_total' | 'rows_accepted' | 'rows_rejected' | 'warnings' | 'header_mapping' | 'period'>;
async function existingBatch(q: pg.Pool | pg.PoolClient, kind: FileKind, sha256: string): Promise<ExistingBatch | undefined> {
  return (await q.query<ExistingBatch>('SELECT id, rows_total, rows_accepted, rows_rejected, warnings, header_mapping, period FROM import_batch WHERE province_code = $1 AND kind = $2 AND content_sha256 = $3 AND NOT refused', [PROVINCE, kind, sha256])).rows[0];
}

function unchangedResult(run: ImportRun, row: ExistingBatch): ImportResult {
  return {
    ...run.result,
    status: 'unchanged',
    batchId: row.id,
    rows: row.rows_total,
    accepted: row.rows_accepted,
    rejected: row.rows_rejected,
    warnings: row.warnings,
    headerMapping: row.header_mapping,
    period: row.period,
    message: `Tệp ${run.fileName} đã được nhập trước đây (lô #${row.id}, cùng nội dung): không thay đổi gì.`,
  };
}

/** What the row rules need: the communes, today, the period option and the importing account's commune scope. */
async function validationEnv(run: ImportRun): Promise<{ env: ValidationEnv; scope: Set<string> | null; scopeUserName: string | null }> {
  const { scope, name: scopeUserName } = await loadScope(run.database, run.opts.userId);
  const communes = new CommuneIndex(await run.database.db.selectFrom('commune').select(['code', 'name', 'name_key']).where('province_code', '=', PROVINCE).execute());
  return { env: { communes, today: today(), period: run.periodOption, scope }, scope, scopeUserName };
}

/** Detect: how the file is read (format, encoding, delimiter, sheet) and where its header is; a bad header refuses it. */
async function detect(run: ImportRun): Promise<Detected> {
  const { result, opts, spec, manual, periodOption } = run;
  const source: RowSource = await openSource(run.sourcePath, run.fileName);
  const iterator = source.rows();
  const { top, done } = await bufferTop(iterator);
  const match = matchHeader(spec, top, !!periodOption, manual);
  Object.assign(result.detail, {
    format: source.format,
    encoding: source.encoding ? ENCODING_LABELS[source.encoding] : null,
    delimiter: source.delimiter ? DELIMITER_LABELS[source.delimiter] ?? source.delimiter : null,
    sheet: source.sheet,
  });
  if (match?.unknownHeaders.length) {
    const message = `Ánh xạ cột: không có cột ${match.unknownHeaders.map((h) => `"${h}"`).join(', ')} trong dòng tiêu đề của tệp.`;
    throw new Refusal([{ row: match.headerRows[0], column: match.unknownHeaders[0], message }], message);
  }
  if (match) result.headerMapping = match.mapping;
  if (!match || match.missing.length) throw headerRefusal(opts.kind, top, match, !!periodOption);
  Object.assign(result.detail, {
    headerRows: match.headerRows, ignoredColumns: match.ignored, columns: match.columns.map((c) => c.header),
    ...(Object.keys(manual).length ? { manualMapping: manual } : {}),
  });
  return { source, iterator, top, done, match };
}

/**
 * Opens the transaction (one import of a kind at a time) and inserts the batch; answers "unchanged" when the same
 * content was committed meanwhile.
 */
async function openBatch(run: ImportRun, scope: Set<string> | null, scopeUserName: string | null): Promise<{ batchId: number } | { unchanged: ImportResult }> {
  const { opts, staged } = run;
  run.result.detail.loadMethod = opts.loadMethod ?? 'copy';
  const client = await run.database.pool.connect();
  run.client = client;
  await client.query('BEGIN');
  run.inTransaction = true;
  await client.query("SELECT pg_advisory_xact_lock(hashtext('baophu.import.' || $1))", [opts.kind]);
  const raced = await existingBatch(client, opts.kind, staged.sha256);
  if (raced) {
    await client.query('ROLLBACK');
    run.inTransaction = false;
    return { unchanged: unchangedResult(run, raced) };
  }
  const inserted = await client.query<Pick<BatchRead, 'id'>>(
    `INSERT INTO import_batch (province_code, kind, file_name, content_sha256, file_size, raw_path, imported_by, imported_by_name, scope_communes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [PROVINCE, opts.kind, run.fileName, staged.sha256, staged.size, `files/${staged.sha256}`, opts.userId ?? null,
      opts.userName ?? scopeUserName ?? null, scope ? [...scope].sort() : null],
  );
  return { batchId: inserted.rows[0].id };
}

/**
 * The row pipeline: each row validated by its kind's rules, duplicates refused, the valid rows and every issue
 * buffered into the bulk writers (with back-pressure), the rejected rows' original cells kept for the report.
 */
class RowPipeline {
  readonly periods = new Set<unknown>();
  /** Still writing rows: false once a strict import met an error (validation goes on, to list every error). */
  loading = true;
  skipped = 0;
  private lastProgress = 0;
  private readonly seen = new KeyRegistry();
  private readonly ctx: RowCtx;
  private readonly mapped: number[];
  private readonly periodIndex: number;
  /** Back-pressure of the writers: set when a chunk had to be sent, awaited by the reading loop. */
  private wait: Promise<void> | null = null;

  constructor(
    private readonly run: ImportRun,
    readonly match: HeaderMatch,
    env: ValidationEnv,
    readonly rows: BulkWriter,
    readonly issues: BulkWriter,
  ) {
    this.ctx = new RowCtx(env, match.index, match.names);
    this.mapped = Object.values(match.index);
    const spec = run.spec;
    this.periodIndex = spec.period ? spec.db.findIndex(([c]) => c === spec.period!.column) : -1;
  }

  private waitFor(p: Promise<void> | null) {
    if (p) this.wait = this.wait ? Promise.all([this.wait, p]).then(() => undefined) : p;
  }

  private sourceOf(cells: RawRow['cells']): string[] {
    return this.match.columns.map((c) => (isBlank(cells[c.index]) ? '' : cellText(cells[c.index])));
  }

  recordIssue(issue: Issue, source?: string[]) {
    const result = this.run.result;
    if (issue.severity === 'error') {
      if (result.errors.length < MAX_ERRORS_IN_RESULT) result.errors.push({ row: issue.row, column: issue.column, value: issue.value, message: issue.message, source });
      else result.errorsTruncated = true;
    } else if (result.warningList.length < MAX_ERRORS_IN_RESULT) {
      result.warningList.push({ row: issue.row, column: issue.column, value: issue.value, message: issue.message });
    }
    if (this.loading) this.waitFor(this.issues.add(issue.row, [issue.severity, issue.column, issue.value ?? null, issue.message, source ? JSON.stringify(source) : null]));
  }

  /** Validates one row and buffers it; returns a promise only when the writers need a pause. */
  handle(raw: RawRow): Promise<void> | null {
    const { result, spec, opts } = this.run;
    const ctx = this.ctx;
    this.wait = null;
    const cells = raw.cells;
    let any = false;
    for (const i of this.mapped) if (!isBlank(cells[i])) { any = true; break; }
    if (!any || isTotalRow(cells)) {
      this.skipped++;
      return null;
    }
    result.rows++;
    ctx.issues.length = 0;
    ctx.reset(raw.rowNo, cells);
    const values = spec.build(ctx);
    if (values && ctx.key !== null) {
      const first = this.seen.firstOrAdd(ctx.key, raw.rowNo);
      if (first !== undefined) ctx.error(ctx.keyColumn, `trùng ${spec.keyLabel} với dòng ${formatInt(first)} — dòng sau bị loại`);
    }
    if (ctx.failed) {
      result.rejected++;
      if (opts.strict && this.loading) this.loading = false; // keep validating to list every error
      const source = this.sourceOf(cells);
      for (const issue of ctx.issues) if (issue.severity === 'error') this.recordIssue(issue, source);
      return this.wait;
    }
    result.accepted++;
    result.warnings += ctx.warnings;
    for (const issue of ctx.issues) this.recordIssue(issue);
    if (this.periodIndex >= 0) this.periods.add(values![this.periodIndex]);
    if (this.loading) this.waitFor(this.rows.add(raw.rowNo, values!));
    return this.wait;
  }

  /** Reports progress every 5 000 rows read. */
  progress(source: RowSource) {
    const { opts, result } = this.run;
    if (opts.onProgress && result.rows + this.skipped - this.lastProgress >= 5000) {
      this.lastProgress = result.rows + this.skipped;
      opts.onProgress(this.lastProgress, source.fraction());
    }
  }
}

/** Validate and load: every data row through the pipeline, the writers flushed, the indexes rebuilt, the references checked. */
async function validateAndLoad(run: ImportRun, detected: Detected, env: ValidationEnv, batchId: number): Promise<RowPipeline> {
  const { database, spec, opts, result } = run;
  const client = run.client!;
  // An empty table gets its indexes built after the load (one sort instead of a per-row insertion).
  const deferred = await deferIndexes(client, spec.table);
  result.detail.indexesBuiltAfterLoad = deferred !== null;
  const rows = new BulkWriter(client, spec.table, spec.db, batchId, opts.loadMethod ?? 'copy', {
    rowsPerStatement: database.engine === 'pglite' ? COPY_ROWS_PGLITE : undefined,
  });
  // Issues share the connection: a COPY of the rows in progress is ended before an issue chunk is sent.
  const issueWriter = new BulkWriter(client, 'import_issue', [['severity', 'text'], ['column_name', 'text'], ['value', 'text'], ['message', 'text'], ['source_row', 'jsonb']], batchId, 'unnest', {
    beforeSend: () => rows.cut(),
  });
  const pipeline = new RowPipeline(run, detected.match, env, rows, issueWriter);
  const { top, done, iterator, source, match } = detected;
  for (let i = match.dataStart; i < top.length; i++) {
    const p = pipeline.handle(top[i]);
    if (p) await p;
  }
  if (!done) {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      for (const raw of next.value) {
        const p = pipeline.handle(raw);
        if (p) await p;
      }
      pipeline.progress(source);
    }
  }
  opts.onProgress?.(result.rows + pipeline.skipped, 1);
  result.detail.skippedRows = pipeline.skipped;

  if (result.rows === 0) throw new Refusal([{ row: 0, column: '', message: 'Tệp không có dòng dữ liệu nào (chỉ có tiêu đề).' }], 'Tệp không có dòng dữ liệu nào (chỉ có tiêu đề).');
  await rows.finish();
  await issueWriter.finish();
  await rebuildIndexes(client, deferred);
  if (opts.kind === 'bhxh-thu' && pipeline.loading) await refuseUnknownUnits(run, pipeline, batchId);
  return pipeline;
}

/** References that need the database: a bhxh-thu unit must exist in the current bhxh-don-vi data. */
async function refuseUnknownUnits(run: ImportRun, pipeline: RowPipeline, batchId: number) {
  const client = run.client!;
  const result = run.result;
  const orphans = (
    await client.query<Pick<Selectable<DB['src_bhxh_thu']>, 'row_no' | 'unit_code' | 'period'>>(
      `DELETE FROM src_bhxh_thu s WHERE s.batch_id = $1
         AND NOT EXISTS (SELECT 1 FROM cur_bhxh_don_vi u WHERE u.unit_code = s.unit_code)
       RETURNING s.row_no, s.unit_code, s.period`,
      [batchId],
    )
  ).rows.sort((a, b) => a.row_no - b.row_no);
  if (!orphans.length) return;
  const column = pipeline.match.names.unit_code ?? 'Mã đơn vị';
  const refErrors: Issue[] = orphans.map((o) => ({
    row: o.row_no, column, value: o.unit_code, severity: 'error',
    message: `Mã đơn vị ${o.unit_code} không có trong dữ liệu đơn vị tham gia BHXH hiện hành (bhxh-don-vi) — hãy nhập tệp bhxh-don-vi trước`,
  }));
  result.accepted -= orphans.length;
  result.rejected += orphans.length;
  const dropped = await client.query(`DELETE FROM import_issue WHERE batch_id = $1 AND severity = 'warning' AND row_no = ANY($2::int4[])`, [batchId, orphans.map((o) => o.row_no)]);
  result.warnings -= dropped.rowCount ?? 0;
  for (const e of refErrors) pipeline.recordIssue(e);
  await pipeline.issues.finish();
  result.errors.sort((a, b) => a.row - b.row);
  if (run.opts.strict) pipeline.loading = false;
}

/** The batch's period: --period, else the single period/year of the rows, else the whole kind (null). */
function batchPeriod(spec: KindSpec, periodOption: string | null, periods: Set<unknown>): string | null {
  if (spec.period) {
    if (periodOption) return spec.period.unit === 'year' ? `${periodOption.slice(0, 4)}-01-01` : periodOption;
    if (periods.size === 1) {
      const only = [...periods][0];
      return spec.period.unit === 'year' ? `${only}-01-01` : String(only);
    }
    return null;
  }
  return periodOption;
}

/**
 * Finish: refuse a strict file with errors or a file with no valid row; compute the period and what the batch
 * replaces; then either stop (dry run, or a replacement not confirmed) or make the batch current, keep the raw file
 * and commit.
 */
async function finish(run: ImportRun, batchId: number, pipeline: RowPipeline, scope: Set<string> | null): Promise<ImportResult> {
  const { opts, spec, result, fileName } = run;
  const client = run.client!;
  if (!pipeline.loading) {
    throw new Refusal(result.errors, `Tệp bị từ chối vì có ${formatInt(result.rejected)} dòng không hợp lệ (chế độ --strict: không nhập dòng nào).`);
  }
  if (result.accepted === 0) {
    throw new Refusal(result.errors, `Không có dòng hợp lệ nào trong ${formatInt(result.rows)} dòng dữ liệu: tệp không được nhập.`);
  }
  const period = batchPeriod(spec, run.periodOption, pipeline.periods);
  result.period = period;
  const replacedIds = await batchesReplacedBy(client, { id: batchId, kind: opts.kind, period, scope: scope ? [...scope].sort() : null });
  result.replacement = replacedIds.length ? await describeReplacement(client, opts.kind, period, replacedIds, batchId) : null;
  if (opts.dryRun || (result.replacement && !opts.replace)) return stopBeforeCommit(run);

  await makeCurrent(client, batchId, replacedIds);
  // Fresh planner statistics for the table just loaded: bulk loads leave none, PGlite has no autovacuum, and
  // every later join over the new rows (reconciliation, dashboards) is planned on them.
  await client.query(`ANALYZE ${spec.table}`);
  result.detail.durationMs = Date.now() - run.started;
  const rejectsForBatch = result.errors.slice(0, REJECTS_IN_BATCH).map((e) => ({ row: e.row, column: e.column, value: e.value ?? '', message: e.message }));
  await client.query(
    `UPDATE import_batch SET period = $2, rows_total = $3, rows_accepted = $4, rows_rejected = $5, warnings = $6,
            header_mapping = $7::jsonb, rejects = $8::jsonb, detail = $9::jsonb
      WHERE id = $1`,
    [batchId, period, result.rows, result.accepted, result.rejected, result.warnings, JSON.stringify(result.headerMapping),
      JSON.stringify(rejectsForBatch), JSON.stringify(result.detail)],
  );
  await keepRawFile(run);
  await client.query('COMMIT');
  run.inTransaction = false;

  result.status = 'imported';
  result.batchId = batchId;
  result.message =
    `Đã nhập ${formatInt(result.accepted)}/${formatInt(result.rows)} dòng của tệp ${fileName} vào ${kindLabel(opts.kind)} (lô #${batchId})` +
    (result.rejected ? `; loại ${formatInt(result.rejected)} dòng` : '') +
    (result.warnings ? `; ${formatInt(result.warnings)} cảnh báo` : '') + '.' +
    (result.replacement ? ` Thay thế ${replacedText(result.replacement)}.` : '');
  return result;
}

/** A dry run, or a replacement the caller did not confirm: everything rolled back, the answer says why. */
async function stopBeforeCommit(run: ImportRun): Promise<ImportResult> {
  const { result, opts, fileName } = run;
  await run.client!.query('ROLLBACK');
  run.inTransaction = false;
  result.detail.durationMs = Date.now() - run.started;
  if (result.replacement && !opts.replace) {
    result.status = 'needs_confirmation';
    result.message = replacementMessage(fileName, result.replacement);
  } else {
    result.status = 'checked';
    result.message = `Tệp ${fileName} hợp lệ để nhập (${formatInt(result.accepted)}/${formatInt(result.rows)} dòng).`;
  }
  return result;
}

/**
 * Keeps the raw file before COMMIT, so a committed batch always has it; an orphan left by a failure here is harmless
 * (content-addressed, reused by the next import of that content).
 */
async function keepRawFile(run: ImportRun) {
  if (fs.existsSync(run.finalRaw)) await fs.promises.rm(run.staged.tmpPath, { force: true });
  else {
    await fs.promises.rename(run.staged.tmpPath, run.finalRaw);
    run.placedRaw = true;
  }
}

/** Any failure: roll back, drop a raw file this import placed; a refused file becomes a refused batch, anything else is thrown. */
async function failed(run: ImportRun, err: unknown): Promise<ImportResult> {
  const { database, result, opts, staged } = run;
  if (run.client && run.inTransaction) await run.client.query('ROLLBACK').catch(() => undefined);
  run.inTransaction = false;
  if (run.placedRaw) {
    // Kept when in doubt (the lookup failed).
    const referenced = await database.db.selectFrom('import_batch').select('id').where('content_sha256', '=', staged.sha256).limit(1)
      .executeTakeFirst().then((row) => row !== undefined, () => true);
    if (!referenced) await fs.promises.rm(run.finalRaw, { force: true });
  }
  if (!(err instanceof Refusal || err instanceof SourceError)) throw err;
  result.status = 'rejected';
  result.batchId = null;
  if (err instanceof Refusal) {
    if (err.errors !== result.errors) result.errors = err.errors;
  } else result.errors = [{ row: err.row, column: '', message: err.message }];
  result.message = err.message;
  result.detail.durationMs = Date.now() - run.started;
  if (!opts.dryRun) {
    // The import's connection goes back first: the pool may hold a single one (the embedded database).
    run.client?.release();
    run.client = null;
    result.batchId = await recordRefusal(database, opts, result, staged);
  }
  return result;
}

/**
 * Keeps a refused file in the history: a batch that is never current, with no rows, its reasons as issues (with the
 * original cells of each rejected row) and how the file was read. The raw file is not kept. Returns its id.
 */
async function recordRefusal(database: Database, opts: ImportOptions, result: ImportResult, staged: StagedFile): Promise<number> {
  const { scope, name } = await loadScope(database, opts.userId).catch(() => ({ scope: null, name: null }));
  return inTransaction(database, async (client) => {
    const id = ((await client.query<Pick<BatchRead, 'id'>>(
      `INSERT INTO import_batch (province_code, kind, period, file_name, content_sha256, file_size, raw_path, imported_by, imported_by_name, scope_communes,
                                 rows_total, rows_accepted, rows_rejected, warnings, header_mapping, rejects, detail, is_current, refused)
       VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10, 0, $11, 0, $12::jsonb, $13::jsonb, $14::jsonb, false, true) RETURNING id`,
      [PROVINCE, opts.kind, opts.period ? `${opts.period}-01` : null, result.fileName, staged.sha256, staged.size, opts.userId ?? null, opts.userName ?? name ?? null,
        scope ? [...scope].sort() : null, result.rows, result.rejected, JSON.stringify(result.headerMapping),
        JSON.stringify(result.errors.slice(0, REJECTS_IN_BATCH).map((e) => ({ row: e.row, column: e.column, value: e.value ?? '', message: e.message }))),
        JSON.stringify({ ...result.detail, refusal: result.message })],
    )).rows[0].id);
    const issues = new BulkWriter(client, 'import_issue', [['severity', 'text'], ['column_name', 'text'], ['value', 'text'], ['message', 'text'], ['source_row', 'jsonb']], id, 'unnest');
    for (const e of result.errors) {
      const wait = issues.add(e.row, ['error', e.column, e.value ?? null, e.message, e.source ? JSON.stringify(e.source) : null]);
      if (wait) await wait;
    }
    await issues.finish();
    return id;
  });
}

// ----------------------------------------------------------------------------- replacing current data

type Queryable = pg.Pool | pg.PoolClient;
/** A row of import_batch as read (the statements below run on the caller's transaction client, so plain SQL typed here). */
type BatchRead = Selectable<DB['import_batch']>;

/**
 * The current batches that batch `id` replaces when it becomes current: those of its kind with the same period (all
 * of them when it has none) and, for a commune account's batch, only batches of the same communes (a province-wide
 * batch replaces the communes' ones). Locked until the end of the caller's transaction.
 */
async function batchesReplacedBy(q: Queryable, b: { id: number; kind: string; period: string | null; scope: string[] | null }): Promise<number[]> {
  const rows = (await q.query<Pick<BatchRead, 'id'>>(
    `SELECT id FROM import_batch
      WHERE province_code = $1 AND kind = $2 AND is_current AND id <> $3
        AND ($4::date IS NULL OR period = $4::date)
        AND ($5::text[] IS NULL OR (scope_communes IS NOT NULL AND scope_communes <@ $5::text[]))
      ORDER BY id FOR UPDATE`,
    [PROVINCE, b.kind, b.id, b.period, b.scope],
  )).rows;
  return rows.map((r) => r.id);
}

/** Makes batch `id` current in place of `replaced` (inside the caller's transaction). */
async function makeCurrent(q: Queryable, id: number, replaced: number[]) {
  await q.query('UPDATE import_batch SET is_current = false, replaced_by = $1 WHERE id = ANY($2::bigint[])', [id, replaced]);
  await q.query('UPDATE import_batch SET is_current = true, replaced_by = NULL WHERE id = $1', [id]);
}

/** Rows, communes and period range of some batches' rows (communes of bhxh-thu through the units' communes). */
async function extentOf(q: Queryable, kind: FileKind, batchIds: number[]): Promise<DataExtent> {
  const spec = KINDS[kind];
  const columns = new Set(spec.db.map(([c]) => c));
  const communes = columns.has('commune_code')
    ? `(SELECT count(DISTINCT commune_code) FROM ${spec.table} WHERE batch_id = ANY($1::bigint[]) AND commune_code IS NOT NULL)`
    : columns.has('unit_code')
      ? `(SELECT count(DISTINCT u.commune_code) FROM (SELECT DISTINCT unit_code FROM ${spec.table} WHERE batch_id = ANY($1::bigint[])) s
           JOIN cur_bhxh_don_vi u ON u.unit_code = s.unit_code)`
      : 'NULL';
  const period = spec.period?.column;
  const r = (await q.query<{ rows: number; communes: number | null; period_from: string | null; period_to: string | null }>(
    `SELECT (SELECT count(*) FROM ${spec.table} WHERE batch_id = ANY($1::bigint[]))::int AS rows, ${communes}::int AS communes,
            ${period ? `(SELECT min(${period})::text FROM ${spec.table} WHERE batch_id = ANY($1::bigint[]))` : 'NULL'} AS period_from,
            ${period ? `(SELECT max(${period})::text FROM ${spec.table} WHERE batch_id = ANY($1::bigint[]))` : 'NULL'} AS period_to`,
    [batchIds],
  )).rows[0];
  return { rows: r.rows, communes: r.communes, periodFrom: r.period_from, periodTo: r.period_to };
}

/** What making `incomingId` current in place of `replacedIds` changes, in numbers. */
async function describeReplacement(q: Queryable, kind: FileKind, period: string | null, replacedIds: number[], incomingId: number): Promise<Replacement> {
  const batches = (await q.query<Pick<BatchRead, 'id' | 'file_name' | 'period' | 'rows_accepted' | 'imported_at' | 'imported_by_name'>>(
    'SELECT id, file_name, period::text AS period, rows_accepted, imported_at, imported_by_name FROM import_batch WHERE id = ANY($1::bigint[]) ORDER BY id',
    [replacedIds],
  )).rows.map((b) => ({
    id: b.id, fileName: b.file_name, period: b.period, rows: b.rows_accepted, importedAt: b.imported_at.toISOString(), importedBy: b.imported_by_name,
  }));
  const current = await extentOf(q, kind, replacedIds);
  const incoming = await extentOf(q, kind, [incomingId]);
  const fewerRows = current.rows - incoming.rows;
  const fewerPercent = current.rows ? Math.round((fewerRows / current.rows) * 1000) / 10 : 0;
  return { kind, period, batches, current, incoming, fewerRows, fewerPercent };
}

const periodLabel = (kind: FileKind, p: string) => (KINDS[kind].period?.unit === 'year' || /^\d{4}$/.test(p) ? p.slice(0, 4) : `${p.slice(5, 7)}/${p.slice(0, 4)}`);

function extentText(kind: FileKind, e: DataExtent): string {
  const parts = [`${formatInt(e.rows)} dòng`];
  if (e.communes !== null) parts.push(`${formatInt(e.communes)} xã, phường`);
  if (e.periodFrom && e.periodTo) {
    const from = periodLabel(kind, e.periodFrom);
    const to = periodLabel(kind, e.periodTo);
    parts.push(from === to ? `kỳ ${from}` : `kỳ ${from}–${to}`);
  }
  return parts.join(', ');
}

/** "lô #3 (…) — 1.339 dòng, 85 xã, phường, kỳ 11/2025–10/2026" */
export function replacedText(r: Replacement): string {
  return `${r.batches.length === 1 ? 'lô' : `${r.batches.length} lô`} ${r.batches.map((b) => `#${b.id} (${b.fileName})`).join(', ')} — ${extentText(r.kind, r.current)}`;
}

/** The Vietnamese question asked before a file replaces current data. */
export function replacementMessage(fileName: string, r: Replacement): string {
  const scope = r.period ? `kỳ ${periodLabel(r.kind, r.period)}` : 'toàn bộ (không theo kỳ)';
  const change = r.fewerRows > 0
    ? `ít hơn ${formatInt(r.fewerRows)} dòng (${r.fewerPercent.toLocaleString('vi-VN')} %)`
    : r.fewerRows < 0 ? `nhiều hơn ${formatInt(-r.fewerRows)} dòng` : 'cùng số dòng';
  return `${fileName} (${extentText(r.kind, r.incoming)}) sẽ thay thế dữ liệu hiện hành ${kindLabel(r.kind)}, ${scope}: ${replacedText(r)}; ${change}. ` +
    'Dữ liệu cũ được giữ trong lịch sử và có thể khôi phục. Cần xác nhận thay thế.';
}

/**
 * Makes a replaced batch current again, in one transaction: it replaces what is current of its kind and period
 * now (by the import's rule, with the batch's commune scope). Returns what it replaced; the caller audits it and
 * refreshes what depends on current data (server/commands/import-and-refresh.ts restoreAndRefresh).
 */
export async function restoreBatch(database: Database, batchId: number): Promise<{ kind: FileKind; replacement: Replacement | null }> {
  const client = await database.pool.connect();
  let inTransaction = false;
  try {
    const kindRow = (await client.query<Pick<BatchRead, 'kind'>>('SELECT kind FROM import_batch WHERE id = $1 AND province_code = $2', [batchId, PROVINCE])).rows[0];
    if (!kindRow) throw new RestoreError(404, `Không có lô nhập #${batchId}.`);
    await client.query('BEGIN');
    inTransaction = true;
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baophu.import.' || $1))", [kindRow.kind]);
    const b = (await client.query<Pick<BatchRead, 'id' | 'kind' | 'period' | 'scope_communes' | 'is_current' | 'refused'>>(
      'SELECT id, kind, period::text AS period, scope_communes, is_current, refused FROM import_batch WHERE id = $1 FOR UPDATE', [batchId])).rows[0];
    if (b.refused) throw new RestoreError(409, `Lô #${batchId} là tệp bị từ chối: không có dữ liệu để khôi phục.`);
    if (b.is_current) throw new RestoreError(409, `Lô #${batchId} đang là dữ liệu hiện hành: không cần khôi phục.`);
    const kind = b.kind as FileKind;
    const replacedIds = await batchesReplacedBy(client, { id: batchId, kind, period: b.period, scope: b.scope_communes });
    const replacement = replacedIds.length ? await describeReplacement(client, kind, b.period, replacedIds, batchId) : null;
    await makeCurrent(client, batchId, replacedIds);
    await client.query('COMMIT');
    inTransaction = false;
    return { kind, replacement };
  } finally {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/** What restoring a batch would replace (nothing is changed). */
export async function restorePlan(database: Database, batchId: number): Promise<Replacement | null> {
  const b = await database.db.selectFrom('import_batch').select(['id', 'kind', 'period', 'scope_communes', 'refused']).where('id', '=', batchId).executeTakeFirst();
  if (!b) throw new RestoreError(404, `Không có lô nhập #${batchId}.`);
  if (b.refused) throw new RestoreError(409, `Lô #${batchId} là tệp bị từ chối: không có dữ liệu để khôi phục.`);
  const ids = await batchesReplacedBy(database.pool, { id: batchId, kind: b.kind, period: b.period, scope: b.scope_communes });
  // import_batch.kind is text: importFile writes only file kinds there.
  return ids.length ? describeReplacement(database.pool, b.kind as FileKind, b.period, ids, batchId) : null;
}

/** A restore that cannot be done: unknown batch (404) or already current (409). */
export class RestoreError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

