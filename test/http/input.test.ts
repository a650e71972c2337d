/**
 * Bad input that reaches below the schemas: multipart bodies without a boundary or cut short, database errors that
 * only bad input causes (backstop), and streamed exports whose query fails (an error answer, never a 200 that
 * breaks off).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser, login, type TestClient } from '../helpers/app.ts';
import { buildApp } from '../../server/http/app.ts';
import { VIETNAMESE } from './hostile.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp(database);
  // A route that passes its input to the database unchecked: what the error handler's backstop is for.
  app.get('/api/test-only/unchecked', async (request) => {
    const { n } = request.query as { n: string };
    return (await sql<{ v: number }>`SELECT ${n}::int AS v`.execute(database.db)).rows[0];
  });
  await app.ready();
  await addUser(database, 'quantri', 'admin');
  admin = await login(app, 'quantri');
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const CSV = 'so_dinh_danh,ho_ten\n001085000001,Nguyễn Văn A\n';

function multipartBody(boundary: string) {
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dan-cu.csv"\r\nContent-Type: text/csv\r\n\r\n${CSV}\r\n--${boundary}--\r\n`);
}

describe('multipart uploads that cannot be read', () => {
  it('answers 400 naming the file field when the content type has no boundary', async () => {
    const res = await admin.send('POST', '/api/imports/uploads', multipartBody('abc'), { 'content-type': 'multipart/form-data' });
    expect(res.status, res.body).toBe(400);
    expect(res.json.error.message).toMatch(VIETNAMESE);
    expect(res.json.error.message).toContain('"file"');
  });

  it('answers 400 naming the file field when the body is cut short', async () => {
    const boundary = crypto.randomBytes(8).toString('hex');
    const whole = multipartBody(boundary);
    const res = await admin.send('POST', '/api/imports/uploads', whole.subarray(0, whole.length - 30), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status, res.body).toBe(400);
    expect(res.json.error.message).toContain('"file"');
  });

  it('still accepts a whole upload afterwards', async () => {
    const boundary = crypto.randomBytes(8).toString('hex');
    const res = await admin.send('POST', '/api/imports/uploads', multipartBody(boundary), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status, res.body).toBe(200);
  });
});

describe('database errors caused by input (backstop behind the schemas)', () => {
  it('answers 400 in Vietnamese, not 500, for a value the database refuses', async () => {
    for (const n of ['abc', '99999999999999999999']) {
      const res = await admin.get(`/api/test-only/unchecked?n=${n}`);
      expect(res.status, `${n}: ${res.body}`).toBe(400);
      expect(res.json.error.message).toMatch(VIETNAMESE);
    }
    expect((await admin.get('/api/test-only/unchecked?n=7')).json).toEqual({ v: 7 });
  });
});

describe('streamed exports', () => {
  it('answers an error status with a message when the export query fails, never a 200 that breaks off', async () => {
    await sql`ALTER TABLE finding RENAME TO finding_away`.execute(database.db);
    try {
      for (const url of ['/api/findings/export?format=csv', '/api/findings/export?format=json', '/api/findings/export?format=xlsx', '/api/findings/export/enforcement']) {
        const res = await app.inject({ method: 'GET', url, headers: await sessionCookie() });
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(500);
        expect(res.headers['content-disposition'], url).toBeUndefined();
        expect(res.json().error.message).toMatch(VIETNAMESE);
      }
    } finally {
      await sql`ALTER TABLE finding_away RENAME TO finding`.execute(database.db);
    }
    const ok = await admin.get('/api/findings/export?format=csv');
    expect(ok.status).toBe(200);
    expect(ok.body.split('\n')[0]).toContain(',');
  });
});

/** A fresh session cookie for app.inject (whose answer is kept even when the body is not JSON). */
async function sessionCookie(): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: 'MatKhau123' } });
  return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}
