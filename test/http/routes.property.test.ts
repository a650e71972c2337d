/**
 * Properties over the app's whole route table (app.routeList, not a hand-picked list):
 *  1. hostile values (NUL, ids beyond bigint, impossible dates, wrong types, huge strings) in any path parameter,
 *     query field or body field that the API's schemas declare give a 4xx with a Vietnamese message, never a 5xx;
 *  2. every route that is not marked public answers 401 without login, however its path is spelled
 *     (percent-encoded letters, doubled slashes, dot segments, case, trailing slash).
 * The cases of issue 11 are checked by name as well: each answer names the field.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { declaredFields, apiRoutes, hostileRequest, fillPath, HOSTILE_TEXT, HOSTILE_JSON, VIETNAMESE, errorMessage, type RouteEntry } from './hostile.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;
let cookieHeaders: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'quantri', 'admin');
  admin = await login(app, 'quantri');
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: 'MatKhau123' } });
  cookieHeaders = { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json().csrfToken };
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

/** The answer is not a server error, and an error answer carries a Vietnamese message. */
function expectClientAnswer(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const message = errorMessage(res.body);
    expect(message, `${what}: error without a message: ${res.body.slice(0, 200)}`).not.toBeNull();
    expect(message!, `${what}: message not in Vietnamese`).toMatch(VIETNAMESE);
  }
}

describe('hostile input on every route', () => {
  it('never answers a 5xx to a hostile value in any declared field of any route (property over the route table)', async () => {
    const routes = apiRoutes(app).filter((r) => r.url !== '/api/auth/logout');
    const fields = declaredFields();
    expect(routes.length).toBeGreaterThan(40);
    expect(fields).toEqual(expect.arrayContaining(['search', 'username', 'note', 'name', 'fullName', 'ids', 'as_of', 'from', 'id']));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom('param' as const, 'query' as const, 'body' as const),
        fc.constantFrom(...fields),
        fc.constantFrom(...HOSTILE_JSON),
        async (route, where, field, value) => {
          const request = hostileRequest(route, where, field, where === 'body' ? value : String(typeof value === 'string' ? value : JSON.stringify(value)));
          const res = await app.inject({ ...request, headers: cookieHeaders });
          expectClientAnswer(res, `${route.method} ${route.url} ${where}.${field}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses every hostile text in every path parameter of every route', async () => {
    const routes = apiRoutes(app).filter((r) => r.url.includes(':'));
    for (const route of routes) {
      for (const value of HOSTILE_TEXT) {
        for (const param of [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1])) {
          const res = await app.inject({
            method: route.method as 'GET', url: fillPath(route.url, { [param]: value }), headers: cookieHeaders,
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
          });
          expectClientAnswer(res, `${route.method} ${route.url} :${param}=${JSON.stringify(value.slice(0, 30))}`);
        }
      }
    }
  });

  /** Each case of issue 11 item 10, with the field the answer must name. */
  const NAMED_CASES: Array<{ what: string; method: string; url: string; body?: unknown; field: string }> = [
    { what: 'NUL in the findings search', method: 'GET', url: '/api/findings?search=a%00b', field: 'search' },
    { what: 'NUL in the findings export search', method: 'GET', url: '/api/findings/export?format=csv&search=%00', field: 'search' },
    { what: 'NUL in the audit user name', method: 'GET', url: '/api/admin/audit?username=ad%00min', field: 'username' },
    { what: 'NUL in the login user name', method: 'POST', url: '/api/auth/login', body: { username: 'quan\u0000tri', password: 'x' }, field: 'username' },
    { what: 'NUL in a finding note', method: 'PATCH', url: '/api/findings/1', body: { note: 'ghi\u0000chú' }, field: 'note' },
    { what: 'NUL in a scenario name', method: 'POST', url: '/api/calc/scenarios', body: { name: 'Kịch bản\u0000' }, field: 'name' },
    { what: 'NUL in a user full name', method: 'POST', url: '/api/admin/users', body: { username: 'nguoimoi', fullName: 'Nguyễn\u0000', password: 'MatKhau@2026x', role: 'admin' }, field: 'fullName' },
    { what: 'NUL in a target note', method: 'POST', url: '/api/targets/province/2026', body: { lines: [{ unitCode: '19', total: 10, voluntary: 5 }], note: 'ghi\u0000' }, field: 'note' },
    { what: 'NUL in a nested field', method: 'POST', url: '/api/targets/province/2026', body: { lines: [{ unitCode: '1\u00009', total: 10, voluntary: 5 }] }, field: 'lines.0.unitCode' },
    { what: 'NUL in a JSON key', method: 'POST', url: '/api/calc/voluntary', body: { 'inc\u0000ome': 1 }, field: 'inc' },
    { what: 'NUL in a path parameter', method: 'GET', url: '/api/findings/1%00', field: 'id' },
    { what: 'ids beyond bigint (compare)', method: 'GET', url: '/api/calc/scenarios/compare?ids=99999999999999999999', field: 'ids' },
    { what: 'ids beyond bigint (export)', method: 'GET', url: '/api/calc/scenarios/export?ids=1,99999999999999999999', field: 'ids' },
    { what: 'a finding id beyond bigint', method: 'GET', url: '/api/findings/99999999999999999999', field: 'id' },
    { what: 'a batch id beyond bigint', method: 'GET', url: '/api/imports/99999999999999999999', field: 'id' },
    { what: 'a scenario id beyond bigint', method: 'DELETE', url: '/api/calc/scenarios/99999999999999999999', field: 'id' },
    { what: 'an impossible as_of (compare)', method: 'GET', url: '/api/calc/scenarios/compare?ids=1&as_of=2026-02-30', field: 'as_of' },
    { what: 'an impossible as_of (simulate)', method: 'POST', url: '/api/calc/simulate', body: { scenarios: [{ name: 'a' }], as_of: '2026-02-30' }, field: 'as_of' },
    { what: 'an impossible audit from', method: 'GET', url: '/api/admin/audit?from=9999-99-99', field: 'from' },
    { what: 'an impossible audit to', method: 'GET', url: '/api/admin/audit?to=2026-02-30', field: 'to' },
    { what: 'an impossible reconciliation date', method: 'POST', url: '/api/findings/runs', body: { asOf: '2026-02-30' }, field: 'asOf' },
    { what: 'an impossible approval date', method: 'POST', url: '/api/targets/province/2026/approve', body: { basis: 'NQ 01', basisDate: '2026-02-30' }, field: 'basisDate' },
    { what: 'an impossible rules date', method: 'GET', url: '/api/calc/rules?date=9999-99-99', field: 'date' },
    { what: 'a page beyond any', method: 'GET', url: '/api/findings?page=99999999999999999999', field: 'page' },
  ];

  it.each(NAMED_CASES)('$what: a 400 naming the field', async ({ method, url, body, field }) => {
    const res = await admin.send(method, url, body);
    expect(res.status, res.body.slice(0, 300)).toBe(400);
    const message = res.json?.error?.message as string;
    expect(message).toMatch(VIETNAMESE);
    expect(message).toContain(field);
  });
});

describe('login on every route, whatever the spelling of its path', () => {
  /** Spellings of the same address that a router or a proxy may take for it. */
  function spellings(path: string): string[] {
    const rest = path.slice('/api/'.length);
    return [
      path,
      `/%61pi/${rest}`,
      `/%41%50%49/${rest}`,
      `//api/${rest}`,
      `/api//${rest}`,
      `/api/./${rest}`,
      `/api/x/../${rest}`,
      `/API/${rest}`,
      `${path}/`,
      `/api%2F${rest.replace(/\//g, '%2F')}`,
      `/api/${rest.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
    ];
  }

  it('answers 401 to every non-public route without login (every method, every spelling)', async () => {
    const routes: RouteEntry[] = app.routeList.filter((r) => !r.public);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.every((r) => r.url.startsWith('/api/')), 'only the API needs login').toBe(true);
    for (const route of routes) {
      for (const url of spellings(fillPath(route.url))) {
        const res = await app.inject({ method: route.method as 'GET', url, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
        expect(res.statusCode, `${route.method} ${url} → ${res.body.slice(0, 120)}`).toBe(401);
        expect(errorMessage(res.body)).toMatch(VIETNAMESE);
        if (route.method === 'GET') expect((await app.inject({ method: 'HEAD', url })).statusCode, `HEAD ${url}`).toBe(401);
      }
    }
  });

  it('marks only health, login and the web app public', () => {
    const publicRoutes = app.routeList.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(['GET /api/health', 'POST /api/auth/login']);
  });
});
