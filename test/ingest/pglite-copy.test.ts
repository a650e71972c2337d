/**
 * `COPY … FROM STDIN` through the embedded database's socket (server/db/pglite-socket-server.ts),
 * which the import uses on PGlite: data in many socket chunks, transactions, errors and CopyFail,
 * other clients meanwhile. Always on PGlite, whatever engine the suite runs on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, it, expect, beforeAll, beforeEach, afterAll } from 'vitest';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { settledState, waitFor } from '../helpers/wait.ts';

let a: Database;
let b: Database;
const dataDir = path.join(TMP_ROOT, `pglite-copy-${process.pid}`);

beforeAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  a = await openDatabase({ engine: 'pglite', dataDir });
  b = await openDatabase({ engine: 'pglite', dataDir });
  await a.pool.query('CREATE TABLE copied (n int NOT NULL, name text, born date)');
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Every test starts from an empty table, whichever ran before it (or failed midway).
beforeEach(async () => {
  await a.pool.query('TRUNCATE copied');
});

const count = async (db: Database) => (await db.pool.query('SELECT count(*)::int AS n FROM copied')).rows[0].n as number;

/** Rows n = from … from + rows - 1 in COPY text format, written in pieces of ~64 KB. */
function copyText(from: number, rows: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (let i = from; i < from + rows; i++) {
    piece += `${i}\tNguyễn Thị Hồng\\tNhung ${i}\t19${String(50 + (i % 50))}-0${1 + (i % 9)}-15\n`;
    if (piece.length > 65_000) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

async function copyInto(client: pg.PoolClient, pieces: string[]) {
  const stream = client.query(copyFrom('COPY copied (n, name, born) FROM STDIN'));
  await pipeline(Readable.from(pieces), stream);
  return stream.rowCount;
}

describe('COPY FROM STDIN through the PGlite socket', () => {
  it('loads many megabytes sent in many socket chunks, exactly', async () => {
    const client = await a.pool.connect();
    try {
      expect(await copyInto(client, copyText(1, 60_000))).toBe(60_000);
    } finally {
      client.release();
    }
    const { rows } = await b.pool.query(`SELECT count(*)::int AS n, sum(n)::int8 AS s, min(born)::text AS first_born,
      (SELECT name FROM copied WHERE n = 7) AS name FROM copied`);
    expect(rows[0]).toEqual({ n: 60_000, s: 1_800_030_000, first_born: '1950-01-15', name: 'Nguyễn Thị Hồng\tNhung 7' });
    await a.pool.query('TRUNCATE copied');
  });

  it('runs in the client transaction: others wait, a rollback leaves nothing', async () => {
    const client = await a.pool.connect();
    const otherClient = await b.pool.connect(); // connected first: its query below goes out at once
    try {
      await client.query('BEGIN');
      expect(await copyInto(client, copyText(1, 5_000))).toBe(5_000);
      expect(await copyInto(client, copyText(5_001, 5_000))).toBe(5_000);
      const other = otherClient.query('SELECT count(*)::int AS n FROM copied').then((r) => r.rows[0].n as number);
      const otherState = settledState(other);
      // Round trips of the transaction after the other query was sent: the host holds that query meanwhile.
      for (let i = 0; i < 3; i++) expect((await client.query('SELECT count(*)::int AS n FROM copied')).rows[0].n).toBe(10_000);
      expect(otherState.settled).toBe(false);
      await client.query('ROLLBACK');
      expect(await other).toBe(0);
      await client.query('BEGIN');
      await copyInto(client, copyText(1, 3));
      await client.query('COMMIT');
    } finally {
      client.release();
      otherClient.release();
    }
    expect(await count(b)).toBe(3);
    await a.pool.query('TRUNCATE copied');
  });

  it('reports bad data as the database error, aborts the transaction, and the connection goes on', async () => {
    const client = await a.pool.connect();
    try {
      await client.query('BEGIN');
      await copyInto(client, copyText(1, 10));
      await expect(copyInto(client, ['11\tx\t2026-02-31\n'])).rejects.toThrow(/date\/time field value out of range|invalid input syntax for type date/);
      await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
      await client.query('ROLLBACK');
      expect((await client.query('SELECT count(*)::int AS n FROM copied')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('turns a client CopyFail into an error of the statement', async () => {
    const client = await a.pool.connect();
    try {
      const stream = client.query(copyFrom('COPY copied (n, name, born) FROM STDIN'));
      const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
      stream.write('1\tx\t2000-01-01\n');
      stream.destroy(new Error("dừng lại 'ở đây' $$"));
      expect((await failed).message).toMatch(/dừng lại/);
      expect((await client.query('SELECT count(*)::int AS n FROM copied')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('serves other clients while one sends its COPY data', async () => {
    const client = await a.pool.connect();
    try {
      const stream = client.query(copyFrom('COPY copied (n, name, born) FROM STDIN'));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      stream.write('1\tx\t2000-01-01\n');
      // The host has started this client's COPY (it answered CopyInResponse) and the COPY is still open.
      await waitFor('the COPY to start', () => (stream as unknown as { _gotCopyInResponse: boolean })._gotCopyInResponse);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => b.pool.query('SELECT $1::int * 3 AS v', [i])));
      answers.forEach((r, i) => expect(r.rows[0].v).toBe(i * 3));
      stream.end('2\ty\t2000-01-02\n');
      await done;
      expect(stream.rowCount).toBe(2);
    } finally {
      client.release();
    }
    expect(await count(b)).toBe(2);
  });
});
