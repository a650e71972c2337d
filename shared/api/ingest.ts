/**
 * API answers of imports (`/api/imports/*`): the kinds of files, upload → analysis → confirm, the background import
 * jobs and their results, the history of batches and their restoration. Built on the server by
 * server/ingest/presenters.ts and routes.ts; read by the web's import page. Personal values are masked per role.
 * Types only.
 */
import type { FileKind } from '../auth/roles.ts';

/** A kind of file as GET /api/imports/kinds lists it. */
export interface ImportKindInfo {
  kind: FileKind;
  label: string;
  agency: string;
  canImport: boolean;
  periodUnit: 'month' | 'year' | null;
  columns: Array<{ key: string; label: string; aliases: string[]; required: boolean; group: string | null; periodColumn: boolean }>;
}

/** GET /api/imports/kinds */
export interface ImportKindsAnswer { kinds: ImportKindInfo[] }

/** A rejected row or a warning (presentIssue); the value and the original row's cells masked per role. */
export interface ImportIssue {
  row: number;
  column: string;
  value: string | null;
  message: string;
  severity: 'error' | 'warning';
  /** The original row's cells, in the order of the batch's `detail.columns`, or null. */
  source: string[] | null;
}

/** A file read as a table, before it is imported (presentAnalysis): POST /api/imports/uploads, GET …/uploads/:id. */
export interface ImportAnalysis {
  uploadId: string;
  fileName: string;
  size: number;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  kind: FileKind | null;
  kindLabel: string | null;
  /** Kinds whose header fits, best first. */
  guesses: Array<{ kind: FileKind; label: string; matched: number; columns: number; complete: boolean; canImport: boolean }>;
  header: { rows: number[]; mapping: Record<string, string>; ignored: string[]; missing: string[]; columns: Array<{ header: string; key: string | null }> } | null;
  preview: { columns: Array<{ key: string; label: string; header: string }>; rows: Array<{ rowNo: number; values: Record<string, string> }> };
  /** Why the file cannot be imported as `kind`, or null. */
  problem: string | null;
  /** The batch that already holds this very file, or null. */
  alreadyImported: number | null;
}

/** How a file was read and loaded (a batch's `detail`). */
export interface ImportDetail {
  format?: 'csv' | 'xlsx';
  encoding?: string | null;
  delimiter?: string | null;
  sheet?: string | null;
  headerRows?: number[];
  ignoredColumns?: string[];
  /** The header row's named columns as written, in file order (the original-row columns of the reject report). */
  columns?: string[];
  /** The columns mapped by hand (header as written → field key, '' = ignored). */
  manualMapping?: Record<string, string>;
  /** Why the file was refused (a refused batch). */
  refusal?: string;
  skippedRows?: number;
  durationMs?: number;
  loadMethod?: 'unnest' | 'copy';
  /** The table was empty: its indexes were dropped for the load and built after it. */
  indexesBuiltAfterLoad?: boolean;
}

export type ImportStatus = 'imported' | 'rejected' | 'unchanged' | 'needs_confirmation' | 'checked';

/** The outcome of an import (presentResult). */
export interface ImportResultAnswer {
  /** needs_confirmation: it would replace current data (nothing changed); checked: a dry run found nothing to replace. */
  status: ImportStatus;
  kind: FileKind;
  kindLabel: string;
  batchId: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  warnings: number;
  message: string;
  period: string | null;
  fileName: string;
  headerMapping: Record<string, string>;
  detail: ImportDetail;
  /** At most 200 of each. */
  errors: ImportIssue[];
  warningList: ImportIssue[];
  errorsTruncated: boolean;
}

/** POST /api/imports/uploads/:id/confirm (without an event stream). */
export interface ImportStartedAnswer { jobId: string }

/** GET /api/imports/jobs/:id */
export interface ImportJobAnswer {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  kind: FileKind;
  fileName: string;
  rowsRead: number;
  fraction: number;
  result: ImportResultAnswer | null;
  error: string | null;
}

/** The events of GET /api/imports/jobs/:id/events (and of a confirm asked as text/event-stream). */
export interface ImportProgressEvent { rowsRead: number; fraction: number }
export interface ImportFailedEvent { message: string | null }

/** A batch of the history (presentBatch). */
export interface BatchAnswer {
  id: number;
  kind: string;
  kindLabel: string;
  period: string | null;
  fileName: string;
  fileSize: number;
  sha256: string;
  importedBy: string | null;
  importedAt: string;
  rows: number;
  accepted: number;
  rejected: number;
  warnings: number;
  isCurrent: boolean;
  replacedBy: number | null;
  scope: string[] | null;
  headerMapping: Record<string, string>;
  detail: ImportDetail;
  /** A refused file kept in the history (no rows, never current). */
  refused: boolean;
  hasRawFile: boolean;
}

/** GET /api/imports */
export interface BatchListAnswer {
  total: number;
  page: number;
  pageSize: number;
  batches: Array<BatchAnswer & { canDownload: boolean; canRestore: boolean }>;
}

/** GET /api/imports/:id: the batch and its first 200 issues (for who may download its reject report). */
export interface BatchDetailAnswer { batch: BatchAnswer & { canDownload: boolean }; issues: ImportIssue[] }

/** How much data of a kind: rows, communes (null when the kind has none) and the range of its period column. */
export interface DataExtent { rows: number; communes: number | null; periodFrom: string | null; periodTo: string | null }

/** What making a batch current replaces: the current batches of its kind and period, against what comes instead. */
export interface Replacement {
  kind: FileKind;
  /** The batch period (YYYY-MM-DD, a year's first day for year kinds); null: a snapshot of the whole kind. */
  period: string | null;
  batches: Array<{ id: number; fileName: string; period: string | null; rows: number; importedAt: string; importedBy: string | null }>;
  current: DataExtent;
  incoming: DataExtent;
  /** current.rows − incoming.rows (negative when the new data is larger). */
  fewerRows: number;
  /** fewerRows as a percentage of current.rows, one decimal. */
  fewerPercent: number;
}

/** GET /api/imports/:id/restore (what restoring would replace), POST …/restore (what it replaced). */
export interface RestoreAnswer { batch: BatchAnswer; replacement: Replacement | null }
