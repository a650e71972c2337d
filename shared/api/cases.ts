/**
 * API answers of cases, outreach and the employer page (`/api/cases/*`, `/api/outreach*`, `/api/employers/:taxCode`):
 * built on the server by server/cases/presenters.ts and routes.ts, read by the web's cases, case, outreach and
 * employer pages and the findings page's "open a case" buttons. Personal values are already masked for the role.
 * Types only.
 */

export type CaseStatus = 'open' | 'closed';
export type CaseUrgency = 'overdue' | 'due_soon' | 'later';
export type CaseCloseResult = 'paid' | 'registered' | 'sanctioned' | 'referred' | 'dismissed' | 'corrected' | 'recovered';
export type CaseAmountKind = 'fine' | 'to_recover' | 'recovered';

/** A case type of the workflow, as GET /api/cases/meta lists it. */
export interface CaseTypeMeta {
  code: string;
  label: string;
  findingCodes: string[];
  stages: Array<{ code: string; label: string; ownerRole: string; ownerLabel: string; deadline: string; documents: string[] }>;
}

/** GET /api/cases/meta */
export interface CasesMetaAnswer {
  types: CaseTypeMeta[];
  closeResults: Record<CaseCloseResult, string>;
  timeliness: Record<'early' | 'on_time' | 'late', string>;
  canOpen: boolean;
  canConfigure: boolean;
  canLogOutreach: boolean;
  /** The finding codes this account may open cases for. */
  openableCodes: Array<{ code: string; label: string }>;
  autoOpen: Array<{ code: string; enabled: boolean }>;
  role: { code: string; label: string };
}

/** A case in a list (presentCase). */
export interface CaseAnswer {
  id: number;
  type: string;
  typeLabel: string;
  findingId: number;
  findingCode: string;
  findingLabel: string;
  /** Masked for a person's case unless the role sees personal data. */
  subjectId: string | null;
  subjectName: string | null;
  relatedId: string | null;
  communeCode: string | null;
  stage: string;
  stageLabel: string;
  /** 'position/stages', e.g. '2/4'. */
  stageNo: string;
  ownerRole: string;
  ownerLabel: string;
  dueDate: string | null;
  dueLabel: string;
  overdue: boolean;
  urgency: CaseUrgency | null;
  urgencyLabel: string;
  status: CaseStatus;
  statusLabel: string;
  assignee: string | null;
  openedAt: string;
  closedAt: string;
  closeResult: CaseCloseResult | null;
  closeResultLabel: string;
  amountVnd: number;
  amountLabel: string;
  recoveredVnd: number;
  recoveredLabel: string;
  dataResolved: { runId: number; label: string; message: string; asOf: string } | null;
  canAct: boolean;
}

export interface CaseQueueCounts { total: number; overdue: number; due_soon: number; later: number; open: number; data_resolved: number }

/** GET /api/cases */
export interface CaseListAnswer { total: number; page: number; pageSize: number; counts: CaseQueueCounts; today: string; rows: CaseAnswer[] }

/** An outcome of the current stage that the owning office may record. */
export interface CaseOutcome { code: string; label: string; closes: boolean; needsDecision: boolean; amountKind: CaseAmountKind | null; needsReason: boolean }

/** GET /api/cases/:id (presentCaseDetail). */
export interface CaseDetailAnswer extends CaseAnswer {
  legalBasis: string;
  frozenPeriod: string;
  frozen: {
    amounts: Array<{ key: string; value: number; label: string }>;
    months: Array<{ period: string; due: string; paid: string; arrears: string; deadline: string; daysLate: string; remindedOn: string; evaded: boolean }>;
    /** Null for a person's case. */
    evidence: Record<string, unknown> | null;
  };
  criminalScreening: { label: string; flag: boolean; evadedMonths: number; evadedAmount: string; workers: string } | null;
  fine: string | null;
  toRecover: string | null;
  suggestedFine: { min: number; max: number; label: string; sources: string[] } | null;
  finding: { id: number; status: string; stillRaised: boolean } | null;
  hint: string;
  stages: Array<{ code: string; label: string; ownerLabel: string; current: boolean; done: boolean }>;
  outcomes: CaseOutcome[];
  documents: Array<{ code: string; label: string }>;
  decisions: Array<{ stage: string; outcome: string; number: string; date: string; amount: string; by: string }>;
  attachments: Array<{ id: number; fileName: string; sha256: string; size: string; by: string; at: string }>;
  log: Array<{ at: string; who: string; role: string; agency: string | null; action: string; stage: string; outcome: string; change: string; timeliness: string; note: string }>;
}

/** GET /api/cases/measures */
export interface CaseMeasuresAnswer {
  byStage: Array<{ type: string; stage: string; stageLabel: string; status: CaseStatus; count: number; overdue: number; ageUnder30: number; age30to89: number; age90plus: number }>;
  timeliness: Array<{ office: string; agency: string | null; total: number; early: number; onTime: number; late: number; earlyShare: number; onTimeShare: number; lateShare: number }>;
  recovered: Array<{ type: string; recoveredVnd: number; recoveredLabel: string; atOpeningVnd: number }>;
  outreachByCommune: Array<{ communeCode: string; contacts: number; people: number; converted: number }>;
  outreachByOfficer: Array<{ communeCode: string; officer: string; contacts: number; people: number; converted: number }>;
}

/** GET /api/cases/assignees */
export interface CaseAssigneesAnswer { rows: Array<{ id: number; name: string }> }

/** POST /api/cases/open */
export interface OpenCasesAnswer {
  opened: number;
  /** One finding: its open case (just opened or opened before), when the account may read it. */
  caseId: number | null;
  message: string;
}

/** POST /api/cases/advance, /api/cases/assign */
export interface CasesChangedAnswer { changed: number; message: string }

/** POST /api/cases/:id/advance */
export interface CaseAdvanceAnswer { ok: true; status: CaseStatus; stage: string; message: string }

/** POST /api/cases/:id/attachments */
export interface CaseAttachmentAnswer { ok: true; id: number; sha256: string }

/** The auto-open setting of one finding code (presentAutoOpen). */
export interface AutoOpenRow {
  code: string;
  label: string;
  caseType: string;
  caseTypeLabel: string;
  enabled: boolean;
  /** Who changed it last; null while it is the installation's default. */
  changedBy: string | null;
  changedAt: string | null;
}

/** GET /api/cases/auto-open */
export interface AutoOpenAnswer { rows: AutoOpenRow[] }

/** A person of an outreach list. */
export interface OutreachRow {
  findingId: number | null;
  code: string;
  /** Masked unless the role sees personal data. */
  subjectId: string | null;
  /** The unmasked ID for roles that see personal data (to record a contact), else null. */
  subjectIdRaw: string | null;
  subjectName: string | null;
  communeCode: string | null;
  contacts: number;
  paidUntil: string | null;
  lastContact: string;
}

/** GET /api/outreach */
export interface OutreachAnswer { total: number; rows: OutreachRow[]; channels: Record<string, string>; outcomes: Record<string, string> }

/** POST /api/outreach/contacts */
export interface ContactAnswer { ok: true; id: number; message: string }

/** GET /api/employers/:taxCode */
export interface EmployerAnswer {
  taxCode: string | null;
  name: string | null;
  communeCode: string | null;
  taxpayer: { type: string; status: string; declaredWorkers: number | null } | null;
  units: Array<{ unitCode: string; name: string; communeCode: string; industrialPark: string | null; status: string }>;
  contributions: Array<{ unitCode: string; period: string; workers: number; due: string; paid: string; arrears: string; remindedOn: string }>;
  workers: Array<{ period: string; taxed: number; participants: number | null; declared: number | null }>;
  parkReports: Array<{ period: string; park: string; reported: number }>;
  findings: Array<{ id: number; code: string; label: string; subjectId: string | null; amount: string; present: boolean; status: string }>;
  cases: CaseAnswer[];
  history: Array<{ at: string; who: string; role: string; caseId: number; action: string; stage: string; outcome: string }>;
}
