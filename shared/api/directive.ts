/**
 * API answers of the directive (`/api/directive/*`, `/api/alerts`): duties, the bodies' reports and their workflow,
 * the follow-up board, communication campaigns and data deliveries. Built on the server by
 * server/directive/presenters.ts, deliveries-presenters.ts, campaigns.ts (presentCampaign) and the routes; read by the
 * web's directive pages, the commune page's campaigns panel and the alerts bell. Times are ISO 8601 strings.
 * Types only.
 */
import type { AssessmentState, BoardState, ProgressStatus, ReportState } from '../directive/calendar.ts';
import type { DeliveryFrequency, DeliveryState } from '../directive/deliveries.ts';
import type { CampaignChannel } from '../directive/campaigns.ts';
import type { FileKind } from '../auth/roles.ts';

/** A duty of the directive (presentDuty). */
export interface DutyAnswer {
  id: string;
  clause: number;
  item: number;
  agency: string;
  agencyName: string;
  lead: boolean;
  leadLabel: string;
  dueRule: string;
  dueRuleLabel: string;
  text: string;
  active: boolean;
  source: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface AgencyRef { code: string; name: string }

/** GET /api/directive/duties */
export interface DutiesAnswer {
  canEdit: boolean;
  duties: DutyAnswer[];
  agencies: AgencyRef[];
  progressLabels: Record<ProgressStatus, string>;
  stateLabels: Record<BoardState, string>;
}

/** A figure a report gives (people reached, meetings held…). */
export interface ReportFigure { key: string; label: string; value: number | null }

/** A body's report on a duty for a period (presentReport); its prose is masked per role. */
export interface DirectiveReportAnswer {
  id: number;
  dutyId: string;
  dutyText: string;
  lead: boolean;
  dueRule: string;
  period: string;
  periodLabel: string;
  agency: string;
  agencyName: string;
  dueDate: string | null;
  state: ReportState;
  stateLabel: string;
  progress: ProgressStatus;
  progressLabel: string;
  activities: string;
  obstacles: string;
  proposals: string;
  figures: ReportFigure[];
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  returnComment: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  /** Whether it was first sent by its due date; null while not sent or without a due date. */
  onTime: boolean | null;
}

/** GET /api/directive/reports */
export interface DirectiveReportsAnswer {
  canFile: boolean;
  canSubmit: boolean;
  canAccept: boolean;
  canFollow: boolean;
  agency: string | null;
  reports: DirectiveReportAnswer[];
}

/** A step of a report's workflow (presentEvent). */
export interface ReportEventAnswer {
  id: number;
  at: string;
  username: string;
  action: string;
  fromState: string | null;
  toState: string;
  toStateLabel: string;
  comment: string | null;
}

/** GET /api/directive/reports/:id */
export interface DirectiveReportDetailAnswer {
  report: DirectiveReportAnswer;
  history: ReportEventAnswer[];
  may: { edit: boolean; submit: boolean; accept: boolean; answer: boolean };
}

/** POST /api/directive/duties, /api/directive/duties/:id, /api/directive/reports, …/:id/answer */
export interface IdAnswer<T = number> { id: T }
/** POST /api/directive/reports/:id */
export interface ReportSavedAnswer { id: number; version: number }
/** POST /api/directive/reports/:id/submit, …/accept, …/return */
export interface ReportStateAnswer { id: number; state: ReportState }

/** An expected (duty, period) of the follow-up board (presentFollowup). */
export interface FollowupAnswer {
  dutyId: string;
  agency: string;
  agencyName: string;
  lead: boolean;
  period: string;
  periodLabel: string;
  dueDate: string;
  state: BoardState;
  stateLabel: string;
  reportId: number | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  onTime: boolean | null;
}

/** A body's line of the board. */
export interface BoardBody { agency: string; agencyName: string; expected: number; due: number; onTime: number; late: number; overdue: number; accepted: number; onTimeRate: number | null }

/** The annual assessment before 25/12 (duty 2.7): its deadline and the state of the year's report. */
export interface AssessmentStatus {
  dutyId: string;
  year: number;
  deadline: string | null;
  state: AssessmentState;
  stateLabel: string;
  versionId: number | null;
  version: number | null;
  signedAt: string | null;
  /** When the schedule drafts it next, if that is in this year (null: no enabled schedule, or not this year). */
  scheduledAt: string | null;
}

/** GET /api/directive/board */
export interface BoardAnswer {
  year: number;
  asOf: string;
  periods: string[];
  bodies: BoardBody[];
  rows: FollowupAnswer[];
  overdue: FollowupAnswer[];
  /** Reports with obstacles or proposals. */
  issues: DirectiveReportAnswer[];
  assessment: AssessmentStatus;
}

/** What needs the user's action (the alerts bell). */
export interface AlertItem {
  kind: 'due' | 'overdue' | 'returned' | 'to_submit' | 'to_accept' | 'to_answer' | 'job_done' | 'job_failed';
  text: string;
  link: string;
  reportId: number | null;
}

/** GET /api/alerts */
export interface AlertsAnswer { count: number; alerts: AlertItem[] }

/** A communication activity (presentCampaign). */
export interface CampaignAnswer {
  id: number;
  agency: string;
  agencyName: string;
  heldOn: string;
  channel: string;
  channelLabel: string;
  title: string;
  audience: string;
  audienceLabel: string;
  communes: string[];
  parks: string[];
  attendees: number | null;
  articles: number | null;
  minutes: number | null;
  costVnd: number | null;
  recordedBy: string | null;
  canEdit: boolean;
}

/** GET /api/directive/campaigns */
export interface CampaignsAnswer {
  canRecord: boolean;
  readsAll: boolean;
  /** Every channel (CampaignChannel) with its label. */
  channels: Array<{ value: string; label: string }>;
  /** Every audience (CampaignAudience) with its label. */
  audiences: Array<{ value: string; label: string }>;
  campaigns: CampaignAnswer[];
}

/** A body's (and unit's) plan against what was done, per channel. */
export interface CampaignPlanRow { agency: string; agencyName: string; unit: string; channel: CampaignChannel; channelLabel: string; planned: number | null; done: number }

/** GET /api/directive/campaigns/plan */
export interface CampaignPlanAnswer { year: number; canEdit: boolean; rows: CampaignPlanRow[] }
/** PUT /api/directive/campaigns/plan */
export interface CampaignPlanSavedAnswer { year: number; rows: CampaignPlanRow[] }

/** A body's expected delivery of a kind of file for a period, its state and quality (presentDelivery). */
export interface DeliveryAnswer {
  agency: string;
  agencyName: string;
  kind: FileKind;
  kindLabel: string;
  frequency: DeliveryFrequency;
  frequencyLabel: string;
  period: string;
  periodLabel: string;
  dueDate: string;
  /** The first delivery of the period (VN date and time). */
  deliveredAt: string | null;
  deliveredOn: string | null;
  state: DeliveryState;
  stateLabel: string;
  /** Deliveries of the period (re-sent files count). */
  batches: number;
  /** The latest batch of the period: the one whose quality is shown. */
  batchId: number | null;
  rows: number | null;
  rejected: number | null;
  validIdShare: number | null;
  linkedShare: number | null;
  changedShare: number | null;
  previousBatchId: number | null;
}

/** GET /api/directive/deliveries */
export interface DeliveriesAnswer { year: number; asOf: string; canEditCalendar: boolean; rows: DeliveryAnswer[] }

/** An entry of the delivery calendar (presentCalendar). */
export interface CalendarEntryAnswer {
  id: number;
  agency: string;
  agencyName: string | null;
  kind: string;
  frequency: DeliveryFrequency;
  frequencyLabel: string;
  dueDay: number;
  dueMonthOffset: number;
  clause: string;
  clauseText: string;
  active: boolean;
  updatedBy: string | null;
}

/** GET /api/directive/deliveries/calendar */
export interface DeliveryCalendarAnswer { canEdit: boolean; entries: CalendarEntryAnswer[]; agencies: AgencyRef[] }
