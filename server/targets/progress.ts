/**
 * Progress per commune and for the province: actual stocks (from progress_monthly), targets,
 * working-age labour force, coverage, year-end forecast and status. Reads only small pre-aggregated
 * tables, never person-level ones.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { forecastYearEnd, statusOf, worstStatus, monthIndex, periodOf, type Forecast } from '#shared/targets/forecast.ts';
import { PROVINCE_CODE } from '#shared/province.ts';
import { loadRuleBook } from '../calc/rules.ts';
import type { TargetFigures, ProgressRow } from '#shared/api/targets.ts';

export { PROVINCE_CODE };

export interface ProgressSettings {
  interval: number;
  trendMonths: number;
  windowMonths: number;
  /** The legal_param rows used (key → source), so a figure can say which rule produced it. */
  rules: Array<{ key: string; value: number; source: string; effectiveFrom: string }>;
}

const SETTING_KEYS = {
  interval: 'progress.forecast_interval',
  trendMonths: 'progress.trend_months',
  windowMonths: 'progress.snapshot_window_months',
} as const;

/** The forecast/stock settings in force on `onDate` ('YYYY-MM-DD'), from legal_param through the rule book. */
export async function loadProgressSettings(db: Kysely<DB>, onDate: string): Promise<ProgressSettings> {
  const book = await loadRuleBook(db);
  const pick = (key: string) => {
    const rule = book.find(key, onDate);
    if (!rule) throw new Error(`Thiếu tham số "${key}" hiệu lực ngày ${onDate} trong bảng legal_param.`);
    return rule;
  };
  const used = Object.values(SETTING_KEYS).map(pick);
  return {
    interval: pick(SETTING_KEYS.interval).value,
    trendMonths: pick(SETTING_KEYS.trendMonths).value,
    windowMonths: pick(SETTING_KEYS.windowMonths).value,
    rules: used.map((r) => ({ key: r.key, value: r.value, source: r.source, effectiveFrom: r.effectiveFrom })),
  };
}

export type { TargetFigures, ProgressRow } from '#shared/api/targets.ts';

export interface MonthlyRow {
  unit_code: string;
  period: string;
  active_total: number;
  active_mandatory: number;
  active_voluntary: number;
  active_unemployment: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Effective target lines of a year: unit code → figures (province line under '19'). */
export async function loadTargets(db: Kysely<DB>, year: number): Promise<Map<string, TargetFigures>> {
  const rows = await db
    .selectFrom('target_effective_line')
    .selectAll()
    .where('year', '=', year)
    .execute();
  const out = new Map<string, TargetFigures>();
  for (const r of rows) {
    // A province set only speaks for '19', a commune set only for communes.
    if ((r.level === 'province') !== (r.unit_code === PROVINCE_CODE)) continue;
    out.set(r.unit_code, {
      total: r.target_total, voluntary: r.target_voluntary, mandatory: r.target_mandatory, unemployment: r.target_unemployment,
      status: r.status, version: r.version, basis: r.basis, basisDate: r.basis_date,
    });
  }
  return out;
}

/** Working-age labour force per commune for a year: that year's figure, else the latest earlier, else the earliest later. */
export async function loadLabourForce(db: Kysely<DB>, year: number): Promise<Map<string, { value: number; year: number }>> {
  const rows = await sql<{ commune_code: string; year: number; labour_force_working_age: number }>`
    SELECT DISTINCT ON (commune_code) commune_code, year, labour_force_working_age
    FROM cur_lao_dong
    ORDER BY commune_code, (year <= ${year}) DESC, CASE WHEN year <= ${year} THEN -year ELSE year END, batch_id DESC
  `.execute(db);
  return new Map(rows.rows.map((r) => [r.commune_code, { value: Number(r.labour_force_working_age), year: Number(r.year) }]));
}

const emptyTarget = (): TargetFigures => ({ total: null, voluntary: null, mandatory: null, unemployment: null, status: null, version: null, basis: null, basisDate: null });

/**
 * Computes one row per commune plus the province row for `year`, as of `month` (1–12) or the
 * year's latest month with data.
 */
export async function computeProgress(db: Kysely<DB>, options: { year: number; month?: number; settings?: ProgressSettings }): Promise<{ asOfPeriod: string | null; rows: ProgressRow[]; settings: ProgressSettings }> {
  const { year } = options;
  const settings = options.settings ?? (await loadProgressSettings(db, `${year}-12-31`));
  const lastMonth = options.month
    ? `${year}-${String(options.month).padStart(2, '0')}-01`
    : (
        await db.selectFrom('progress_monthly').select((eb) => eb.fn.max('period').as('p'))
          .where('period', '>=', `${year}-01-01`).where('period', '<=', `${year}-12-01`).executeTakeFirst()
      )?.p ?? null;
  const asOfPeriod = lastMonth && (await db.selectFrom('progress_monthly').select('period').where('period', '=', lastMonth).limit(1).executeTakeFirst()) ? lastMonth : null;

  const communes = await db.selectFrom('commune').select(['code', 'name']).where('province_code', '=', PROVINCE_CODE).orderBy('code').execute();
  const province = await db.selectFrom('province').select('name').where('code', '=', PROVINCE_CODE).executeTakeFirst();
  const targets = await loadTargets(db, year);
  const labour = await loadLabourForce(db, year);

  // The series used for the forecast: the trend window before and including the as-of month, plus
  // December of the previous year and the same month last year.
  const monthly = new Map<string, MonthlyRow[]>();
  if (asOfPeriod) {
    const asOf = monthIndex(asOfPeriod);
    const from = periodOf(Math.min(asOf - settings.trendMonths + 1, asOf - 12, year * 12 - 1));
    const rows = await db.selectFrom('progress_monthly')
      .select(['unit_code', 'period', 'active_total', 'active_mandatory', 'active_voluntary', 'active_unemployment'])
      .where('period', '>=', from).where('period', '<=', asOfPeriod).orderBy('unit_code').orderBy('period').execute();
    for (const r of rows) {
      const list = monthly.get(r.unit_code) ?? [];
      list.push(r);
      monthly.set(r.unit_code, list);
    }
  }

  const units = [...communes.map((c) => ({ code: c.code, name: c.name })), { code: PROVINCE_CODE, name: `Tỉnh ${province?.name ?? ''}`.trim() }];
  const provinceLabour = communes.every((c) => labour.has(c.code)) && communes.length > 0
    ? { value: communes.reduce((a, c) => a + labour.get(c.code)!.value, 0), year: Math.max(...communes.map((c) => labour.get(c.code)!.year)) }
    : communes.some((c) => labour.has(c.code))
      ? { value: communes.reduce((a, c) => a + (labour.get(c.code)?.value ?? 0), 0), year: Math.max(...communes.filter((c) => labour.has(c.code)).map((c) => labour.get(c.code)!.year)) }
      : null;

  const rows: ProgressRow[] = units.map((u) => {
    const series = monthly.get(u.code) ?? [];
    const at = (period: string) => series.find((r) => r.period === period) ?? null;
    const now = asOfPeriod ? at(asOfPeriod) : null;
    const lastYear = asOfPeriod ? at(periodOf(monthIndex(asOfPeriod) - 12)) : null;
    const december = at(`${year - 1}-12-01`);
    const lf = u.code === PROVINCE_CODE ? provinceLabour : labour.get(u.code) ?? null;
    const target = targets.get(u.code) ?? emptyTarget();
    const trend = asOfPeriod ? series.filter((r) => monthIndex(r.period) > monthIndex(asOfPeriod) - settings.trendMonths) : [];
    const opts = { interval: settings.interval, trendMonths: settings.trendMonths };
    const fTotal: Forecast | null = now ? forecastYearEnd(trend.map((r) => ({ period: r.period, value: r.active_total })), opts) : null;
    const fVol: Forecast | null = now ? forecastYearEnd(trend.map((r) => ({ period: r.period, value: r.active_voluntary })), opts) : null;
    const statusTotal = statusOf(now?.active_total ?? null, fTotal, target.total);
    const statusVoluntary = statusOf(now?.active_voluntary ?? null, fVol, target.voluntary);
    return {
      unitCode: u.code,
      unitName: u.name,
      year,
      asOfPeriod: now ? asOfPeriod : null,
      target,
      activeTotal: now?.active_total ?? null,
      activeMandatory: now?.active_mandatory ?? null,
      activeVoluntary: now?.active_voluntary ?? null,
      activeUnemployment: now?.active_unemployment ?? null,
      labourForceWorkingAge: lf?.value ?? null,
      labourForceYear: lf?.year ?? null,
      coveragePct: now && lf && lf.value > 0 ? round(((now.active_mandatory + now.active_voluntary) / lf.value) * 100, 2) : null,
      netNewSinceJanuary: now && december ? now.active_total - december.active_total : null,
      activeTotalLastYear: lastYear?.active_total ?? null,
      activeVoluntaryLastYear: lastYear?.active_voluntary ?? null,
      forecast: {
        total: fTotal ? Math.round(fTotal.point) : null,
        totalLower: fTotal ? Math.round(fTotal.lower) : null,
        totalUpper: fTotal ? Math.round(fTotal.upper) : null,
        voluntary: fVol ? Math.round(fVol.point) : null,
        voluntaryLower: fVol ? Math.round(fVol.lower) : null,
        voluntaryUpper: fVol ? Math.round(fVol.upper) : null,
        method: fTotal?.method ?? null,
        months: fTotal?.months ?? null,
        path: fTotal ? fTotal.path.map((p) => ({ period: p.period, point: Math.round(p.point), lower: Math.round(p.lower), upper: Math.round(p.upper) })) : [],
      },
      statusTotal,
      statusVoluntary,
      status: worstStatus(statusTotal, statusVoluntary),
      attainmentPct: fTotal && target.total ? round((fTotal.point / target.total) * 100, 1) : null,
      rank: null,
    };
  });

  const ranked = rows.filter((r) => r.unitCode !== PROVINCE_CODE && r.attainmentPct != null).sort((a, b) => b.attainmentPct! - a.attainmentPct! || a.unitCode.localeCompare(b.unitCode));
  ranked.forEach((r, i) => (r.rank = i + 1));
  return { asOfPeriod, rows, settings };
}
