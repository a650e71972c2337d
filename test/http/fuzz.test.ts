/**
 * Fuzz over the whole route table as every role: random and hostile values (NUL, huge numbers, malformed dates,
 * wrong types, nested junk), oversize bodies, malformed JSON and multipart, wrong content types. No answer is a 5xx,
 * every error answer has a Vietnamese message, the server still answers /api/health afterwards, and the process's
 * memory stays bounded.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, TEST_PASSWORD } from '../helpers/app.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import { declaredFields, apiRoutes, fillPath, paramsOf, wellFormed, HOSTILE_JSON, VIETNAMESE, errorMessage, type RouteEntry } from './hostile.ts';

const ROLE_CODES = Object.keys(ROLES) as RoleCode[];
/** A JSON body beyond the 5 MB body limit (built once). */
const OVERSIZE = Buffer.from(JSON.stringify({ note: 'x'.repeat(6 * 1024 * 1024) }));
/** Generous: the first calls of some routes load their modules (the XLSX writer…); a leak per request would pass it. */
const RSS_GROWTH_LIMIT_MB = 512;

/** One request that takes this long is hung (the slowest route answers in a few seconds on a loaded machine). */
const REQUEST_LIMIT_MS = 30_000;

/** The answer, or a failure naming the request that never answered (a hang would otherwise only time the test out). */
async function answerWithin<T>(ms: number, answer: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms); });
  try {
    return await Promise.race([answer, hung]);
  } finally {
    clearTimeout(timer);
  }
}

let database: TestDatabase;
let app: FastifyInstance;
const sessions = new Map<RoleCode, Record<string, string>>();

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  for (const role of ROLE_CODES) {
    await addUser(database, `fuzz_${role}`, role, ROLES[role].communeScoped ? ['05443'] : undefined);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `fuzz_${role}`, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    sessions.set(role, { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json().csrfToken });
  }
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_JSON),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map(String),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 10))),
  fc.constantFrom(null, true, false),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

const asText = (v: unknown) => wellFormed(typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');

type Shape = 'json' | 'query' | 'param' | 'oversize' | 'bad-json' | 'text-body' | 'multipart-no-boundary' | 'multipart-cut';

function fuzzRequest(route: RouteEntry, shape: Shape, fields: Record<string, unknown>): InjectOptions {
  const entries = Object.entries(fields);
  const params = Object.fromEntries(paramsOf(route.url).map((p, i) => [p, shape === 'param' && entries[i] ? asText(entries[i][1]) : '1']));
  const query = shape === 'query' ? '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(asText(v))}`).join('&') : '';
  const url = fillPath(route.url, params) + query;
  const method = route.method as 'GET';
  switch (shape) {
    case 'oversize':
      return { method, url, payload: OVERSIZE, headers: { 'content-type': 'application/json' } };
    case 'bad-json':
      return { method, url, payload: '{"a": [1, ', headers: { 'content-type': 'application/json' } };
    case 'text-body':
      return { method, url, payload: 'a\u0000b', headers: { 'content-type': 'text/plain' } };
    case 'multipart-no-boundary':
      return { method, url, payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data' } };
    case 'multipart-cut':
      return { method, url, payload: '--b0\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nab', headers: { 'content-type': 'multipart/form-data; boundary=b0' } };
    default:
      return { method, url, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: shape === 'json' ? fields : {} }) };
  }
}

describe('fuzz: every route as every role', () => {
  it('answers no 5xx, stays up and keeps its memory bounded', async () => {
    // Logging out would end the role's session for the rest of the run: its own test is in auth.
    const routes = apiRoutes(app).filter((r) => r.url !== '/api/auth/logout');
    const fields = declaredFields();
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROLE_CODES),
        fc.constantFrom(...routes),
        fc.constantFrom<Shape>('json', 'json', 'json', 'query', 'query', 'param', 'oversize', 'bad-json', 'text-body', 'multipart-no-boundary', 'multipart-cut'),
        fc.dictionary(fc.constantFrom(...fields), anyValue, { minKeys: 1, maxKeys: 4 }),
        async (role, route, shape, values) => {
          const request = fuzzRequest(route, shape, values);
          const what = `${role} ${route.method} ${request.url} ${shape} ${JSON.stringify(values).slice(0, 200)}`;
          const res = await answerWithin(REQUEST_LIMIT_MS, app.inject({ ...request, headers: { ...sessions.get(role), ...(request.headers as Record<string, string>) } }), what);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          // The one deliberate 5xx: on the embedded engine the findings routes say at once that a reconciliation (which
          // a fuzzed POST may have started) holds the database, instead of waiting for it.
          const busy = res.statusCode === 503 && /^Đang đối soát dữ liệu/.test(errorMessage(res.body) ?? '');
          if (!busy) expect(res.statusCode, `${what} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(errorMessage(res.body) ?? '', `${what}: ${res.body.slice(0, 200)}`).toMatch(VIETNAMESE);
        },
      ),
      // A hung request leaves the server in a state no shrinking can learn from: report the first failure (with its
      // seed; FUZZ_SEED replays a run).
      { numRuns: 400, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
    // Reached the handlers too, not only the gates: some answers succeeded, some were refused on their input.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(`fuzz: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')}; RSS grew ${grownMb.toFixed(0)} MB`);
    expect(grownMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
  });
});
