import { parseCliArgs, intOption, UsageError, tableFormatOption, writeTextOutput } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { isIsoDate, todayVn } from '#shared/calc/dates.ts';
import { deliveryRows } from './deliveries.ts';
import { deliveriesCsv, deliveryRecord } from './deliveries-presenters.ts';

const HELP = `Cách dùng: baophu deliveries --year YYYY [--as-of YYYY-MM-DD] [--format csv|json] [--out TỆP]

Tình hình chia sẻ dữ liệu theo lịch (chỉ thị, mục 1): mỗi dòng là một kỳ dữ liệu mà một cơ quan phải gửi.
Cột: agency,kind,period,due_date,delivered_at,state,rows,rejected,valid_id_share,linked_share,changed_share
  state: on_time (đúng hạn), late (chậm), missing (quá hạn chưa gửi), not_due (chưa đến hạn)
  --year    năm (mặc định: năm nay)
  --as-of   ngày xét (mặc định: hôm nay); tệp nhập sau ngày này coi như chưa gửi
  --format  csv (mặc định, UTF-8 có BOM) hoặc json
  --out     ghi ra tệp thay vì màn hình`;

/** `baophu deliveries`: one row per expected delivery of the year. */
export async function deliveriesCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    year: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = tableFormatOption(values.format);
  const asOf = values['as-of'] ?? todayVn();
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of phải là một ngày có thật dạng YYYY-MM-DD, nhận được "${asOf}"`);
  const year = values.year === undefined ? Number(asOf.slice(0, 4)) : intOption(values.year, 'year');
  if (year < 2020 || year > 2035) throw new UsageError(`--year phải từ 2020 đến 2035, nhận được ${year}`);

  return withDatabase(async (database) => {
    const rows = await deliveryRows(database, { year, asOf });
    const text = format === 'csv' ? deliveriesCsv(rows) : JSON.stringify(rows.map(deliveryRecord), null, 2) + '\n';
    await audit(database.db, commandLineActor(), { action: 'export', objectType: 'deliveries', objectId: String(year), detail: { channel: 'cli', format, asOf, rows: rows.length } });
    writeTextOutput(text, values.out, `${rows.length} dòng`);
    return 0;
  });
}
