import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;
let bhxh: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'quantri', 'admin');
  await addUser(database, 'bhxh1', 'social_security');
  admin = await login(app, 'quantri');
  bhxh = await login(app, 'bhxh1');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('account administration and the audit log', () => {
  it('lets only account managers list and create accounts', async () => {
    expect((await bhxh.get('/api/admin/users')).status).toBe(403);
    const created = await admin.post('/api/admin/users', { username: 'xa.dongquang', fullName: 'Cán bộ xã', password: 'MatKhau456', role: 'commune', communes: ['05443'] });
    expect(created.status).toBe(200);
    const list = await admin.get('/api/admin/users');
    const row = list.json.users.find((u: { username: string }) => u.username === 'xa.dongquang');
    expect(row).toMatchObject({ role: 'commune', roleLabel: 'UBND xã/phường', communes: ['05443'], active: true });
    const newcomer = await login(app, 'xa.dongquang', 'MatKhau456');
    expect((await newcomer.get('/api/auth/me')).json.user.communes).toEqual(['05443']);
  });

  it('explains invalid accounts in Vietnamese, field by field', async () => {
    const weak = await admin.post('/api/admin/users', { username: 'abc', fullName: 'A', password: 'ngan', role: 'tax' });
    expect(weak.status).toBe(400);
    expect(weak.json.error.message).toContain('ít nhất 8 ký tự');
    const noCommune = await admin.post('/api/admin/users', { username: 'xa2', fullName: 'B', password: 'MatKhau456', role: 'commune' });
    expect(noCommune.status).toBe(400);
    expect(noCommune.json.error.message).toContain('ít nhất một xã/phường');
    const badName = await admin.post('/api/admin/users', { username: 'Tên Có Dấu', fullName: 'C', password: 'MatKhau456', role: 'tax' });
    expect(badName.status).toBe(400);
    expect(badName.json.error.details.issues[0].field).toBe('username');
    const duplicate = await admin.post('/api/admin/users', { username: 'bhxh1', fullName: 'D', password: 'MatKhau456', role: 'tax' });
    expect(duplicate.status).toBe(409);
    const unknownCommune = await admin.post('/api/admin/users', { username: 'xa3', fullName: 'E', password: 'MatKhau456', role: 'commune', communes: ['99999'] });
    expect(unknownCommune.status).toBe(400);
    expect(unknownCommune.json.error.message).toContain('99999');
  });

  it('shows the audit log to those who may read it, newest first, filtered', async () => {
    expect((await bhxh.get('/api/admin/audit')).status).toBe(403);
    const all = await admin.get('/api/admin/audit?pageSize=500');
    expect(all.status).toBe(200);
    const actions = all.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('login');
    expect(actions).toContain('change');
    const ids = all.json.entries.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const changes = await admin.get('/api/admin/audit?action=change');
    expect(changes.json.entries.every((e: { action: string }) => e.action === 'change')).toBe(true);
    expect(changes.json.total).toBe(1);
    // A date is written dd/mm/yyyy (or YYYY-MM-DD); one that does not exist is refused, naming the field.
    expect((await admin.get('/api/admin/audit?from=25/11/2026')).status).toBe(200);
    const bad = await admin.get('/api/admin/audit?from=31/11/2026');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('Từ ngày phải có dạng dd/mm/yyyy và là ngày có thật');
    expect(bad.json.error.message).not.toContain('YYYY-MM-DD');
  });
});
