/**
 * Dashboard data: the province overview and the commune page, scoped to the user's communes on the
 * server. Reads the pre-aggregated progress_summary / progress_monthly only.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionUser } from '../auth/policies.ts';
import { communeFilter } from '../auth/policies.ts';
import { computeProgress, loadProgressSettings, PROVINCE_CODE, type ProgressRow } from './progress.ts';
import { statusOf, worstStatus, STATUS_RULE, FORECAST_METHOD_LABELS, forecastHelp, type ProgressStatus } from '#shared/targets/forecast.ts';
import { presentRow, presentCompactRow } from './presenters.ts';
import type { CommuneProgress, MethodNotes, OverviewAnswer, ProgressRunInfo, SeriesPoint } from '#shared/api/targets.ts';

export async function availableYears(db: Kysely<DB>): Promise<number[]> {
  const r = await db.selectFrom('progress_summary').select('year').distinct().orderBy('year').execute();
  return r.map((x) => x.year);
}

/** Rows of a year: the stored summary for the default month, computed on the fly for another month. */
export async function yearRows(db: Kysely<DB>, year: number, month?: number): Promise<{ asOfPeriod: string | null; rows: ProgressRow[] }> {
  const stored = await db.selectFrom('progress_summary').select(['unit_code', 'as_of_period', 'row']).where('year', '=', year).execute();
  const storedMonth = stored[0] ? Number(stored[0].as_of_period.slice(5, 7)) : null;
  if (stored.length && (month === undefined || month === storedMonth)) {
    return { asOfPeriod: stored[0].as_of_period, rows: stored.map((s) => s.row as ProgressRow) };
  }
  if (month === undefined && !stored.length) return { asOfPeriod: null, rows: [] };
  const computed = await computeProgress(db, { year, month });
  return { asOfPeriod: computed.asOfPeriod, rows: computed.rows };
}

const sumOrNull = (xs: Array<number | null>) => (xs.some((x) => x == null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0));

/**
 * One headline row for several communes (a commune account with more than one commune): sums of
 * stocks, targets and labour force, coverage recomputed, forecasts and bounds summed (the summed
 * bounds are wider than a joint interval: conservative), status recomputed from the sums.
 */
export function aggregateRows(rows: ProgressRow[], name: string, year: number): ProgressRow {
  const pick = <T,>(f: (r: ProgressRow) => T) => rows.map(f);
  const activeTotal = sumOrNull(pick((r) => r.activeTotal));
  const activeMandatory = sumOrNull(pick((r) => r.activeMandatory));
  const activeVoluntary = sumOrNull(pick((r) => r.activeVoluntary));
  const lf = sumOrNull(pick((r) => r.labourForceWorkingAge));
  const targetTotal = sumOrNull(pick((r) => r.target.total));
  const targetVoluntary = sumOrNull(pick((r) => r.target.voluntary));
  const fTotal = sumOrNull(pick((r) => r.forecast.total));
  const fUpper = sumOrNull(pick((r) => r.forecast.totalUpper));
  const fVol = sumOrNull(pick((r) => r.forecast.voluntary));
  const fVolUpper = sumOrNull(pick((r) => r.forecast.voluntaryUpper));
  const statusTotal = fTotal != null && fUpper != null ? statusOf(activeTotal, { point: fTotal, upper: fUpper }, targetTotal) : null;
  const statusVoluntary = fVol != null && fVolUpper != null ? statusOf(activeVoluntary, { point: fVol, upper: fVolUpper }, targetVoluntary) : null;
  const statuses = pick((r) => r.target.status);
  return {
    unitCode: rows.map((r) => r.unitCode).join('+'),
    unitName: name,
    year,
    asOfPeriod: rows[0]?.asOfPeriod ?? null,
    target: {
      total: targetTotal, voluntary: targetVoluntary,
      mandatory: sumOrNull(pick((r) => r.target.mandatory)), unemployment: sumOrNull(pick((r) => r.target.unemployment)),
      status: statuses.every((s) => s === 'approved') ? 'approved' : statuses.some((s) => s === null) ? null : statuses.includes('draft') ? 'draft' : 'submitted',
      version: null, basis: null, basisDate: null,
    },
    activeTotal, activeMandatory, activeVoluntary,
    activeUnemployment: sumOrNull(pick((r) => r.activeUnemployment)),
    labourForceWorkingAge: lf,
    labourForceYear: rows.length ? Math.max(...rows.map((r) => r.labourForceYear ?? 0)) || null : null,
    coveragePct: lf && activeMandatory != null && activeVoluntary != null ? Math.round(((activeMandatory + activeVoluntary) / lf) * 10000) / 100 : null,
    netNewSinceJanuary: sumOrNull(pick((r) => r.netNewSinceJanuary)),
    activeTotalLastYear: sumOrNull(pick((r) => r.activeTotalLastYear)),
    activeVoluntaryLastYear: sumOrNull(pick((r) => r.activeVoluntaryLastYear)),
    forecast: {
      total: fTotal, totalLower: sumOrNull(pick((r) => r.forecast.totalLower)), totalUpper: fUpper,
      voluntary: fVol, voluntaryLower: sumOrNull(pick((r) => r.forecast.voluntaryLower)), voluntaryUpper: fVolUpper,
      method: rows[0]?.forecast.method ?? null, months: rows[0]?.forecast.months ?? null,
      path: (rows[0]?.forecast.path ?? []).map((p, i) => ({
        period: p.period,
        point: rows.reduce((a, r) => a + (r.forecast.path[i]?.point ?? 0), 0),
        lower: rows.reduce((a, r) => a + (r.forecast.path[i]?.lower ?? 0), 0),
        upper: rows.reduce((a, r) => a + (r.forecast.path[i]?.upper ?? 0), 0),
      })),
    },
    statusTotal, statusVoluntary, status: worstStatus(statusTotal, statusVoluntary),
    attainmentPct: fTotal != null && targetTotal ? Math.round((fTotal / targetTotal) * 1000) / 10 : null,
    rank: null,
  };
}

export async function monthlySeries(db: Kysely<DB>, units: string[], from: string, to: string): Promise<SeriesPoint[]> {
  if (units.length === 0) return [];
  const r = await sql<SeriesPoint>`
    SELECT period, SUM(active_total)::int AS total, SUM(active_mandatory)::int AS mandatory,
           SUM(active_voluntary)::int AS voluntary, SUM(active_unemployment)::int AS unemployment
    FROM progress_monthly WHERE unit_code IN (${sql.join(units)}) AND period BETWEEN ${from} AND ${to}
    GROUP BY period ORDER BY period`.execute(db);
  return r.rows;
}

async function methodNotes(db: Kysely<DB>, year: number): Promise<MethodNotes> {
  const settings = await loadProgressSettings(db, `${year}-12-31`);
  return {
    statusRule: STATUS_RULE,
    forecastMethods: FORECAST_METHOD_LABELS,
    forecastRule: forecastHelp(settings),
    interval: settings.interval,
    trendMonths: settings.trendMonths,
    windowMonths: settings.windowMonths,
    rules: settings.rules,
    stockRule:
      'Số người (không phải số sổ/hợp đồng) đang tham gia tại thời điểm cuối tháng; mỗi người được tính một lần, người vừa có BHXH bắt buộc vừa có tự nguyện được tính vào bắt buộc.',
    communeRule: 'Xã của một người là nơi thường trú theo dữ liệu dân cư (liên kết theo số định danh); nếu không liên kết được thì theo mã xã ghi trên hồ sơ BHXH.',
    coverageRule: 'Tỷ lệ bao phủ = (số người tham gia BHXH bắt buộc + tự nguyện) / lực lượng lao động trong độ tuổi × 100.',
  };
}

export async function lastRun(db: Kysely<DB>): Promise<ProgressRunInfo | null> {
  const run = await db.selectFrom('progress_run').select(['refreshed_at', 'latest_period']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return run ? { refreshedAt: new Date(run.refreshed_at as unknown as string).toISOString(), latestPeriod: run.latest_period } : null;
}

const STATUS_KEYS: Array<ProgressStatus | 'none'> = ['on_track', 'at_risk', 'off_track', 'none'];

export async function overview(db: Kysely<DB>, user: SessionUser, q: { year?: number; month?: number }): Promise<OverviewAnswer> {
  const years = await availableYears(db);
  const year = q.year ?? years[years.length - 1] ?? new Date().getFullYear();
  const { asOfPeriod, rows } = await yearRows(db, year, q.month);
  const scope = communeFilter(user);
  const communeRows = rows.filter((r) => r.unitCode !== PROVINCE_CODE && (scope === null || scope.includes(r.unitCode)));
  let headline: ProgressRow | null;
  if (scope === null) headline = rows.find((r) => r.unitCode === PROVINCE_CODE) ?? null;
  else if (communeRows.length === 1) headline = communeRows[0];
  else headline = communeRows.length ? aggregateRows(communeRows, `${communeRows.length} xã, phường được giao`, year) : null;
  const units = scope === null ? [PROVINCE_CODE] : communeRows.map((r) => r.unitCode);
  const series = asOfPeriod ? await monthlySeries(db, units, `${year - 1}-01-01`, asOfPeriod) : [];
  const ranked = communeRows.filter((r) => r.attainmentPct != null).sort((a, b) => b.attainmentPct! - a.attainmentPct! || a.unitCode.localeCompare(b.unitCode));
  const statusCounts = Object.fromEntries(STATUS_KEYS.map((k) => [k, communeRows.filter((r) => (r.status ?? 'none') === k).length])) as OverviewAnswer['statusCounts'];
  return {
    year,
    years,
    asOfPeriod,
    run: await lastRun(db),
    scope: { all: scope === null, communes: scope },
    headline: headline ? presentRow(headline, { path: true }) : null,
    series,
    communes: communeRows.map(presentCompactRow),
    best: ranked.slice(0, 5).map(presentCompactRow),
    worst: ranked.slice(-5).reverse().map(presentCompactRow),
    statusCounts,
    method: await methodNotes(db, year),
  };
}

export async function communeDetail(db: Kysely<DB>, user: SessionUser, code: string, q: { year?: number; month?: number }): Promise<CommuneProgress> {
  const years = await availableYears(db);
  const year = q.year ?? years[years.length - 1] ?? new Date().getFullYear();
  const { asOfPeriod, rows } = await yearRows(db, year, q.month);
  const row = rows.find((r) => r.unitCode === code) ?? null;
  const commune = await db.selectFrom('commune').select(['code', 'name', 'type', 'old_districts', 'old_province']).where('code', '=', code).executeTakeFirst();
  const series = asOfPeriod ? await monthlySeries(db, [code], `${year - 1}-01-01`, asOfPeriod) : [];
  const province = rows.find((r) => r.unitCode === PROVINCE_CODE) ?? null;
  return {
    year,
    years,
    asOfPeriod,
    run: await lastRun(db),
    commune: commune ? { code: commune.code, name: commune.name, type: commune.type, oldDistricts: commune.old_districts, oldProvince: commune.old_province } : null,
    row: row ? presentRow(row, { path: true }) : null,
    communeCount: rows.filter((r) => r.unitCode !== PROVINCE_CODE).length,
    // The province figure for comparison, only for accounts that see the province.
    provinceCoveragePct: communeFilter(user) === null ? province?.coveragePct ?? null : null,
    series,
    method: await methodNotes(db, year),
  };
}
