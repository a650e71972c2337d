/**
 * Shared pieces of the HTTP benchmarks: the real server (`baophu serve --no-demo`) on loopback against a database,
 * signing in, and an autocannon load test that records every response's latency (p50 / p95 / p99).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../server/http/free-port.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


/** Builds the web app when stale, starts the server on a free port and waits for /api/health. */
export async function startBenchServer(databaseUrl: string, dataDir: string, opts: { demo?: boolean } = {}): Promise<{ url: string; child: ChildProcess }> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-web-build.mjs'), '--quiet'], { encoding: 'utf8', cwd: root });
  if (build.status !== 0) throw new Error(`Không dựng được giao diện web: ${build.stderr || build.stdout}`);
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, BAOPHU_DATA_DIR: dataDir };
  const child = spawn(process.execPath, [path.join(root, 'bin', 'baophu.mjs'), 'serve', ...(opts.demo ? [] : ['--no-demo']), '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < (opts.demo ? 6000 : 600); i++) {
    if (child.exitCode !== null) throw new Error(`Máy chủ dừng: ${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`Máy chủ không sẵn sàng: ${out}`);
}

/** Signs in; returns the session cookie. */
export async function benchLogin(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`Đăng nhập thất bại: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** GET url+pathName `requests` times over `connections` clients (after 200 not measured); prints and returns p95 (ms). */
export async function loadTest(url: string, cookie: string, pathName: string, requests: number, connections: number, log: (s: string) => void = console.log): Promise<number> {
  await autocannon({ url: url + pathName, connections, amount: 200, headers: { cookie } });
  const latencies: number[] = [];
  let non2xx = 0;
  const instance = autocannon({ url: url + pathName, connections, amount: requests, headers: { cookie }, pipelining: 1 });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status < 200 || status >= 300) non2xx++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => quantile(latencies, q).toFixed(1);
  log(`GET ${pathName}: ${latencies.length} yêu cầu, ${connections} kết nối đồng thời — p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms; ${Math.round(result.requests.average)} yêu cầu/s; lỗi/không 2xx: ${non2xx + result.errors}`);
  return quantile(latencies, 0.95);
}
