/**
 * The directive's duty calendar: the due-rule grammar, the periods a rule expects in a year with their due dates,
 * and the one vocabulary of report statuses and states (Vietnamese labels). Pure; shared by the server and the web.
 *
 * Due rules (stored as data in directive_duty.due_rule):
 *   yearly:MM-DD    one report per year, period 'YYYY', due on that calendar day of the year
 *   quarterly:+N    one per quarter, period 'YYYY-Qn', due N days after the quarter's last day
 *   monthly:+N      one per month, period 'YYYY-MM', due N days after the month's last day
 *   event           on event: no expected reports; a report may still be filed for a year ('YYYY')
 */

export type DueRule =
  | { kind: 'yearly'; month: number; day: number }
  | { kind: 'quarterly'; days: number }
  | { kind: 'monthly'; days: number }
  | { kind: 'event' };

import { addDays, endOfMonth, isIsoDate } from '../calc/dates.ts';

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Parses a due rule; null when it is not one of the grammar's forms. */
export function parseDueRule(text: string): DueRule | null {
  const rule = text.trim();
  if (rule === 'event') return { kind: 'event' };
  let m = /^yearly:(\d{2})-(\d{2})$/.exec(rule);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    // Checked against a non-leap year so the rule holds every year (29/02 is refused).
    if (!isIsoDate(ymd(2027, month, day))) return null;
    return { kind: 'yearly', month, day };
  }
  m = /^(quarterly|monthly):\+(\d{1,2})$/.exec(rule);
  if (m) {
    const days = Number(m[2]);
    if (days > 60) return null;
    return { kind: m[1] as 'quarterly' | 'monthly', days };
  }
  return null;
}

export const DUE_RULE_HELP = 'yearly:MM-DD (hằng năm, trước ngày), quarterly:+N (N ngày sau khi hết quý), monthly:+N (N ngày sau khi hết tháng) hoặc event (theo sự việc), N từ 0 đến 60';

export interface ExpectedPeriod {
  period: string;
  dueDate: string;
}

/** The periods a rule expects in `year`, each with its due date. */
export function expectedPeriods(rule: DueRule, year: number): ExpectedPeriod[] {
  switch (rule.kind) {
    case 'event':
      return [];
    case 'yearly':
      return [{ period: String(year), dueDate: ymd(year, rule.month, rule.day) }];
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => ({ period: `${year}-Q${q}`, dueDate: addDays(endOfMonth(ymd(year, 3 * q, 1)), rule.days) }));
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => ({
        period: `${year}-${String(i + 1).padStart(2, '0')}`,
        dueDate: addDays(endOfMonth(ymd(year, i + 1, 1)), rule.days),
      }));
  }
}

/** The due date of `period` under `rule`; null when the period is not one the rule has (or the rule is 'event'). */
export function dueDateOf(rule: DueRule, period: string): string | null {
  const year = Number(period.slice(0, 4));
  if (!/^\d{4}/.test(period) || year < 2020 || year > 2035) return null;
  return expectedPeriods(rule, year).find((p) => p.period === period)?.dueDate ?? null;
}

/** Whether a report may be filed for `period` under `rule` (an 'event' duty takes a year). */
export function periodFitsRule(rule: DueRule, period: string): boolean {
  if (rule.kind === 'event') return /^20(2\d|3[0-5])$/.test(period);
  return dueDateOf(rule, period) !== null;
}

/** The year a period belongs to. */
export const periodYear = (period: string) => Number(period.slice(0, 4));

/** 'YYYY' → 'Năm 2026', 'YYYY-Qn' → 'Quý 4/2026', 'YYYY-MM' → 'Tháng 11/2026'. */
export function periodLabel(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Quý ${q[2]}/${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `Tháng ${m[2]}/${m[1]}`;
  return `Năm ${period}`;
}

export function dueRuleLabel(text: string): string {
  const rule = parseDueRule(text);
  if (!rule) return text;
  switch (rule.kind) {
    case 'event':
      return 'Theo sự việc, đột xuất';
    case 'yearly':
      return `Hằng năm, trước ngày ${String(rule.day).padStart(2, '0')}/${String(rule.month).padStart(2, '0')}`;
    case 'quarterly':
      return `Hằng quý, ${rule.days} ngày sau khi hết quý`;
    case 'monthly':
      return `Hằng tháng, ${rule.days} ngày sau khi hết tháng`;
  }
}

/** What the body says of its duty in the period. */
export const PROGRESS_STATUSES = ['done', 'on_track', 'delayed', 'blocked'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_LABELS: Record<ProgressStatus, string> = {
  done: 'Đã hoàn thành',
  on_track: 'Đang thực hiện, đúng tiến độ',
  delayed: 'Chậm tiến độ',
  blocked: 'Vướng mắc, chưa thực hiện được',
};

/** Where a report is in its workflow. */
export const REPORT_STATES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
/** A state of an expected report on the board: a report's state, or none yet (not due / overdue). */
export type BoardState = ReportState | 'not_due' | 'overdue';
export const STATE_LABELS: Record<BoardState, string> = {
  not_due: 'Chưa đến hạn',
  overdue: 'Quá hạn, chưa gửi',
  draft: 'Đang soạn',
  submitted: 'Đã gửi, chờ tiếp nhận',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
};

/**
 * Whether an expected report was (or already cannot be) on time. The first submission counts: a report returned
 * for correction and resubmitted after the due date was still delivered on time. Not yet submitted: late once the
 * due date is past (as of `asOf`), otherwise not decided (null).
 */
export function onTime(dueDate: string, firstSubmittedOn: string | null, asOf: string): boolean | null {
  if (firstSubmittedOn !== null) return firstSubmittedOn <= dueDate;
  return asOf > dueDate ? false : null;
}

/** The board state of an expected report. */
export function boardState(reportState: ReportState | null, dueDate: string, asOf: string): BoardState {
  if (reportState === null || reportState === 'draft') return asOf > dueDate ? 'overdue' : reportState ?? 'not_due';
  return reportState;
}

/**
 * The annual assessment of Resolution 403/NQ-CP (duty 2.7, due before 25/12) on the follow-up board: the state of
 * the year's report in the report catalogue — none yet, a draft, reviewed, signed — or late once the due day has
 * passed unsigned.
 */
export const ASSESSMENT_STATES = ['no_draft', 'draft', 'reviewed', 'signed', 'late'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];
export const ASSESSMENT_STATE_LABELS: Record<AssessmentState, string> = {
  no_draft: 'Chưa có dự thảo',
  draft: 'Đã có dự thảo, chờ rà soát',
  reviewed: 'Đã rà soát, chờ ký',
  signed: 'Đã ký',
  late: 'Quá hạn, chưa ký',
};
