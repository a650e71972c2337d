/**
 * Back-test of the year-end forecast on the demo province's history (npm run bench:forecast -- --holdout 3):
 *   1. a fresh database (embedded PGlite in a temporary folder, or a new database on the server when DATABASE_URL
 *      is set) loaded with the demo province exactly as `npm start` loads it (generate, import, reconcile, refresh);
 *   2. for every commune and the province, holds out the last k months of the monthly stock series, forecasts them
 *      with the dashboard's forecast function and settings from the months before, and prints the error at the
 *      last held-out month (k months ahead) per commune: absolute error, MAE and MAPE over the communes, next to
 *      the naive forecast "the stock stays where it is" as a yardstick;
 *   3. checks the dashboard's current forecasts: how many communes are forecast below their last actual, and
 *      whether each of those has a downward trend.
 * Options: --holdout K (default 3), --scale S (default the demo's, BAOPHU_DEMO_SCALE or 0.01), --series total|voluntary.
 */
import { parseArgs } from 'node:util';
import { migrate } from '../server/db/migrate.ts';
import { forecastYearEnd, monthIndex, periodOf } from '#shared/targets/forecast.ts';
import { formatDecimal, formatInt, formatPeriod } from '#shared/format.ts';
import { openScratchDatabase } from './scratch-db.ts';

const { values } = parseArgs({ options: { holdout: { type: 'string', default: '3' }, scale: { type: 'string' }, series: { type: 'string', default: 'total' } } });
if (values.scale) process.env.BAOPHU_DEMO_SCALE = values.scale;
const holdout = Number(values.holdout);
const column = values.series === 'voluntary' ? 'active_voluntary' : 'active_total';
if (!(holdout >= 1 && holdout <= 12)) throw new Error('--holdout phải từ 1 đến 12');


const { database, cleanup } = await openScratchDatabase('forecast');
try {
  await migrate(database.pool);
  const { ensureDemoData, DEMO_SCALE } = await import('../server/demo/load.ts');
  await ensureDemoData(database, () => undefined);
  const { loadProgressSettings } = await import('../server/targets/progress.ts');
  const units = (await database.pool.query(`SELECT c.code, c.name FROM commune c WHERE c.province_code = '19' UNION ALL SELECT '19', 'Toàn tỉnh' ORDER BY 1`)).rows as Array<{ code: string; name: string }>;
  const rows = (await database.pool.query(`SELECT unit_code, period::text AS period, ${column} AS value FROM progress_monthly ORDER BY unit_code, period`)).rows as Array<{ unit_code: string; period: string; value: number }>;
  const byUnit = new Map<string, Array<{ period: string; value: number }>>();
  for (const r of rows) byUnit.set(r.unit_code, [...(byUnit.get(r.unit_code) ?? []), { period: r.period.slice(0, 10), value: Number(r.value) }]);
  const last = rows.reduce((m, r) => (r.period > m ? r.period.slice(0, 10) : m), '');
  const settings = await loadProgressSettings(database.db, `${last.slice(0, 4)}-12-31`);
  const origin = periodOf(monthIndex(last) - holdout);
  const opts = { interval: settings.interval, trendMonths: settings.trendMonths, until: last };

  console.log(`Tỉnh mẫu quy mô ${DEMO_SCALE}, CSDL ${database.engine}; chuỗi ${column === 'active_total' ? 'tổng số người tham gia' : 'người tham gia tự nguyện'}, ${byUnit.get('19')?.length ?? 0} tháng đến ${formatPeriod(last)}.`);
  console.log(`Giữ lại ${holdout} tháng cuối: dự báo từ số liệu đến ${formatPeriod(origin)} cho ${formatPeriod(last)} (xu hướng ${settings.trendMonths} tháng, cùng hàm dự báo của trang Tổng quan).\n`);
  console.log(['Mã', 'Xã/phường'.padEnd(28), 'Thực tế', 'Dự báo', 'Sai số', 'Sai số %', 'Giữ nguyên', 'Sai số %'].join('\t'));

  const errors: Array<{ abs: number; pct: number | null; naiveAbs: number; naivePct: number | null; province: boolean }> = [];
  for (const u of units) {
    const series = byUnit.get(u.code) ?? [];
    const known = series.filter((p) => p.period <= origin);
    const actual = series.find((p) => p.period === last);
    if (!known.length || !actual) continue;
    const f = forecastYearEnd(known.filter((p) => monthIndex(p.period) > monthIndex(origin) - settings.trendMonths), opts)!;
    const naive = known[known.length - 1].value;
    const abs = Math.abs(f.point - actual.value);
    const naiveAbs = Math.abs(naive - actual.value);
    const pct = actual.value > 0 ? (abs / actual.value) * 100 : null;
    const naivePct = actual.value > 0 ? (naiveAbs / actual.value) * 100 : null;
    errors.push({ abs, pct, naiveAbs, naivePct, province: u.code === '19' });
    const show = (x: number | null) => (x == null ? '—' : `${formatDecimal(x, 1)} %`);
    console.log([u.code, u.name.padEnd(28), formatInt(actual.value), formatDecimal(f.point, 1), formatDecimal(abs, 1), show(pct), formatInt(naive), show(naivePct)].join('\t'));
  }
  const communes = errors.filter((e) => !e.province);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const withPct = communes.filter((e) => e.pct != null);
  console.log(`\nSai số theo xã (${communes.length} xã, dự báo ${holdout} tháng trước):`);
  console.log(`  Dự báo của hệ thống: MAE ${formatDecimal(mean(communes.map((e) => e.abs)), 2)} người, MAPE ${formatDecimal(mean(withPct.map((e) => e.pct!)), 2)} %`);
  console.log(`  Giữ nguyên số tháng gốc: MAE ${formatDecimal(mean(communes.map((e) => e.naiveAbs)), 2)} người, MAPE ${formatDecimal(mean(withPct.map((e) => e.naivePct!)), 2)} %`);
  const p = errors.find((e) => e.province);
  if (p) console.log(`  Toàn tỉnh: sai số ${formatDecimal(p.abs, 1)} người (${formatDecimal(p.pct ?? NaN, 2)} %), giữ nguyên: ${formatDecimal(p.naiveAbs, 1)} người`);

  // The dashboard's current forecasts against the last actual.
  const summary = (await database.pool.query(`SELECT unit_code, row FROM progress_summary WHERE year = $1 AND unit_code <> '19'`, [Number(last.slice(0, 4))])).rows as Array<{ unit_code: string; row: { activeTotal: number | null; forecast: { total: number | null } } }>;
  let below = 0;
  let belowWithoutDownTrend = 0;
  for (const s of summary) {
    const row = typeof s.row === 'string' ? JSON.parse(s.row) : s.row;
    if (row.activeTotal == null || row.forecast.total == null || row.forecast.total >= row.activeTotal) continue;
    below++;
    const series = (byUnit.get(s.unit_code) ?? []).filter((x) => monthIndex(x.period) > monthIndex(last) - settings.trendMonths);
    const f = forecastYearEnd(series, { interval: settings.interval, trendMonths: settings.trendMonths });
    if (column === 'active_total' && f && f.slopePerMonth >= 0) belowWithoutDownTrend++;
  }
  console.log(`\nDự báo cuối năm ${last.slice(0, 4)} thấp hơn số hiện tại: ${below} / ${summary.length} xã` + (column === 'active_total' ? ` (trong đó xu hướng không giảm: ${belowWithoutDownTrend}).` : '.'));

  // One path: the simulator's no-top-up baseline of the forecast year against the overview's voluntary forecast.
  const { loadRuleBook } = await import('../server/calc/rules.ts');
  const { runSimulations } = await import('../server/calc/simulation.ts');
  const book = await loadRuleBook(database.db);
  const year = Number(last.slice(0, 4));
  const [sim] = await runSimulations(database.db, book, null, `${year}-12-01`, [{ name: 'Không hỗ trợ thêm', topup: { poor: 0, near_poor: 0, ethnic_minority: 0, other: 0 }, maternity_topup: 0, year_from: year, year_to: year, uptake: {} }]);
  const province = (await database.pool.query(`SELECT row FROM progress_summary WHERE year = $1 AND unit_code = '19'`, [year])).rows[0]?.row;
  const provinceRow = typeof province === 'string' ? JSON.parse(province) : province;
  console.log(`Người tham gia tự nguyện cuối năm ${year} khi không hỗ trợ thêm: mô phỏng ${formatInt(sim.years[0].baseline_participants)}, trang Tổng quan dự báo ${formatInt(provinceRow?.forecast?.voluntary)}.`);
} finally {
  await cleanup();
}
