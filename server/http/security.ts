/**
 * Security headers of every answer, and the proxy setting. The Content-Security-Policy allows only the app's own
 * files: scripts from the origin plus the inline boot script of index.html (by its hash, read from the build, so a
 * rebuild under a running server is followed); styles may be inline because antd writes its CSS-in-JS into <style>
 * elements at run time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** 'sha256-…' sources of the inline scripts of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => `'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}

export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    // A report's PDF preview is framed from our own origin (server/reports/routes.ts, ?inline=1).
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policy of a file shown inside the app's own pages (a report's PDF preview, `?inline=1`): nothing of its own
 * to load or run, and framed only by our origin (every other answer: frame-ancestors 'none', X-Frame-Options DENY).
 */
export const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** The policy for the web app in `webDist` (its index.html's inline scripts), re-read when index.html changes. */
export function policySource(webDist: string | undefined): () => string {
  let seen = -1;
  let policy = contentSecurityPolicy([]);
  return () => {
    if (!webDist) return policy;
    const index = path.join(webDist, 'index.html');
    const mtime = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime !== seen) {
      seen = mtime;
      policy = contentSecurityPolicy(mtime ? inlineScriptHashes(fs.readFileSync(index, 'utf8')) : []);
    }
    return policy;
  };
}

/** Headers sent with every answer (API, files, errors). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, policy: string) {
  reply.header('content-security-policy', policy);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
}

/**
 * fastify's trustProxy from BAOPHU_TRUST_PROXY: unset or 0/false — no proxy (the client's own address and protocol);
 * 1/true — trust X-Forwarded-* from any proxy; a number — that many proxy hops; otherwise a comma-separated list of
 * proxy addresses or CIDR ranges (127.0.0.1,10.0.0.0/8).
 */
export type TrustProxy = boolean | string | ((address: string, hop: number) => boolean);

export function trustProxyFromEnv(value = process.env.BAOPHU_TRUST_PROXY): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v;
}
