/**
 * Sessions are checked from memory kept current (server/auth/session-cache.ts, issue 16): changes made by this
 * process take effect at once, changes made elsewhere once the database answers, and a busy database (the embedded
 * engine while a job holds its transaction) does not hold up a signed-in request.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, TEST_PASSWORD, type TestClient } from '../helpers/app.ts';
import { SESSION_FRESH_MS } from '../../server/auth/session-cache.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'quantri', 'admin');
  admin = await login(app, 'quantri');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
afterEach(() => {
  vi.useRealTimers();
});

const idOf = async (username: string) => Number((await database.pool.query('SELECT id FROM app_user WHERE username = $1', [username])).rows[0].id);
/** Moves the clock past the time an entry is used without a check. */
const later = () => vi.setSystemTime(Date.now() + SESSION_FRESH_MS + 1000);

describe('session check from memory', () => {
  it('disabling, locking and logging out end the cached session at once', async () => {
    await addUser(database, 'canbo.khoa', 'tax');
    await addUser(database, 'canbo.vhh', 'tax');
    const locked = await login(app, 'canbo.khoa');
    const disabled = await login(app, 'canbo.vhh');
    expect((await locked.get('/api/auth/me')).status).toBe(200);
    expect((await disabled.get('/api/auth/me')).status).toBe(200);
    expect((await admin.post(`/api/admin/users/${await idOf('canbo.khoa')}/lock`)).status).toBe(200);
    expect((await admin.post(`/api/admin/users/${await idOf('canbo.vhh')}/disable`)).status).toBe(200);
    expect((await locked.get('/api/auth/me')).status).toBe(401);
    expect((await disabled.get('/api/auth/me')).status).toBe(401);

    await addUser(database, 'canbo.ra', 'tax');
    const out = await login(app, 'canbo.ra');
    expect((await out.get('/api/auth/me')).status).toBe(200);
    expect((await out.post('/api/auth/logout')).status).toBe(200);
    expect((await out.get('/api/auth/me')).status).toBe(401);
  });

  it('a leader flag or a password change is seen by the next request', async () => {
    await addUser(database, 'canbo.ld', 'home_affairs');
    const id = await idOf('canbo.ld');
    const user = await login(app, 'canbo.ld');
    expect((await user.get('/api/auth/me')).json.user.isLeader).toBe(false);
    expect((await admin.send('PATCH', `/api/admin/users/${id}`, { isLeader: true })).status).toBe(200);
    expect((await user.get('/api/auth/me')).json.user.isLeader).toBe(true);

    const reset = await admin.post(`/api/admin/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary = reset.json.temporaryPassword as string;
    expect(temporary).toBeTruthy();
    const again = await login(app, 'canbo.ld', temporary);
    expect((await again.get('/api/targets')).status).toBe(403);
    expect((await again.post('/api/account/password', { currentPassword: temporary, newPassword: TEST_PASSWORD + 'x!' })).status).toBe(200);
    expect((await again.get('/api/targets')).status).toBe(200);
  });

  it('a change made outside this process is seen once the entry is checked again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await addUser(database, 'canbo.ngoai', 'tax');
    const user = await login(app, 'canbo.ngoai');
    expect((await user.get('/api/auth/me')).status).toBe(200);
    await database.pool.query(`DELETE FROM user_session WHERE user_id = $1`, [await idOf('canbo.ngoai')]);
    // Within the fresh window the entry answers; after it, the database's answer ends the session.
    expect((await user.get('/api/auth/me')).status).toBe(200);
    later();
    await expect.poll(async () => (await user.get('/api/auth/me')).status, { timeout: 5000 }).toBe(401);
  });

  it('a busy database does not hold up the session check of a known session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await addUser(database, 'canbo.ban', 'tax');
    const user = await login(app, 'canbo.ban');
    const id = await idOf('canbo.ban');
    expect((await user.get('/api/auth/me')).status).toBe(200);
    // A long job: an open transaction (on the embedded engine it owns the database until it ends).
    const job = await database.pool.connect();
    try {
      await job.query('BEGIN');
      await job.query('SELECT count(*) FROM app_user');
      later();
      const t0 = performance.now();
      const res = await user.get('/api/auth/me');
      expect(res.status).toBe(200);
      expect(res.json.user.username).toBe('canbo.ban');
      expect(performance.now() - t0).toBeLessThan(1000);
      // The job ends this account's sessions: seen once the database answers again.
      await job.query(`DELETE FROM user_session WHERE user_id = $1`, [id]);
      await job.query('COMMIT');
    } finally {
      job.release();
    }
    later();
    await expect.poll(async () => (await user.get('/api/auth/me')).status, { timeout: 5000 }).toBe(401);
  });
});
