import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Serialises schema changes (migrate, restore) across processes. */
export const MIGRATION_LOCK = 190019;

export const CREATE_SCHEMA_MIGRATIONS =
  'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())';

/** The migrations this version of BaoPhu knows, in the order they apply. */
export function migrationNames(): string[] {
  return fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
}

/** Runs one migration and records it, inside the caller's transaction. */
export async function applyMigration(client: pg.PoolClient, name: string): Promise<void> {
  await client.query(fs.readFileSync(path.join(migrationsDir, name), 'utf8'));
  await client.query('INSERT INTO schema_migrations(name) VALUES ($1)', [name]);
}

/** Applies every migrations/*.sql not yet applied, each in its own transaction, in name order. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query(CREATE_SCHEMA_MIGRATIONS);
    const done = new Set((await client.query('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of migrationNames()) {
      if (done.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const again = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
        if (again.rowCount === 0) {
          await applyMigration(client, file);
          applied.push(file);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Lỗi khi chạy migration ${file}: ${(err as Error).message}`);
      }
    }
  } finally {
    client.release();
  }
  return applied;
}
