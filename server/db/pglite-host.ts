/**
 * Child process that owns the embedded database: takes the data directory's exclusive lock,
 * opens PGlite there and serves it over a Unix socket, so the HTTP server's event loop never
 * runs a query and command-line tools can share the database with a running server.
 * Exits when its parent goes away.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { acquireLock, LockHeldError } from './lock.ts';
import { dbLockPath, pgliteDataPath } from './config.ts';
import { PGliteWireServer } from './pglite-socket-server.ts';

export type HostMessage =
  | { type: 'ready'; socketDir: string }
  | { type: 'locked'; socketDir?: string; pid: number }
  | { type: 'error'; message: string };

/** Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp dir. */
export function socketDirFor(dataDir: string) {
  const hash = crypto.createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `baophu-${hash}`);
}

async function main() {
  const dataDir = process.env.BAOPHU_HOST_DATA_DIR!;
  const send = (m: HostMessage) => process.send?.(m);
  fs.mkdirSync(dataDir, { recursive: true });
  const socketDir = socketDirFor(dataDir);
  let lock;
  try {
    lock = acquireLock(dbLockPath(dataDir), { socketDir }, (h) => `locked by ${h.pid}`);
  } catch (err) {
    if (err instanceof LockHeldError) {
      send({ type: 'locked', socketDir: err.holder.socketDir as string | undefined, pid: err.holder.pid });
      process.exit(0);
    }
    throw err;
  }
  const db = await PGlite.create(pgliteDataPath(dataDir), { extensions: { pg_trgm, unaccent, fuzzystrmatch } });
  fs.mkdirSync(socketDir, { recursive: true });
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  fs.rmSync(socketPath, { force: true });
  const server = new PGliteWireServer(db);
  await server.listen(socketPath);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    fs.rmSync(socketPath, { force: true });
    lock.release();
    process.exit(0);
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  send({ type: 'ready', socketDir });
}

main().catch((err) => {
  process.send?.({ type: 'error', message: String(err?.message ?? err) } satisfies HostMessage);
  process.exit(1);
});
