import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseCliArgs, intOption, CliError } from '../cli/args.ts';
import { dbConfigFromEnv, serverLockPath } from '../db/config.ts';
import { acquireLock, LockHeldError } from '../db/lock.ts';
import { securePrivateDataDir } from '../db/private-files.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { buildApp } from './app.ts';
import { ensureDemoData, demoAccountsText } from '../demo/load.ts';
import { Scheduler } from '../jobs/scheduler.ts';
import { registerJobHandlers } from '../jobs/handlers.ts';
import { recoverReportBuilds } from '../reports/recovery.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const webDist = path.join(root, 'dist', 'web');

/** Builds the web app when it is missing or older than its sources (a no-op when up to date). */
function ensureWebBuild() {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-web-build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) throw new CliError('Không dựng được giao diện web (vite build). Xem lỗi ở trên.');
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' } });
  const port = intOption(values.port ?? process.env.PORT, 'port', 3000);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const config = dbConfigFromEnv();
  securePrivateDataDir(config.dataDir);
  let lock;
  try {
    lock = acquireLock(serverLockPath(config.dataDir), { port }, () => '');
  } catch (err) {
    if (err instanceof LockHeldError) {
      throw new CliError(
        `Máy chủ BaoPhu đang chạy trên thư mục dữ liệu ${config.dataDir} (tiến trình ${err.holder.pid}, cổng ${err.holder.port}). ` +
          'Hãy dùng máy chủ đó, dừng nó trước, hoặc chọn thư mục khác bằng BAOPHU_DATA_DIR.',
      );
    }
    throw err;
  }
  ensureWebBuild();
  const database = await openMigratedDatabase(config);
  const log = (line: string) => console.log(line);
  if (!values['no-demo'] && (await ensureDemoData(database, log))) {
    console.log(`\nTài khoản dùng thử (mật khẩu giống nhau):\n${demoAccountsText()}\n`);
  }
  const app = await buildApp(database, { webDist, logRequests: process.env.BAOPHU_LOG_REQUESTS === '1' });
  await app.listen({ port, host });
  console.log(`BaoPhu đang chạy tại http://localhost:${port} (CSDL: ${database.engine === 'pglite' ? `PGlite ${config.dataDir}` : 'PostgreSQL'})`);
  // Scheduled jobs run on a timer of this process, never on the HTTP path (docs/jobs.md).
  registerJobHandlers();
  const scheduler = new Scheduler(database, { log });
  scheduler.start(Number(process.env.BAOPHU_JOB_TICK_MS) || 30_000);
  // Report builds left unfinished by a process that stopped are built again (server/reports/recovery.ts): now, and
  // every few minutes for those of another process that stopped showing life.
  const recover = () => recoverReportBuilds(database, log).catch((err) => log(`Không kiểm tra được các báo cáo đang lập dở: ${(err as Error).message}`));
  void recover();
  const recovering = setInterval(recover, 5 * 60_000);
  recovering.unref();
  const stop = async () => {
    clearInterval(recovering);
    await scheduler.stop();
    await app.close().catch(() => undefined);
    await database.close();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
  return 0;
}
