/**
 * The outreach list: the potential voluntary participants per commune as the outreach export gives them today (the
 * same query, server/reconcile/export.ts outreachBatches, and the same line, outreachLine). For one commune the whole
 * list; for the province the count per commune (a province-wide list runs to hundreds of thousands of people: make
 * one report per commune).
 */
import type { Block, Cell, ReportDocument } from '../model.ts';
import { outreachBatches } from '../../reconcile/export.ts';
import { OUTREACH_HEADERS, outreachLine } from '../../reconcile/presenters.ts';
import { formatInt } from '#shared/format.ts';
import { documentOf, heading, paragraph, type BuildContext } from './common.ts';

export async function buildOutreach(ctx: BuildContext): Promise<ReportDocument> {
  const src = [...ctx.src.reconcile(), ...ctx.src.batches('dan-cu', 'ho-ngheo', 'bhxh-nguoi')];
  const blocks: Block[] = [];
  if (ctx.params.commune) {
    const rows: Cell[][] = [];
    for await (const batch of outreachBatches(ctx.database.db, [ctx.params.commune])) for (const f of batch) rows.push(outreachLine(rows.length + 1, f, ctx.viewer));
    await ctx.step(50);
    blocks.push(paragraph(`${formatInt(rows.length)} người có thể vận động tham gia BHXH tự nguyện.`, src));
    blocks.push({
      kind: 'table',
      title: 'Danh sách người có thể vận động tham gia BHXH tự nguyện',
      columns: OUTREACH_HEADERS.map((h, i) => ({ header: h, format: i === 0 ? 'int' : h.startsWith('Mức đóng') ? 'money' : 'text' })),
      rows,
      sources: src,
      annex: 'Danh sách vận động',
    });
  } else {
    const counts = new Map<string, { code: string; name: string; n: number }>();
    for await (const batch of outreachBatches(ctx.database.db, null)) {
      for (const f of batch) {
        const c = counts.get(f.commune_code ?? '') ?? { code: f.commune_code ?? '', name: f.commune_name ?? 'Chưa rõ xã, phường', n: 0 };
        c.n++;
        counts.set(c.code, c);
      }
    }
    await ctx.step(50);
    const rows = [...counts.values()].sort((a, b) => a.code.localeCompare(b.code));
    blocks.push(heading('Số người có thể vận động theo xã, phường'));
    blocks.push(paragraph(`Toàn tỉnh có ${formatInt(rows.reduce((a, r) => a + r.n, 0))} người có thể vận động tham gia BHXH tự nguyện. Danh sách từng người: lập báo cáo này cho từng xã, phường.`, src));
    blocks.push({
      kind: 'table',
      title: 'Số người có thể vận động tham gia BHXH tự nguyện theo xã, phường',
      columns: [{ header: 'Mã xã', format: 'text' }, { header: 'Xã, phường', format: 'text' }, { header: 'Số người', format: 'int' }],
      rows: rows.map((r) => [r.code, r.name, r.n]),
      sources: src,
      annex: 'Theo xã, phường',
    });
  }
  await ctx.step(80);
  return documentOf(ctx, blocks);
}
