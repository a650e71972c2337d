/**
 * Data-sharing compliance (issue 14 part 5): the expected deliveries of a delivery calendar, their due dates and
 * states. Pure date arithmetic on 'YYYY-MM-DD' strings, shared by the server, the command line and the browser.
 */
import { addDays, addMonths, endOfMonth } from '../calc/dates.ts';

export const DELIVERY_FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type DeliveryFrequency = (typeof DELIVERY_FREQUENCIES)[number];
export const FREQUENCY_VI: Record<DeliveryFrequency, string> = { monthly: 'Hằng tháng', quarterly: 'Hằng quý', yearly: 'Hằng năm' };
const MONTHS_OF: Record<DeliveryFrequency, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export const DELIVERY_STATES = ['on_time', 'late', 'missing', 'not_due'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DELIVERY_STATE_VI: Record<DeliveryState, string> = {
  on_time: 'Đúng hạn',
  late: 'Chậm',
  missing: 'Chưa gửi (quá hạn)',
  not_due: 'Chưa đến hạn',
};

/** Limits of the due rule (also checked by the database and the API). */
export const DUE_DAY_RANGE = [1, 31] as const;
export const DUE_OFFSET_RANGE = [-12, 24] as const;

export interface ExpectedPeriod {
  /** '2026-10' (month), '2026-Q3' (quarter) or '2026' (year). */
  period: string;
  start: string;
  end: string;
  due: string;
}

/** The label of a period as the calendar names it. */
export function periodName(frequency: DeliveryFrequency, start: string): string {
  const year = start.slice(0, 4);
  if (frequency === 'yearly') return year;
  if (frequency === 'quarterly') return `${year}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
  return start.slice(0, 7);
}

/** Vietnamese label of a period name: 'tháng 10/2026', 'quý 3/2026', 'năm 2026'. */
export function periodNameVi(period: string): string {
  const q = /^(\d{4})-Q(\d)$/.exec(period);
  if (q) return `Quý ${q[2]}/${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `Tháng ${m[2]}/${m[1]}`;
  return `Năm ${period}`;
}

/**
 * The due date of a period: day `dueDay` (the month's last day when shorter) of the month `dueMonthOffset` months
 * after the period's first month (1 = the month after a monthly period; 3 = the month after a quarter; -1 = the
 * December before a yearly period).
 */
export function dueDate(start: string, dueDay: number, dueMonthOffset: number): string {
  const month = addMonths(start, dueMonthOffset);
  const last = Number(endOfMonth(month).slice(8, 10));
  return addDays(month, Math.min(dueDay, last) - 1);
}

/** Every period of `year` a calendar entry expects (from the calendar, not from what arrived). */
export function expectedPeriods(year: number, frequency: DeliveryFrequency, dueDay: number, dueMonthOffset: number): ExpectedPeriod[] {
  const step = MONTHS_OF[frequency];
  const out: ExpectedPeriod[] = [];
  for (let m = 0; m < 12; m += step) {
    const start = addMonths(`${year}-01-01`, m);
    out.push({ period: periodName(frequency, start), start, end: addDays(addMonths(start, step), -1), due: dueDate(start, dueDay, dueMonthOffset) });
  }
  return out;
}

/**
 * Which period of a calendar a batch delivers. A batch with a period (month or year of its data) delivers the
 * calendar period that contains it. A snapshot without a period (population extract, taxpayer and employer
 * registries) delivers the period that ended before the period it was imported in: the extract imported in
 * November is October's.
 */
export function periodStartOfBatch(frequency: DeliveryFrequency, batchPeriod: string | null, importedOn: string): string {
  const step = MONTHS_OF[frequency];
  const anchor = batchPeriod ?? addMonths(importedOn, -step);
  const monthIndex = Number(anchor.slice(5, 7)) - 1;
  return addMonths(`${anchor.slice(0, 4)}-01-01`, monthIndex - (monthIndex % step));
}

/** The state of an expected delivery: delivered on `deliveredOn` (VN date) or not, judged on `asOf`. */
export function deliveryState(due: string, deliveredOn: string | null, asOf: string): DeliveryState {
  if (deliveredOn !== null) return deliveredOn <= due ? 'on_time' : 'late';
  return asOf > due ? 'missing' : 'not_due';
}
