/**
 * The browser's API client: JSON in and out, the session's CSRF token on every change, Vietnamese
 * error messages from `{ error: { message } }` answers thrown as ApiError, and a 401 sends the user
 * to the login page.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Set by the session (auth.tsx) after /api/auth/me or login. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when an API answer says the session is gone (401). */
export function onUnauthorized(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined | Array<string | number>>;

/** '/api/x' + { a: 1, b: [2, 3], c: null } → '/api/x?a=1&b=2&b=3'. */
export function withQuery(url: string, query?: Query): string {
  if (!query) return url;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.set(k, String(v));
  }
  const qs = sp.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

interface RequestOptions {
  query?: Query;
  /** Do not send the user to the login page on 401 (the login form itself). */
  noRedirect?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

const NETWORK_ERROR = 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.';

async function errorFrom(res: Response): Promise<ApiError> {
  let message = `Máy chủ trả lời lỗi ${res.status}.`;
  let details: unknown = null;
  try {
    const body = await res.json();
    if (body?.error?.message) {
      message = body.error.message;
      details = body.error.details ?? null;
    }
  } catch {
    /* not JSON */
  }
  return new ApiError(message, res.status, details);
}

function handleUnauthorized(res: Response, options: RequestOptions) {
  if (res.status === 401 && !options.noRedirect) {
    csrfToken = null;
    unauthorizedHandler?.();
  }
}

/** GET requests that index.html started before any module loaded (the home page's), by address. */
declare global {
  interface Window {
    __bpEarly?: { at: number; requests: Array<[string, Promise<Response>]> };
  }
}
const EARLY_TTL_MS = 60_000;

/**
 * The answer of a request index.html already started for this exact GET address, once, within a minute of
 * the page load; null when there is none (then the caller fetches). A 401 is used (it is the session check's
 * answer for an anonymous visitor) and drops the other early requests, which were made without a session
 * either (after the login they are asked again); other failed or non-2xx early answers are not used.
 */
export async function takeEarly(address: string): Promise<Response | null> {
  const early = typeof window !== 'undefined' ? window.__bpEarly : undefined;
  if (!early || Date.now() - early.at > EARLY_TTL_MS) return null;
  const i = early.requests.findIndex(([u]) => u === address);
  if (i < 0) return null;
  const [, response] = early.requests.splice(i, 1)[0];
  try {
    const res = await response;
    if (res.status === 401) early.requests.length = 0;
    return res.ok || res.status === 401 ? res : null;
  } catch {
    return null;
  }
}

async function request<T>(method: string, url: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const address = withQuery(url, options.query);
  let res: Response;
  try {
    res =
      (method === 'GET' && !options.headers ? await takeEarly(address) : null) ??
      (await fetch(address, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal: options.signal,
      }));
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(NETWORK_ERROR, 0);
  }
  if (!res.ok) {
    handleUnauthorized(res, options);
    throw await errorFrom(res);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export const api = {
  get: <T = any>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options),
  post: <T = any>(url: string, body?: unknown, options?: RequestOptions) => request<T>('POST', url, body ?? {}, options),
  put: <T = any>(url: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', url, body ?? {}, options),
  patch: <T = any>(url: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', url, body ?? {}, options),
  del: <T = any>(url: string, options?: RequestOptions) => request<T>('DELETE', url, undefined, options),
};

/**
 * Sends a file as multipart/form-data (field `file`, plus `fields`) with upload progress (0..1).
 * Answers like api.post.
 */
export function upload<T = any>(
  url: string,
  file: File | Blob,
  options: { fields?: Record<string, string>; onProgress?: (fraction: number) => void; fileName?: string; query?: Query } = {},
): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
  form.append('file', file, options.fileName ?? (file instanceof File ? file.name : 'tep'));
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(url, options.query));
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(NETWORK_ERROR, 0));
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401) {
        csrfToken = null;
        unauthorizedHandler?.();
      }
      reject(new ApiError(body?.error?.message ?? `Máy chủ trả lời lỗi ${xhr.status}.`, xhr.status, body?.error?.details ?? null));
    };
    xhr.send(form);
  });
}

/** The file name from a Content-Disposition header (RFC 5987 filename* first). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads an export (GET, or POST when a body is given) and saves it under the server's file name.
 * Errors come back as ApiError with the server's Vietnamese message.
 */
export async function download(url: string, options: { query?: Query; body?: unknown; fallbackName?: string } = {}): Promise<string> {
  const method = options.body === undefined ? 'GET' : 'POST';
  const headers: Record<string, string> = {};
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(url, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(NETWORK_ERROR, 0);
  }
  if (!res.ok) {
    handleUnauthorized(res, {});
    throw await errorFrom(res);
  }
  const name = fileNameFrom(res.headers.get('content-disposition'), options.fallbackName ?? 'tai-xuong');
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
