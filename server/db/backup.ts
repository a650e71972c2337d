/**
 * `baophu db backup` / `baophu db restore`: a logical, engine-agnostic backup of the whole database
 * and the raw imported files, as one .tar.gz (docs: README "Sao lưu và khôi phục").
 *
 *   tables/<table>/<000001>.copy   the table's rows in COPY text format (UTC, ISO dates), whole rows,
 *                                  parts of at most PART_BYTES, in the table's physical order
 *   files/<sha256>                 each raw file referenced by an import batch of the snapshot
 *   manifest.json                  last: format version, app version, source engine, migrations,
 *                                  per table its columns, row count and SHA-256, sequences, files
 *
 * Backup reads every table in one REPEATABLE READ READ ONLY transaction (one snapshot). On PGlite
 * that transaction owns the embedded database while it runs (the socket server lets only the
 * transaction's client in), so the running server waits for it. Raw files are content-addressed and
 * never rewritten or removed while a batch refers to them, so they are copied after the snapshot.
 *
 * Restore checks the whole archive first (nothing changes on a broken one), then in ONE transaction
 * rebuilds the schema at the backup's migrations, loads every table, restores sequences, checks every
 * table's row count and checksum against the manifest, applies this version's newer migrations and
 * writes the audit row. The raw files are placed before COMMIT (content-addressed, so a failed restore
 * leaves at most harmless unreferenced copies).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from './connect.ts';
import { rawFilesPath } from './config.ts';
import { CREATE_SCHEMA_MIGRATIONS, MIGRATION_LOCK, applyMigration, migrationNames } from './migrate.ts';
import { dropPlainIndexes, rebuildIndexes, type DeferredIndexes } from './bulk.ts';
import { TarWriter, readTar } from './tar.ts';
import { auditInsert, commandLineActor, type AuditEntry } from '../auth/audit.ts';
import { CliError } from '../cli/args.ts';
import { formatInt } from '#shared/format.ts';

export const BACKUP_FORMAT = 'baophu-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Largest part of a table in the archive; on PGlite one part is one COPY statement held in memory. */
const PART_BYTES = 8 << 20;
/** Sessions are not kept: after a restore everyone signs in again. */
const NOT_BACKED_UP = new Set(['user_session']);
/** Tables whose rows come from the migrations (reference data): rows there do not make a target "not empty". */
export const REFERENCE_TABLES = new Set([
  'schema_migrations', 'province', 'agency', 'commune', 'legal_param', 'public_holiday', 'reconcile_setting', 'calc_scenario',
  'case_type', 'case_stage', 'case_outcome', 'case_auto_open', 'case_version', 'doc_template', 'directive_duty', 'delivery_calendar',
  'industrial_park', 'industrial_park_commune', 'industrial_park_alias', 'report_kind', 'scheduled_job', 'commune_neighbour',
]);

/** Rows a migration writes into a data table (the audit row of `baophu db migrate`), which do not make a target "not empty". */
const MIGRATION_ROWS: Record<string, string> = { audit_log: "object_type <> 'schema'" };

export interface TableManifest {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
  parts: number;
  bytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  engine: Database['engine'];
  serverVersion: string;
  migrations: string[];
  tables: TableManifest[];
  sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
  files: Array<{ name: string; sha256: string; size: number }>;
  /** Raw files referenced by a batch but absent from the data directory when the backup was made. */
  missingFiles: string[];
}

const appVersion = (): string => {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
};


const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const columnList = (columns: string[]) => columns.map(quoteIdent).join(', ');
const partName = (table: string, part: number) => `tables/${table}/${String(part).padStart(6, '0')}.copy`;

/** Settings that make a table's COPY text identical on every engine and server configuration. */
async function fixTextFormat(client: pg.PoolClient) {
  await client.query("SET LOCAL TimeZone = 'UTC'");
  await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
  await client.query("SET LOCAL IntervalStyle = 'postgres'");
  await client.query('SET LOCAL extra_float_digits = 1');
  await client.query("SET LOCAL bytea_output = 'hex'");
  // A scan joining another one in the middle of a big table would change the order, hence the checksum.
  await client.query('SET LOCAL synchronize_seqscans = off');
}

async function tablesOf(client: pg.PoolClient): Promise<Array<{ name: string; columns: string[] }>> {
  const { rows } = await client.query(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  return rows;
}

async function sequencesOf(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Hash and line count of a table's COPY text (each row ends with exactly one \n in text format). */
class TableDigest {
  private readonly hash = crypto.createHash('sha256');
  rows = 0;
  bytes = 0;
  update(chunk: Buffer) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
  }
  digest() {
    return this.hash.digest('hex');
  }
}

/** Heap blocks per COPY statement (~16 MB): the PGlite host writes a statement's output without back-pressure. */
const BLOCKS_PER_COPY = 2048;

/**
 * A table's rows in COPY text format, in physical order, as COPY statements over ranges of heap blocks
 * (TID range scans): the PGlite host holds at most one range's output when the reader is slower.
 */
async function* copyOut(client: pg.PoolClient, table: string, columns: string[]): AsyncGenerator<Buffer> {
  const { rows } = await client.query(
    "SELECT pg_relation_size($1::regclass) / current_setting('block_size')::int8 AS blocks",
    [quoteIdent(table)],
  );
  const blocks = Number(rows[0].blocks);
  for (let from = 0; from < blocks; from += BLOCKS_PER_COPY) {
    const range = `ctid >= '(${from},0)'::tid AND ctid < '(${from + BLOCKS_PER_COPY},0)'::tid`;
    const sql = `COPY (SELECT ${columnList(columns)} FROM ${quoteIdent(table)} WHERE ${range}) TO STDOUT`;
    yield* client.query(copyTo(sql)) as unknown as AsyncIterable<Buffer>;
  }
}

// ------------------------------------------------------------------------------------------ backup

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** Writes the backup of `database` (and its raw files) to `outFile`, owner-only, atomically (renamed when complete). */
export async function backupDatabase(database: Database, outFile: string): Promise<BackupResult> {
  const target = path.resolve(outFile);
  if (fs.existsSync(target)) throw new CliError(`Tệp ${target} đã tồn tại; hãy chọn tên khác (bản sao lưu không ghi đè tệp có sẵn).`);
  if (!fs.existsSync(path.dirname(target))) throw new CliError(`Không có thư mục ${path.dirname(target)} để ghi bản sao lưu.`);
  const partial = `${target}.partial-${process.pid}`;
  const file = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const gzip = zlib.createGzip({ level: 6 });
  const written = pipeline(gzip, file);
  written.catch(() => undefined);
  const tar = new TarWriter(gzip);
  try {
    const manifest = await writeSnapshot(database, tar);
    await writeRawFiles(database, tar, manifest);
    await tar.add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    await tar.end();
    await written;
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, manifest };
  } catch (err) {
    gzip.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

async function writeSnapshot(database: Database, tar: TarWriter): Promise<BackupManifest> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await fixTextFormat(client);
    const hasSchema = (await client.query("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS ok")).rows[0].ok;
    if (!hasSchema) throw new CliError('CSDL chưa có dữ liệu BaoPhu (chưa chạy migration): không có gì để sao lưu.');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      appVersion: appVersion(),
      engine: database.engine,
      serverVersion: (await client.query('SHOW server_version')).rows[0].server_version,
      migrations: (await client.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name),
      tables: [],
      sequences: [],
      files: [],
      missingFiles: [],
    };
    for (const table of await tablesOf(client)) {
      if (NOT_BACKED_UP.has(table.name)) continue;
      manifest.tables.push(await writeTable(client, tar, table.name, table.columns));
    }
    for (const name of await sequencesOf(client)) {
      const { rows } = await client.query(`SELECT last_value::text AS v, is_called FROM ${quoteIdent(name)}`);
      manifest.sequences.push({ name, lastValue: rows[0].v, isCalled: rows[0].is_called });
    }
    // The raw files of this snapshot, copied once it is released.
    const files = await client.query("SELECT DISTINCT content_sha256 AS sha FROM import_batch WHERE raw_path IS NOT NULL ORDER BY 1");
    manifest.files = files.rows.map((r) => ({ name: `files/${r.sha}`, sha256: r.sha, size: -1 }));
    await client.query('COMMIT');
    return manifest;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** One table as parts of whole rows, each at most PART_BYTES (beyond a single longer row). */
async function writeTable(client: pg.PoolClient, tar: TarWriter, table: string, columns: string[]): Promise<TableManifest> {
  const digest = new TableDigest();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let parts = 0;
  const flush = async (upTo: number) => {
    const all = Buffer.concat(pending, pendingBytes);
    await tar.add(partName(table, ++parts), all.subarray(0, upTo));
    pending = upTo < all.length ? [all.subarray(upTo)] : [];
    pendingBytes = all.length - upTo;
  };
  for await (const chunk of copyOut(client, table, columns)) {
    digest.update(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= PART_BYTES) {
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline !== -1) await flush(pendingBytes - (chunk.length - lastNewline - 1));
    }
  }
  if (pendingBytes) await flush(pendingBytes);
  return { name: table, columns, rows: digest.rows, sha256: digest.digest(), parts, bytes: digest.bytes };
}

async function writeRawFiles(database: Database, tar: TarWriter, manifest: BackupManifest) {
  const dir = rawFilesPath(database.config.dataDir);
  const kept: BackupManifest['files'] = [];
  for (const f of manifest.files) {
    const filePath = path.join(dir, f.sha256);
    let size: number;
    try {
      size = fs.statSync(filePath).size;
    } catch {
      manifest.missingFiles.push(f.name);
      continue;
    }
    const hash = crypto.createHash('sha256');
    async function* hashed() {
      for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        yield chunk;
      }
    }
    await tar.addStream(f.name, size, hashed());
    kept.push({ name: f.name, sha256: hash.digest('hex'), size });
  }
  manifest.files = kept;
}

// ------------------------------------------------------------------------------------------ restore

/** What a user sees when an archive cannot be used. */
function brokenArchive(file: string, why: string): CliError {
  return new CliError(`Tệp sao lưu ${file} bị hỏng hoặc không phải bản sao lưu BaoPhu: ${why}.`);
}

function gunzipMessage(err: NodeJS.ErrnoException): string {
  if (err.code === 'Z_BUF_ERROR') return 'tệp bị cắt cụt (thiếu phần cuối)';
  if (err.code === 'Z_DATA_ERROR') return 'dữ liệu nén không đọc được (không phải tệp .tar.gz hoặc đã bị sửa)';
  return 'không đọc được tệp';
}

/** The archive's entries; a gzip or tar failure, wherever it surfaces, is a Vietnamese CliError. */
async function* archiveEntries(file: string) {
  const gunzip = zlib.createGunzip();
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  async function* unzipped() {
    try {
      yield* gunzip as AsyncIterable<Buffer>;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw code?.startsWith('Z_') ? brokenArchive(file, gunzipMessage(err as NodeJS.ErrnoException)) : err;
    }
  }
  try {
    yield* readTar(unzipped(), (why) => brokenArchive(file, why));
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

const PART_RE = /^tables\/([a-z_][a-z0-9_]*)\/(\d{6})\.copy$/;
const FILE_RE = /^files\/([0-9a-f]{64})$/;

/**
 * Reads the whole archive once and checks it against its manifest (every table's parts, rows and
 * checksum, every raw file's hash) and against this version of BaoPhu. Changes nothing.
 */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`Không tìm thấy tệp sao lưu ${file}.`);
  const tables = new Map<string, { digest: TableDigest; parts: number }>();
  const files = new Map<string, string>();
  let manifest: BackupManifest | null = null;
  for await (const entry of archiveEntries(file)) {
    if (manifest) throw brokenArchive(file, `có mục ${entry.name} sau manifest.json`);
    const part = PART_RE.exec(entry.name);
    const raw = FILE_RE.exec(entry.name);
    if (part) {
      const t = tables.get(part[1]) ?? { digest: new TableDigest(), parts: 0 };
      tables.set(part[1], t);
      if (Number(part[2]) !== t.parts + 1) throw brokenArchive(file, `thiếu hoặc sai thứ tự phần dữ liệu của bảng ${part[1]}`);
      t.parts++;
      for await (const chunk of entry.body) t.digest.update(chunk);
    } else if (raw) {
      const hash = crypto.createHash('sha256');
      for await (const chunk of entry.body) hash.update(chunk);
      files.set(raw[1], hash.digest('hex'));
    } else if (entry.name === 'manifest.json') {
      if (entry.size > 64 << 20) throw brokenArchive(file, 'manifest.json quá lớn');
      const bytes: Buffer[] = [];
      for await (const chunk of entry.body) bytes.push(chunk);
      try {
        manifest = JSON.parse(Buffer.concat(bytes).toString('utf8'));
      } catch {
        throw brokenArchive(file, 'manifest.json không phải JSON hợp lệ');
      }
    } else throw brokenArchive(file, `có mục lạ ${entry.name}`);
  }
  if (!manifest || manifest.format !== BACKUP_FORMAT) throw brokenArchive(file, 'không có manifest.json của BaoPhu');
  checkCompatible(file, manifest);
  for (const t of manifest.tables) {
    const got = tables.get(t.name);
    tables.delete(t.name);
    const rows = got?.digest.rows ?? 0;
    const sha = got ? got.digest.digest() : crypto.createHash('sha256').digest('hex');
    if (rows !== t.rows || sha !== t.sha256 || (got?.parts ?? 0) !== t.parts) {
      throw brokenArchive(file, `dữ liệu bảng ${t.name} không khớp manifest (${formatInt(rows)}/${formatInt(t.rows)} dòng, mã kiểm tra ${sha === t.sha256 ? 'khớp' : 'sai'})`);
    }
  }
  if (tables.size) throw brokenArchive(file, `có dữ liệu của bảng không có trong manifest: ${[...tables.keys()].join(', ')}`);
  for (const f of manifest.files) {
    const got = files.get(f.sha256);
    if (got !== f.sha256) throw brokenArchive(file, got ? `tệp gốc ${f.sha256} bị sai nội dung` : `thiếu tệp gốc ${f.sha256}`);
  }
  return manifest;
}

/** Refuses archives this version cannot restore: a newer format, or migrations it does not know. */
function checkCompatible(file: string, manifest: BackupManifest) {
  if (!Number.isInteger(manifest.formatVersion) || manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new CliError(
      `Bản sao lưu ${file} có định dạng phiên bản ${manifest.formatVersion} (tạo bởi BaoPhu ${manifest.appVersion}); ` +
        `phiên bản BaoPhu này (${appVersion()}) chỉ đọc được đến định dạng ${BACKUP_FORMAT_VERSION}. Hãy cập nhật BaoPhu rồi khôi phục.`,
    );
  }
  const known = new Set(migrationNames());
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new CliError(
      `Bản sao lưu ${file} được tạo bởi phiên bản BaoPhu mới hơn (${manifest.appVersion}): phiên bản này (${appVersion()}) ` +
        `không có migration ${unknown.join(', ')}. Hãy cập nhật BaoPhu rồi khôi phục.`,
    );
  }
}

/** Tables of the target that hold data (not only the reference data the migrations put there). */
export async function existingData(database: Database): Promise<Array<{ table: string; rows: number }>> {
  const client = await database.pool.connect();
  try {
    const found: Array<{ table: string; rows: number }> = [];
    for (const t of await tablesOf(client)) {
      if (REFERENCE_TABLES.has(t.name)) continue;
      const where = MIGRATION_ROWS[t.name] ? ` WHERE ${MIGRATION_ROWS[t.name]}` : '';
      const { rows } = await client.query(`SELECT count(*)::int8 AS n FROM ${quoteIdent(t.name)}${where}`);
      if (rows[0].n > 0) found.push({ table: t.name, rows: Number(rows[0].n) });
    }
    return found;
  } finally {
    client.release();
  }
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  migratedAfter: string[];
}

/** Replaces the whole database (schema public) and places the raw files, in one transaction. */
export async function restoreDatabase(database: Database, file: string, manifest: BackupManifest): Promise<RestoreResult> {
  const rawDir = rawFilesPath(database.config.dataDir);
  fs.mkdirSync(rawDir, { recursive: true, mode: 0o700 });
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    await fixTextFormat(client);
    await rebuildSchemaAt(client, file, manifest);
    const putBack = await setConstraintsAside(client, manifest);
    const files = await loadArchive(client, file, manifest, rawDir);
    await putBack();
    for (const s of manifest.sequences) {
      await client.query('SELECT setval($1::regclass, $2::int8, $3)', [quoteIdent(s.name), s.lastValue, s.isCalled]);
    }
    const rows = await verifyTables(client, manifest);
    const migratedAfter: string[] = [];
    for (const name of migrationNames().filter((m) => !manifest.migrations.includes(m))) {
      await applyMigration(client, name);
      migratedAfter.push(name);
    }
    await auditWith(client, database, {
      action: 'change',
      objectType: 'database_restore',
      detail: {
        channel: 'cli', file: path.resolve(file), backupCreatedAt: manifest.createdAt, backupEngine: manifest.engine,
        backupAppVersion: manifest.appVersion, tables: manifest.tables.length, rows, files, migratedAfter,
      },
    });
    await client.query('COMMIT');
    await client.query('ANALYZE').catch(() => undefined);
    return { tables: manifest.tables.length, rows, files, migratedAfter };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Drops schema public and builds it again with exactly the backup's migrations, its tables left empty. */
async function rebuildSchemaAt(client: pg.PoolClient, file: string, manifest: BackupManifest) {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  await client.query('DROP SCHEMA IF EXISTS public CASCADE');
  await client.query('CREATE SCHEMA public');
  await client.query(CREATE_SCHEMA_MIGRATIONS);
  for (const name of migrationNames().filter((m) => manifest.migrations.includes(m))) await applyMigration(client, name);
  await checkSchema(client, file, manifest);
  // Every table: the migrations' reference rows go, the backup's come in.
  await client.query(`TRUNCATE ${(await tablesOf(client)).map((t) => quoteIdent(t.name)).join(', ')}`);
}

/**
 * Drops the foreign keys and plain indexes while the rows go in (any order, no per-row checks); the
 * returned function creates them again from their catalog definitions: one check and one sort each.
 * The tables' own triggers are off meanwhile: the rows come back exactly as they were backed up, and a trigger
 * that counts changes (case_version) or stamps rows would otherwise rewrite what it restores.
 */
async function setConstraintsAside(client: pg.PoolClient, manifest: BackupManifest): Promise<() => Promise<void>> {
  const foreignKeys = (await client.query(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text, conname`,
  )).rows as Array<{ tbl: string; conname: string; def: string }>;
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${quoteIdent(fk.conname)}`);
  const indexes: DeferredIndexes[] = [];
  for (const t of manifest.tables) {
    const deferred = await dropPlainIndexes(client, quoteIdent(t.name));
    if (deferred) indexes.push(deferred);
    await client.query(`ALTER TABLE ${quoteIdent(t.name)} DISABLE TRIGGER USER`);
  }
  return async () => {
    for (const t of manifest.tables) await client.query(`ALTER TABLE ${quoteIdent(t.name)} ENABLE TRIGGER USER`);
    for (const d of indexes) await rebuildIndexes(client, d);
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${quoteIdent(fk.conname)} ${fk.def}`);
  };
}

/** COPYs every part into its table (one statement a part) and places the raw files; returns the files placed. */
async function loadArchive(client: pg.PoolClient, file: string, manifest: BackupManifest, rawDir: string): Promise<number> {
  const columnsOf = new Map(manifest.tables.map((t) => [t.name, t.columns]));
  let files = 0;
  for await (const entry of archiveEntries(file)) {
    const part = PART_RE.exec(entry.name);
    const raw = FILE_RE.exec(entry.name);
    if (part) {
      const sql = `COPY ${quoteIdent(part[1])} (${columnList(columnsOf.get(part[1])!)}) FROM STDIN`;
      await pipeline(Readable.from(entry.body), client.query(copyFrom(sql)));
    } else if (raw) {
      await placeRawFile(rawDir, raw[1], entry.body);
      files++;
    }
  }
  return files;
}

/** Every restored table read back: its rows and checksum must be the manifest's. Returns the rows. */
async function verifyTables(client: pg.PoolClient, manifest: BackupManifest): Promise<number> {
  let rows = 0;
  for (const t of manifest.tables) {
    const digest = new TableDigest();
    for await (const chunk of copyOut(client, t.name, t.columns)) digest.update(chunk);
    if (digest.rows !== t.rows || digest.digest() !== t.sha256) {
      throw new CliError(`Bảng ${t.name} sau khi khôi phục không khớp bản sao lưu (${formatInt(digest.rows)}/${formatInt(t.rows)} dòng); đã hủy, CSDL giữ nguyên như trước.`);
    }
    rows += t.rows;
  }
  return rows;
}

/** The schema built from the backup's migrations has the backup's tables and columns. */
async function checkSchema(client: pg.PoolClient, file: string, manifest: BackupManifest) {
  const actual = new Map((await tablesOf(client)).map((t) => [t.name, t.columns]));
  for (const t of manifest.tables) {
    const cols = actual.get(t.name);
    const same = cols && cols.length === t.columns.length && t.columns.every((c) => cols.includes(c));
    if (!same) {
      throw new CliError(`Cấu trúc bảng ${t.name} trong bản sao lưu ${file} không khớp với migration của phiên bản BaoPhu này; không khôi phục được.`);
    }
    actual.delete(t.name);
  }
  const extra = [...actual.keys()].filter((n) => !NOT_BACKED_UP.has(n));
  if (extra.length) throw new CliError(`Bản sao lưu ${file} thiếu dữ liệu các bảng ${extra.join(', ')}; không khôi phục được.`);
}

/** Writes a raw file under its hash name (owner-only), checking the hash; an existing copy is identical by name. */
async function placeRawFile(rawDir: string, sha: string, body: AsyncIterable<Buffer>) {
  const tmp = path.join(rawDir, `.incoming-restore-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  const hash = crypto.createHash('sha256');
  async function* hashed() {
    for await (const chunk of body) {
      hash.update(chunk);
      yield chunk;
    }
  }
  try {
    await pipeline(hashed(), fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    if (hash.digest('hex') !== sha) throw new CliError(`Tệp gốc ${sha} trong bản sao lưu bị sai nội dung; đã hủy khôi phục.`);
    fs.renameSync(tmp, path.join(rawDir, sha));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The audit row, written by the restore's own connection (inside its transaction). */
async function auditWith(client: pg.PoolClient, database: Database, entry: AuditEntry) {
  const q = auditInsert(database.db, commandLineActor(), entry).compile();
  await client.query(q.sql, q.parameters as unknown[]);
}
