/**
 * Child process that owns the embedded database: takes the data directory's exclusive lock,
 * opens PGlite there and serves it over a Unix socket, so the HTTP server's event loop never
 * runs a query and command-line tools can share the database with a running server.
 * Exits when its parent goes away.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { acquireLock, LockHeldError } from './lock.ts';
import { dbLockPath, pgliteDataPath } from './config.ts';
import { PGliteWireServer } from './pglite-socket-server.ts';
import { securePrivateDataDir, tightenTree } from './private-files.ts';
import { chooseSocketDir, SOCKET_FILE } from './socket-dir.ts';

export type HostMessage =
  | { type: 'ready'; socketDir: string }
  | { type: 'locked'; socketDir?: string; pid: number }
  | { type: 'error'; message: string };

async function main() {
  // Everything PGlite and this process create is owner-only (see private-files.ts).
  process.umask(0o077);
  const dataDir = process.env.BAOPHU_HOST_DATA_DIR!;
  const send = (m: HostMessage) => process.send?.(m);
  securePrivateDataDir(dataDir);
  const { dir: socketDir, unique: uniqueSocketDir } = chooseSocketDir(dataDir);
  // Only a unique directory is ours alone to remove; the predictable one may be the lock holder's.
  const dropSocketDir = () => uniqueSocketDir && fs.rmSync(socketDir, { recursive: true, force: true });
  let lock;
  try {
    lock = acquireLock(dbLockPath(dataDir), { socketDir }, (h) => `locked by ${h.pid}`);
  } catch (err) {
    dropSocketDir();
    if (err instanceof LockHeldError) {
      send({ type: 'locked', socketDir: err.holder.socketDir as string | undefined, pid: err.holder.pid });
      process.exit(0);
    }
    throw err;
  }
  const db = await PGlite.create(pgliteDataPath(dataDir), { extensions: { pg_trgm, unaccent, fuzzystrmatch } });
  // PGlite writes its initial database files 0666 whatever the umask.
  tightenTree(pgliteDataPath(dataDir));
  const socketPath = path.join(socketDir, SOCKET_FILE);
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
    dropSocketDir();
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
