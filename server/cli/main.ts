import { UsageError, CliError } from './args.ts';
import { HttpError } from '../http/errors.ts';

type Runner = (args: string[]) => Promise<number>;
interface CommandSpec {
  summary: string;
  load: () => Promise<Runner>;
}

/**
 * Every `baophu` command. Each capability owns its command module; commands are loaded lazily so
 * `baophu calc` does not pay for the web server's imports. A runner returns the exit code.
 */
const commands: Record<string, CommandSpec> = {
  serve: { summary: 'Chạy máy chủ web (và nạp dữ liệu mẫu nếu CSDL trống)', load: async () => (await import('../http/serve.ts')).serveCommand },
  'db migrate': { summary: 'Cập nhật cấu trúc CSDL và dữ liệu tham chiếu', load: async () => (await import('../db/cli.ts')).migrateCommand },
  'db backup': { summary: 'Sao lưu CSDL và các tệp gốc đã nhập vào một tệp .tar.gz', load: async () => (await import('../db/cli.ts')).backupCommand },
  'db restore': { summary: 'Khôi phục CSDL và các tệp gốc từ một bản sao lưu', load: async () => (await import('../db/cli.ts')).restoreCommand },
  demo: { summary: 'Sinh bộ dữ liệu tổng hợp của tỉnh Thái Nguyên', load: async () => (await import('../demo/cli.ts')).demoCommand },
  'users add': { summary: 'Tạo tài khoản', load: async () => (await import('../auth/cli.ts')).usersAddCommand },
  'users list': { summary: 'Liệt kê tài khoản', load: async () => (await import('../auth/cli.ts')).usersListCommand },
  import: { summary: 'Nhập một tệp dữ liệu của cơ quan', load: async () => (await import('../ingest/cli.ts')).importCommand },
  reconcile: { summary: 'Đối soát dữ liệu, phát hiện các trường hợp cần xử lý', load: async () => (await import('../reconcile/cli.ts')).reconcileCommand },
  findings: { summary: 'Xuất danh sách phát hiện', load: async () => (await import('../reconcile/cli.ts')).findingsCommand },
  eval: { summary: 'Đánh giá kết quả đối soát so với dữ liệu chuẩn', load: async () => (await import('../reconcile/cli.ts')).evalCommand },
  'review list': { summary: 'Danh sách hồ sơ cần xem xét liên kết (người trùng tên, số định danh không khớp)', load: async () => (await import('../reconcile/cli.ts')).reviewListCommand },
  'review decide': { summary: 'Quyết định liên kết một hồ sơ cần xem xét với một người dân', load: async () => (await import('../reconcile/cli.ts')).reviewDecideCommand },
  progress: { summary: 'Tiến độ thực hiện chỉ tiêu theo xã', load: async () => (await import('../targets/cli.ts')).progressCommand },
  deliveries: { summary: 'Tình hình chia sẻ dữ liệu của các cơ quan theo kỳ (đúng hạn, chậm, chưa gửi)', load: async () => (await import('../directive/deliveries-cli.ts')).deliveriesCommand },
  calc: { summary: 'Máy tính chính sách BHXH', load: async () => (await import('../calc/cli.ts')).calcCommand },
  'cases open': { summary: 'Mở hồ sơ xử lý cho các phát hiện của một mã', load: async () => (await import('../cases/cli.ts')).casesOpenCommand },
  'cases list': { summary: 'Xuất danh sách hồ sơ xử lý (csv, json)', load: async () => (await import('../cases/cli.ts')).casesListCommand },
  'duties list': { summary: 'Danh mục nhiệm vụ của chỉ thị theo cơ quan', load: async () => (await import('../directive/cli.ts')).dutiesListCommand },
  'report kinds': { summary: 'Danh mục các loại báo cáo', load: async () => (await import('../reports/cli.ts')).reportKindsCommand },
  'report make': { summary: 'Lập báo cáo (docx, xlsx, pdf) theo mẫu Nghị định 30', load: async () => (await import('../reports/cli.ts')).reportMakeCommand },
  followup: { summary: 'Theo dõi báo cáo thực hiện nhiệm vụ của các cơ quan trong một năm', load: async () => (await import('../directive/cli.ts')).followupCommand },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  baophu ${name.padEnd(12)} ${c.summary}`);
  return ['Cách dùng: baophu <lệnh> [tùy chọn]', '', 'Các lệnh:', ...lines].join('\n');
}

function resolve(argv: string[]): { spec: CommandSpec; rest: string[] } | null {
  const two = argv.slice(0, 2).join(' ');
  if (commands[two]) return { spec: commands[two], rest: argv.slice(2) };
  if (argv[0] && commands[argv[0]]) return { spec: commands[argv[0]], rest: argv.slice(1) };
  return null;
}

export async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(usage());
    process.exitCode = argv.length === 0 ? 2 : 0;
    return;
  }
  const found = resolve(argv);
  if (!found) {
    console.error(`Lệnh không hợp lệ: ${argv.join(' ')}\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  try {
    const run = await found.spec.load();
    process.exitCode = await run(found.rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Lỗi: ${err.message}`);
      process.exitCode = 2;
    } else if (err instanceof CliError) {
      console.error(`Lỗi: ${err.message}`);
      process.exitCode = err.exitCode;
    } else if (err instanceof HttpError) {
      // A refusal of the domain (shared with the web): bad input is a usage error, anything else a failure.
      console.error(`Lỗi: ${err.message}`);
      process.exitCode = err.status === 400 ? 2 : 1;
    } else {
      console.error(`Lỗi: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
}
