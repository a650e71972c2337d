import { parseCliArgs, intOption, UsageError, tableFormatOption, writeTextOutput } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { isIsoDate } from '#shared/calc/dates.ts';
import { listDuties, followupRows, today } from './service.ts';
import { dutiesCsv, followupCsv, followupRecord } from './presenters.ts';

const DUTIES_HELP = `Cách dùng: baophu duties list [--format csv|json] [--out TỆP]

Danh mục nhiệm vụ của chỉ thị: một dòng cho mỗi nhiệm vụ (mã, khoản, ý, cơ quan, chủ trì/phối hợp, nội dung, hạn báo cáo).`;

/** `baophu duties list`: the directive's duties. */
export async function dutiesListCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(DUTIES_HELP);
    return 0;
  }
  const format = tableFormatOption(values.format);
  return withDatabase(async ({ db }) => {
    const duties = await listDuties(db);
    const text = format === 'csv'
      ? dutiesCsv(duties)
      : JSON.stringify(duties.map((d) => ({ duty_id: d.id, clause: d.clause, item: d.item, agency: d.agency_code, lead: d.lead ? 'lead' : 'support', text: d.text, due_rule: d.due_rule, active: d.active })), null, 2) + '\n';
    writeTextOutput(text, values.out, `${duties.length} dòng`);
    return 0;
  });
}

const FOLLOWUP_HELP = `Cách dùng: baophu followup --year YYYY [--as-of YYYY-MM-DD] [--format csv|json] [--out TỆP]

Theo dõi báo cáo thực hiện chỉ thị: một dòng cho mỗi nhiệm vụ và kỳ báo cáo phải có trong năm (theo hạn của nhiệm vụ),
với trạng thái, ngày gửi, ngày tiếp nhận và đúng hạn hay không.
  --year    năm (bắt buộc)
  --as-of   ngày tính quá hạn (mặc định: hôm nay)
  --format  csv (mặc định) hoặc json`;

/** `baophu followup`: one row per expected (duty, period) of a year. */
export async function followupCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    year: { type: 'string' }, 'as-of': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(FOLLOWUP_HELP);
    return 0;
  }
  if (values.year === undefined) throw new UsageError('Thiếu --year (năm cần theo dõi, ví dụ --year 2026)');
  const year = intOption(values.year, 'year');
  if (year < 2020 || year > 2035) throw new UsageError(`--year phải từ 2020 đến 2035, nhận được ${year}`);
  const asOf = values['as-of'] ?? today();
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of phải là một ngày dạng YYYY-MM-DD, nhận được "${asOf}"`);
  const format = tableFormatOption(values.format);
  return withDatabase(async ({ db }) => {
    const rows = await followupRows(db, year, asOf, null);
    const text = format === 'csv' ? followupCsv(rows) : JSON.stringify(rows.map(followupRecord), null, 2) + '\n';
    await audit(db, commandLineActor(), { action: 'export', objectType: 'directive_followup', objectId: String(year), detail: { channel: 'cli', format, asOf, rows: rows.length } });
    writeTextOutput(text, values.out, `${rows.length} dòng`);
    return 0;
  });
}
