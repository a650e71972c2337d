/**
 * Prepares one migrated template database per test run; each test file then gets its own copy
 * (a copied PGlite data directory, or CREATE DATABASE … TEMPLATE on the PostgreSQL server).
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/connect.ts';
import { migrate } from '../../server/db/migrate.ts';
import { TMP_ROOT, serverUrl } from './paths.ts';

/** Builds dist/web once per run (browser tests need it; parallel workers must not build it twice). */
function ensureWebBuild() {
  const r = spawnSync(process.execPath, [path.resolve('scripts/ensure-web-build.mjs'), '--quiet'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`web build failed (${r.status}): ${r.stderr || r.stdout}`);
}

export default async function setup(project: TestProject) {
  ensureWebBuild();
  const runId = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const templateDir = path.join(TMP_ROOT, `template-${runId}`);
  const templateDb = `baophu_tpl_${runId}`;
  project.provide('templateDir', templateDir);
  project.provide('templateDb', templateDb);
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: serverUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDb}`);
    await admin.end();
    const database = await openDatabase({ engine: 'postgres', url: serverUrl(templateDb), dataDir: templateDir });
    await migrate(database.pool);
    await database.close();
  } else {
    const database = await openDatabase({ engine: 'pglite', dataDir: templateDir });
    await migrate(database.pool);
    await database.close();
    fs.rmSync(path.join(templateDir, 'db.lock'), { force: true });
  }
  return async () => {
    fs.rmSync(templateDir, { recursive: true, force: true });
    if (process.env.DATABASE_URL) {
      const admin = new pg.Client({ connectionString: serverUrl('postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
      await admin.end();
    }
  };
}
