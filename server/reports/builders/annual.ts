/**
 * The annual assessment of Resolution 403/NQ-CP (Home Affairs, before 25 December): targets against actuals by
 * scheme, labour-force coverage, net growth and where it came from, the year-end forecast and the path to the plan's last year, the
 * communes ranked and those off track, findings by code, cases and amounts recovered, the top-up scenarios studied,
 * the bodies' duties and their status, and the obstacles and proposals of their reports. Figures come from the same
 * services as the dashboard and `baophu progress` (yearRows), `baophu findings` (countFindings), the cases' measures and
 * the follow-up board.
 */
import { sql } from 'kysely';
import type { Block, ReportDocument } from '../model.ts';
import { yearRows, monthlySeries } from '../../targets/dashboard.ts';
import { PROVINCE_CODE, type ProgressRow } from '../../targets/progress.ts';
import { PLAN_YEARS } from '#shared/province.ts';
import { countFindings } from '../../reconcile/queries.ts';
import { caseMeasures } from '../../cases/queries.ts';
import { board } from '../../directive/service.ts';
import { FINDINGS } from '#shared/vocabulary.ts';
import { FINDING_CODES, type FindingCode } from '#shared/auth/roles.ts';
import { FORECAST_METHOD_LABELS, monthIndex } from '#shared/targets/forecast.ts';
import { STATE_LABELS } from '#shared/directive/calendar.ts';
import { formatInt, formatPct, formatVnd, formatDate } from '#shared/format.ts';
import { asOfMonth } from '../kinds.ts';
import { Sources } from '../sources.ts';
import { chart, documentOf, heading, mapChart, monthText, paragraph, pctOf, statusText, trendChart, type BuildContext } from './common.ts';

export class NoDataError extends Error {}

/** The rows of `baophu progress` for the report's year and month (the same function, so the same figures). */
export async function progressRows(ctx: BuildContext) {
  const { asOfPeriod, rows } = await yearRows(ctx.database.db, ctx.params.year, asOfMonth(ctx.params));
  if (!asOfPeriod || rows.every((r) => r.activeTotal === null)) {
    throw new NoDataError(`Không có số liệu người tham gia ${asOfMonth(ctx.params) ? `tháng ${String(asOfMonth(ctx.params)).padStart(2, '0')}/${ctx.params.year}` : `năm ${ctx.params.year}`}: hãy nhập tệp bhxh-nguoi của kỳ đó.`);
  }
  return { asOfPeriod, rows };
}

/** Targets against actuals by scheme for one unit's row. */
export function schemeTable(ctx: BuildContext, row: ProgressRow, annex?: string): Block {
  const s = ctx.src;
  const line = (label: string, target: number | null, actual: number | null, lastYear: number | null, forecast: number | null): Array<string | number | null> =>
    [label, target, actual, pctOf(actual, target), lastYear, forecast];
  return {
    kind: 'table',
    title: `Kết quả thực hiện chỉ tiêu theo loại hình (${monthText(row.asOfPeriod)})`,
    columns: [
      { header: 'Loại hình', format: 'text' }, { header: 'Chỉ tiêu năm (người)', format: 'int' }, { header: 'Thực hiện (người)', format: 'int' },
      { header: 'Tỷ lệ so với chỉ tiêu', format: 'percent' }, { header: 'Cùng kỳ năm trước (người)', format: 'int' }, { header: 'Dự báo cuối năm (người)', format: 'int' },
    ],
    rows: [
      line('BHXH bắt buộc', row.target.mandatory, row.activeMandatory, null, null),
      line('BHXH tự nguyện', row.target.voluntary, row.activeVoluntary, row.activeVoluntaryLastYear, row.forecast.voluntary),
      line('Bảo hiểm thất nghiệp', row.target.unemployment, row.activeUnemployment, null, null),
      line('Tổng số người tham gia BHXH', row.target.total, row.activeTotal, row.activeTotalLastYear, row.forecast.total),
    ],
    sources: [...s.progress(), ...s.targets(), ...s.batches('bhxh-nguoi', 'dan-cu')],
    annex,
  };
}

/** The headline sentence and coverage of one unit's row. */
export function headlineBlocks(ctx: BuildContext, row: ProgressRow, unit: string): Block[] {
  const s = ctx.src;
  return [
    paragraph(
      `Đến hết ${monthText(row.asOfPeriod)}, ${unit} có ${formatInt(row.activeTotal)} người tham gia BHXH (bắt buộc ${formatInt(row.activeMandatory)} người, ` +
      `tự nguyện ${formatInt(row.activeVoluntary)} người) và ${formatInt(row.activeUnemployment)} người tham gia bảo hiểm thất nghiệp` +
      (row.target.total ? `; bằng ${formatPct(pctOf(row.activeTotal, row.target.total))} chỉ tiêu năm ${row.year} (${formatInt(row.target.total)} người).` : '; chưa có chỉ tiêu năm được giao.'),
      [...s.progress(), ...s.targets(), ...s.batches('bhxh-nguoi')],
    ),
    paragraph(
      row.coveragePct != null
        ? `Tỷ lệ bao phủ BHXH so với lực lượng lao động trong độ tuổi: ${formatPct(row.coveragePct)} (lực lượng lao động trong độ tuổi ${formatInt(row.labourForceWorkingAge)} người, số liệu năm ${row.labourForceYear}).`
        : 'Chưa có số liệu lực lượng lao động trong độ tuổi (tệp lao-dong) để tính tỷ lệ bao phủ.',
      [...s.progress(), ...s.batches('lao-dong', 'bhxh-nguoi')],
    ),
  ];
}

/** The forecast paragraph of one unit's row. */
export function forecastParagraph(ctx: BuildContext, row: ProgressRow): Block {
  return paragraph(
    row.forecast.total != null
      ? `Dự báo đến hết năm ${row.year}: ${formatInt(row.forecast.total)} người tham gia BHXH (khoảng ${formatInt(row.forecast.totalLower)} – ${formatInt(row.forecast.totalUpper)} người; ` +
        `phương pháp: ${row.forecast.method ? FORECAST_METHOD_LABELS[row.forecast.method] : ''}), bằng ${formatPct(row.attainmentPct)} chỉ tiêu năm. Đánh giá: ${statusText(row.status)}.`
      : 'Chưa đủ số liệu để dự báo kết quả cuối năm.',
    [...ctx.src.progress(), ...ctx.src.targets()],
  );
}

/** The commune ranking as a table (the annex sheet "Xếp hạng xã, phường"). */
export function rankingTable(ctx: BuildContext, communes: ProgressRow[]): Block {
  const ordered = [...communes].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.unitCode.localeCompare(b.unitCode));
  return {
    kind: 'table',
    title: 'Xếp hạng các xã, phường theo tỷ lệ dự báo hoàn thành chỉ tiêu',
    columns: [
      { header: 'Hạng', format: 'int' }, { header: 'Xã, phường', format: 'text' }, { header: 'Mã', format: 'text' }, { header: 'Chỉ tiêu (người)', format: 'int' },
      { header: 'Thực hiện (người)', format: 'int' }, { header: 'Dự báo cuối năm (người)', format: 'int' }, { header: 'Dự báo so với chỉ tiêu', format: 'percent' }, { header: 'Đánh giá', format: 'text' },
    ],
    rows: ordered.map((r) => [r.rank, r.unitName, r.unitCode, r.target.total, r.activeTotal, r.forecast.total, r.attainmentPct, statusText(r.status)]),
    sources: [...ctx.src.progress(), ...ctx.src.targets()],
    annex: 'Xếp hạng xã, phường',
  };
}

/** Findings of the latest run by code: the same conditions as `baophu findings` (present in the latest run). */
export async function findingsTable(ctx: BuildContext, communes: string[] | null, annex?: string): Promise<{ block: Block; total: number }> {
  const counts = await countFindings(ctx.database.db, { communes, presentOnly: true });
  const byCode = new Map<string, { n: number; amount: number }>();
  for (const c of counts) {
    const x = byCode.get(c.code) ?? { n: 0, amount: 0 };
    x.n += c.count;
    x.amount += c.amountVnd;
    byCode.set(c.code, x);
  }
  const rows = FINDING_CODES.filter((c) => byCode.has(c)).map((c) => [c, FINDINGS[c as FindingCode].label, byCode.get(c)!.n, byCode.get(c)!.amount]);
  const total = rows.reduce((a, r) => a + Number(r[2]), 0);
  rows.push(['', 'Cộng', total, rows.reduce((a, r) => a + Number(r[3]), 0)]);
  return {
    total,
    block: {
      kind: 'table',
      title: 'Kết quả rà soát, đối soát dữ liệu theo loại phát hiện (đầu mối cần xác minh, không phải kết luận vi phạm)',
      columns: [{ header: 'Mã phát hiện', format: 'text' }, { header: 'Loại phát hiện', format: 'text' }, { header: 'Số trường hợp', format: 'int' }, { header: 'Số tiền liên quan (đồng)', format: 'money' }],
      rows,
      sources: [...ctx.src.reconcile()],
      annex,
    },
  };
}

export async function buildAnnual(ctx: BuildContext): Promise<ReportDocument> {
  const { db } = ctx.database;
  const s = ctx.src;
  const { asOfPeriod, rows } = await progressRows(ctx);
  await ctx.step(20);
  const province = rows.find((r) => r.unitCode === PROVINCE_CODE)!;
  const communes = rows.filter((r) => r.unitCode !== PROVINCE_CODE);
  const year = ctx.params.year;
  const series = await monthlySeries(db, [PROVINCE_CODE], `${year - 1}-12-01`, asOfPeriod);
  const blocks: Block[] = [];

  // I. Targets and actuals.
  blocks.push(heading('I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BHXH'));
  blocks.push(...headlineBlocks(ctx, province, 'toàn tỉnh'));
  blocks.push(schemeTable(ctx, province, 'Theo loại hình'));

  // Net growth and where it came from.
  blocks.push(heading('1. Tăng trưởng thực trong năm', 2));
  const dec = series.find((x) => x.period === `${year - 1}-12-01`);
  const now = series.find((x) => x.period === asOfPeriod);
  const diff = (a: number | undefined, b: number | undefined) => (a == null || b == null ? null : a - b);
  const signed = (n: number | null) => (n == null ? 'chưa có số liệu' : `${n >= 0 ? 'tăng' : 'giảm'} ${formatInt(Math.abs(n))} người`);
  blocks.push(paragraph(
    dec && now
      ? `So với cuối tháng 12/${year - 1}, tổng số người tham gia ${signed(diff(now.total, dec.total))}: BHXH bắt buộc ${signed(diff(now.mandatory, dec.mandatory))}, ` +
        `BHXH tự nguyện ${signed(diff(now.voluntary, dec.voluntary))}; bảo hiểm thất nghiệp ${signed(diff(now.unemployment, dec.unemployment))}.`
      : `Chưa có số liệu tháng 12/${year - 1} để tính tăng trưởng thực trong năm.`,
    [...s.progress(), ...s.batches('bhxh-nguoi')],
  ));
  const growth = communes.filter((r) => r.netNewSinceJanuary != null).sort((a, b) => b.netNewSinceJanuary! - a.netNewSinceJanuary! || a.unitCode.localeCompare(b.unitCode));
  blocks.push({
    kind: 'table',
    title: 'Tăng trưởng thực theo xã, phường (so với cuối năm trước)',
    columns: [{ header: 'Xã, phường', format: 'text' }, { header: 'Mã', format: 'text' }, { header: 'Tăng (giảm) thực (người)', format: 'int' }, { header: 'Thực hiện (người)', format: 'int' }],
    rows: growth.map((r) => [r.unitName, r.unitCode, r.netNewSinceJanuary, r.activeTotal]),
    sources: [...s.progress(), ...s.batches('bhxh-nguoi', 'dan-cu')],
    annex: 'Tăng trưởng theo xã',
  });

  // Forecast and the path to the plan's last year.
  blocks.push(heading(`2. Dự báo cuối năm và lộ trình đến năm ${PLAN_YEARS.max}`, 2));
  blocks.push(forecastParagraph(ctx, province));
  blocks.push(chart(trendChart(`Số người tham gia BHXH toàn tỉnh, chỉ tiêu và dự báo năm ${year}`, series.filter((x) => x.period >= `${year}-01-01`), province), [...s.progress(), ...s.targets()]));
  const path = await db.selectFrom('target_effective_line').select(['year', 'target_total', 'target_voluntary'])
    .where('unit_code', '=', PROVINCE_CODE).where('level', '=', 'province').where('year', '>=', year).where('year', '<=', PLAN_YEARS.max).orderBy('year').execute();
  const base = province.forecast.total ?? province.activeTotal;
  const monthsFrom = monthIndex(asOfPeriod);
  blocks.push({
    kind: 'table',
    title: `Lộ trình đến năm ${PLAN_YEARS.max} (chỉ tiêu của tỉnh theo năm)`,
    columns: [{ header: 'Năm', format: 'text' }, { header: 'Chỉ tiêu tổng số (người)', format: 'int' }, { header: 'Chỉ tiêu tự nguyện (người)', format: 'int' }, { header: 'Mức tăng bình quân cần đạt (người/tháng)', format: 'int' }],
    rows: path.map((p) => {
      const months = (p.year * 12 + 11) - monthsFrom;
      return [String(p.year), p.target_total, p.target_voluntary, base != null && months > 0 ? Math.max(0, Math.round((p.target_total - (province.activeTotal ?? 0)) / months)) : null];
    }),
    sources: [...s.targets(), ...s.progress()],
    annex: `Lộ trình ${PLAN_YEARS.max}`,
  });
  if (!path.some((p) => p.year === PLAN_YEARS.max)) blocks.push(paragraph(`Chưa có chỉ tiêu năm ${PLAN_YEARS.max} của tỉnh trong hệ thống; lộ trình trên chỉ gồm các năm đã có chỉ tiêu.`, s.targets()));
  await ctx.step(40);

  // II. Communes.
  blocks.push(heading('II. KẾT QUẢ THEO XÃ, PHƯỜNG'));
  const byStatus = (st: string) => communes.filter((r) => r.status === st);
  const off = byStatus('off_track').sort((a, b) => (a.attainmentPct ?? 0) - (b.attainmentPct ?? 0));
  blocks.push(paragraph(
    `Trong ${communes.length} xã, phường: ${byStatus('on_track').length} đạt tiến độ, ${byStatus('at_risk').length} có nguy cơ không đạt, ${off.length} không đạt tiến độ, ` +
    `${communes.filter((r) => !r.status).length} chưa có chỉ tiêu hoặc chưa đủ số liệu.` +
    (off.length ? ` Các xã, phường không đạt tiến độ: ${off.map((r) => `${r.unitName} (${formatPct(r.attainmentPct)})`).join(', ')}.` : ''),
    [...s.progress(), ...s.targets()],
  ));
  blocks.push(chart(mapChart(`Tiến độ thực hiện chỉ tiêu của các xã, phường (${monthText(asOfPeriod)})`, communes), [...s.progress(), ...s.targets()]));
  blocks.push(rankingTable(ctx, communes));
  await ctx.step(55);

  // III. Findings, cases, scenarios.
  blocks.push(heading('III. RÀ SOÁT, ĐỐI SOÁT DỮ LIỆU VÀ XỬ LÝ VI PHẠM'));
  const findings = await findingsTable(ctx, null, 'Phát hiện');
  blocks.push(paragraph(
    s.ids.reconcileRun
      ? `Lần đối soát số ${s.ids.reconcileRun.id} (tính đến ngày ${formatDate(s.ids.reconcileRun.asOf)}) nêu ${formatInt(findings.total)} trường hợp cần xác minh, xử lý (chi tiết theo loại tại bảng dưới).`
      : 'Chưa có lần đối soát dữ liệu nào hoàn thành.',
    s.reconcile(),
  ));
  blocks.push(findings.block);
  const measures = await caseMeasures(ctx.database, null);
  const types = await db.selectFrom('case_type').select(['code', 'label']).orderBy('position').execute();
  const caseSource = [Sources.table('Hồ sơ xử lý (bảng work_case) của BaoPhu', 'table:work_case')];
  const caseRows = types.map((t) => {
    const st = measures.byStage.filter((x: { case_type: string }) => x.case_type === t.code);
    const opened = st.reduce((a: number, x: { n: number }) => a + Number(x.n), 0);
    const closed = st.filter((x: { status: string }) => x.status !== 'open').reduce((a: number, x: { n: number }) => a + Number(x.n), 0);
    const rec = measures.recovered.find((x: { case_type: string }) => x.case_type === t.code);
    return [t.label, opened, closed, opened - closed, rec ? Number(rec.recovered) : 0];
  });
  const totalOpened = caseRows.reduce((a, r) => a + Number(r[1]), 0);
  const totalClosed = caseRows.reduce((a, r) => a + Number(r[2]), 0);
  const recovered = caseRows.reduce((a, r) => a + Number(r[4]), 0);
  blocks.push(paragraph(`Đã mở ${formatInt(totalOpened)} hồ sơ xử lý, đã kết thúc ${formatInt(totalClosed)} hồ sơ; số tiền đã thu hồi, khắc phục ${formatVnd(recovered)}.`, caseSource));
  blocks.push({
    kind: 'table',
    title: 'Hồ sơ xử lý theo loại',
    columns: [{ header: 'Loại hồ sơ', format: 'text' }, { header: 'Đã mở', format: 'int' }, { header: 'Đã kết thúc', format: 'int' }, { header: 'Đang xử lý', format: 'int' }, { header: 'Đã thu hồi (đồng)', format: 'money' }],
    rows: caseRows,
    sources: caseSource,
    annex: 'Hồ sơ xử lý',
  });
  const scenarios = await sql<{ name: string; updated_at: string }>`SELECT name, updated_at::date::text AS updated_at FROM calc_scenario WHERE province_code = ${PROVINCE_CODE} ORDER BY updated_at DESC, id LIMIT 20`.execute(db);
  blocks.push(paragraph(
    scenarios.rows.length
      ? `Các phương án hỗ trợ thêm tiền đóng BHXH tự nguyện đã nghiên cứu: ${scenarios.rows.map((x) => `${x.name} (${formatDate(x.updated_at)})`).join('; ')}.`
      : 'Chưa có phương án hỗ trợ thêm tiền đóng BHXH tự nguyện nào được lưu.',
    [Sources.table('Phương án hỗ trợ đã lưu (bảng calc_scenario) của BaoPhu', 'table:calc_scenario')],
  ));
  await ctx.step(70);

  // IV. Duties.
  blocks.push(heading('IV. THỰC HIỆN NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ'));
  const asOf = ctx.today < `${year}-12-31` ? ctx.today : `${year}-12-31`;
  const b = await board(db, null, year, asOf);
  const dutySource = [Sources.table(`Báo cáo thực hiện nhiệm vụ của các cơ quan năm ${year} (bảng directive_report), tính đến ngày ${formatDate(asOf)}`, `table:directive_report:${year}`)];
  blocks.push({
    kind: 'table',
    title: `Tình hình báo cáo thực hiện nhiệm vụ theo cơ quan (đến ngày ${formatDate(asOf)})`,
    columns: [{ header: 'Cơ quan, đơn vị', format: 'text' }, { header: 'Báo cáo phải gửi trong năm', format: 'int' }, { header: 'Đã đến hạn', format: 'int' }, { header: 'Đúng hạn', format: 'int' }, { header: 'Chậm', format: 'int' }, { header: `${STATE_LABELS.overdue}`, format: 'int' }, { header: 'Đã chấp nhận', format: 'int' }],
    rows: b.bodies.map((x) => [x.agencyName, x.expected, x.due, x.onTime, x.late, x.overdue, x.accepted]),
    sources: dutySource,
    annex: 'Nhiệm vụ các cơ quan',
  });

  // V. Obstacles and proposals.
  blocks.push(heading('V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT'));
  if (b.issues.length === 0) blocks.push(paragraph(`Trong các báo cáo năm ${year}, chưa có cơ quan, đơn vị nào nêu khó khăn, vướng mắc hoặc kiến nghị.`, dutySource));
  for (const i of b.issues) {
    const parts = [i.obstacles ? `khó khăn, vướng mắc: ${i.obstacles}` : '', i.proposals ? `kiến nghị: ${i.proposals}` : ''].filter(Boolean).join('; ');
    blocks.push(paragraph(`- ${i.agency_name} (kỳ ${i.period}): ${parts}.`, dutySource));
  }
  await ctx.step(80);
  return documentOf(ctx, blocks);
}
