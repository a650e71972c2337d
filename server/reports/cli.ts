/** `baophu report kinds` and `baophu report make <kind> …`. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseCliArgs, intOption, UsageError, CliError, tableFormatOption, writeTextOutput } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit } from '../auth/audit.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { formatInt } from '#shared/format.ts';
import { loadKinds, REPORT_FORMATS, type ReportFormat, type ReportParams } from './kinds.ts';
import { makeReport, ReportError } from './commands.ts';
import { commandLineReportActor } from './actor.ts';

const KINDS_HELP = `Cách dùng: baophu report kinds [--format csv|json] [--out TỆP]

Danh mục các loại báo cáo: mã, tên, tham số, định dạng và vai trò lập, duyệt, ký.`;

export async function reportKindsCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(KINDS_HELP);
    return 0;
  }
  const format = tableFormatOption(values.format);
  return withDatabase(async (database) => {
    const kinds = await loadKinds(database.db);
    const records = kinds.map((k) => ({
      id: k.id, label: k.label, params: k.params, needs_period: k.needsPeriod, formats: k.formats,
      generate_roles: k.access.generateRoles, review_roles: k.access.reviewRoles, sign_roles: k.access.signRoles, issuer: k.header.issuer,
    }));
    const text = format === 'json'
      ? JSON.stringify(records, null, 2) + '\n'
      : csvHeader(['id', 'label', 'params', 'formats', 'generate_roles', 'review_roles', 'sign_roles', 'issuer'], { bom: true }) +
        records.map((r) => csvLine([r.id, r.label, r.params.join(' '), r.formats.join(' '), r.generate_roles.join(' '), r.review_roles.join(' '), r.sign_roles.join(' '), r.issuer])).join('');
    writeTextOutput(text, values.out, `${kinds.length} loại báo cáo`);
    return 0;
  });
}

const MAKE_HELP = `Cách dùng: baophu report make <loại> --year YYYY [--month MM | --quarter Q] [--commune MÃ_XÃ] --format docx|xlsx|pdf --out TỆP [--json]

Lập một phiên bản mới (dự thảo) của báo cáo, lưu tệp của mọi định dạng vào CSDL và ghi tệp định dạng đã chọn ra --out.
  <loại>     mã loại báo cáo (baophu report kinds): annual, progress, debts, outreach
  --year     năm báo cáo
  --month    tháng (số liệu đến hết tháng đó); --quarter: quý 1–4 (số liệu đến hết quý)
  --commune  mã xã, phường (5 chữ số) cho báo cáo của một xã, phường
  --format   docx, xlsx hoặc pdf
  --out      tệp ghi ra
  --json     in ra mã phiên bản, số phiên bản và các mã dữ liệu đã dùng (JSON)`;

export async function reportMakeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    year: { type: 'string' }, month: { type: 'string' }, quarter: { type: 'string' }, commune: { type: 'string' },
    format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) {
    console.log(MAKE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Thiếu loại báo cáo, ví dụ: baophu report make annual --year 2026 --format docx --out bao-cao.docx');
  if (positionals.length > 1) throw new UsageError(`Tham số thừa: ${positionals.slice(1).join(' ')}`);
  const kind = positionals[0];
  const year = intOption(values.year, 'year');
  if (year < 2020 || year > 2035) throw new UsageError(`--year phải từ 2020 đến 2035, nhận được ${year}`);
  if (values.month !== undefined && values.quarter !== undefined) throw new UsageError('Chỉ dùng một trong hai: --month hoặc --quarter');
  const params: ReportParams = { year };
  if (values.month !== undefined) {
    params.month = intOption(values.month, 'month');
    if (params.month < 1 || params.month > 12) throw new UsageError(`--month phải từ 1 đến 12, nhận được ${params.month}`);
  }
  if (values.quarter !== undefined) {
    params.quarter = intOption(values.quarter, 'quarter');
    if (params.quarter < 1 || params.quarter > 4) throw new UsageError(`--quarter phải từ 1 đến 4, nhận được ${params.quarter}`);
  }
  if (values.commune !== undefined) {
    if (!/^\d{5}$/.test(values.commune)) throw new UsageError(`--commune phải là mã xã, phường 5 chữ số, nhận được "${values.commune}"`);
    params.commune = values.commune;
  }
  if (!values.format) throw new UsageError('Thiếu --format (docx, xlsx hoặc pdf)');
  if (!(REPORT_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format phải là docx, xlsx hoặc pdf, nhận được "${values.format}"`);
  const format = values.format as ReportFormat;
  if (!values.out) throw new UsageError('Thiếu --out <tệp>');
  const out = values.out;

  return withDatabase(async (database) => {
    const actor = commandLineReportActor();
    const started = Date.now();
    let made;
    try {
      made = await makeReport(database, { kind, params, actor });
    } catch (err) {
      if (err instanceof ReportError) throw err.status === 400 || err.status === 404 ? new UsageError(err.message) : new CliError(err.message);
      throw new CliError((err as Error).message);
    }
    const bytes = made.files.get(format);
    if (!bytes) throw new CliError(`Báo cáo "${kind}" không có định dạng ${format}.`);
    fs.writeFileSync(out, bytes);
    await audit(database.db, actor, { action: 'export', objectType: 'report_version', objectId: made.id, communeCode: params.commune ?? null, detail: { channel: 'cli', kind, format, out } });
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      process.stdout.write(JSON.stringify({
        id: made.id, kind: made.kind, version: made.version, params: made.params, state: 'draft', format, out, bytes: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        sizes: Object.fromEntries([...made.files].map(([f, b]) => [f, b.length])), seconds, dataIds: made.dataIds,
      }, null, 2) + '\n');
    } else {
      console.error(`Đã lập báo cáo "${kind}" (mã phiên bản ${made.id}, phiên bản ${made.version}, dự thảo) và ghi ${formatInt(bytes.length)} byte vào ${out}.`);
    }
    return 0;
  });
}
