/** `baophu cases open` and `baophu cases list`. */
import fs from 'node:fs';
import { parseCliArgs, UsageError, tableFormatOption } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { inTransaction } from '../db/transaction.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';
import { formatInt } from '#shared/format.ts';
import { CLI_ACTOR, loadWorkflow, openCases } from './service.ts';
import { exportCases } from './queries.ts';
import { caseTypeFor } from './rules.ts';

const split = (v: string[] | undefined) => (v ? v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean) : undefined);

function communesOption(values: string[] | undefined) {
  const communes = split(values);
  for (const c of communes ?? []) if (!/^\d{5}$/.test(c)) throw new UsageError(`--commune: mã xã phải có 5 chữ số, nhận được "${c}"`);
  return communes;
}

export async function casesOpenCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, { code: { type: 'string' }, commune: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  const code = values.code;
  if (!code) throw new UsageError('Thiếu --code <mã phát hiện>');
  if (!(FINDING_CODES as readonly string[]).includes(code)) throw new UsageError(`--code: mã phát hiện không hợp lệ "${code}". Các mã: ${FINDING_CODES.join(', ')}`);
  const communes = communesOption(values.commune);
  return withDatabase(async (database) => {
    const workflow = await loadWorkflow(database);
    if (!caseTypeFor(workflow, code)) throw new UsageError(`--code: mã ${code} không mở hồ sơ (danh sách vận động dùng nhật ký tiếp xúc). Các mã mở hồ sơ: ${workflow.types.flatMap((t) => t.findingCodes).join(', ')}`);
    const started = Date.now();
    const opened = await inTransaction(database, (client) => openCases(client, CLI_ACTOR, { codes: [code], communes: communes ?? null }, 'cli'));
    await audit(database.db, commandLineActor(), { action: 'change', objectType: 'case_open', detail: { channel: 'cli', code, communes: communes ?? null, opened } });
    const ms = Date.now() - started;
    if (values.json) console.log(JSON.stringify({ code, communes: communes ?? null, opened, ms }));
    else console.log(`Đã mở ${formatInt(opened)} hồ sơ xử lý cho mã ${code}${communes ? ` (xã ${communes.join(', ')})` : ''} — ${(ms / 1000).toFixed(2).replace('.', ',')} s`);
    return 0;
  });
}

export async function casesListCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    type: { type: 'string', multiple: true }, status: { type: 'string', multiple: true }, overdue: { type: 'boolean' },
    commune: { type: 'string', multiple: true }, format: { type: 'string' }, out: { type: 'string' },
  });
  const format = tableFormatOption(values.format, null);
  const types = split(values.type);
  for (const t of types ?? []) if (!['enforcement', 'identity', 'benefit_recovery'].includes(t)) throw new UsageError(`--type phải là enforcement, identity hoặc benefit_recovery, nhận được "${t}"`);
  const statuses = split(values.status);
  for (const s of statuses ?? []) if (!['open', 'closed'].includes(s)) throw new UsageError(`--status phải là open hoặc closed, nhận được "${s}"`);
  const communes = communesOption(values.commune);
  return withDatabase(async (database) => {
    const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
    const n = await exportCases(database, null, { types, statuses, communes, overdue: values.overdue }, format, out, (row) => row.subject_id);
    if (values.out) {
      await new Promise<void>((resolve, reject) => { (out as fs.WriteStream).end(resolve); out.once('error', reject); });
      console.error(`Đã xuất ${formatInt(n)} hồ sơ ra ${values.out}.`);
    }
    await audit(database.db, commandLineActor(), { action: 'export', objectType: 'case', detail: { channel: 'cli', format, rows: n, types, statuses, overdue: values.overdue ?? false } });
    return 0;
  });
}
