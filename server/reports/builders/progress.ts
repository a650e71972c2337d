/**
 * The monthly or quarterly progress report, for the province (Home Affairs, Social Security) or for one commune (the
 * commune chairman's): the same rows as `baophu progress` for the month (or the quarter's last month).
 */
import type { Block, ReportDocument } from '../model.ts';
import { monthlySeries } from '../../targets/dashboard.ts';
import { PROVINCE_CODE } from '../../targets/progress.ts';
import { formatInt } from '#shared/format.ts';
import { chart, documentOf, heading, mapChart, monthText, paragraph, trendChart, type BuildContext } from './common.ts';
import { findingsTable, forecastParagraph, headlineBlocks, progressRows, rankingTable, schemeTable } from './annual.ts';

export async function buildProgress(ctx: BuildContext): Promise<ReportDocument> {
  const { asOfPeriod, rows } = await progressRows(ctx);
  await ctx.step(30);
  const unit = ctx.params.commune ?? PROVINCE_CODE;
  const row = rows.find((r) => r.unitCode === unit);
  if (!row) throw new Error(`Không có dòng tiến độ của đơn vị ${unit}.`);
  const communes = rows.filter((r) => r.unitCode !== PROVINCE_CODE);
  const year = ctx.params.year;
  const series = await monthlySeries(ctx.database.db, [unit], `${year}-01-01`, asOfPeriod);
  const s = ctx.src;
  const blocks: Block[] = [];
  blocks.push(heading('I. KẾT QUẢ THỰC HIỆN'));
  blocks.push(...headlineBlocks(ctx, row, ctx.unitName));
  blocks.push(schemeTable(ctx, row, 'Theo loại hình'));
  if (row.netNewSinceJanuary != null) {
    blocks.push(paragraph(`Tăng (giảm) thực so với cuối năm ${year - 1}: ${formatInt(row.netNewSinceJanuary)} người.`, [...s.progress(), ...s.batches('bhxh-nguoi')]));
  }
  blocks.push(heading('II. DỰ BÁO VÀ ĐÁNH GIÁ'));
  blocks.push(forecastParagraph(ctx, row));
  if (ctx.params.commune && row.rank != null) {
    blocks.push(paragraph(`Xếp hạng theo tỷ lệ dự báo hoàn thành chỉ tiêu: thứ ${row.rank}/${communes.filter((r) => r.rank != null).length} xã, phường.`, [...s.progress(), ...s.targets()]));
  }
  blocks.push(chart(trendChart(`Số người tham gia BHXH của ${ctx.unitName}, chỉ tiêu và dự báo năm ${year}`, series, row), [...s.progress(), ...s.targets()]));
  blocks.push(chart(mapChart(`Tiến độ thực hiện chỉ tiêu của các xã, phường (${monthText(asOfPeriod)})`, communes), [...s.progress(), ...s.targets()]));
  await ctx.step(60);
  if (ctx.params.commune) {
    blocks.push(heading('III. CÁC TRƯỜNG HỢP CẦN XÁC MINH, VẬN ĐỘNG TRÊN ĐỊA BÀN'));
    blocks.push((await findingsTable(ctx, [ctx.params.commune], 'Phát hiện')).block);
  } else {
    blocks.push(heading('III. KẾT QUẢ THEO XÃ, PHƯỜNG'));
    blocks.push(rankingTable(ctx, communes));
  }
  await ctx.step(80);
  return documentOf(ctx, blocks);
}
