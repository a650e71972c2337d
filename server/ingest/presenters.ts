/** Import data as API JSON: batches with their lineage, issues, analyses and results. */
import { presentJson, presentMessage, present, SOURCE_COLUMN_KINDS, type Viewer } from '#shared/privacy.ts';
import type { Selectable } from 'kysely';
import type { FileKind } from '#shared/auth/roles.ts';
import type { DB } from '../db/schema.ts';
import { KINDS } from './kinds.ts';
import type { FileAnalysis } from './analyze.ts';
import type { ImportError, ImportResult } from './service.ts';
import type { BatchAnswer, ImportAnalysis, ImportIssue, ImportResultAnswer } from '#shared/api/ingest.ts';

/** The spec key of a column of `kind` from the label (or header) an issue names. */
function columnKey(kind: FileKind, headerMapping: Record<string, string>, column: string): string | undefined {
  const label = headerMapping[column] ?? column;
  return KINDS[kind].columns.find((c) => c.label === label)?.key;
}

/** A row of import_batch as the database types say it is read. */
export type BatchRow = Selectable<DB['import_batch']>;

export function presentBatch(b: BatchRow): BatchAnswer {
  return {
    id: b.id,
    kind: b.kind,
    kindLabel: KINDS[b.kind as FileKind]?.label ?? b.kind,
    period: b.period,
    fileName: b.file_name,
    fileSize: b.file_size,
    sha256: b.content_sha256,
    importedBy: b.imported_by_name,
    importedAt: b.imported_at.toISOString(),
    rows: b.rows_total,
    accepted: b.rows_accepted,
    rejected: b.rows_rejected,
    warnings: b.warnings,
    isCurrent: b.is_current,
    replacedBy: b.replaced_by,
    scope: b.scope_communes,
    headerMapping: b.header_mapping,
    detail: b.detail,
    refused: b.refused,
    hasRawFile: b.raw_path !== null,
  };
}

/** An issue (or an error of a result) with the value masked when it is personal data the user may not see. */
/** `sourceColumns`: the headers of the original row's cells (the batch's `detail.columns`), each cell masked by its column. */
export function presentIssue(user: Viewer, kind: FileKind, headerMapping: Record<string, string>, e: ImportError & { severity?: 'error' | 'warning' }, sourceColumns: readonly string[]): ImportIssue {
  const shown = (column: string, value: string) => {
    const fieldKind = SOURCE_COLUMN_KINDS[columnKey(kind, headerMapping, column) ?? ''];
    return fieldKind ? present(user, fieldKind, value) : presentMessage(user, value);
  };
  const fieldKind = SOURCE_COLUMN_KINDS[columnKey(kind, headerMapping, e.column) ?? ''];
  const value = e.value == null ? null : shown(e.column, e.value);
  // The original row's cells, each masked by the kind of its column (free text of an unmapped column as a message).
  const source = e.source ? e.source.map((cell, i) => (cell === '' ? '' : shown(sourceColumns[i] ?? '', cell) ?? '')) : null;
  return { row: e.row, column: e.column, value, message: presentMessage(user, e.message, fieldKind, e.value), severity: e.severity ?? 'error', source };
}

export function presentAnalysis(user: Viewer, uploadId: string, fileName: string, a: FileAnalysis, alreadyImported: number | null, importable: readonly string[]): ImportAnalysis {
  return {
    uploadId,
    fileName,
    size: a.size,
    format: a.format,
    encoding: a.encoding,
    delimiter: a.delimiter,
    sheet: a.sheet,
    kind: a.kind,
    kindLabel: a.kind ? KINDS[a.kind].label : null,
    guesses: a.guesses.map((g) => ({ kind: g.kind, label: g.label, matched: g.matched, columns: g.columns, complete: g.missing.length === 0, canImport: importable.includes(g.kind) })),
    header: a.header,
    preview: {
      columns: a.preview.columns,
      rows: a.preview.rows.map((r) => ({ rowNo: r.rowNo, values: presentJson(user, r.values, SOURCE_COLUMN_KINDS) })),
    },
    problem: a.problem,
    alreadyImported,
  };
}

export function presentResult(user: Viewer, r: ImportResult): ImportResultAnswer {
  return {
    status: r.status,
    kind: r.kind,
    kindLabel: KINDS[r.kind].label,
    batchId: r.batchId,
    rows: r.rows,
    accepted: r.accepted,
    rejected: r.rejected,
    warnings: r.warnings,
    message: r.message,
    period: r.period,
    fileName: r.fileName,
    headerMapping: r.headerMapping,
    detail: r.detail,
    errors: r.errors.slice(0, 200).map((e) => presentIssue(user, r.kind, r.headerMapping, { ...e, severity: 'error' }, r.detail.columns ?? [])),
    warningList: r.warningList.slice(0, 200).map((e) => presentIssue(user, r.kind, r.headerMapping, { ...e, severity: 'warning' }, r.detail.columns ?? [])),
    errorsTruncated: r.errorsTruncated || r.errors.length > 200,
  };
}
