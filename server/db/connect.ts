import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { dbConfigFromEnv, dbLockPath, type DbConfig } from './config.ts';
import { readLiveLock } from './lock.ts';
import { guardNestedConnections } from './transaction.ts';
import type { HostMessage } from './pglite-host.ts';
import { securePrivateDataDir } from './private-files.ts';
import { isTrustedSocketDir, SOCKET_FILE } from './socket-dir.ts';

export interface Database {
  engine: DbConfig['engine'];
  config: DbConfig;
  pool: pg.Pool;
  db: Kysely<DB>;
  close(): Promise<void>;
}

/**
 * Type parsers shared by both engines (both are reached through `pg`), so PGlite and the
 * PostgreSQL server return identical values: int8 and numeric as numbers, date as 'YYYY-MM-DD'.
 */
/** pg's built-in text parser for an OID (int4[] = 1007, text[] = 1009). */
const parserOf = (oid: number) => (pg.types.getTypeParser as (oid: number) => (v: string) => unknown)(oid);

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case 20: // int8
      case 1700: // numeric
        return (v: string) => (v === null ? null : Number(v));
      case 1082: // date
        return (v: string) => v;
      case 1016: // int8[]
        return (v: string) => parserOf(1007)(v); // parse like int4[]
      case 1182: // date[]
        return (v: string) => parserOf(1009)(v); // parse like text[]
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  },
} as unknown as pg.CustomTypesConfig;

/** tsx's loader resolved from this file (not the working directory), as a file URL for --import. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const hostEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-host.ts');

/** The socket exists, in the data directory or in a private directory of this user (never one another user made). */
const servesSocket = (socketDir: string, dataDir: string) => isTrustedSocketDir(socketDir, dataDir) && fs.existsSync(path.join(socketDir, SOCKET_FILE));

/** Starts the embedded database process for dataDir, or finds the one already serving it. */
async function ensurePgliteHost(dataDir: string): Promise<{ socketDir: string; child?: import('node:child_process').ChildProcess }> {
  const existing = readLiveLock(dbLockPath(dataDir));
  if (existing?.socketDir && servesSocket(existing.socketDir as string, dataDir)) {
    return { socketDir: existing.socketDir as string };
  }
  const child = fork(hostEntry, [], {
    env: { ...process.env, BAOPHU_HOST_DATA_DIR: dataDir },
    // Resolved from this file, so commands run from any directory find the project's tsx.
    execArgv: ['--import', tsxLoader],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const msg = await new Promise<HostMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as HostMessage));
    child.once('exit', (code) => reject(new Error(`Tiến trình cơ sở dữ liệu nhúng dừng với mã ${code}`)));
  });
  if (msg.type === 'ready') {
    child.unref();
    return { socketDir: msg.socketDir, child };
  }
  if (msg.type === 'locked' && msg.socketDir) {
    // Another process won the race to start it; wait for its socket.
    for (let i = 0; i < 100 && !servesSocket(msg.socketDir, dataDir); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!servesSocket(msg.socketDir, dataDir)) throw new Error(`Không kết nối được tới cơ sở dữ liệu nhúng của tiến trình ${msg.pid} (thư mục socket ${msg.socketDir} chưa sẵn sàng hoặc không an toàn).`);
    return { socketDir: msg.socketDir };
  }
  throw new Error(msg.type === 'error' ? msg.message : 'Không khởi động được cơ sở dữ liệu nhúng');
}

export async function openDatabase(config: DbConfig = dbConfigFromEnv()): Promise<Database> {
  let pool: pg.Pool;
  let child: import('node:child_process').ChildProcess | undefined;
  // Raw imported files and uploads live there with either engine: owner-only (older, looser dirs are tightened).
  securePrivateDataDir(config.dataDir);
  if (config.engine === 'postgres') {
    pool = new pg.Pool({ connectionString: config.url, max: Number(process.env.BAOPHU_POOL_SIZE || 10), types });
  } else {
    const host = await ensurePgliteHost(config.dataDir);
    child = host.child;
    // PGlite executes one statement at a time; one connection per process keeps transactions simple.
    pool = new pg.Pool({ host: host.socketDir, user: 'postgres', database: 'postgres', max: 1, types });
  }
  pool.on('error', () => undefined);
  guardNestedConnections(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: config.engine,
    config,
    pool,
    db,
    async close() {
      await db.destroy().catch(() => undefined);
      // Kysely ends the pool only if it used it; a pool used directly (migrate, imports) would keep
      // the process alive for the pool's 10 s idle timeout.
      if (!(pool as pg.Pool & { ending?: boolean }).ending) await pool.end().catch(() => undefined);
      if (child?.connected) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.ref();
        child.disconnect();
        await exited;
      }
    },
  };
}
