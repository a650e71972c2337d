/** The directive's duties, reports and board as API JSON and CSV (the only place their rows become output). */
import { presentMessage, type Viewer } from '#shared/privacy.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { dueRuleLabel, periodLabel, PROGRESS_LABELS, STATE_LABELS, type BoardState, type ProgressStatus } from '#shared/directive/calendar.ts';
import { todayVn } from '#shared/calc/dates.ts';
import type { DutyRow, ReportRow, FollowupRow } from './service.ts';
import type { DirectiveReportAnswer, DutyAnswer, FollowupAnswer, ReportEventAnswer, ReportFigure } from '#shared/api/directive.ts';
import type { ReportState } from '#shared/directive/calendar.ts';

/** A time as the API sends it (ISO 8601, what JSON makes of a Date). */
const isoTime = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d == null ? null : isoTime(d));

export function presentDuty(d: DutyRow): DutyAnswer {
  return {
    id: d.id, clause: d.clause, item: d.item, agency: d.agency_code, agencyName: d.agency_name, lead: d.lead,
    leadLabel: d.lead ? 'Chủ trì' : 'Phối hợp', dueRule: d.due_rule, dueRuleLabel: dueRuleLabel(d.due_rule), text: d.text,
    active: d.active, source: d.source, updatedBy: d.updated_by, updatedAt: isoTime(d.updated_at),
  };
}

/** Report prose is what a body typed: ID-like numbers in it are masked for roles without personal data. */
const prose = (viewer: Viewer, text: string | null) => (text == null ? null : presentMessage(viewer, text));
const proseText = (viewer: Viewer, text: string) => presentMessage(viewer, text);

export function presentReport(viewer: Viewer, r: ReportRow): DirectiveReportAnswer {
  return {
    id: r.id, dutyId: r.duty_id, dutyText: r.duty_text, lead: r.lead, dueRule: r.due_rule, period: r.period, periodLabel: periodLabel(r.period),
    agency: r.agency_code, agencyName: r.agency_name, dueDate: r.due_date, state: r.state as ReportState, stateLabel: STATE_LABELS[r.state as BoardState],
    progress: r.progress as ProgressStatus, progressLabel: PROGRESS_LABELS[r.progress as ProgressStatus],
    activities: proseText(viewer, r.activities), obstacles: proseText(viewer, r.obstacles), proposals: proseText(viewer, r.proposals),
    figures: r.figures as ReportFigure[], answer: prose(viewer, r.answer), answeredBy: r.answered_by, answeredAt: isoOrNull(r.answered_at),
    returnComment: prose(viewer, r.return_comment), version: r.version, createdAt: isoTime(r.created_at), updatedAt: isoTime(r.updated_at),
    firstSubmittedAt: isoOrNull(r.first_submitted_at), submittedAt: isoOrNull(r.submitted_at), acceptedAt: isoOrNull(r.accepted_at),
    onTime: r.due_date && r.first_submitted_at ? todayVn(new Date(r.first_submitted_at)) <= r.due_date : null,
  };
}

export function presentEvent(viewer: Viewer, e: { id: number; at: Date; username: string; action: string; from_state: string | null; to_state: string; comment: string | null }): ReportEventAnswer {
  return { id: e.id, at: isoTime(e.at), username: e.username, action: e.action, fromState: e.from_state, toState: e.to_state, toStateLabel: STATE_LABELS[e.to_state as BoardState], comment: prose(viewer, e.comment) };
}

export function presentFollowup(r: FollowupRow): FollowupAnswer {
  return {
    dutyId: r.dutyId, agency: r.agency, agencyName: r.agencyName, lead: r.lead, period: r.period, periodLabel: periodLabel(r.period),
    dueDate: r.dueDate, state: r.state, stateLabel: STATE_LABELS[r.state], reportId: r.reportId,
    submittedAt: isoOrNull(r.submittedAt), acceptedAt: isoOrNull(r.acceptedAt), onTime: r.onTime,
  };
}

export const DUTY_CSV_COLUMNS = ['duty_id', 'clause', 'item', 'agency', 'lead', 'text', 'due_rule'] as const;
export function dutiesCsv(duties: DutyRow[]): string {
  return csvHeader([...DUTY_CSV_COLUMNS], { bom: true }) + duties.map((d) => csvLine([d.id, d.clause, d.item, d.agency_code, d.lead ? 'lead' : 'support', d.text, d.due_rule])).join('');
}

export const FOLLOWUP_CSV_COLUMNS = ['duty_id', 'agency', 'period', 'due_date', 'state', 'submitted_at', 'accepted_at', 'on_time'] as const;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
export function followupRecord(r: FollowupRow) {
  return { duty_id: r.dutyId, agency: r.agency, period: r.period, due_date: r.dueDate, state: r.state, submitted_at: iso(r.submittedAt), accepted_at: iso(r.acceptedAt), on_time: r.onTime };
}
export function followupCsv(rows: FollowupRow[]): string {
  return csvHeader([...FOLLOWUP_CSV_COLUMNS], { bom: true }) + rows.map((r) => {
    const x = followupRecord(r);
    return csvLine([x.duty_id, x.agency, x.period, x.due_date, x.state, x.submitted_at, x.accepted_at, x.on_time === null ? null : x.on_time ? 'yes' : 'no']);
  }).join('');
}
