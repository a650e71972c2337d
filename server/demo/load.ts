/**
 * First start: fills an empty database with a small synthetic province and the demo accounts.
 * Resumable: a kill -9 in the middle leaves `demo_load` = started; the next start runs it again,
 * imports already done answer "unchanged" (each file is one transaction), and the rest continues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../db/connect.ts';
import { createUser, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../auth/users.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { importAndRefresh } from '../commands/import-and-refresh.ts';
import { reconcileAndRefresh } from '../commands/reconcile-and-refresh.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';

export const DEMO_SCALE = Number(process.env.BAOPHU_DEMO_SCALE || 0.01);
export const DEMO_SEED = 7;

type Log = (line: string) => void;

async function demoState(database: Database): Promise<string | null> {
  const row = await database.db.selectFrom('app_state').select('value').where('key', '=', 'demo_load').executeTakeFirst();
  return row ? (row.value as { status: string }).status : null;
}

async function setDemoState(database: Database, status: string) {
  await sql`INSERT INTO app_state (key, value) VALUES ('demo_load', ${JSON.stringify({ status, scale: DEMO_SCALE, seed: DEMO_SEED })}::jsonb)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`.execute(database.db);
}

/** True when nothing but reference data is there: no imports and no accounts. */
async function isEmpty(database: Database): Promise<boolean> {
  const { n } = await database.db
    .selectNoFrom((eb) => [
      eb(eb.selectFrom('import_batch').select((e) => e.fn.countAll<number>().as('c')), '+', eb.selectFrom('app_user').select((e) => e.fn.countAll<number>().as('c'))).as('n'),
    ])
    .executeTakeFirstOrThrow();
  return Number(n) === 0;
}

/** Loads the demo into an empty database (or finishes an interrupted load). Returns true if it ran. */
export async function ensureDemoData(database: Database, log: Log): Promise<boolean> {
  const state = await demoState(database);
  if (state === 'done') return false;
  if (state === null && !(await isEmpty(database))) return false;

  const started = Date.now();
  if (state === null) {
    await setDemoState(database, 'started');
    for (const account of DEMO_ACCOUNTS) await createUser(database.db, { ...account, password: DEMO_PASSWORD });
  }
  log(`Đang tạo tỉnh mẫu (quy mô ${DEMO_SCALE}, seed ${DEMO_SEED})…`);
  const outDir = path.join(database.config.dataDir, 'demo');
  const { generateDemo } = await import('./generate.ts');
  const { files } = await generateDemo({ scale: DEMO_SCALE, seed: DEMO_SEED, outDir });
  for (const kind of FILE_KINDS) {
    const file = files.find((f) => f.kind === kind);
    if (!file) continue;
    // The demo owns this database: a resumed load may replace what an interrupted one left. The progress aggregates
    // are refreshed once, after the reconciliation.
    const result = await importAndRefresh(database, { kind, filePath: file.path, fileName: path.basename(file.path), userName: 'demo', replace: true, refresh: false }, null);
    log(`  ${kind}: ${result.status === 'unchanged' ? 'đã có' : `${result.accepted} dòng`}`);
  }
  const run = await reconcileAndRefresh(database, {}, null);
  log(`  đối soát: ${run.total} phát hiện`);
  // `baophu serve` (or `npm start`) loaded these accounts and synthetic files: one row says so.
  await audit(database.db, commandLineActor(), { action: 'import', objectType: 'demo', detail: { channel: 'cli', scale: DEMO_SCALE, seed: DEMO_SEED, kinds: files.map((f) => f.kind), findings: run.total } });
  await setDemoState(database, 'done');
  fs.rmSync(outDir, { recursive: true, force: true });
  log(`Đã nạp dữ liệu mẫu trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
  return true;
}

export function demoAccountsText(): string {
  return DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(15)} ${DEMO_PASSWORD}   ${a.fullName}`).join('\n');
}
