/**
 * What the route-table tests send: the field names every API schema declares (read from the zod schemas of the
 * capabilities and the calculator table, not a hand-written list), plausible values for path parameters (so a
 * request reaches the query and body checks behind them), and hostile values.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import * as authSchema from '../../server/auth/schema.ts';
import * as ingestSchema from '../../server/ingest/schema.ts';
import * as reconcileSchema from '../../server/reconcile/schema.ts';
import * as targetsSchema from '../../server/targets/schema.ts';
import * as calcSchema from '../../server/calc/schema.ts';
import * as deliveriesSchema from '../../server/directive/deliveries-schema.ts';
import * as campaignsSchema from '../../server/directive/campaigns-schema.ts';
import * as reportsSchema from '../../server/reports/schema.ts';
import * as jobsSchema from '../../server/jobs/schema.ts';
import { CALCULATORS } from '#shared/calc/registry.ts';

export interface RouteEntry { method: string; url: string; public: boolean }

/** Object keys of a zod schema, through defaults, optionals, pipes, arrays and refinements (zod 4 internals). */
function keysOf(schema: unknown, into: Set<string>, seen = new Set<unknown>()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return;
  const shape = def.shape as Record<string, unknown> | undefined;
  if (shape) for (const [key, inner] of Object.entries(shape)) { into.add(key); keysOf(inner, into, seen); }
  for (const part of ['innerType', 'in', 'out', 'element', 'schema', 'left', 'right']) keysOf(def[part], into, seen);
  for (const option of (def.options as unknown[] | undefined) ?? []) keysOf(option, into, seen);
}

/** Every field name the API's schemas declare (query, body), the calculators' fields included. */
export function declaredFields(): string[] {
  const names = new Set<string>();
  for (const module of [authSchema, ingestSchema, reconcileSchema, targetsSchema, calcSchema, deliveriesSchema, campaignsSchema, reportsSchema, jobsSchema]) {
    for (const value of Object.values(module)) keysOf(value, names);
  }
  for (const calc of Object.values(CALCULATORS)) for (const f of calc.fields) names.add(f.name);
  return [...names].sort();
}

/** The text with lone surrogates replaced (they cannot be percent-encoded into a URL). */
export const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export const paramsOf = (url: string) => [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);

/** A value that passes a path parameter's own check, so that the checks behind it are reached. */
const PLAUSIBLE: Record<string, string> = { id: '1', code: '05443', level: 'commune', year: '2026', name: 'voluntary' };
export function plausibleParam(name: string): string {
  return PLAUSIBLE[name] ?? '1';
}

export function fillPath(url: string, values: Record<string, string> = {}): string {
  return url
    .replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(wellFormed(values[name] ?? plausibleParam(name))))
    .replace(/\/\*$/, '/');
}

/** Hostile text values (query strings, path parameters, JSON strings). */
export const HOSTILE_TEXT = [
  'a\u0000b', '\u0000', 'x'.repeat(5000) + '\u0000',
  '99999999999999999999', '-99999999999999999999', '1e400', '-1', '0', 'NaN', 'Infinity', '0x10', '1.5',
  '2026-02-30', '9999-99-99', '0000-00-00', '2026-13-01', '20260101', '1-1-1', '2026-1',
  '', ' ', '%', '%00', '\\', '../../etc/passwd', "' OR 1=1 --", '<script>', '\uD800', '\uFFFF', 'ဤ𝔘',
  'x'.repeat(100_000),
];

/** Hostile JSON values (wrong types, huge numbers, nesting). */
export const HOSTILE_JSON: unknown[] = [
  // biome-ignore lint/correctness/noPrecisionLoss: a number beyond a double's precision is one of the hostile inputs
  ...HOSTILE_TEXT, null, true, false, 0, -1, 1.5, 1e308, -1e308, 99999999999999999999, Number.MAX_SAFE_INTEGER + 2,
  [], ['a\u0000'], {}, { a: '\u0000' }, [[[[[]]]]], Array.from({ length: 1000 }, (_, i) => i),
];

/** A request with `value` put into one place of the route. */
export function hostileRequest(route: RouteEntry, where: 'param' | 'query' | 'body', field: string, value: unknown): InjectOptions {
  const params = paramsOf(route.url);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const url = where === 'param' && params.length
    ? fillPath(route.url, { [params[Math.abs(hash(field)) % params.length]]: text })
    : fillPath(route.url);
  const query = where === 'query' ? `?${encodeURIComponent(field)}=${encodeURIComponent(wellFormed(text))}` : '';
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return {
    method: route.method as 'GET',
    url: url + query,
    ...(hasBody ? { payload: where === 'body' ? { [field]: value } : {} } : {}),
  };
}

function hash(s: string) {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

/** A Vietnamese message (has Vietnamese letters with diacritics). */
export const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** The API routes of the app (the static files' wildcard excluded). */
export const apiRoutes = (app: FastifyInstance) => app.routeList.filter((r) => r.url.startsWith('/api/'));

/** The message of an error answer, or null when the body is not the API's error JSON. */
export function errorMessage(body: string): string | null {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } };
    return typeof json.error?.message === 'string' ? json.error.message : null;
  } catch {
    return null;
  }
}
