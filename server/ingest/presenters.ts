/** Import data as API JSON: batches with their lineage, issues, analyses and results. */
import { maskName, maskPersonalId, seesPersonalData, type SessionUser } from '../auth/policies.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { KINDS } from './kinds.ts';
import type { FileAnalysis } from './analyze.ts';
import type { ImportError, ImportResult } from './service.ts';

/** Spec columns whose values are personal data. */
const PERSONAL_KEYS = new Set(['person_id', 'owner_person_id', 'full_name', 'bhxh_code', 'birth']);
const NAME_KEYS = new Set(['full_name']);

function personalLabels(kind: FileKind) {
  const labels = new Map<string, string>();
  for (const c of KINDS[kind].columns) if (PERSONAL_KEYS.has(c.key)) labels.set(c.label, c.key);
  return labels;
}

/** Masks a value of a personal column for roles that do not see personal data. */
function maskValue(user: SessionUser, key: string | undefined, value: string | null | undefined): string | null {
  if (value == null || value === '') return value ?? null;
  if (!key || seesPersonalData(user)) return value;
  if (NAME_KEYS.has(key)) return maskName(value);
  if (key === 'birth') return value.replace(/\d/g, '•');
  return maskPersonalId(value);
}

export interface BatchRow {
  id: number; kind: string; period: string | null; file_name: string; content_sha256: string; file_size: number;
  imported_by: number | null; imported_by_name: string | null; imported_at: Date | string; rows_total: number; rows_accepted: number;
  rows_rejected: number; warnings: number; header_mapping: Record<string, string>; is_current: boolean; replaced_by: number | null;
  scope_communes: string[] | null; detail: Record<string, unknown>;
}

export function presentBatch(b: BatchRow) {
  return {
    id: Number(b.id),
    kind: b.kind,
    kindLabel: KINDS[b.kind as FileKind]?.label ?? b.kind,
    period: b.period,
    fileName: b.file_name,
    fileSize: Number(b.file_size),
    sha256: b.content_sha256,
    importedBy: b.imported_by_name,
    importedAt: b.imported_at instanceof Date ? b.imported_at.toISOString() : b.imported_at,
    rows: b.rows_total,
    accepted: b.rows_accepted,
    rejected: b.rows_rejected,
    warnings: b.warnings,
    isCurrent: b.is_current,
    replacedBy: b.replaced_by === null ? null : Number(b.replaced_by),
    scope: b.scope_communes,
    headerMapping: b.header_mapping,
    detail: b.detail,
  };
}

/** An issue (or an error of a result) with the value masked when it is personal data the user may not see. */
export function presentIssue(user: SessionUser, kind: FileKind, headerMapping: Record<string, string>, e: ImportError & { severity?: string }) {
  const label = headerMapping[e.column] ?? e.column;
  const key = personalLabels(kind).get(label);
  return { row: e.row, column: e.column, value: maskValue(user, key, e.value), message: e.message, severity: e.severity ?? 'error' };
}

export function presentAnalysis(user: SessionUser, uploadId: string, fileName: string, a: FileAnalysis, alreadyImported: number | null, importable: readonly string[]) {
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
      rows: a.preview.rows.map((r) => ({ rowNo: r.rowNo, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, maskValue(user, PERSONAL_KEYS.has(k) ? k : undefined, v)])) })),
    },
    problem: a.problem,
    alreadyImported,
  };
}

export function presentResult(user: SessionUser, r: ImportResult) {
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
    errors: r.errors.slice(0, 200).map((e) => presentIssue(user, r.kind, r.headerMapping, { ...e, severity: 'error' })),
    warningList: r.warningList.slice(0, 200).map((e) => presentIssue(user, r.kind, r.headerMapping, { ...e, severity: 'warning' })),
    errorsTruncated: r.errorsTruncated || r.errors.length > 200,
  };
}
