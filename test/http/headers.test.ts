/**
 * Security headers on every answer (API, the web app's files, errors), no-store on API answers, the web app as the
 * only public routes besides health and login, and the session cookie's Secure flag over HTTPS (directly, or behind
 * a proxy when BAOPHU_TRUST_PROXY says so).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser, TEST_PASSWORD } from '../helpers/app.ts';
import { buildApp } from '../../server/http/app.ts';
import { trustProxyFromEnv } from '../../server/http/security.ts';

const webDist = path.resolve('dist/web');
let database: TestDatabase;
let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp(database, { webDist, trustProxy: false });
  await app.ready();
  await addUser(database, 'quantri', 'admin');
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: TEST_PASSWORD } });
  cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describe('security headers', () => {
  it('are on every kind of answer: page, asset, API, error, not found', async () => {
    const asset = fs.readdirSync(path.join(webDist, 'assets')).find((f) => f.endsWith('.js'))!;
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/', {}, 200],
      ['/phat-hien', {}, 200],
      [`/assets/${asset}`, {}, 200],
      ['/assets/khong-co.js', {}, 404],
      ['/api/health', {}, 200],
      ['/api/findings', {}, 401],
      ['/api/findings', { cookie }, 200],
      ['/api/khong-co', { cookie }, 404],
      ['/api/findings/abc', { cookie }, 400],
      ['/api/%zz', {}, 400],
    ];
    for (const [url, headers, status] of cases) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(status);
      expectSecurityHeaders(res.headers, url);
    }
  });

  it("allows exactly the inline boot script of the built index.html (by its hash), and inline styles (antd's CSS-in-JS)", async () => {
    const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    for (const script of inline) expect(csp).toContain(`'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
  });

  it('marks every API answer no-store, except the map shapes that say otherwise', async () => {
    for (const url of ['/api/findings', '/api/auth/me', '/api/admin/audit', '/api/communes', '/api/progress/overview', '/api/findings/export?format=csv']) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    for (const url of ['/api/findings', '/api/khong-co', '/%61pi/findings']) {
      expect((await app.inject({ method: 'GET', url })).headers['cache-control'], url).toBe('no-store');
    }
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: TEST_PASSWORD } });
    expect(login.headers['cache-control']).toBe('no-store');
    const geo = await app.inject({ method: 'GET', url: '/api/communes/geo', headers: { cookie } });
    expect(geo.headers['cache-control']).toBe('private, max-age=86400');
    const asset = fs.readdirSync(path.join(webDist, 'assets')).find((f) => f.endsWith('.js'))!;
    expect((await app.inject({ method: 'GET', url: `/assets/${asset}` })).headers['cache-control']).toContain('immutable');
  });
});

describe('public routes and the web app', () => {
  it('serves the app shell without login, but no API address in any spelling', async () => {
    expect(app.routeList.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /*', 'GET /api/health', 'POST /api/auth/login']);
    const shell = await app.inject({ method: 'GET', url: '/chi-tieu' });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('<div id="root">');
    for (const url of ['/%61pi/calc/scenarios', '/api/calc/scenarios', '//api/calc/scenarios', '/api/./calc/scenarios', '/API/calc/scenarios', '/%2e/api/calc/scenarios']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.body, url).not.toContain('<div id="root">');
    }
  });
});

describe('session cookie over HTTPS', () => {
  async function loginCookie(target: FastifyInstance, headers: Record<string, string>) {
    const res = await target.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: TEST_PASSWORD }, headers });
    expect(res.statusCode).toBe(200);
    return { setCookie: String(res.headers['set-cookie']), hsts: res.headers['strict-transport-security'] };
  }

  it('is Secure behind a trusted proxy that forwards https, and not when the proxy is not trusted', async () => {
    const proxied = await buildApp(database, { trustProxy: trustProxyFromEnv('true') });
    try {
      const viaProxy = await loginCookie(proxied, { 'x-forwarded-proto': 'https' });
      expect(viaProxy.setCookie).toMatch(/;\s*Secure/i);
      expect(viaProxy.setCookie).toMatch(/HttpOnly/i);
      expect(viaProxy.hsts).toBe('max-age=31536000');
      const plain = await loginCookie(proxied, {});
      expect(plain.setCookie).not.toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
    // Not trusted: a client cannot claim https for itself.
    const direct = await loginCookie(app, { 'x-forwarded-proto': 'https' });
    expect(direct.setCookie).not.toMatch(/;\s*Secure/i);
    expect(direct.hsts).toBeUndefined();
  });

  it('reads BAOPHU_TRUST_PROXY as off, on, a hop count or a list of proxies', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('0')).toBe(false);
    expect(trustProxyFromEnv('true')).toBe(true);
    expect(trustProxyFromEnv('1')).toBe(true);
    const twoHops = trustProxyFromEnv('2') as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => twoHops('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(trustProxyFromEnv('127.0.0.1,10.0.0.0/8')).toBe('127.0.0.1,10.0.0.0/8');
  });
});
