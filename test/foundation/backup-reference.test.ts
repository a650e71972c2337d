/**
 * A restore refuses a target that holds data, and counts as data every row not written by the migrations. A table
 * that a migration seeds must therefore be listed as reference data, or a freshly migrated target looks "not empty"
 * (this is how report_kind and scheduled_job once broke restoring an older backup).
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_TABLES } from '../../server/db/backup.ts';

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
});
