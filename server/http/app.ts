import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { Database } from '../db/connect.ts';
import { HttpError, unauthorized } from './errors.ts';
import { SESSION_COOKIE, findSession } from '../auth/session.ts';
import { loadSessionUser } from '../auth/users.ts';
import type { SessionUser } from '../auth/policies.ts';
import { capabilityRoutes } from './routes.ts';
import { maxUploadBytes } from '../ingest/limits.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered without login (health, login, the web app's files). */
    public?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    database: Database;
    /** Every route registered, for documentation and the access tests. */
    routeList: Array<{ method: string; url: string; public: boolean }>;
  }
}

/** The signed-in user of a route that requires login (every /api route that is not public). */
export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AppOptions {
  /** Folder of the built web app; served with an index.html fallback when present. */
  webDist?: string;
  logRequests?: boolean;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** JSON answers smaller than this go uncompressed. */
const COMPRESS_MIN_BYTES = 8 * 1024;
/** Answers that repeat and carry no personal data (map shapes, dashboard aggregates): compressed once, kept by body. */
const REUSED = /^\/api\/(communes\/geo|progress\/)/;
const compressedCache = new Map<string, Buffer>();

/**
 * Compresses a large JSON answer for a client that accepts brotli or gzip (browsers; the benchmark's load
 * generator and the API tests ask for neither). Brotli at quality 4: about a fifth of the size for ~1 ms per
 * 100 kB, off the event loop.
 */
async function compressJson(request: FastifyRequest, reply: import('fastify').FastifyReply, payload: unknown) {
  if (typeof payload !== 'string' || payload.length < COMPRESS_MIN_BYTES) return payload;
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json') || reply.getHeader('content-encoding')) return payload;
  reply.header('vary', 'accept-encoding');
  const accept = String(request.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
  if (!encoding) return payload;
  const reuse = REUSED.test(request.url);
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
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024, trustProxy: false });
  app.decorate('database', database);
  app.decorate('routeList', []);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD') app.routeList.push({ method, url: route.url, public: !!route.config?.public });
    }
  });
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  await app.register(cookie);
  // Upload cap (BAOPHU_MAX_UPLOAD_MB, server/ingest/limits.ts); the import route answers 413 past it.
  await app.register(multipart, { limits: { fileSize: maxUploadBytes(), files: 1 } });

  app.addHook('onRequest', async (request) => {
    // Only the API needs the session: the app's files (and the index.html fallback) are served without two
    // database queries each (the home page loads some twenty files at once).
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(database.db, token);
    if (!session) return;
    request.user = await loadSessionUser(database.db, session.user_id);
    request.csrfToken = request.user ? session.csrf_token : null;
  });

  // Every /api route requires login unless it says it is public; changes also need the CSRF token.
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
    if (!request.user) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new HttpError(403, 'Phiên làm việc không hợp lệ (thiếu mã CSRF). Vui lòng tải lại trang.');
    }
  });

  if (options.logRequests) {
    // Route patterns only: URLs and bodies may carry personal data and are never logged.
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? '(static)';
      console.log(`${new Date().toISOString()} ${request.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(0)}ms`);
    });
  }

  app.setErrorHandler((error, request, reply) => {
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
    return reply.status(500).send({ error: { message: 'Lỗi máy chủ. Vui lòng thử lại hoặc báo quản trị hệ thống.', details: null } });
  });

  app.addHook('onSend', async (request, reply, payload) => compressJson(request, reply, payload));

  app.get('/api/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  for (const register of capabilityRoutes) await app.register(register);

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { message: 'Không tìm thấy địa chỉ API này.', details: null } });
    }
    if (request.url.startsWith('/assets/')) return reply.status(404).send('Không tìm thấy tệp.');
    if (options.webDist && fs.existsSync(path.join(options.webDist, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send('Không tìm thấy trang.');
  });
  if (options.webDist && fs.existsSync(options.webDist)) {
    // wildcard: files are looked up per request, so a rebuild of dist/web under a running server is served
    // (missing files fall through to the index.html fallback above). Hashed assets are cached for good.
    await app.register(fastifyStatic, {
      root: options.webDist,
      prefix: '/',
      wildcard: true,
      // The build writes .br and .gz copies of the JS and CSS (vite.config.ts): sent to browsers that accept them.
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
