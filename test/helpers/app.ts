import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/http/app.ts';
import type { Database } from '../../server/db/connect.ts';
import { createUser } from '../../server/auth/users.ts';
import type { RoleCode } from '#shared/auth/roles.ts';

export const TEST_PASSWORD = 'MatKhau123';

/** A signed-in client of an in-process app (fastify.inject), with cookie and CSRF token. */
export interface TestClient {
  /** `raw`: the answer's bytes (an XLSX download). */
  get(url: string): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown>; raw: Buffer }>;
  post(url: string, body?: unknown): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown> }>;
  send(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown>; raw: Buffer }>;
}

export async function testApp(database: Database): Promise<FastifyInstance> {
  const app = await buildApp(database);
  await app.ready();
  return app;
}

export async function addUser(database: Database, username: string, role: RoleCode, communes?: string[], isLeader = false) {
  return createUser(database.db, { username, fullName: username, password: TEST_PASSWORD, role, communes, isLeader });
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<TestClient> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  const send: TestClient['send'] = async (method, url, body, headers = {}) => {
    const r = await app.inject({ method: method as 'GET', url, payload: body as object, headers: { cookie, 'x-csrf-token': csrf, ...headers } });
    let json: unknown = null;
    try { json = r.json(); } catch { /* not JSON */ }
    return { status: r.statusCode, json, body: r.body, headers: r.headers, raw: r.rawPayload };
  };
  return { send, get: (url) => send('GET', url), post: (url, body) => send('POST', url, body) };
}
