import { openDatabase, type Database } from './connect.ts';
import { migrate } from './migrate.ts';
import { dbConfigFromEnv, type DbConfig } from './config.ts';

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openMigratedDatabase(config: DbConfig = dbConfigFromEnv()): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await migrate(database.pool);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** Runs fn with a migrated database and closes it afterwards. */
export async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openMigratedDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
