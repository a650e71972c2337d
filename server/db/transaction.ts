import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Database } from './connect.ts';

/** The connection a piece of work holds open (a transaction), for the guard below. */
const held = new AsyncLocalStorage<{ pool: pg.Pool; open: boolean }>();

/**
 * Runs `fn` while it holds a connection of `pool` (a transaction). Within it, asking the same pool for another
 * connection throws instead of waiting: the embedded engine has one connection and one database process, so that
 * request would wait for the transaction that waits for it — a request that never answers and blocks every other.
 */
export async function holdingConnection<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<T> {
  const mark = { pool, open: true };
  try {
    return await held.run(mark, fn);
  } finally {
    mark.open = false;
  }
}

/** Makes `pool.connect` (and so `pool.query`) refuse to be called from inside work that holds one of its connections. */
export function guardNestedConnections(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    const mark = held.getStore();
    if (mark?.open && mark.pool === pool) {
      const err = new Error('A second database connection was asked for inside a transaction: use the transaction\'s own client.');
      const callback = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
      if (callback) return void callback(err);
      return Promise.reject(err);
    }
    return connect(...args);
  };
}

/**
 * Runs `fn` in one transaction on one connection of the pool: COMMIT when it returns, ROLLBACK when it throws
 * (the error is passed on). For work written in plain SQL; Kysely code uses `db.transaction()`.
 */
export async function inTransaction<T>(database: Database, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await holdingConnection(database.pool, () => fn(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
