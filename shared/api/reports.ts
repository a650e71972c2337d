/**
 * API answers of the report catalogue (`/api/reports/*`): built on the server by server/reports/presenters.ts and
 * routes.ts, read by the web's reports page. Times are ISO 8601 strings. Types only.
 */

export type ReportFormat = 'docx' | 'xlsx' | 'pdf';
export type ReportVersionState = 'queued' | 'running' | 'failed' | 'draft' | 'reviewed' | 'signed' | 'returned';

/** A kind of report (presentKind). */
export interface ReportKindAnswer {
  id: string;
  label: string;
  description: string;
  params: Array<{ name: string; label: string }>;
  needsPeriod: boolean;
  formats: ReportFormat[];
  issuer: string;
  recipients: string[];
  wordingSource: string;
  /** For the account's own scope (its communes' reports, or the province's). */
  canGenerate: boolean;
}

/** GET /api/reports/kinds */
export interface ReportKindsAnswer { kinds: ReportKindAnswer[] }

/** The parameters of one report: a year, at most one of month and quarter, and a commune or the province. */
export interface ReportParams { year: number; month?: number; quarter?: number; commune?: string }

/** A version of a report (presentVersion). */
export interface ReportVersionAnswer {
  id: number;
  kind: string;
  /** In lists (GET /api/reports/versions) and in the detail. */
  kindLabel?: string;
  version: number;
  params: ReportParams;
  periodLabel: string;
  state: ReportVersionState;
  stateLabel: string;
  /** 0–100 while it is built. */
  progress: number;
  error: string | null;
  number: string | null;
  commune: string | null;
  formats: string[];
  createdBy: string;
  createdAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  signedBy: string | null;
  signedAt: string | null;
}

/** GET /api/reports/versions */
export interface ReportVersionsAnswer { versions: ReportVersionAnswer[] }

/** GET /api/reports/versions/:id, POST …/review, …/sign, …/return (presentVersionDetail). */
export interface ReportVersionDetailAnswer extends ReportVersionAnswer {
  /** The identifiers of the data it was built from (frozen with it). */
  dataIds: Record<string, unknown>;
  files: Array<{ format: ReportFormat; size: number; sha256: string; url: string }>;
  actions: Array<{ at: string | null; username: string; action: string; actionLabel: string; fromState: string | null; toState: string | null; comment: string | null }>;
  canReview: boolean;
  canReturn: boolean;
  canSign: boolean;
}

/** POST /api/reports (202: queued) */
export interface ReportRequestedAnswer { id: number; version: number; url: string }
