import type pg from 'pg';
import type { Database } from './connect.ts';

/**
 * Runs `fn` in one transaction on one connection of the pool: COMMIT when it returns, ROLLBACK when it throws
 * (the error is passed on). For work written in plain SQL; Kysely code uses `db.transaction()`.
 */
export async function inTransaction<T>(database: Database, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
