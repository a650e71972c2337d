import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { templateDir, templateDb, TMP_ROOT, serverUrl } from './paths.ts';

export interface TestDatabase extends Database {
  /** Drops the copy (closes it first). */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of the engine under test: PGlite unless DATABASE_URL is set.
 * Real engines only — never a mock.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const id = crypto.randomBytes(4).toString('hex');
  const dataDir = path.join(TMP_ROOT, `db-${process.pid}-${id}`);
  if (process.env.DATABASE_URL) {
    const name = `baophu_test_${id}`;
    const admin = new pg.Client({ connectionString: serverUrl('postgres') });
    await admin.connect();
    // The template may still show a closing connection for a moment: retry while it is "in use".
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    fs.mkdirSync(dataDir, { recursive: true });
    const database = await openDatabase({ engine: 'postgres', url: serverUrl(name), dataDir });
    return Object.assign(database, {
      async destroy() {
        await database.close();
        const a = new pg.Client({ connectionString: serverUrl('postgres') });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
  }
  fs.cpSync(templateDir(), dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, 'db.lock'), { force: true });
  const database = await openDatabase({ engine: 'pglite', dataDir });
  return Object.assign(database, {
    async destroy() {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Environment for a child `baophu` process that should use the same database as `database`. */
export function envFor(database: Database): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BAOPHU_DATA_DIR: database.config.dataDir };
  if (database.config.engine === 'postgres') env.DATABASE_URL = database.config.url;
  else delete env.DATABASE_URL;
  return env;
}
