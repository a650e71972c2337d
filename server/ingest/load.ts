/**
 * Bulk loading inside the import's transaction, with no per-row round trip: rows are buffered by
 * column and written every CHUNK_ROWS rows, either as
 *   INSERT … SELECT $1, * FROM unnest($2::int4[], $3::text[], …)   (both engines), or
 *   COPY … FROM STDIN (text format, pg-copy-streams)                  (PostgreSQL server only:
 * COPY does not work through the PGlite socket). One chunk is in flight while the next is built.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgType } from './kinds.ts';

export const CHUNK_ROWS = 10_000;

export type LoadMethod = 'unnest' | 'copy';

const ARRAY_TYPE: Record<PgType, string> = { text: 'text[]', date: 'date[]', int4: 'int4[]', int8: 'int8[]', bool: 'bool[]' };

function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** Column-buffered writer of rows (batch_id, row_no, …columns) into one table. */
export class BulkWriter {
  private rowNos: number[] = [];
  private cols: unknown[][];
  private pending: Promise<void> | null = null;
  private failure: unknown = null;
  written = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly table: string,
    private readonly columns: Array<[string, PgType]>,
    private readonly batchId: number,
    private readonly method: LoadMethod,
  ) {
    this.cols = columns.map(() => []);
  }

  get buffered() {
    return this.rowNos.length;
  }

  /** Buffers one row; returns a promise to await when a chunk had to be sent (back-pressure). */
  add(rowNo: number, values: unknown[]): Promise<void> | null {
    this.rowNos.push(rowNo);
    for (let i = 0; i < values.length; i++) this.cols[i].push(values[i]);
    if (this.rowNos.length >= CHUNK_ROWS) return this.send();
    return null;
  }

  /** Sends the buffered rows; waits for the previous chunk first so at most one is in flight. */
  async send(): Promise<void> {
    if (this.pending) await this.pending;
    if (this.failure) throw this.failure;
    if (this.rowNos.length === 0) return;
    const rowNos = this.rowNos;
    const cols = this.cols;
    this.rowNos = [];
    this.cols = this.columns.map(() => []);
    const p = this.method === 'copy' ? this.copyChunk(rowNos, cols) : this.unnestChunk(rowNos, cols);
    this.pending = p.then(
      () => { this.written += rowNos.length; },
      (err) => { this.failure = err; },
    );
  }

  /** Sends what is left and waits until everything is written. */
  async finish(): Promise<void> {
    await this.send();
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.failure) throw this.failure;
  }

  private async unnestChunk(rowNos: number[], cols: unknown[][]) {
    const names = this.columns.map(([n]) => n).join(', ');
    const params = this.columns.map(([, t], i) => `$${i + 3}::${ARRAY_TYPE[t]}`).join(', ');
    await this.client.query(
      `INSERT INTO ${this.table} (batch_id, row_no, ${names}) SELECT $1, * FROM unnest($2::int4[], ${params})`,
      [this.batchId, rowNos, ...cols],
    );
  }

  private async copyChunk(rowNos: number[], cols: unknown[][]) {
    const names = this.columns.map(([n]) => n).join(', ');
    const stream = this.client.query(copyFrom(`COPY ${this.table} (batch_id, row_no, ${names}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    const prefix = `${this.batchId}\t`;
    let buf = '';
    const ncol = cols.length;
    for (let r = 0; r < rowNos.length; r++) {
      let line = prefix + rowNos[r];
      for (let c = 0; c < ncol; c++) line += '\t' + copyText(cols[c][r]);
      buf += line + '\n';
      if (buf.length > 1 << 20) {
        if (!stream.write(buf)) await new Promise((r2) => stream.once('drain', r2));
        buf = '';
      }
    }
    stream.end(buf);
    await done;
  }
}
