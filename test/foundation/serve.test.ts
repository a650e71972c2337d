/**
 * The server's life on one data directory: a second server is refused, commands share the running
 * server's database, other commands never load demo data, and a kill -9 during the first-start demo
 * load leaves a database that the next start completes consistently.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { startServer, freePort, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { runCli } from '../helpers/cli.ts';
import { readLiveLock } from '../../server/db/lock.ts';
import { dbLockPath } from '../../server/db/config.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';

const bin = path.resolve('bin/baophu.mjs');
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** Runs SQL on the database a server uses (through its socket on PGlite), with the app's type parsers. */
async function query<T = any>(env: NodeJS.ProcessEnv, text: string): Promise<T[]> {
  const { openDatabase } = await import('../../server/db/connect.ts');
  const dataDir = env.BAOPHU_DATA_DIR!;
  const d = await openDatabase(env.DATABASE_URL ? { engine: 'postgres', url: env.DATABASE_URL, dataDir } : { engine: 'pglite', dataDir });
  try { return (await d.pool.query(text)).rows; } finally { await d.close(); }
}

function spawnServe(env: NodeJS.ProcessEnv, port: number, extra: string[] = []) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = async (pattern: RegExp, ms: number) => {
    const end = Date.now() + ms;
    while (!pattern.test(out)) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => out, exited, waitFor };
}

describe('baophu serve on one data directory', () => {
  it('refuses a second server with a clear Vietnamese message, and lets commands share the database', async () => {
    const server = await startServer({ demo: false });
    servers.push(server);
    const second = spawnServe(server.env, await freePort(), ['--no-demo']);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('Máy chủ BaoPhu đang chạy trên thư mục dữ liệu');

    // `users add` runs while the server holds the embedded database, through the server's database process.
    await server.addUser('canbo1', 'home_affairs');
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo1', password: SERVER_TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect((await (await fetch(`${server.url}/api/health`)).json())).toEqual({ status: 'ok' });
  });

  it('leaves an empty database empty apart from reference data when other commands run', async () => {
    const server = await startServer({ demo: false });
    servers.push(server);
    const migrate = runCli(['db', 'migrate'], server.env);
    expect(migrate.code).toBe(0);
    const [counts] = await query(server.env, `SELECT (SELECT count(*) FROM import_batch) AS batches, (SELECT count(*) FROM app_user) AS users,
      (SELECT count(*) FROM commune) AS communes, (SELECT count(*) FROM legal_param) AS params`);
    expect(counts).toMatchObject({ batches: 0, users: 0, communes: 92 });
    expect(counts.params).toBeGreaterThan(20);
  });

  it('completes the first-start demo load after a kill -9 in the middle of it', async () => {
    // An empty database: a new data directory (and, on the server engine, a new empty database).
    const id = Math.random().toString(16).slice(2, 10);
    const env: NodeJS.ProcessEnv = { ...process.env, BAOPHU_DATA_DIR: path.resolve(`test/.tmp/kill-${process.pid}-${id}`), BAOPHU_DEMO_SCALE: '0.003' };
    if (process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/baophu_kill_${id}`;
      env.DATABASE_URL = url.toString();
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE baophu_kill_${id}`);
      await admin.end();
    }
    const first = spawnServe(env, await freePort());
    await first.waitFor(/bhxh-don-vi: /, 600_000);
    const host = readLiveLock(dbLockPath(env.BAOPHU_DATA_DIR!));
    first.child.kill('SIGKILL');
    if (host) process.kill(host.pid, 'SIGKILL');
    await first.exited;
    // Wait until the killed database process is really gone (signals are asynchronous).
    while (host && (() => { try { process.kill(host.pid, 0); return true; } catch { return false; } })()) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const [partial] = await query(env, `SELECT (SELECT value->>'status' FROM app_state WHERE key = 'demo_load') AS status`);
    expect(partial.status).toBe('started');

    const port = await freePort();
    const again = spawnServe(env, port);
    await again.waitFor(/BaoPhu đang chạy tại/, 600_000);
    try {
      const [state] = await query(env, `SELECT value->>'status' AS status FROM app_state WHERE key = 'demo_load'`);
      expect(state.status).toBe('done');
      const [demoAudit] = await query(env, `SELECT count(*)::int AS n, min(username) AS actor FROM audit_log WHERE action = 'import' AND object_type = 'demo'`);
      expect(demoAudit).toMatchObject({ n: 1, actor: expect.stringMatching(/^dòng lệnh \(/) });
      const batches = await query(env, `SELECT kind, count(*)::int AS n FROM import_batch GROUP BY kind`);
      expect(batches.map((b) => b.kind).sort()).toEqual([...FILE_KINDS].sort());
      batches.forEach((b) => expect(b.n, b.kind).toBe(1));
      // Every batch holds exactly the rows it says it accepted: no half-loaded batch survived.
      for (const kind of FILE_KINDS) {
        const table = `src_${kind.replace(/-/g, '_')}`;
        const [row] = await query(env, `SELECT b.rows_accepted AS accepted, (SELECT count(*) FROM ${table} s WHERE s.batch_id = b.id) AS stored FROM import_batch b WHERE b.kind = '${kind}'`);
        expect(row.stored, kind).toBe(row.accepted);
        expect(row.accepted, kind).toBeGreaterThan(0);
      }
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'BaoPhu@2026' }),
      });
      expect(login.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
      if (process.env.DATABASE_URL) {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS baophu_kill_${id} WITH (FORCE)`);
        await admin.end();
      }
      (await import('node:fs')).rmSync(env.BAOPHU_DATA_DIR!, { recursive: true, force: true });
    }
    // Two starts of the server, each loading the demo province (imports, reconciliation, progress, cases).
  }, 360_000);
});
