/**
 * Prepares one migrated template database per run; each test file then gets its own copy
 * (a copied PGlite data directory, or CREATE DATABASE … TEMPLATE on the PostgreSQL server).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/connect.ts';
import { migrate } from '../../server/db/migrate.ts';
import { TEMPLATE_DIR, TEMPLATE_DB, serverUrl } from './paths.ts';

export default async function setup() {
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: serverUrl('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const database = await openDatabase({ engine: 'postgres', url: serverUrl(TEMPLATE_DB), dataDir: TEMPLATE_DIR });
    await migrate(database.pool);
    await database.close();
  } else {
    fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
    const database = await openDatabase({ engine: 'pglite', dataDir: TEMPLATE_DIR });
    await migrate(database.pool);
    await database.close();
    fs.rmSync(path.join(TEMPLATE_DIR, 'db.lock'), { force: true });
  }
}
