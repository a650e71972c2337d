/** The only place progress and targets become API JSON or export rows. */
import { STATUS_LABELS, FORECAST_METHOD_LABELS, statusLabel } from '#shared/targets/forecast.ts';
import type { ProgressRow } from './progress.ts';
import { TARGET_STATUS_LABELS, TARGET_SOURCE_LABELS, type TargetStatus } from './targets.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';

export function presentRow(row: ProgressRow, options: { path?: boolean } = {}) {
  return {
    ...row,
    forecast: options.path ? row.forecast : { ...row.forecast, path: undefined },
    statusLabel: statusLabel(row.status),
    statusTotalLabel: row.statusTotal ? STATUS_LABELS[row.statusTotal] : null,
    statusVoluntaryLabel: row.statusVoluntary ? STATUS_LABELS[row.statusVoluntary] : null,
    targetStatusLabel: row.target.status ? TARGET_STATUS_LABELS[row.target.status] : null,
    forecastMethodLabel: row.forecast.method ? FORECAST_METHOD_LABELS[row.forecast.method] : null,
  };
}
export type PresentedRow = ReturnType<typeof presentRow>;

/** The figures of a commune in the overview's table, map and rankings (kept small: 92 of them per answer). */
export function presentCompactRow(row: ProgressRow) {
  return {
    unitCode: row.unitCode,
    unitName: row.unitName,
    rank: row.rank,
    status: row.status,
    statusLabel: statusLabel(row.status),
    attainmentPct: row.attainmentPct,
    target: { total: row.target.total, voluntary: row.target.voluntary },
    activeTotal: row.activeTotal,
    activeMandatory: row.activeMandatory,
    activeVoluntary: row.activeVoluntary,
    activeUnemployment: row.activeUnemployment,
    labourForceWorkingAge: row.labourForceWorkingAge,
    coveragePct: row.coveragePct,
    netNewSinceJanuary: row.netNewSinceJanuary,
    forecast: { total: row.forecast.total },
  };
}

/** Columns of `baophu progress` and of the progress export (machine-readable names, plain numbers). */
export const PROGRESS_COLUMNS = [
  'commune_code', 'commune_name', 'year', 'as_of_period',
  'target_total', 'target_voluntary', 'target_mandatory', 'target_unemployment', 'target_status',
  'active_total', 'active_mandatory', 'active_voluntary', 'active_unemployment',
  'labour_force_working_age', 'labour_force_year', 'coverage_pct', 'net_new_since_january', 'active_total_last_year',
  'forecast_total', 'forecast_lower', 'forecast_upper', 'forecast_voluntary', 'forecast_method',
  'status', 'status_label', 'rank',
] as const;

export function progressRecord(row: ProgressRow): Record<(typeof PROGRESS_COLUMNS)[number], string | number | null> {
  return {
    commune_code: row.unitCode,
    commune_name: row.unitName,
    year: row.year,
    as_of_period: row.asOfPeriod,
    target_total: row.target.total,
    target_voluntary: row.target.voluntary,
    target_mandatory: row.target.mandatory,
    target_unemployment: row.target.unemployment,
    target_status: row.target.status,
    active_total: row.activeTotal,
    active_mandatory: row.activeMandatory,
    active_voluntary: row.activeVoluntary,
    active_unemployment: row.activeUnemployment,
    labour_force_working_age: row.labourForceWorkingAge,
    labour_force_year: row.labourForceYear,
    coverage_pct: row.coveragePct,
    net_new_since_january: row.netNewSinceJanuary,
    active_total_last_year: row.activeTotalLastYear,
    forecast_total: row.forecast.total,
    forecast_lower: row.forecast.totalLower,
    forecast_upper: row.forecast.totalUpper,
    forecast_voluntary: row.forecast.voluntary,
    forecast_method: row.forecast.method,
    status: row.status,
    status_label: row.status ? STATUS_LABELS[row.status] : null,
    rank: row.rank,
  };
}

/** UTF-8 CSV (with BOM for spreadsheet programs when `bom`), communes first, the province row last. */
export function progressCsv(rows: ProgressRow[], bom = false): string {
  let text = csvHeader(PROGRESS_COLUMNS, { bom });
  for (const r of rows) {
    const rec = progressRecord(r);
    text += csvLine(PROGRESS_COLUMNS.map((c) => rec[c]));
  }
  return text;
}

export function presentVersion(v: {
  id: number; set_id: number; version: number; status: TargetStatus; source: 'form' | 'import' | 'allocation'; method: string | null;
  basis: string | null; basis_date: string | null; note: string | null; changed_by_name: string | null; changed_at: unknown;
}) {
  return {
    id: v.id,
    setId: v.set_id,
    version: v.version,
    status: v.status,
    statusLabel: TARGET_STATUS_LABELS[v.status],
    source: v.source,
    sourceLabel: TARGET_SOURCE_LABELS[v.source],
    method: v.method,
    basis: v.basis,
    basisDate: v.basis_date,
    note: v.note,
    changedBy: v.changed_by_name,
    changedAt: new Date(v.changed_at as string | Date).toISOString(),
  };
}

export function presentLine(l: { unit_code: string; target_total: number; target_voluntary: number; target_mandatory: number | null; target_unemployment: number | null }) {
  return { unitCode: l.unit_code, total: l.target_total, voluntary: l.target_voluntary, mandatory: l.target_mandatory, unemployment: l.target_unemployment };
}
