/**
 * Bulk loading inside the import's transaction, with no per-row round trip. Each row is encoded
 * as soon as it is validated and written, either as
 *   COPY … FROM STDIN (text format, pg-copy-streams)                   (both engines; default), or
 *   INSERT … SELECT $1, * FROM unnest($2::int4[], $3::text[], …)       (both engines; chunks of
 *                                                                       CHUNK_ROWS, used for the
 *                                                                       few import_issue rows).
 * On the PostgreSQL server a COPY statement streams for the whole file (the server inserts while
 * the next rows are parsed; socket back-pressure paces the reader). The PGlite socket server holds
 * a COPY statement's data in memory until it ends (server/db/pglite-socket-server.ts), so there
 * the rows go in statements of COPY_ROWS_PGLITE rows, one running while the next is built.
 *
 * An empty table's plain indexes can be dropped for the load and built afterwards in the same
 * transaction (deferIndexes / rebuildIndexes): one sort instead of one index insertion per row.
 */
import { dropPlainIndexes, type DeferredIndexes } from '../db/bulk.ts';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgType } from './kinds.ts';

/** Rows per INSERT … unnest statement. */
export const CHUNK_ROWS = 10_000;
/** Rows per COPY statement on PGlite (its host buffers a whole statement: ~5 MB for dan-cu). */
export const COPY_ROWS_PGLITE = 50_000;
/** Bytes a COPY stream may hold before the reader waits for the database. */
const COPY_STREAM_BUFFER = 1 << 22;
/** Bytes of encoded rows collected before a write to the COPY stream. */
const COPY_WRITE_BYTES = 1 << 18;

export type LoadMethod = 'unnest' | 'copy';

const ARRAY_TYPE: Record<PgType, string> = { text: 'text[]', date: 'date[]', int4: 'int4[]', int8: 'int8[]', bool: 'bool[]', jsonb: 'jsonb[]' };

const COPY_SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') {
    return COPY_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

type CopyStream = ReturnType<typeof copyFrom>;

export interface BulkWriterOptions {
  /** COPY: rows per statement (default: unlimited, one statement until cut() or finish()). */
  rowsPerStatement?: number;
  /** Called before an unnest chunk is sent (e.g. to end another writer's COPY on the same connection). */
  beforeSend?: () => Promise<void>;
}

/** Writer of rows (batch_id, row_no, …columns) into one table. */
export class BulkWriter {
  private failure: unknown = null;
  written = 0;
  // unnest: rows buffered by column
  private rowNos: number[] = [];
  private cols: unknown[][];
  private pending: Promise<void> | null = null;
  // copy: the statement being written, the previous one still running, encoded rows not yet written
  private stream: CopyStream | null = null;
  private streamDone: Promise<void> | null = null;
  private inflight: Promise<void> | null = null;
  /** Encoded rows not yet written (each line is written into it: encoding one big string is far slower). */
  private out = Buffer.allocUnsafe(COPY_WRITE_BYTES);
  private outLength = 0;
  private inStatement = 0;
  private readonly prefix: string;
  private readonly rowsPerStatement: number;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly table: string,
    private readonly columns: Array<[string, PgType]>,
    private readonly batchId: number,
    private readonly method: LoadMethod,
    private readonly options: BulkWriterOptions = {},
  ) {
    this.cols = columns.map(() => []);
    this.prefix = `${batchId}\t`;
    this.rowsPerStatement = options.rowsPerStatement ?? Infinity;
  }

  /**
   * Buffers one row (COPY: `values` is encoded in place); returns a promise to await when the
   * database side needs a pause (back-pressure).
   */
  add(rowNo: number, values: unknown[]): Promise<void> | null {
    if (this.failure) throw this.failure;
    if (this.method === 'copy') {
      // One flat string per row (join), not a chain of concatenations: far less for the collector.
      for (let i = 0; i < values.length; i++) values[i] = copyText(values[i]);
      const line = values.join('\t');
      const head = this.prefix + rowNo + '\t';
      let wait: Promise<void> | null = null;
      // A line takes at most 3 bytes a UTF-16 unit: write out what is collected when it may not fit.
      const room = head.length + line.length * 3 + 1;
      if (this.outLength + room > this.out.length) {
        wait = this.writeOut();
        if (room > this.out.length) this.out = Buffer.allocUnsafe(room);
      }
      this.outLength += this.out.write(head, this.outLength, 'latin1');
      this.outLength += this.out.write(line, this.outLength);
      this.out[this.outLength++] = 10; // \n
      this.inStatement++;
      if (this.inStatement >= this.rowsPerStatement) return wait ? wait.then(() => this.cut()) : this.cut();
      return wait;
    }
    this.rowNos.push(rowNo);
    for (let i = 0; i < values.length; i++) this.cols[i].push(values[i]);
    if (this.rowNos.length >= CHUNK_ROWS) return this.send();
    return null;
  }

  /** Sends what is left and waits until everything is written. */
  async finish(): Promise<void> {
    if (this.method === 'copy') await this.cut();
    else await this.send();
    if (this.pending) await this.pending;
    if (this.inflight) await this.inflight;
    this.pending = null;
    this.inflight = null;
    if (this.failure) throw this.failure;
  }

  // ------------------------------------------------------------------ COPY

  private open(): CopyStream {
    const names = this.columns.map(([n]) => n).join(', ');
    // A roomy stream buffer: the reader pauses only when the database really lags (each pause lets
    // the garbage collector promote the rows in hand, which costs more than the pause itself).
    const stream = this.client.query(copyFrom(`COPY ${this.table} (batch_id, row_no, ${names}) FROM STDIN`, { highWaterMark: COPY_STREAM_BUFFER }));
    this.streamDone = new Promise<void>((resolve) => {
      stream.on('finish', () => resolve());
      stream.on('error', (err) => {
        this.failure ??= err;
        resolve();
      });
    });
    this.stream = stream;
    return stream;
  }

  /** Hands the collected bytes to the current statement; waits for 'drain' when the stream is full. */
  private writeOut(): Promise<void> | null {
    const stream = this.stream ?? this.open();
    if (this.outLength === 0) return null;
    const bytes = this.out.subarray(0, this.outLength);
    this.out = Buffer.allocUnsafe(COPY_WRITE_BYTES);
    this.outLength = 0;
    if (stream.write(bytes)) return null;
    return new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
      stream.on('close', done);
    }).then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /**
   * Ends the COPY statement being written (the next row starts a new one). At most one ended
   * statement runs while the next is built: waits for the previous one first.
   */
  async cut(): Promise<void> {
    if (this.method !== 'copy') return;
    const rows = this.inStatement;
    if (rows === 0 && !this.stream) return;
    const stream = this.stream ?? this.open();
    const done = this.streamDone!;
    if (this.outLength > 0) {
      stream.end(this.out.subarray(0, this.outLength));
      this.out = Buffer.allocUnsafe(COPY_WRITE_BYTES);
      this.outLength = 0;
    } else stream.end();
    this.stream = null;
    this.streamDone = null;
    this.inStatement = 0;
    if (this.inflight) await this.inflight;
    this.inflight = done.then(() => {
      if (!this.failure) this.written += rows;
    });
    if (this.failure) throw this.failure;
  }

  // ------------------------------------------------------------------ unnest

  /** Sends the buffered rows; waits for the previous chunk first so at most one is in flight. */
  private async send(): Promise<void> {
    if (this.pending) await this.pending;
    if (this.failure) throw this.failure;
    if (this.rowNos.length === 0) return;
    if (this.options.beforeSend) await this.options.beforeSend();
    const rowNos = this.rowNos;
    const cols = this.cols;
    this.rowNos = [];
    this.cols = this.columns.map(() => []);
    const names = this.columns.map(([n]) => n).join(', ');
    const params = this.columns.map(([, t], i) => `$${i + 3}::${ARRAY_TYPE[t]}`).join(', ');
    this.pending = this.client
      .query(`INSERT INTO ${this.table} (batch_id, row_no, ${names}) SELECT $1, * FROM unnest($2::int4[], ${params})`, [this.batchId, rowNos, ...cols])
      .then(
        () => { this.written += rowNos.length; },
        (err) => { this.failure ??= err; },
      );
  }
}

// ------------------------------------------------------------------ indexes of an empty table

/**
 * Drops the plain indexes of `table` when it has no rows, inside the caller's transaction (server/db/bulk.ts);
 * rebuildIndexes creates them again before COMMIT. Returns null when the table has rows (their indexes are kept
 * and maintained). On the PostgreSQL server this holds an exclusive lock on the (empty) table until COMMIT.
 */
export async function deferIndexes(client: pg.PoolClient, table: string): Promise<DeferredIndexes | null> {
  const empty = (await client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`)).rows[0].empty;
  return empty ? dropPlainIndexes(client, table) : null;
}
