/** `baophu reconcile`, `baophu findings`, `baophu eval`. */
import fs from 'node:fs';
import path from 'node:path';
import { parseCliArgs, UsageError } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';
import { parseAsOf, parsePeriod } from './service.ts';
import { reconcileAndRefresh } from '../commands/reconcile-and-refresh.ts';
import { exportFindings, type ExportFormat } from './export.ts';
import { evaluate } from './eval.ts';
import { STATUSES } from './queries.ts';
import { formatInt } from '#shared/format.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).replace('.', ',')} s`;

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { 'as-of': { type: 'string' }, period: { type: 'string' } });
  parseAsOf(values['as-of']);
  parsePeriod(values.period);
  const actor = commandLineActor();
  return withDatabase(async (database) => {
    // The same run, refresh and audit row as a run started from the web (server/reconcile/routes.ts).
    const r = await reconcileAndRefresh(database, { asOf: values['as-of'], period: values.period }, { actor, channel: 'cli' });
    const [y, m, d] = r.asOf.split('-');
    console.log(`Đối soát lần #${r.runId}: tính đến ngày ${d}/${m}/${y}, kỳ dữ liệu ${r.period.slice(5)}/${r.period.slice(0, 4)}`);
    if (r.linkage) {
      const linked = r.linkage.counts.filter((c) => c.status === 'linked').reduce((s, c) => s + c.n, 0);
      const prob = r.linkage.counts.filter((c) => c.method === 'probabilistic').reduce((s, c) => s + c.n, 0);
      const review = r.linkage.counts.filter((c) => c.status === 'review').reduce((s, c) => s + c.n, 0);
      console.log(`Liên kết danh tính: ${formatInt(linked)} hồ sơ liên kết (${formatInt(prob)} theo họ tên, ngày sinh, giới tính), ${formatInt(review)} cần xem xét — ${seconds(r.linkage.ms)}`);
    }
    console.log('');
    console.log(`${'Mã phát hiện'.padEnd(24)} ${'Số lượng'.padStart(10)} ${'Thời gian'.padStart(10)}`);
    for (const c of r.perCode) console.log(`${c.code.padEnd(24)} ${formatInt(c.count).padStart(10)} ${seconds(c.ms).padStart(10)}`);
    console.log(`${'Tổng cộng'.padEnd(24)} ${formatInt(r.total).padStart(10)} ${seconds(r.ms ?? 0).padStart(10)}`);
    const s = r.stats ?? {};
    console.log('');
    console.log(`Số định danh hợp lệ không có trong CSDL dân cư của tỉnh và không khớp ai (không tính là phát hiện): ${formatInt(Number(s.absentIds ?? 0))}`);
    console.log('Lưu ý: các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.');
    return 0;
  });
}

export async function findingsCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    code: { type: 'string', multiple: true }, commune: { type: 'string', multiple: true }, status: { type: 'string', multiple: true },
    format: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' },
  });
  const format = values.format as ExportFormat | undefined;
  if (!format) throw new UsageError('Thiếu --format (csv, json hoặc xlsx)');
  if (!['csv', 'json', 'xlsx'].includes(format)) throw new UsageError(`--format phải là csv, json hoặc xlsx, nhận được "${format}"`);
  const split = (v: string[] | undefined) => (v ? v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean) : undefined);
  const codes = split(values.code);
  for (const c of codes ?? []) if (!(FINDING_CODES as readonly string[]).includes(c)) throw new UsageError(`Mã phát hiện không hợp lệ: ${c}. Các mã: ${FINDING_CODES.join(', ')}`);
  const statuses = split(values.status);
  for (const s of statuses ?? []) if (!(STATUSES as readonly string[]).includes(s)) throw new UsageError(`Trạng thái không hợp lệ: ${s}. Các trạng thái: ${STATUSES.join(', ')}`);
  const communes = split(values.commune);
  for (const c of communes ?? []) if (!/^\d{5}$/.test(c)) throw new UsageError(`Mã xã phải có 5 chữ số, nhận được "${c}"`);
  if (format === 'xlsx' && !values.out && process.stdout.isTTY) throw new UsageError('Tệp XLSX cần --out <tệp>');
  return withDatabase(async (database) => {
    const filter = { codes: codes ?? null, communes: communes ?? null, statuses: statuses ?? null, presentOnly: !values.all };
    const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
    const n = await exportFindings(database.db, filter, format, out, null);
    if (values.out) {
      await new Promise<void>((resolve, reject) => { (out as fs.WriteStream).end(resolve); out.once('error', reject); });
      console.error(`Đã xuất ${formatInt(n)} phát hiện ra ${values.out}. Các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.`);
    }
    await audit(database.db, commandLineActor(), { action: 'export', objectType: 'finding', detail: { channel: 'cli', format, rows: n, codes, communes, statuses, out: values.out ?? null } });
    return 0;
  });
}

export async function evalCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { truth: { type: 'string' }, details: { type: 'string' } });
  if (!values.truth) throw new UsageError('Thiếu --truth <tệp truth.csv>');
  return withDatabase(async (database) => {
    const r = await evaluate(database.db, path.resolve(values.truth!));
    console.log(`Đánh giá lần đối soát #${r.runId} (ngày ${r.asOf}, kỳ ${r.period}) so với ${values.truth}`);
    for (const w of r.warnings) console.log(`Cảnh báo: ${w}`);
    console.log('');
    console.log(`${'code'.padEnd(24)} ${'truth'.padStart(8)} ${'found'.padStart(8)} ${'tp'.padStart(8)} ${'fp'.padStart(6)} ${'fn'.padStart(6)} ${'precision'.padStart(10)} ${'recall'.padStart(8)} ${'f1'.padStart(7)}`);
    for (const c of r.perCode) {
      console.log(`${c.code.padEnd(24)} ${String(c.truth).padStart(8)} ${String(c.found).padStart(8)} ${String(c.tp).padStart(8)} ${String(c.fp).padStart(6)} ${String(c.fn).padStart(6)} ${c.precision.toFixed(4).padStart(10)} ${c.recall.toFixed(4).padStart(8)} ${c.f1.toFixed(4).padStart(7)}`);
    }
    if (values.details) {
      const lf = { newline: '\n' };
      fs.writeFileSync(values.details, csvHeader(['code', 'subject_id', 'kind'], { ...lf, bom: true }) + r.mismatches.map((m) => csvLine([m.code, m.subject_id, m.kind], lf)).join(''));
      // The mismatches are personal IDs: writing them out is an export.
      await audit(database.db, commandLineActor(), { action: 'export', objectType: 'eval_mismatches', objectId: r.runId, detail: { channel: 'cli', rows: r.mismatches.length, out: values.details } });
      console.log(`\nĐã ghi ${r.mismatches.length} trường hợp lệch vào ${values.details}`);
    }
    const failing = r.perCode.filter((c) => c.precision < 0.98 || c.recall < 0.95);
    console.log(failing.length ? `\nChưa đạt (precision ≥ 0,98 và recall ≥ 0,95): ${failing.map((c) => c.code).join(', ')}` : '\nMọi mã đều đạt precision ≥ 0,98 và recall ≥ 0,95.');
    return failing.length ? 1 : 0;
  });
}

