import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { Database } from '../db/connect.ts';
import { HttpError, unauthorized } from './errors.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { resolveSession } from '../auth/session-cache.ts';
import { capabilityRoutes } from './routes.ts';
// The request typing (request.user, app.database, route config) is declared there.
import './request.ts';
import { refuseNul, inputErrorOfDatabase, inputErrorOfMultipart } from './input.ts';
import { policySource, setSecurityHeaders, trustProxyFromEnv, type TrustProxy } from './security.ts';
import { maxUploadBytes } from '../ingest/limits.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AppOptions {
  /** Folder of the built web app; served with an index.html fallback when present. */
  webDist?: string;
  logRequests?: boolean;
  /** fastify's trustProxy (default: BAOPHU_TRUST_PROXY, see security.ts). */
  trustProxy?: TrustProxy;
}

/**
 * The path as the router sees it — percent-decoded, slashes collapsed, dot segments resolved, lower case — for the
 * requests no route matched. Decisions are never taken on the raw URL (/%61pi/… is /api/…).
 */
export function normalisedPath(rawUrl: string): string {
  const raw = rawUrl.split('?')[0];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape is left as it is.
  }
  return path.posix.normalize(`/${decoded.replace(/\\/g, '/')}`).replace(/\/+/g, '/').toLowerCase();
}

/** A request for the API: a route under /api/, or an unmatched path that normalises to /api/…. */
function isApiRequest(request: FastifyRequest): boolean {
  if (!request.is404 && request.routeOptions.url) return request.routeOptions.url.startsWith('/api/');
  return /^\/api(\/|$)/.test(normalisedPath(request.url));
}

/**
 * Loads the session of the request's cookie into request.user (once), from memory kept current
 * (`server/auth/session-cache.ts`): a long job on the embedded database does not hold up the session check.
 */
async function loadSession(database: Database, request: FastifyRequest) {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || request.user) return;
  const session = await resolveSession(database.db, token);
  if (!session) return;
  request.user = session.user;
  request.csrfToken = session.csrf;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** JSON answers smaller than this go uncompressed. */
const COMPRESS_MIN_BYTES = 8 * 1024;
/** Routes whose answers repeat and carry no personal data (map shapes, dashboard aggregates): compressed once, kept by body. */
const REUSED = /^\/api\/(communes\/geo$|progress\/)/;
const compressedCache = new Map<string, Buffer>();

/**
 * Compresses a large JSON answer for a client that accepts brotli or gzip (browsers; the benchmark's load
 * generator and the API tests ask for neither). Brotli at quality 4: about a fifth of the size for ~1 ms per
 * 100 kB, off the event loop.
 */
async function compressJson(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string' || payload.length < COMPRESS_MIN_BYTES) return payload;
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json') || reply.getHeader('content-encoding')) return payload;
  reply.header('vary', 'accept-encoding');
  const accept = String(request.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
  if (!encoding) return payload;
  const reuse = !request.is404 && REUSED.test(request.routeOptions.url ?? '');
  const key = `${encoding}:${payload}`;
  let body = reuse ? compressedCache.get(key) : undefined;
  if (!body) {
    body = encoding === 'br' ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }) : await gzip(payload, { level: 6 });
    if (reuse) {
      if (compressedCache.size >= 32) compressedCache.delete(compressedCache.keys().next().value!);
      compressedCache.set(key, body);
    }
  }
  reply.header('content-encoding', encoding);
  reply.removeHeader('content-length');
  return body;
}

export async function buildApp(database: Database, options: AppOptions = {}): Promise<FastifyInstance> {
  const policy = policySource(options.webDist);
  const app = Fastify({
    logger: false,
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: options.trustProxy ?? trustProxyFromEnv(),
    // //api/x is /api/x for the router too, so it meets the same login check.
    routerOptions: { ignoreDuplicateSlashes: true },
    // An undecodable URL or an oversize path parameter: answered like any other bad input.
    frameworkErrors: (error, request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      setSecurityHeaders(request as unknown as FastifyRequest, reply, policy());
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return reply
        .status(tooLong ? 414 : 400)
        .header('cache-control', 'no-store')
        .send({ error: { message: tooLong ? 'Địa chỉ yêu cầu quá dài.' : 'Địa chỉ yêu cầu không hợp lệ (mã hóa sai).', details: null } });
    },
  });
  app.decorate('database', database);
  app.decorate('routeList', []);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Read when asked: the plugin serving the web app marks its routes public in its own onRoute hook, after this one.
      if (method !== 'HEAD') app.routeList.push({ method, url: route.url, get public() { return !!route.config?.public; } });
    }
  });
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  await app.register(cookie);
  // Upload cap (BAOPHU_MAX_UPLOAD_MB, server/ingest/limits.ts); the import route answers 413 past it.
  await app.register(multipart, { limits: { fileSize: maxUploadBytes(), files: 1 } });

  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(request, reply, policy());
    // Decided on the matched route, never on the raw URL. Public routes (the app's files and the index.html
    // fallback among them) are served without the two session queries (the home page loads some twenty files).
    if (request.routeOptions.config?.public) return;
    await loadSession(database, request);
  });

  // Deny by default: every matched route requires login unless it is marked public; changes also need the CSRF
  // token. Unmatched paths are answered by the not-found handler (401 for an API path without login).
  app.addHook('preHandler', async (request) => {
    if (request.is404 || request.routeOptions.config?.public) return;
    if (!request.user) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new HttpError(403, 'Phiên làm việc không hợp lệ (thiếu mã CSRF). Vui lòng tải lại trang.');
    }
    if (request.user.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
      throw new HttpError(403, 'Mật khẩu của bạn vừa được đặt lại. Vui lòng đổi mật khẩu trước khi tiếp tục.', { mustChangePassword: true });
    }
  });

  // What no route may accept (a NUL character in any field) is refused before any handler, naming the field.
  app.addHook('preHandler', async (request) => {
    if (!request.is404) refuseNul(request);
  });

  if (options.logRequests) {
    // Route patterns only: URLs and bodies may carry personal data and are never logged.
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? '(static)';
      console.log(`${new Date().toISOString()} ${request.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(0)}ms`);
    });
  }

  app.setErrorHandler((caught, request, reply) => {
    const error = inputErrorOfDatabase(caught) ?? inputErrorOfMultipart(request, caught) ?? caught;
    if (error instanceof HttpError) {
      return reply.status(error.status).send({ error: { message: error.message, details: error.details ?? null } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const message =
        status === 413 ? 'Tệp hoặc dữ liệu gửi lên quá lớn.' : status === 415 ? 'Định dạng dữ liệu gửi lên không được hỗ trợ.' : 'Yêu cầu không hợp lệ.';
      return reply.status(status).send({ error: { message, details: null } });
    }
    console.error(`Lỗi máy chủ tại ${request.method} ${request.routeOptions.url}: ${(error as Error).message}`);
    if (reply.sent || reply.raw.headersSent) return reply.raw.destroy();
    return reply.status(500).send({ error: { message: 'Lỗi máy chủ. Vui lòng thử lại hoặc báo quản trị hệ thống.', details: null } });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // API answers may carry personal data: never stored by a browser or a proxy, unless the route says otherwise
    // (the map shapes).
    if (isApiRequest(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return compressJson(request, reply, payload);
  });

  app.get('/api/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  for (const register of capabilityRoutes) await app.register(register);

  app.setNotFoundHandler(async (request, reply) => {
    const where = normalisedPath(request.url);
    if (/^\/api(\/|$)/.test(where)) {
      // No address of the API is answered before login, not even whether it exists.
      await loadSession(database, request);
      if (!request.user) throw unauthorized();
      return reply.status(404).send({ error: { message: 'Không tìm thấy địa chỉ API này.', details: null } });
    }
    if (where.startsWith('/assets/')) return reply.status(404).send('Không tìm thấy tệp.');
    const index = options.webDist && path.join(options.webDist, 'index.html');
    if (index && fs.existsSync(index)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(await fs.promises.readFile(index));
    }
    return reply.status(404).send('Không tìm thấy trang.');
  });
  if (options.webDist && fs.existsSync(options.webDist)) {
    // wildcard: files are looked up per request, so a rebuild of dist/web under a running server is served
    // (missing files fall through to the index.html fallback above). Hashed assets are cached for good.
    // The app's files are the only public routes besides health and login (marked here, in this plugin's scope).
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      await web.register(fastifyStatic, {
        root: options.webDist,
        prefix: '/',
        wildcard: true,
        // The build writes .br and .gz copies of the JS and CSS (vite.config.ts): sent to browsers that accept them.
        preCompressed: true,
        setHeaders: (reply, filePath) => {
          reply.header('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    });
  }
  return app;
}
