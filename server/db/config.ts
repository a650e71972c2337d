import path from 'node:path';

/** Which database the process uses: embedded PGlite (default) or a PostgreSQL server. */
export type DbConfig =
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'postgres'; url: string; dataDir: string };

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const dataDir = path.resolve(env.BAOPHU_DATA_DIR || 'data');
  if (env.DATABASE_URL) return { engine: 'postgres', url: env.DATABASE_URL, dataDir };
  return { engine: 'pglite', dataDir };
}

export const pgliteDataPath = (dataDir: string) => path.join(dataDir, 'pgdata');
export const dbLockPath = (dataDir: string) => path.join(dataDir, 'db.lock');
export const serverLockPath = (dataDir: string) => path.join(dataDir, 'server.lock');
/** Raw imported files are kept here, content-addressed. */
export const rawFilesPath = (dataDir: string) => path.join(dataDir, 'files');
