import { openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';
import { parseCliArgs } from '../cli/args.ts';
import { audit, commandLineActor } from '../auth/audit.ts';

export async function migrateCommand(args: string[]): Promise<number> {
  parseCliArgs(args, {});
  const database = await openDatabase();
  try {
    const applied = await migrate(database.pool);
    if (applied.length) await audit(database.db, commandLineActor(), { action: 'change', objectType: 'schema', detail: { channel: 'cli', applied } });
    console.log(applied.length ? `Đã áp dụng ${applied.length} migration: ${applied.join(', ')}` : 'CSDL đã ở phiên bản mới nhất.');
    return 0;
  } finally {
    await database.close();
  }
}
