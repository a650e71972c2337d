import { openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';
import { parseCliArgs } from '../cli/args.ts';

export async function migrateCommand(args: string[]): Promise<number> {
  parseCliArgs(args, {});
  const database = await openDatabase();
  try {
    const applied = await migrate(database.pool);
    console.log(applied.length ? `Đã áp dụng ${applied.length} migration: ${applied.join(', ')}` : 'CSDL đã ở phiên bản mới nhất.');
    return 0;
  } finally {
    await database.close();
  }
}
