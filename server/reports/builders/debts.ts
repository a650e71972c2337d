/**
 * The debt and evasion list: the units late with or evading contributions (findings DN_CHAM_DONG, DN_TRON_DONG of the
 * latest run, new or in progress) — the enforcement list of today (server/reconcile/export.ts reads the same
 * findingBatches) with its months, arrears, interest and reminders, inside the report catalogue.
 */
import type { Block, Cell, ReportDocument } from '../model.ts';
import { findingBatches } from '../../reconcile/queries.ts';
import { exportLine } from '../../reconcile/presenters.ts';
import { formatInt, formatVnd } from '#shared/format.ts';
import { documentOf, heading, paragraph, type BuildContext } from './common.ts';

export const DEBT_CODES = ['DN_CHAM_DONG', 'DN_TRON_DONG'] as const;

export async function buildDebts(ctx: BuildContext): Promise<ReportDocument> {
  const communes = ctx.params.commune ? [ctx.params.commune] : null;
  const rows: Cell[][] = [];
  const byCommune = new Map<string, { name: string; units: number; arrears: number; interest: number }>();
  for await (const batch of findingBatches(ctx.database.db, { codes: [...DEBT_CODES], communes, statuses: ['new', 'open'], presentOnly: true })) {
    for (const f of batch) {
      const l = exportLine(f, ctx.viewer);
      const months = ((f.evidence?.months ?? []) as Array<{ remindedOn?: string | null }>);
      const reminded = months.map((m) => m.remindedOn).filter((d): d is string => !!d).sort().pop() ?? null;
      const arrears = Number(f.amounts?.arrears ?? f.amount_vnd ?? 0);
      const interest = Number(f.amounts?.interest ?? 0);
      rows.push([0, f.code === 'DN_TRON_DONG' ? 'Trốn đóng' : 'Chậm đóng', l.subject_name, l.subject_id, l.commune_name || l.commune_code, months.length, arrears, interest, reminded]);
      const c = byCommune.get(f.commune_code ?? '') ?? { name: l.commune_name || 'Chưa rõ xã, phường', units: 0, arrears: 0, interest: 0 };
      c.units++;
      c.arrears += arrears;
      c.interest += interest;
      byCommune.set(f.commune_code ?? '', c);
    }
  }
  await ctx.step(50);
  rows.sort((a, b) => Number(b[6]) - Number(a[6]) || String(a[3]).localeCompare(String(b[3])));
  rows.forEach((r, i) => (r[0] = i + 1));
  const src = [...ctx.src.reconcile(), ...ctx.src.batches('bhxh-don-vi', 'bhxh-thu')];
  const totalArrears = rows.reduce((a, r) => a + Number(r[6]), 0);
  const totalInterest = rows.reduce((a, r) => a + Number(r[7]), 0);
  const columns = [
    { header: 'STT', format: 'int' }, { header: 'Loại', format: 'text' }, { header: 'Đơn vị', format: 'text' }, { header: 'Mã đơn vị / mã số thuế', format: 'text' },
    { header: 'Xã, phường', format: 'text' }, { header: 'Số tháng nợ', format: 'int' }, { header: 'Số tiền nợ (đồng)', format: 'money' },
    { header: 'Lãi chậm đóng tạm tính (đồng)', format: 'money' }, { header: 'Đôn đốc gần nhất', format: 'date' },
  ] as const;
  const blocks: Block[] = [
    heading('I. TỔNG HỢP'),
    paragraph(`${formatInt(rows.length)} đơn vị còn nợ quá hạn (${formatInt(rows.filter((r) => r[1] === 'Trốn đóng').length)} đơn vị có dấu hiệu trốn đóng); tổng số tiền nợ ${formatVnd(totalArrears)}, lãi chậm đóng tạm tính ${formatVnd(totalInterest)}.`, src),
    {
      kind: 'table',
      title: 'Tổng hợp theo xã, phường',
      columns: [{ header: 'Xã, phường', format: 'text' }, { header: 'Số đơn vị', format: 'int' }, { header: 'Số tiền nợ (đồng)', format: 'money' }, { header: 'Lãi chậm đóng (đồng)', format: 'money' }],
      rows: [...byCommune.values()].sort((a, b) => b.arrears - a.arrears || a.name.localeCompare(b.name)).map((c) => [c.name, c.units, c.arrears, c.interest]),
      sources: src,
      annex: 'Theo xã, phường',
    },
    heading('II. DANH SÁCH ĐƠN VỊ'),
  ];
  const detail = { kind: 'table' as const, title: 'Danh sách đơn vị chậm đóng, trốn đóng (theo số tiền nợ)', columns: [...columns], sources: src, annex: 'Danh sách đơn vị' };
  if (rows.length <= 200) blocks.push({ ...detail, rows });
  else {
    // A long list goes whole into the annex; the body keeps the 50 largest debts.
    blocks.push({ ...detail, title: `50 đơn vị nợ nhiều nhất (đủ ${formatInt(rows.length)} đơn vị tại phụ lục "Danh sách đơn vị")`, rows: rows.slice(0, 50), annex: undefined });
    blocks.push({ ...detail, rows, annexOnly: true });
  }
  await ctx.step(80);
  return documentOf(ctx, blocks);
}
