import { parseCliArgs, intOption, UsageError, CliError, tableFormatOption, writeTextOutput } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { ensureProgressFresh } from './service.ts';
import { yearRows, availableYears } from './dashboard.ts';
import { progressCsv, progressRecord } from './presenters.ts';
import { formatPeriod } from '#shared/format.ts';

const HELP = `Cách dùng: baophu progress --year YYYY [--month MM] [--format csv|json] [--out TỆP]

Tiến độ thực hiện chỉ tiêu: một dòng cho mỗi xã, phường và một dòng của tỉnh (mã 19).
  --year    năm (mặc định: năm có số liệu gần nhất)
  --month   tháng tính số liệu (mặc định: tháng có số liệu gần nhất của năm)
  --format  csv (mặc định) hoặc json
  --out     ghi ra tệp thay vì màn hình`;

/** `baophu progress`: one row per commune plus the province row. */
export async function progressCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    year: { type: 'string' },
    month: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = tableFormatOption(values.format);
  const month = values.month === undefined ? undefined : intOption(values.month, 'month');
  if (month !== undefined && (month < 1 || month > 12)) throw new UsageError(`--month phải từ 1 đến 12, nhận được ${month}`);
  const yearArg = values.year === undefined ? undefined : intOption(values.year, 'year');
  if (yearArg !== undefined && (yearArg < 2020 || yearArg > 2035)) throw new UsageError(`--year không hợp lệ: ${yearArg}`);

  return withDatabase(async (database) => {
    await ensureProgressFresh(database);
    const years = await availableYears(database.db);
    const year = yearArg ?? years[years.length - 1];
    if (year === undefined) throw new CliError('Chưa có số liệu người tham gia (tệp bhxh-nguoi) để tính tiến độ.');
    const { asOfPeriod, rows } = await yearRows(database.db, year, month);
    if (!asOfPeriod || rows.every((r) => r.activeTotal === null)) {
      const range = await database.db.selectFrom('progress_monthly').select((eb) => [eb.fn.min('period').as('lo'), eb.fn.max('period').as('hi')]).executeTakeFirst();
      const wanted = month ? `tháng ${String(month).padStart(2, '0')}/${year}` : `năm ${year}`;
      throw new CliError(
        range?.lo ? `Không có số liệu ${wanted}: số liệu hiện có từ ${formatPeriod(range.lo)} đến ${formatPeriod(range.hi)}.` : `Không có số liệu ${wanted}.`,
      );
    }
    const text = format === 'csv' ? progressCsv(rows) : JSON.stringify(rows.map(progressRecord), null, 2) + '\n';
    await audit(database.db, commandLineActor(), { action: 'export', objectType: 'progress', objectId: String(year), detail: { channel: 'cli', format, month: month ?? null, rows: rows.length } });
    writeTextOutput(text, values.out, `${rows.length} dòng (số liệu tháng ${formatPeriod(asOfPeriod)})`);
    return 0;
  });
}
