/**
 * A fresh, empty database for one benchmark run: a new database on the server of DATABASE_URL, or an embedded
 * PGlite in a temporary folder. `cleanup` closes it and drops it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/connect.ts';

/** The URL of another database on the server of DATABASE_URL. */
export function serverDatabaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on the database of DATABASE_URL (CREATE / DROP DATABASE, catalog reads). */
export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The named database on the server of DATABASE_URL dropped and created empty, then opened with `dataDir` (not migrated). */
export async function recreateServerDatabase(name: string, dataDir: string): Promise<Database> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  return openDatabase({ engine: 'postgres', url: serverDatabaseUrl(name), dataDir });
}

export async function openScratchDatabase(label: string): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `baophu-bench-${label}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const name = `baophu_bench_${label}_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const database = await openDatabase({ engine: 'postgres', url: serverDatabaseUrl(name), dataDir });
    return {
      database,
      cleanup: async () => {
        await database.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        removeDir();
      },
    };
  }
  const database = await openDatabase({ engine: 'pglite', dataDir });
  return { database, cleanup: async () => { await database.close(); removeDir(); } };
}
