/**
 * Bulk writes inside one transaction: the plain indexes of a table (not those backing a constraint) are dropped
 * before the rows go in and created again from their catalog definitions before COMMIT — one sort per index
 * instead of one insertion per row. A ROLLBACK restores them with everything else. While they are dropped the
 * table is locked exclusively until COMMIT.
 */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export interface DeferredIndexes {
  table: string;
  /** CREATE INDEX statements of the dropped indexes. */
  definitions: string[];
}

/** Drops the plain indexes of `table`; returns what rebuildIndexes needs, or null when it has none. */
export async function dropPlainIndexes(client: SqlClient, table: string): Promise<DeferredIndexes | null> {
  const { rows } = await client.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [table],
  );
  if (rows.length === 0) return null;
  await client.query(`DROP INDEX ${rows.map((r) => r.name).join(', ')}`);
  return { table, definitions: rows.map((r) => r.definition as string) };
}

export async function rebuildIndexes(client: SqlClient, deferred: DeferredIndexes | null): Promise<void> {
  if (!deferred) return;
  for (const definition of deferred.definitions) await client.query(definition);
}

/**
 * Planner settings for the rest of a transaction of bulk statements over whole tables: hash joins in memory
 * instead of nested loops (row estimates of joins on composite keys such as (batch_id, row_no) are far too low,
 * and the nested loops chosen on them take minutes), and no just-in-time compilation (it costs more than it
 * saves on one-off statements).
 */
export async function useBulkPlanner(exec: (text: string) => Promise<unknown>, workMem: string, opts: { mergeJoins?: boolean } = {}) {
  await exec('SET LOCAL jit = off');
  await exec(`SET LOCAL work_mem = '${workMem}'`);
  await exec('SET LOCAL enable_nestloop = off');
  if (opts.mergeJoins === false) await exec('SET LOCAL enable_mergejoin = off');
}
