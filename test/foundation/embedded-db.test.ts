/**
 * The embedded database's process model: one owner per data directory (exclusive lock), other
 * processes go through the owner's socket, a killed owner leaves a lock that the next one takes over.
 */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../server/db/connect.ts';
import { migrate } from '../../server/db/migrate.ts';
import { dbLockPath } from '../../server/db/config.ts';
import { readLiveLock } from '../../server/db/lock.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { settledState, waitFor } from '../helpers/wait.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = path.join(TMP_ROOT, `embedded-${process.pid}-${dirs.length}`);
  fs.rmSync(d, { recursive: true, force: true });
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('embedded PGlite process (whatever engine the suite runs on)', () => {
  it('shares one database process between two openers and keeps their transactions apart', async () => {
    const dataDir = tempDir();
    const a = await openDatabase({ engine: 'pglite', dataDir });
    await migrate(a.pool);
    const b = await openDatabase({ engine: 'pglite', dataDir });
    const holder = readLiveLock(dbLockPath(dataDir));
    expect(holder).not.toBeNull();

    await a.pool.query('CREATE TABLE t (n int)');
    const clientA = await a.pool.connect();
    const clientB = await b.pool.connect(); // connected first: its query below goes out at once
    await clientA.query('BEGIN');
    await clientA.query('INSERT INTO t VALUES (1)');
    // b's read waits for a's transaction to finish and never sees its uncommitted row midway.
    const read = clientB.query('SELECT count(*)::int AS n FROM t');
    const readState = settledState(read);
    // Round trips of a's transaction after b's query was sent: the host has read b's query meanwhile and
    // must hold it (no fixed sleep: the condition is a's answers, however slow the machine).
    for (let i = 0; i < 3; i++) expect((await clientA.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);
    expect(readState.settled).toBe(false);
    await clientA.query('ROLLBACK');
    clientA.release();
    expect((await read).rows[0].n).toBe(0);
    clientB.release();

    // Interleaved parameterised queries from both openers get their own answers.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).pool.query('SELECT $1::int * 2 AS v', [i])),
    );
    results.forEach((r, i) => expect(r.rows[0].v).toBe(i * 2));
    await b.close();
    await a.close();
    expect(readLiveLock(dbLockPath(dataDir))).toBeNull();
  });

  it('returns the same value types on both engines (int8, numeric, date)', async () => {
    const d = await createTestDatabase();
    const { rows } = await d.pool.query(`SELECT 12345678901::int8 AS big, 1.25::numeric AS num, DATE '2026-01-31' AS day, count(*) AS cnt FROM generate_series(1,3)`);
    expect(rows[0]).toEqual({ big: 12345678901, num: 1.25, day: '2026-01-31', cnt: 3 });
    await d.destroy();
  });

  it('takes over the lock of a killed database process and finds committed data intact', async () => {
    const dataDir = tempDir();
    const first = await openDatabase({ engine: 'pglite', dataDir });
    await first.pool.query('CREATE TABLE kept (n int)');
    await first.pool.query('INSERT INTO kept SELECT generate_series(1, 1000)');
    const hostPid = readLiveLock(dbLockPath(dataDir))!.pid;
    process.kill(hostPid, 'SIGKILL');
    // The lock is no longer live once the killed process is gone (reaped), however long that takes.
    await waitFor('the killed database process to be gone', () => readLiveLock(dbLockPath(dataDir)) === null);
    await first.close();
    expect(readLiveLock(dbLockPath(dataDir))).toBeNull();
    const second = await openDatabase({ engine: 'pglite', dataDir });
    const { rows } = await second.pool.query('SELECT count(*)::int AS n FROM kept');
    expect(rows[0].n).toBe(1000);
    expect(readLiveLock(dbLockPath(dataDir))!.pid).not.toBe(hostPid);
    await second.close();
  });
});
