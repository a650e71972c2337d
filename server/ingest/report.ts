/**
 * Reject reports: every rejected row (and warning) of an import as CSV (UTF-8 with BOM, opens in
 * Excel) or XLSX, with the row number as the spreadsheet shows it, the column, the value and the
 * reason in Vietnamese. Written as a stream from memory (a refused file) or from import_issue.
 */
import fs from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connect.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';

export interface ReportRow {
  row: number;
  column: string;
  value?: string | null;
  message: string;
  severity: 'error' | 'warning';
  /** The rejected row's cells (masked for the reader), in the order of the report's original-row columns. */
  source?: string[] | null;
}

export type ReportFormat = 'csv' | 'xlsx';

export const REPORT_HEADER = ['Dòng', 'Cột', 'Giá trị', 'Loại', 'Lý do'];
const SEVERITY_LABEL = { error: 'Bị loại', warning: 'Cảnh báo' } as const;

export function reportFormatOf(filePath: string): ReportFormat {
  return /\.xlsx$/i.test(filePath) ? 'xlsx' : 'csv';
}

/** The report's header: the issue, then the original row's columns ("Gốc: <header as written>"). */
export const reportHeader = (sourceColumns: string[]) => [...REPORT_HEADER, ...sourceColumns.map((c) => `Gốc: ${c}`)];

const asRow = (r: ReportRow, width: number) => {
  const cells: Array<string | number> = [r.row, r.column, r.value ?? '', SEVERITY_LABEL[r.severity], r.message];
  for (let i = 0; i < width; i++) cells.push(r.source?.[i] ?? '');
  return cells;
};

async function* batches(rows: Iterable<ReportRow> | AsyncIterable<ReportRow[]>): AsyncGenerator<ReportRow[]> {
  if (Symbol.asyncIterator in rows) {
    yield* rows as AsyncIterable<ReportRow[]>;
    return;
  }
  let batch: ReportRow[] = [];
  for (const r of rows as Iterable<ReportRow>) {
    batch.push(r);
    if (batch.length >= 5000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Writes a report to a writable stream (a file, an HTTP response). */
export async function writeReport(out: Writable, rows: Iterable<ReportRow> | AsyncIterable<ReportRow[]>, format: ReportFormat, sourceColumns: string[] = []): Promise<void> {
  const width = sourceColumns.length;
  if (format === 'csv') {
    const readable = Readable.from(
      (async function* () {
        yield csvHeader(reportHeader(sourceColumns), { bom: true });
        for await (const batch of batches(rows)) yield batch.map((r) => csvLine(asRow(r, width))).join('');
      })(),
    );
    await new Promise<void>((resolve, reject) => {
      readable.on('error', reject);
      out.on('error', reject);
      out.on('finish', resolve);
      readable.pipe(out);
    });
    return;
  }
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Dòng bị loại', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 8 }, { width: 28 }, { width: 28 }, { width: 10 }, { width: 90 }, ...sourceColumns.map(() => ({ width: 20 }))];
  const header = sheet.addRow(reportHeader(sourceColumns));
  header.font = { bold: true };
  header.commit();
  for await (const batch of batches(rows)) for (const r of batch) sheet.addRow(asRow(r, width)).commit();
  sheet.commit();
  await workbook.commit();
  await finished;
}

export async function writeReportFile(filePath: string, rows: Iterable<ReportRow> | AsyncIterable<ReportRow[]>, format = reportFormatOf(filePath), sourceColumns: string[] = []) {
  await writeReport(fs.createWriteStream(filePath), rows, format, sourceColumns);
}

/** Every issue of a batch, in row order, read in pages. */
export async function* issuesOfBatch(database: Database, batchId: number, severity?: 'error' | 'warning'): AsyncGenerator<ReportRow[]> {
  const { max } = await database.db.selectFrom('import_issue')
    .select((eb) => eb.fn.coalesce(eb.fn.max('row_no'), eb.lit(0)).as('max'))
    .where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  const PAGE = 20_000;
  for (let from = 0; from <= max; from += PAGE) {
    const rows = await database.db.selectFrom('import_issue')
      .select(['row_no', 'column_name', 'value', 'message', 'severity', 'source_row'])
      .where('batch_id', '=', batchId).where('row_no', '>', from).where('row_no', '<=', from + PAGE)
      .$if(severity !== undefined, (qb) => qb.where('severity', '=', severity!))
      .orderBy('row_no').orderBy('severity').orderBy('column_name')
      .execute();
    if (rows.length) yield rows.map((r) => ({ row: r.row_no, column: r.column_name, value: r.value, message: r.message, severity: r.severity, source: r.source_row }));
  }
}

/** A report as a stream (for HTTP responses). */
export function reportStream(rows: Iterable<ReportRow> | AsyncIterable<ReportRow[]>, format: ReportFormat, sourceColumns: string[] = []): PassThrough {
  const out = new PassThrough();
  writeReport(out, rows, format, sourceColumns).catch((err) => out.destroy(err));
  return out;
}
