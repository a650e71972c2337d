import fs from 'node:fs';
import { openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';
import { parseCliArgs, CliError, UsageError } from '../cli/args.ts';
import { dbConfigFromEnv, pgliteDataPath, serverLockPath } from './config.ts';
import { readLiveLock } from './lock.ts';
import { backupDatabase, existingData, restoreDatabase, verifyBackup } from './backup.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { formatInt } from '#shared/format.ts';

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

const BACKUP_USAGE = 'Cách dùng: baophu db backup --out TỆP.tar.gz';
const RESTORE_USAGE = 'Cách dùng: baophu db restore TỆP.tar.gz [--force]';
const PERSONAL_DATA_NOTE = 'Bản sao lưu chứa dữ liệu cá nhân: chỉ lưu ở nơi chỉ người có trách nhiệm đọc được, mã hóa khi chuyển đi hoặc lưu ngoài máy chủ.';
const megabytes = (bytes: number) => (bytes / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 2 });

/** `baophu db backup --out FILE`: the whole database and the raw imported files, in one .tar.gz (owner-only). */
export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(BACKUP_USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError(`Thiếu tùy chọn --out (tệp sao lưu cần ghi).\n${BACKUP_USAGE}`);
  const config = dbConfigFromEnv();
  if (config.engine === 'pglite' && !fs.existsSync(pgliteDataPath(config.dataDir))) {
    throw new CliError(`Không có CSDL nhúng trong thư mục dữ liệu ${config.dataDir} (BAOPHU_DATA_DIR): không có gì để sao lưu.`);
  }
  const database = await openDatabase(config);
  try {
    const { file, bytes, manifest } = await backupDatabase(database, values.out).catch((err) => {
      if (err instanceof CliError) throw err;
      throw new CliError(`Sao lưu không thành công (không có tệp nào được ghi). Chi tiết: ${(err as Error).message}`);
    });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    await audit(database.db, commandLineActor(), {
      action: 'export',
      objectType: 'database_backup',
      detail: { channel: 'cli', file, bytes, tables: manifest.tables.length, rows, files: manifest.files.length, missingFiles: manifest.missingFiles.length },
    });
    console.log(
      `Đã sao lưu ${manifest.tables.length} bảng (${formatInt(rows)} dòng) và ${formatInt(manifest.files.length)} tệp gốc vào ${file} (${megabytes(bytes)} MB).`,
    );
    for (const missing of manifest.missingFiles) {
      console.error(`Cảnh báo: không tìm thấy tệp gốc ${missing} trong thư mục dữ liệu; bản sao lưu không có tệp này.`);
    }
    console.log(PERSONAL_DATA_NOTE);
    return 0;
  } finally {
    await database.close();
  }
}

/** `baophu db restore FILE [--force]`: replaces the database and places the raw files, in one transaction. */
export async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    console.log(RESTORE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một tham số: tệp sao lưu.\n${RESTORE_USAGE}`);
  const [file] = positionals;
  const config = dbConfigFromEnv();
  const server = readLiveLock(serverLockPath(config.dataDir));
  if (server) {
    throw new CliError(
      `Máy chủ BaoPhu đang chạy trên thư mục dữ liệu ${config.dataDir} (tiến trình ${server.pid}). ` +
        'Dừng máy chủ trước khi khôi phục, rồi khởi động lại sau khi khôi phục xong.',
    );
  }
  const manifest = await verifyBackup(file);
  const database = await openDatabase(config);
  try {
    const existing = await existingData(database);
    if (existing.length && !values.force) {
      const shown = existing.slice(0, 8).map((t) => `${t.table} (${formatInt(t.rows)} dòng)`).join(', ');
      const more = existing.length > 8 ? ` và ${existing.length - 8} bảng khác` : '';
      throw new CliError(
        `CSDL đích không trống: ${shown}${more}. Khôi phục sẽ xóa và thay thế toàn bộ dữ liệu này; ` +
          'nếu đúng là muốn vậy, chạy lại với --force.',
      );
    }
    const result = await restoreDatabase(database, file, manifest).catch((err) => {
      if (err instanceof CliError) throw err;
      throw new CliError(`Khôi phục không thành công; CSDL giữ nguyên như trước. Chi tiết: ${(err as Error).message}`);
    });
    const at = new Date(manifest.createdAt);
    const two = (n: number) => String(n).padStart(2, '0');
    const time = `${two(at.getDate())}/${two(at.getMonth() + 1)}/${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}`;
    console.log(
      `Đã khôi phục ${result.tables} bảng (${formatInt(result.rows)} dòng) và ${formatInt(result.files)} tệp gốc từ bản sao lưu lúc ${time} ` +
        `(CSDL ${manifest.engine === 'pglite' ? 'nhúng PGlite' : 'PostgreSQL'}, BaoPhu ${manifest.appVersion}).`,
    );
    if (result.migratedAfter.length) console.log(`Đã cập nhật cấu trúc sau khi khôi phục: ${result.migratedAfter.join(', ')}.`);
    console.log('Các phiên đăng nhập không được sao lưu: mọi người cần đăng nhập lại.');
    return 0;
  } finally {
    await database.close();
  }
}
