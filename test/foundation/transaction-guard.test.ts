/**
 * A transaction that asks its pool for a second connection would, on the embedded engine (one connection, one
 * database process), wait for itself: the request never answers and every other request queues behind it. The
 * pool refuses instead, on both engines, so such code fails its tests rather than hanging a province's server.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login } from '../helpers/app.ts';
import { inTransaction } from '../../server/db/transaction.ts';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

describe('a second connection inside a transaction', () => {
  it('is refused at once, the transaction rolls back, and the pool still serves afterwards', async () => {
    await database.pool.query('CREATE TABLE guard_probe (n int)');
    const attempt = inTransaction(database, async (client) => {
      await client.query('INSERT INTO guard_probe VALUES (1)');
      await database.pool.query('SELECT 1');
    });
    await expect(attempt).rejects.toThrow(/second database connection/);
    const rows = (await database.pool.query('SELECT count(*)::int AS n FROM guard_probe')).rows;
    expect(rows[0].n).toBe(0);
    // Kysely goes through the same pool.
    await expect(inTransaction(database, async () => { await database.db.selectFrom('app_user').select('id').execute(); })).rejects.toThrow(/second database connection/);
    // Work scheduled inside a transaction but run after it ends is not refused.
    let later: Promise<unknown> = Promise.resolve();
    await inTransaction(database, async () => { later = new Promise((r) => setTimeout(r, 50)).then(() => database.pool.query('SELECT 1')); });
    await expect(later).resolves.toBeTruthy();
  });

  it('does not hang the first case action of a fresh server on a case that does not exist (the workflow is read in the transaction)', async () => {
    await addUser(database, 'guard_board', 'ip_board');
    const client = await login(app, 'guard_board');
    const res = await client.post('/api/cases/999/confirm-close', {});
    expect(res.status).toBe(404);
    expect(res.json.error.message).toMatch(/Hồ sơ/);
  });
});
