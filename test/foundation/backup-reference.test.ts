/**
 * A restore refuses a target that holds data, and counts as data every row not written by the migrations. A table
 * that a migration seeds must therefore be listed as reference data, or a freshly migrated target looks "not empty"
 * (this is how report_kind and scheduled_job once broke restoring an older backup).
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_TABLES } from '../../server/db/backup.ts';
import { createTestDatabase } from '../helpers/db.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../server/db/migrations');

describe('reference tables of the backup', () => {
  it('list every table a migration writes rows into', () => {
    const seeded = new Set<string>();
    for (const file of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))) {
      const text = fs.readFileSync(path.join(MIGRATIONS, file), 'utf8').replace(/--.*$/gm, '');
      for (const m of text.matchAll(/\bINSERT\s+INTO\s+([a-z_][a-z0-9_]*)/gi)) seeded.add(m[1].toLowerCase());
    }
    expect(seeded.size).toBeGreaterThan(10);
    expect([...seeded].filter((t) => !REFERENCE_TABLES.has(t)).sort()).toEqual([]);
  });

  it('list every table that holds rows in a freshly migrated database', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await database.pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`);
      const filled: string[] = [];
      for (const { name } of rows) {
        if ((await database.pool.query(`SELECT EXISTS (SELECT 1 FROM "${name}") AS any`)).rows[0].any) filled.push(name);
      }
      expect(filled.length).toBeGreaterThan(10);
      expect(filled.filter((t) => !REFERENCE_TABLES.has(t))).toEqual([]);
    } finally {
      await database.destroy();
    }
  });
});
