/** `baophu reconcile`, `baophu findings`, `baophu eval`. */
import fs from 'node:fs';
import path from 'node:path';
import { parseCliArgs, UsageError, CliError, tableFormatOption, writeTextOutput, intOption } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';
import { parseAsOf, parsePeriod } from './service.ts';
import { reconcileAndRefresh } from '../commands/reconcile-and-refresh.ts';
import { exportFindings, type ExportFormat } from './export.ts';
import { evaluate } from './eval.ts';
import { STATUSES, reviewQueue, decideReview } from './queries.ts';
import { formatInt } from '#shared/format.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).replace('.', ',')} s`;

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { 'as-of': { type: 'string' }, period: { type: 'string' }, full: { type: 'boolean' } });
  parseAsOf(values['as-of'], '--as-of');
  parsePeriod(values.period, '--period');
  const actor = commandLineActor();
  return withDatabase(async (database) => {
    // The same run, refresh and audit row as a run started from the web (server/reconcile/routes.ts).
    const r = await reconcileAndRefresh(database, { asOf: values['as-of'], period: values.period, full: values.full === true }, { actor, channel: 'cli' });
    const [y, m, d] = r.asOf.split('-');
    console.log(`Đối soát lần #${r.runId}: tính đến ngày ${d}/${m}/${y}, kỳ dữ liệu ${r.period.slice(5)}/${r.period.slice(0, 4)}`);
    if (r.reusedRunId) {
      console.log(`Dữ liệu đầu vào không đổi từ lần đối soát #${r.reusedRunId}: dùng lại kết quả của lần đó (${seconds(r.ms ?? 0)}). Chạy lại toàn bộ: baophu reconcile --full`);
    }
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
    const sources = Object.entries(r.review.bySource).map(([k, n]) => `${k} ${formatInt(n)}`).join(', ');
    console.log(`\nBản ghi chờ xem xét (không tự đoán, không tính vào bảng trên): ${formatInt(r.review.records)}${sources ? ` (${sources})` : ''}`);
    if (r.excludedSubjects) console.log(`Người trùng tên, ngày sinh, giới tính cùng xã để ngoài phần chấm điểm: ${formatInt(r.excludedSubjects)}`);
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


const REVIEW_COLUMNS = ['record_key', 'source', 'id_as_written', 'name', 'birth_date', 'sex', 'commune_code', 'candidate_id',
  'candidate_score', 'candidate_name', 'candidate_birth_date', 'candidate_commune'] as const;

/**
 * `baophu review list [--page N] [--page-size N] [--format csv|json] [--out FILE]`: the records of the latest run
 * waiting for a reviewer (namesakes, an ID whose resident does not match), one line per candidate. The command line
 * sees every commune and the personal data unmasked, as the administrator does; the read is audited.
 */
export async function reviewListCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { page: { type: 'string' }, 'page-size': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
  const format = tableFormatOption(values.format);
  const page = intOption(values.page, 'page', 1);
  const pageSize = intOption(values['page-size'], 'page-size', 100);
  if (page < 1 || pageSize < 1 || pageSize > 10_000) throw new UsageError('--page phải ≥ 1 và --page-size từ 1 đến 10.000');
  return withDatabase(async (database) => {
    const { total, rows } = await reviewQueue(database.db, null, page, pageSize);
    const lines = rows.flatMap((r) => (r.candidates.length ? r.candidates : [null]).map((c) => ({
      record_key: r.record_key, source: r.source, id_as_written: r.raw_id ?? '', name: r.full_name, birth_date: r.birth_date ?? '',
      sex: r.sex ?? '', commune_code: r.commune_code ?? '', candidate_id: c?.residentId ?? '', candidate_score: c ? Number(c.score) : null,
      candidate_name: (c?.resident?.name as string | undefined) ?? '', candidate_birth_date: (c?.resident?.birthDate as string | undefined) ?? '',
      candidate_commune: (c?.resident?.commune as string | undefined) ?? '',
    })));
    const text = format === 'json'
      ? `${JSON.stringify({ total, page, pageSize, rows: lines }, null, 2)}\n`
      : csvHeader(REVIEW_COLUMNS, { bom: true }) + lines.map((l) => csvLine(REVIEW_COLUMNS.map((c) => l[c]))).join('');
    writeTextOutput(text, values.out, `${formatInt(rows.length)}/${formatInt(total)} hồ sơ cần xem xét`);
    if (rows.length) await audit(database.db, commandLineActor(), { action: 'read', objectType: 'person_link_review', detail: { channel: 'cli', page, rows: rows.length, out: values.out ?? null } });
    return 0;
  });
}

/** `baophu review decide <record_key> <resident_id> --accept|--reject [--note TEXT]` */
export async function reviewDecideCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { accept: { type: 'boolean' }, reject: { type: 'boolean' }, note: { type: 'string' } }, true);
  const [recordKey, residentId] = positionals;
  if (!recordKey || !residentId || values.accept === values.reject) {
    throw new UsageError('Cách dùng: baophu review decide <mã hồ sơ> <số định danh ứng viên> --accept|--reject [--note "lý do"]');
  }
  const actor = commandLineActor();
  return withDatabase(async (database) => {
    const decision = values.accept ? 'accepted' as const : 'rejected' as const;
    const result = await decideReview(database.db, actor, { recordKey, residentId, decision, note: values.note ?? null });
    if (!result) throw new CliError(`Không có hồ sơ cần xem xét với mã ${recordKey} (đã được quyết định hoặc không tồn tại).`);
    if ('error' in result) throw new CliError('Người dân được chọn không nằm trong danh sách ứng viên của hồ sơ này.');
    await audit(database.db, actor, { action: 'review', objectType: 'person_link', objectId: recordKey, communeCode: result.communeCode, detail: { channel: 'cli', decision, residentId, note: values.note ?? null } });
    console.log(decision === 'accepted' ? 'Đã xác nhận liên kết. Lần đối soát sau sẽ dùng liên kết này.' : 'Đã loại ứng viên này. Lần đối soát sau sẽ không đề xuất lại.');
    return 0;
  });
}
