/**
 * Runs the real server (`node bin/baophu.mjs serve`) as a child process for browser and end-to-end
 * tests: its own temporary BAOPHU_DATA_DIR (PGlite), or a fresh database on the PostgreSQL server
 * when DATABASE_URL is set. Builds the web app first if dist/web is stale.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { TMP_ROOT, serverUrl, templateDb, templateDir } from './paths.ts';
import type { RoleCode } from '#shared/auth/roles.ts';
export { freePort } from '../../server/http/free-port.ts';
import { freePort } from '../../server/http/free-port.ts';

const bin = path.resolve('bin/baophu.mjs');

export interface StartServerOptions {
  /** Load the demo province on first start (default false: `--no-demo`, add accounts with addUser). */
  demo?: boolean;
  /** Extra environment for the server process. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /api/health (default 120 s; the demo load takes longer). */
  timeoutMs?: number;
  /** Build dist/web first when stale (default true). */
  buildWeb?: boolean;
}

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  dataDir: string;
  /** Environment of the server; pass it to runCli to act on the same database. */
  env: NodeJS.ProcessEnv;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** `baophu users add` against this server's database. */
  addUser(username: string, role: RoleCode, options?: { password?: string; name?: string; communes?: string[]; leader?: boolean }): Promise<void>;
  /** Stops the server and removes its data directory / database. */
  stop(): Promise<void>;
}

export const SERVER_TEST_PASSWORD = 'MatKhau123';


let webBuilt = false;
/** Builds dist/web when it is missing or older than web/ and shared/ (scripts/ensure-web-build.mjs). */
export function ensureWebBuild() {
  if (webBuilt) return;
  const r = spawnSync(process.execPath, [path.resolve('scripts/ensure-web-build.mjs'), '--quiet'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`web build failed (${r.status}): ${r.stderr || r.stdout}`);
  webBuilt = true;
}

/** The migrated template of this vitest run, when there is one (outside vitest there is none). */
function template(): { dir?: string; db?: string } {
  try {
    return { dir: templateDir(), db: templateDb() };
  } catch {
    return {};
  }
}

async function adminQuery(text: string) {
  const admin = new pg.Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function createServerDatabase(name: string, tpl?: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(tpl ? `CREATE DATABASE ${name} TEMPLATE ${tpl}` : `CREATE DATABASE ${name}`);
      return;
    } catch (err) {
      // The template may briefly be "in use" by another file's copy.
      if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output()}`);
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  if (options.buildWeb !== false) ensureWebBuild();
  const id = crypto.randomBytes(4).toString('hex');
  const dataDir = path.join(TMP_ROOT, `srv-${process.pid}-${id}`);
  const tpl = template();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, BAOPHU_DATA_DIR: dataDir };
  let dbName: string | null = null;
  if (process.env.DATABASE_URL) {
    dbName = `baophu_srv_${id}`;
    await createServerDatabase(dbName, tpl.db);
    env.DATABASE_URL = serverUrl(dbName);
    fs.mkdirSync(dataDir, { recursive: true });
  } else {
    delete env.DATABASE_URL;
    if (tpl.dir && fs.existsSync(tpl.dir)) {
      fs.cpSync(tpl.dir, dataDir, { recursive: true });
      fs.rmSync(path.join(dataDir, 'db.lock'), { force: true });
    } else {
      fs.mkdirSync(dataDir, { recursive: true });
    }
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'];
  if (!options.demo) args.push('--no-demo');
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const output = () => log;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, options.timeoutMs ?? (options.demo ? 600_000 : 120_000), output);
  } catch (err) {
    await stop();
    throw err;
  }

  const addUser: RunningServer['addUser'] = async (username, role, o = {}) => {
    const a = ['users', 'add', '--username', username, '--password', o.password ?? SERVER_TEST_PASSWORD, '--name', o.name ?? username, '--role', role];
    if (o.leader) a.push('--leader');
    if (o.communes?.length) a.push('--communes', o.communes.join(','));
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [bin, ...a], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout!.on('data', (d) => (out += d));
      c.stderr!.on('data', (d) => (out += d));
      c.on('exit', (code) => resolve({ code, out }));
    });
    if (r.code !== 0) throw new Error(`users add ${username} failed (${r.code}): ${r.out}`);
  };

  return { url, port, dataDir, env, output, addUser, stop };
}
