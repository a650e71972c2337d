import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, TEST_PASSWORD } from '../helpers/app.ts';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh1', 'social_security');
  await addUser(database, 'xa1', 'commune', ['05443']);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('login and sessions', () => {
  it('answers health without login', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('refuses API routes without login, in Vietnamese', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Vui lòng đăng nhập.');
  });

  it('logs in, sets an httpOnly cookie and returns the CSRF token and scope', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xa1', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bp_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(res.json().user.communes).toEqual(['05443']);
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const stored = await database.db.selectFrom('app_user').select('password_hash').where('username', '=', 'xa1').executeTakeFirstOrThrow();
    expect(stored.password_hash.startsWith('scrypt$')).toBe(true);
    expect(stored.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('rejects a wrong password and validates the body in Vietnamese', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bhxh1', password: 'sai' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toContain('không đúng');
    const empty = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', password: 'x' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('Vui lòng nhập tên đăng nhập');
  });

  it('requires the CSRF token for changes', async () => {
    const client = await login(app, 'bhxh1');
    const ok = await client.post('/api/auth/logout');
    expect(ok.status).toBe(200);
    const again = await login(app, 'bhxh1');
    const noToken = await again.send('POST', '/api/auth/logout', undefined, { 'x-csrf-token': 'wrong' });
    expect(noToken.status).toBe(403);
    expect(noToken.json.error.message).toContain('CSRF');
  });

  it('limits repeated failed logins', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xa1', password: 'SaiMatKhau1' } });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toContain('quá nhiều lần');
    const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xa1', password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(429);
  });

  it('keeps the audit log append-only', async () => {
    const rows = await database.db.selectFrom('audit_log').select(['action']).execute();
    expect(rows.some((r) => r.action === 'login')).toBe(true);
    expect(rows.some((r) => r.action === 'login_failed')).toBe(true);
    await expect(database.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
