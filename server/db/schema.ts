/**
 * Kysely table types, kept in step with server/db/migrations/*.sql (the SQL is the source of truth;
 * `test/db/schema-types.test.ts` checks that every table and column here exists in the database).
 * Each capability adds its own tables' interfaces to `DB` below.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates come back as 'YYYY-MM-DD' strings on both engines (see db/connect.ts). */
type DateString = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface ProvinceTable { code: string; name: string }

export interface CommuneTable {
  code: string;
  province_code: string;
  name: string;
  name_key: string;
  type: 'xã' | 'phường';
  old_districts: string;
  old_province: string;
  pre_merger_units: string;
  pre_merger_codes: string;
  wage_region_2026: 'I' | 'II' | 'III' | 'IV';
  area_km2: number | null;
  population_portal: number | null;
  population_suspect: boolean;
  source: string;
}

export interface AgencyTable { code: string; name: string }

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  password_hash: string;
  role: string;
  agency_code: string | null;
  scope_all: Generated<boolean>;
  active: Generated<boolean>;
  /** The body's leader: submits its directive reports. */
  is_leader: Generated<boolean>;
  locked: Generated<boolean>;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  created_at: Timestamp;
}

export interface UserCommuneTable { user_id: number; commune_code: string }
export interface UserParkTable { user_id: number; park_code: string }
export interface IndustrialParkTable { code: string; name: string; kind: 'KCN' | 'CCN'; area_ha: number | null; certainty: string | null; note: string | null }
export interface IndustrialParkCommuneTable { park_code: string; commune_code: string }
/** 0078_linkage_neighbours: communes that share a border, one row per direction (reference/commune-neighbours.csv). */
export interface CommuneNeighbourTable { commune_code: string; neighbour_code: string; shared_km: number }
export interface IndustrialParkAliasTable { alias_key: string; park_code: string }
export interface ParkEmployerView {
  park_code: string; tax_code: string | null; unit_code: string | null; name: string; commune_code: string | null;
  report_period: string | null; reported_workers: number | null; linked_by: 'kcn-lao-dong' | 'bhxh-don-vi';
}
export interface ParkNameUnmatchedView { name: string; employers: number }

export interface UserSessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  username: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  commune_code: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface AppStateTable { key: string; value: Json; updated_at: Timestamp }

export interface ImportBatchTable {
  id: Generated<number>;
  province_code: Generated<string>;
  kind: string;
  period: DateString | null;
  file_name: string;
  content_sha256: string;
  file_size: number;
  raw_path: string | null;
  imported_by: number | null;
  imported_by_name: string | null;
  imported_at: Timestamp;
  rows_total: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  warnings: Generated<number>;
  header_mapping: Json<Record<string, string>>;
  rejects: Json<Array<{ row: number; column: string; value: string; message: string }>>;
  is_current: Generated<boolean>;
  replaced_by: number | null;
  /** 0010_ingest: communes of a commune account's batch (null = whole province), how the file was read. */
  scope_communes: string[] | null;
  detail: Generated<Json<Record<string, unknown>>>;
  /** 0062_import_refusals: a refused file kept in the history (no rows, never current). */
  refused: Generated<boolean>;
}

/** 0010_ingest: every problem found in a batch's rows (error = row rejected). */
export interface ImportIssueTable {
  batch_id: number;
  row_no: number;
  severity: 'error' | 'warning';
  column_name: string;
  value: string | null;
  message: string;
  /** 0062_import_refusals: the rejected row's cells as text, in the file's column order. */
  source_row: Json<string[]> | null;
}

interface SourceRow { batch_id: number; row_no: number; province_code: Generated<string> }
type Birth = { birth_date: DateString; birth_precision: Generated<'D' | 'M' | 'Y'> };

export interface SrcDanCuTable extends SourceRow, Birth {
  person_id: string; full_name: string; sex: 'M' | 'F'; ethnicity: string | null; commune_code: string;
  address: string | null; deceased: Generated<boolean>; death_date: DateString | null;
}
export interface SrcHoNgheoTable extends SourceRow {
  person_id: string; full_name: string; birth_date: DateString | null; birth_precision: 'D' | 'M' | 'Y' | null;
  commune_code: string; household_type: 'poor' | 'near_poor'; year: number;
}
export interface SrcLaoDongTable extends SourceRow {
  commune_code: string; year: number; population: number | null; labour_force: number; labour_force_working_age: number;
}
export interface SrcDnThueTable extends SourceRow {
  tax_code: string; name: string; taxpayer_type: 'enterprise' | 'branch' | 'household' | 'other'; commune_code: string;
  address: string | null; founded_on: DateString | null; status: 'active' | 'suspended' | 'closed' | 'absent';
  industry: string | null; tax_method: 'declaration' | 'lump_sum' | null; owner_person_id: string | null;
  declared_workers: number | null; industrial_park: string | null;
}
export interface SrcThueTncnTable extends SourceRow {
  payer_tax_code: string; person_id: string; full_name: string; period: DateString; taxable_income: number;
  tax_withheld: number | null; contract_type: '3m_plus' | 'under_3m' | 'none' | null;
}
export interface SrcBhxhDonViTable extends SourceRow {
  unit_code: string; tax_code: string | null; name: string; commune_code: string;
  unit_type: 'state_enterprise' | 'private_enterprise' | 'fdi_enterprise' | 'public_body' | 'household' | 'other' | null;
  industrial_park: string | null; joined_on: DateString | null; status: Generated<'active' | 'paused' | 'terminated'>;
}
export interface SrcBhxhThuTable extends SourceRow {
  unit_code: string; period: DateString; workers: number; wage_fund: number; amount_due: number; amount_paid: number;
  paid_on: DateString | null; reminded_on: DateString | null;
}
export interface SrcBhxhNguoiTable extends SourceRow, Birth {
  person_id: string | null; person_id_valid: Generated<boolean>; bhxh_code: string | null; full_name: string;
  sex: 'M' | 'F'; commune_code: string | null; scheme: 'BB' | 'TN'; unemployment_insured: Generated<boolean>;
  unit_code: string | null; contribution_base: number; from_period: DateString; to_period: DateString | null;
  payment_mode: string | null; support_group: 'poor' | 'near_poor' | 'ethnic_minority' | 'other' | null;
  snapshot_period: DateString;
}
export interface SrcBhxhHuongTable extends SourceRow, Birth {
  person_id: string; full_name: string; benefit_type: 'pension' | 'monthly_allowance' | 'other'; from_period: DateString;
}
export interface SrcBhtnHuongTable extends SourceRow {
  person_id: string; full_name: string; birth_date: DateString | null; birth_precision: 'D' | 'M' | 'Y' | null;
  decision_no: string; decision_date: DateString | null; start_date: DateString; end_date: DateString; months: number;
  monthly_amount: number;
}
export interface SrcKcnLaoDongTable extends SourceRow {
  tax_code: string; name: string; industrial_park: string; period: DateString; reported_workers: number;
}
export interface SrcChiTieuTable extends SourceRow {
  year: number; commune_code: string; target_total: number; target_voluntary: number; target_mandatory: number | null;
  target_unemployment: number | null; basis: string | null;
}

export interface LegalParamTable {
  id: Generated<number>;
  key: string;
  value: number;
  unit: string;
  effective_from: DateString;
  effective_to: DateString | null;
  source: string;
  status: Generated<'law' | 'press' | 'derived' | 'unverified' | 'setting'>;
  note: string | null;
  document_number: string | null;
  document_date: DateString | null;
  document_article: string | null;
  verified_by: number | null;
  verified_by_name: string | null;
  verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Its Vietnamese name (0060_legal_param_label.sql). */
  label: string | null;
}
export interface PublicHolidayTable { day: DateString; name: string; source: string }

export interface CalcScenarioTable {
  id: Generated<number>;
  province_code: Generated<string>;
  name: string;
  params: Json<Record<string, unknown>>;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// Targets and progress (server/targets, migration 0030).
export interface TargetSetTable {
  id: Generated<number>; province_code: Generated<string>; level: 'province' | 'commune'; year: number; created_at: Timestamp;
}
export interface TargetVersionTable {
  id: Generated<number>; set_id: number; version: number; status: 'draft' | 'submitted' | 'approved';
  source: 'form' | 'import' | 'allocation'; method: string | null; basis: string | null; basis_date: DateString | null;
  note: string | null; import_batch_id: number | null; changed_by: number | null; changed_by_name: string | null;
  changed_at: Timestamp;
}
export interface TargetLineTable {
  version_id: number; unit_code: string; target_total: number; target_voluntary: number;
  target_mandatory: number | null; target_unemployment: number | null;
}
export interface TargetVersionView extends Omit<TargetVersionTable, 'id' | 'changed_at'> {
  id: number; changed_at: Date; province_code: string; level: 'province' | 'commune'; year: number;
}
export interface TargetEffectiveLineView {
  province_code: string; level: 'province' | 'commune'; year: number; set_id: number; version_id: number; version: number;
  status: 'draft' | 'submitted' | 'approved'; basis: string | null; basis_date: string | null; unit_code: string;
  target_total: number; target_voluntary: number; target_mandatory: number | null; target_unemployment: number | null;
}
export interface ProgressMonthlyTable {
  unit_code: string; period: DateString; active_total: number; active_mandatory: number; active_voluntary: number;
  active_unemployment: number; snapshot_period: DateString;
}
export interface ProgressSummaryTable { year: number; unit_code: string; as_of_period: DateString; row: Json }
export interface ProgressRunTable {
  id: Generated<number>; refreshed_at: Timestamp; fingerprint: string; latest_period: DateString | null;
  detail: Json<Record<string, unknown>>;
}

// Cases (server/cases, migration 0050): workflow reference data, cases, their log, decisions, attachments, outreach.
export interface CaseTypeTable { code: string; label: string; finding_codes: string[]; position: number }
export interface CaseStageTable {
  case_type: string; code: string; position: number; label: string; owner_role: string; deadline_working_days: number | null;
  deadline_param: string | null; documents: string[]; hint: Generated<string>;
}
export interface CaseOutcomeTable {
  case_type: string; stage: string; code: string; label: string; position: number; next_stage: string | null;
  close_result: string | null; needs_decision: Generated<boolean>; amount_kind: 'fine' | 'to_recover' | 'recovered' | null;
  needs_reason: Generated<boolean>;
}
export interface CaseAutoOpenTable { finding_code: string; enabled: boolean; updated_at: Timestamp; updated_by: string | null }
export interface WorkCaseTable {
  id: Generated<number>; case_type: string; finding_id: number; finding_code: string; subject_id: string; subject_name: string | null;
  subject_kind: string; commune_code: string | null; related_id: string | null; stage: string; status: Generated<'open' | 'closed'>;
  stage_started_on: DateString; due_date: DateString | null; assignee_id: number | null; assignee_name: string | null;
  opened_at: Timestamp; opened_by: string | null; opened_via: 'single' | 'bulk' | 'auto' | 'cli'; frozen_period: DateString;
  frozen_amount_vnd: number; frozen_amounts: Json<Record<string, unknown>>; frozen_evidence: Json<Record<string, unknown>>;
  frozen_legal_basis: string; fine_vnd: number | null; to_recover_vnd: number | null; recovered_vnd: Generated<number>;
  data_resolved_run_id: number | null; data_resolved_at: Date | null; data_evidence: Json<Record<string, unknown>> | null;
  close_result: string | null; close_reason: string | null; closed_at: Date | null; closed_by: string | null;
}
export interface CaseLogTable {
  id: Generated<number>; case_id: number; at: Timestamp; user_id: number | null; username: string | null; role: string | null;
  agency: string | null; run_id: number | null; action: string; stage: string | null; outcome: string | null; due_date: DateString | null;
  timeliness: 'early' | 'on_time' | 'late' | null; before: Json | null; after: Json | null; note: string | null;
}
export interface CaseDecisionTable {
  id: Generated<number>; case_id: number; stage: string; outcome: string; number: string; decided_on: DateString;
  amount_vnd: number | null; recorded_by: string; recorded_at: Timestamp;
}
export interface CaseAttachmentTable {
  id: Generated<number>; case_id: number; file_name: string; content_sha256: string; file_size: number; content_type: string | null;
  stored_path: string; uploaded_by: string; uploaded_at: Timestamp;
}
export interface OutreachContactTable {
  id: Generated<number>; finding_id: number | null; subject_id: string; list_kind: 'potential' | 'renewal'; commune_code: string;
  contact_date: DateString; channel: 'visit' | 'meeting' | 'phone' | 'zalo' | 'loudspeaker';
  outcome: 'advised' | 'will_register' | 'refused' | 'registered'; refused_reason: string | null; follow_up_date: DateString | null;
  officer_id: number; officer_name: string; note: string | null; created_at: Timestamp;
}
export interface DocTemplateTable {
  code: string; label: string; issuer: string; issuer_parent: string; symbol: string; place: string; subject: string; recipient: string;
  paragraphs: string[]; copies_to: string[]; signer_title: string; signer_name: Generated<string>;
}

/** Issue 14 part 5: who delivers which file kind, how often and by when. */
export interface DeliveryCalendarTable {
  id: Generated<number>;
  agency_code: string;
  kind: string;
  frequency: 'monthly' | 'quarterly' | 'yearly';
  due_day: number;
  due_month_offset: number;
  clause: string;
  clause_text: string;
  active: Generated<boolean>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Issue 14 part 6: planned activities per body, unit, year and channel. */
export interface CampaignPlanTable {
  agency_code: string;
  unit: Generated<string>;
  year: number;
  channel: string;
  planned_count: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CampaignActivityTable {
  id: Generated<number>;
  agency_code: string;
  held_on: DateString;
  channel: string;
  title: string;
  audience: string;
  commune_codes: ColumnType<string[], string[] | undefined, string[]>;
  parks: ColumnType<string[], string[] | undefined, string[]>;
  attendees: number | null;
  articles: number | null;
  minutes: number | null;
  cost_vnd: number | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DirectiveDutyTable {
  id: string;
  directive: Generated<string>;
  clause: number;
  item: number;
  agency_code: string;
  lead: boolean;
  due_rule: string;
  text: string;
  active: Generated<boolean>;
  source: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DirectiveReportTable {
  id: Generated<number>;
  duty_id: string;
  period: string;
  agency_code: string;
  due_date: DateString | null;
  state: Generated<string>;
  progress: string;
  activities: Generated<string>;
  figures: Json<Array<{ key: string; label: string; value: number | null }>>;
  obstacles: Generated<string>;
  proposals: Generated<string>;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  return_comment: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_submitted_at: Timestamp | null;
  submitted_at: Timestamp | null;
  accepted_at: Timestamp | null;
}

export interface DirectiveReportEventTable {
  id: Generated<number>;
  report_id: number;
  at: Timestamp;
  user_id: number | null;
  username: string;
  action: string;
  from_state: string | null;
  to_state: string;
  comment: string | null;
}

// ---- Scheduled jobs (0073, server/jobs) ----------------------------------------------------------------------------

export type JobRunState = 'queued' | 'running' | 'done' | 'failed';

export interface ScheduledJobTable {
  id: Generated<number>;
  kind: string;
  label: string;
  rule: string;
  rule_label: string;
  params: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  source: string;
  next_run_at: Date | null;
  last_run_at: Date | null;
  last_state: JobRunState | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface JobRunTable {
  id: Generated<number>;
  schedule_id: number;
  kind: string;
  due_at: Date;
  state: Generated<JobRunState>;
  claimed_by: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  result: Json<Record<string, unknown>> | null;
}

export interface DB {
  directive_duty: DirectiveDutyTable;
  directive_report: DirectiveReportTable;
  directive_report_event: DirectiveReportEventTable;
  legal_param: LegalParamTable;
  public_holiday: PublicHolidayTable;
  calc_scenario: CalcScenarioTable;
  province: ProvinceTable;
  commune: CommuneTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  user_commune: UserCommuneTable;
  user_park: UserParkTable;
  industrial_park: IndustrialParkTable;
  industrial_park_commune: IndustrialParkCommuneTable;
  commune_neighbour: CommuneNeighbourTable;
  industrial_park_alias: IndustrialParkAliasTable;
  park_employer: ParkEmployerView;
  park_name_unmatched: ParkNameUnmatchedView;
  user_session: UserSessionTable;
  audit_log: AuditLogTable;
  app_state: AppStateTable;
  import_batch: ImportBatchTable;
  import_issue: ImportIssueTable;
  src_dan_cu: SrcDanCuTable; cur_dan_cu: SrcDanCuTable;
  src_ho_ngheo: SrcHoNgheoTable; cur_ho_ngheo: SrcHoNgheoTable;
  src_lao_dong: SrcLaoDongTable; cur_lao_dong: SrcLaoDongTable;
  src_dn_thue: SrcDnThueTable; cur_dn_thue: SrcDnThueTable;
  src_thue_tncn: SrcThueTncnTable; cur_thue_tncn: SrcThueTncnTable;
  src_bhxh_don_vi: SrcBhxhDonViTable; cur_bhxh_don_vi: SrcBhxhDonViTable;
  src_bhxh_thu: SrcBhxhThuTable; cur_bhxh_thu: SrcBhxhThuTable;
  src_bhxh_nguoi: SrcBhxhNguoiTable; cur_bhxh_nguoi: SrcBhxhNguoiTable;
  src_bhxh_huong: SrcBhxhHuongTable; cur_bhxh_huong: SrcBhxhHuongTable;
  src_bhtn_huong: SrcBhtnHuongTable; cur_bhtn_huong: SrcBhtnHuongTable;
  src_kcn_lao_dong: SrcKcnLaoDongTable; cur_kcn_lao_dong: SrcKcnLaoDongTable;
  src_chi_tieu: SrcChiTieuTable; cur_chi_tieu: SrcChiTieuTable;
  target_set: TargetSetTable; target_version: TargetVersionTable; target_line: TargetLineTable;
  target_latest: TargetVersionView; target_effective: TargetVersionView; target_effective_line: TargetEffectiveLineView;
  progress_monthly: ProgressMonthlyTable; progress_summary: ProgressSummaryTable; progress_run: ProgressRunTable;
  case_type: CaseTypeTable; case_stage: CaseStageTable; case_outcome: CaseOutcomeTable; case_auto_open: CaseAutoOpenTable;
  work_case: WorkCaseTable; case_log: CaseLogTable; case_decision: CaseDecisionTable; case_attachment: CaseAttachmentTable;
  outreach_contact: OutreachContactTable; doc_template: DocTemplateTable;
  delivery_calendar: DeliveryCalendarTable; campaign_plan: CampaignPlanTable; campaign_activity: CampaignActivityTable;
  scheduled_job: ScheduledJobTable; job_run: JobRunTable;
  report_kind: ReportKindTable; report_version: ReportVersionTable; report_file: ReportFileTable; report_action: ReportActionTable;
}

// Reports (server/reports, migration 0070): kinds as data, versions, their stored files and their action log.
/** A jsonb column with a default: optional on insert, written as JSON text or a value. */
type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;
export interface ReportKindTable {
  id: string; label: string; description: Generated<string>; position: Generated<number>; params: string[]; needs_period: Generated<boolean>;
  formats: string[]; generate_roles: string[]; review_roles: string[]; sign_roles: string[]; read_roles: Generated<string[]>;
  issuer_parent: string; issuer: string; symbol: string; place: string; doc_type: Generated<string>; subject: string;
  recipients: string[]; copies_to: string[]; signer_authority: string | null; signer_title: string; signer_name: Generated<string>;
  wording: JsonDefault<{ intro?: string[]; closing?: string[] }>; wording_source: string;
}
export type ReportState = 'queued' | 'running' | 'failed' | 'draft' | 'reviewed' | 'signed' | 'returned';
export interface ReportVersionTable {
  id: Generated<number>; kind: string; params: Json<Record<string, unknown>>; params_key: string; version: number;
  state: Generated<ReportState>; progress: Generated<number>; error: string | null; number: string | null; commune_code: string | null;
  formats: string[]; data_ids: JsonDefault<Record<string, unknown>>; document: Json | null;
  created_by: number | null; created_by_name: string; created_at: Timestamp;
  reviewed_by: number | null; reviewed_by_name: string | null; reviewed_at: Timestamp | null;
  signed_by: number | null; signed_by_name: string | null; signed_at: Timestamp | null;
  /** host:pid of the process building it (migration 0075), and when it last showed life. */
  worker: string | null; heartbeat_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface ReportFileTable {
  version_id: number; format: 'docx' | 'xlsx' | 'pdf'; bytes: Buffer; size: number; sha256: string; created_at: Timestamp;
}
export interface ReportActionTable {
  id: Generated<number>; version_id: number; at: Timestamp; user_id: number | null; username: string;
  action: 'generate' | 'built' | 'fail' | 'review' | 'sign' | 'return' | 'download' | 'resume'; from_state: string | null; to_state: string | null;
  comment: string | null; detail: JsonDefault<Record<string, unknown>>;
}
