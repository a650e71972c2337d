/**
 * API answers of the cross-check findings (`/api/findings/*`): built on the server by server/reconcile/presenters.ts
 * and routes.ts, read by the web's findings page. Personal values are already masked for the role. Types only.
 */

/** A finding in a list (presentFinding). */
export interface FindingAnswer {
  id: number;
  code: string;
  codeLabel: string;
  /** Masked unless the role sees personal data. */
  subjectId: string | null;
  subjectName: string | null;
  subjectKind: string;
  communeCode: string | null;
  communeName: string | null;
  /** 'YYYY-MM'. */
  period: string;
  periodLabel: string;
  relatedId: string | null;
  amountVnd: number;
  amountLabel: string;
  status: string;
  statusLabel: string;
  dismissReason: string | null;
  /** Still raised by the latest run. */
  present: boolean;
  linkMethod: string | null;
  linkMethodLabel: string | null;
  linkScore: number | null;
  detail: string;
}

/** `commune`: the values are commune codes, which the web shows by name. */
export interface ComparisonRow { label: string; record: string; resident: string; differs: boolean; commune?: boolean }
/** The two compared sources (the comparison's column titles). */
export interface ComparisonSources { record: string; resident: string }

/** A finding with its explanation (presentFinding with detail). */
export interface FindingDetail extends FindingAnswer {
  explanation: string[];
  comparison: ComparisonRow[] | null;
  comparisonSources: ComparisonSources | null;
  amounts: Record<string, unknown>;
  evidence: Record<string, unknown>;
  legalBasis: string;
  note: string;
}

export interface FindingActionAnswer {
  at: string;
  by: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  fromLabel: string | null;
  toLabel: string | null;
  note: string | null;
}

/** GET /api/findings/:id */
export interface FindingDetailAnswer extends FindingDetail {
  actions: FindingActionAnswer[];
}

/** GET /api/findings */
export interface FindingListAnswer { total: number; page: number; pageSize: number; rows: FindingAnswer[]; note: string }

/** A reconciliation started from the web, run in the background; its state is polled (POST /api/findings/runs, GET …/runs/:id). */
export interface ReconcileRunJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  startedBy: string;
  step: number;
  steps: number;
  /** The check just done (its Vietnamese label), or the phase. */
  stepLabel: string;
  /** reusedRunId: the earlier run whose findings this one reused (its inputs had not changed), else null. */
  result: { runId: number; asOf: string; period: string; total: number; ms?: number; reusedRunId?: number | null } | null;
  error: string | null;
}

/** "Dữ liệu đã thay đổi từ lần đối soát #N": the imports since the latest run. */
export interface StaleFindings {
  sinceRun: number;
  batches: number;
  kinds: Array<{ kind: string; label: string }>;
  message: string;
}

/** GET /api/findings/meta */
export interface FindingsMetaAnswer {
  codes: Array<{ code: string; label: string }>;
  statuses: Array<{ value: string; label: string }>;
  linkMethods: Record<string, string>;
  canWork: boolean;
  canReview: boolean;
  canRun: boolean;
  /** The run started from the web that is going on (for the roles that may run one). */
  runningJob: ReconcileRunJob | null;
  stale: StaleFindings | null;
  seesPersonalData: boolean;
  note: string;
  latestRun: {
    id: number;
    asOf: string;
    asOfLabel: string;
    /** 'YYYY-MM'. */
    period: string;
    total: number;
    perCode: Array<{ code: string; count: number; ms: number }>;
    finishedAt: string;
  } | null;
}

/** GET /api/findings/summary */
export interface FindingsSummaryAnswer {
  byCode: Array<{ code: string; label: string; count: number; amountVnd: number }>;
  byCommune: Array<{ communeCode: string | null; communeName: string; total: number; byCode: Record<string, number> }>;
}

/** A population record as the review queue shows it (masked per role). */
export interface ReviewResident { personId: string; name: string; birthDate: string; birthPrecision: string | null; sex: string; commune: string }

/** GET /api/findings/review: uncertain person links. */
export interface ReviewItem {
  recordKey: string;
  source: string;
  record: { personId: string | null; name: string; birthDate: string | null; birthPrecision: string | null; sex: string | null; communeCode: string | null };
  score: number | null;
  candidates: Array<{
    residentId: string | null;
    residentIdShown: string | null;
    score: number;
    /** The score's parts (family, middle, given, birth, sex, commune: numbers; reorder: boolean). */
    components: Record<string, number | boolean>;
    resident: ReviewResident | null;
  }>;
}
export interface ReviewQueueAnswer { total: number; rows: ReviewItem[] }

/** POST /api/findings/review */
export interface ReviewDecisionAnswer { ok: true; message: string }
