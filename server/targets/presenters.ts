/** The only place progress and targets become API JSON or export rows. */
import { STATUS_LABELS, FORECAST_METHOD_LABELS, statusLabel } from '#shared/targets/forecast.ts';
import type { ProgressRow } from './progress.ts';
import { TARGET_STATUS_LABELS, TARGET_SOURCE_LABELS, type TargetStatus } from './targets.ts';
import ExcelJS from 'exceljs';
import type { CompactProgressRow, ProgressRowAnswer, TargetLine, TargetVersion } from '#shared/api/targets.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { formatDecimal, formatPeriod } from '#shared/format.ts';

export function presentRow(row: ProgressRow, options: { path?: boolean } = {}): ProgressRowAnswer {
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

/** The figures of a commune in the overview's table, map and rankings (kept small: 92 of them per answer). */
export function presentCompactRow(row: ProgressRow): CompactProgressRow {
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

/**
 * The progress table for people (the overview's export): Vietnamese headers, labels instead of codes, months as
 * mm/yyyy. `kind` says how a cell is written: 'int' and 'decimal' numbers, 'month' a 'YYYY-MM-01' period.
 */
const PEOPLE_COLUMNS: Array<{ column: (typeof PROGRESS_COLUMNS)[number]; header: string; kind?: 'int' | 'decimal' | 'month'; width?: number }> = [
  { column: 'commune_code', header: 'Mã xã', width: 8 },
  { column: 'commune_name', header: 'Xã/phường', width: 26 },
  { column: 'year', header: 'Năm', width: 7 },
  { column: 'as_of_period', header: 'Số liệu đến tháng', kind: 'month', width: 12 },
  { column: 'target_total', header: 'Chỉ tiêu tổng số', kind: 'int' },
  { column: 'target_voluntary', header: 'Chỉ tiêu BHXH tự nguyện', kind: 'int' },
  { column: 'target_mandatory', header: 'Chỉ tiêu BHXH bắt buộc', kind: 'int' },
  { column: 'target_unemployment', header: 'Chỉ tiêu BHTN', kind: 'int' },
  { column: 'target_status', header: 'Tình trạng chỉ tiêu', width: 16 },
  { column: 'active_total', header: 'Số người tham gia', kind: 'int' },
  { column: 'active_mandatory', header: 'BHXH bắt buộc', kind: 'int' },
  { column: 'active_voluntary', header: 'BHXH tự nguyện', kind: 'int' },
  { column: 'active_unemployment', header: 'BHTN', kind: 'int' },
  { column: 'labour_force_working_age', header: 'Lực lượng lao động trong độ tuổi', kind: 'int' },
  { column: 'labour_force_year', header: 'Năm số liệu lao động', width: 10 },
  { column: 'coverage_pct', header: 'Tỷ lệ bao phủ (%)', kind: 'decimal' },
  { column: 'net_new_since_january', header: 'Tăng từ đầu năm', kind: 'int' },
  { column: 'active_total_last_year', header: 'Cùng kỳ năm trước', kind: 'int' },
  { column: 'forecast_total', header: 'Dự báo cuối năm', kind: 'int' },
  { column: 'forecast_lower', header: 'Dự báo — cận dưới', kind: 'int' },
  { column: 'forecast_upper', header: 'Dự báo — cận trên', kind: 'int' },
  { column: 'forecast_voluntary', header: 'Dự báo BHXH tự nguyện', kind: 'int' },
  { column: 'forecast_method', header: 'Phương pháp dự báo', width: 40 },
  { column: 'status_label', header: 'Tiến độ', width: 16 },
  { column: 'rank', header: 'Xếp hạng', kind: 'int', width: 9 },
];
export const PROGRESS_PEOPLE_HEADERS = PEOPLE_COLUMNS.map((c) => c.header);

function peopleRecord(row: ProgressRow) {
  const rec = progressRecord(row);
  return {
    ...rec,
    target_status: row.target.status ? TARGET_STATUS_LABELS[row.target.status] : null,
    forecast_method: row.forecast.method ? FORECAST_METHOD_LABELS[row.forecast.method] : null,
    status_label: statusLabel(row.status),
  };
}

/** CSV for people: UTF-8 with BOM, Vietnamese headers and labels, months mm/yyyy, decimals with a comma. */
export function progressCsvForPeople(rows: ProgressRow[]): string {
  let text = csvHeader(PROGRESS_PEOPLE_HEADERS, { bom: true });
  for (const r of rows) {
    const rec = peopleRecord(r);
    text += csvLine(PEOPLE_COLUMNS.map(({ column, kind }) => {
      const v = rec[column];
      if (v == null) return null;
      if (kind === 'month') return formatPeriod(String(v));
      // Whole numbers stay plain digits (every spreadsheet reads them as numbers); decimals take the Vietnamese comma.
      if (kind === 'decimal') return formatDecimal(Number(v), 2);
      return v;
    }));
  }
  return text;
}

/** The same table as an Excel workbook: real number cells with number formats, the month as a date cell. */
export async function progressXlsx(rows: ProgressRow[], year: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Tiến độ ${year}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = PEOPLE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.column,
    width: c.width ?? 14,
    style: c.kind === 'int' ? { numFmt: '#,##0' } : c.kind === 'decimal' ? { numFmt: '0.00' } : c.kind === 'month' ? { numFmt: 'mm/yyyy' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const rec = peopleRecord(r);
    ws.addRow(Object.fromEntries(PEOPLE_COLUMNS.map(({ column, kind }) => {
      const v = rec[column];
      return [column, v == null ? null : kind === 'month' ? new Date(`${String(v).slice(0, 10)}T00:00:00Z`) : v];
    })));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The command line's CSV (`baophu progress`): the documented column names and plain values (an interface for
 * scripts, docs/progress.md), UTF-8 with a BOM so that a spreadsheet program shows its Vietnamese names right.
 * Communes first, the province row last.
 */
export function progressCsv(rows: ProgressRow[], bom = true): string {
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
}): TargetVersion {
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

export function presentLine(l: { unit_code: string; target_total: number; target_voluntary: number; target_mandatory: number | null; target_unemployment: number | null }): TargetLine {
  return { unitCode: l.unit_code, total: l.target_total, voluntary: l.target_voluntary, mandatory: l.target_mandatory, unemployment: l.target_unemployment };
}
