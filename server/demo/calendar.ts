/**
 * Day and month arithmetic for the generator. A day is the number of days since 1970-01-01 (UTC); a month is
 * `year * 12 + (month - 1)`. Pure functions.
 */

const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function ymd(day: number): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

export function parseIsoDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a date: ${text}`);
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const [y, mo, d] = ymd(day);
  if (y !== Number(m[1]) || mo !== Number(m[2]) || d !== Number(m[3])) throw new Error(`not a date: ${text}`);
  return day;
}

export function isoDay(day: number): string {
  const [y, m, d] = ymd(day);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function monthOf(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function monthOfDay(day: number): number {
  const [y, m] = ymd(day);
  return monthOf(y, m);
}

export function monthYear(month: number): number {
  return Math.floor(month / 12);
}

export function monthNumber(month: number): number {
  return (month % 12) + 1;
}

export function firstDay(month: number): number {
  return dayOf(monthYear(month), monthNumber(month), 1);
}

export function lastDay(month: number): number {
  return firstDay(month + 1) - 1;
}

export function isoMonth(month: number): string {
  return `${monthYear(month)}-${String(monthNumber(month)).padStart(2, '0')}`;
}

/** Whole months completed from `birth` to `at` (a birthday on `at` counts as completed). */
export function completedMonths(birth: number, at: number): number {
  const [by, bm, bd] = ymd(birth);
  const [ay, am, ad] = ymd(at);
  return (ay - by) * 12 + (am - bm) - (ad < bd ? 1 : 0);
}

/** The day `months` calendar months after `day` (clamped to the month's end), used for ages and benefit ends. */
export function addMonthsToDay(day: number, months: number): number {
  const [y, m, d] = ymd(day);
  const target = monthOf(y, m) + months;
  const last = ymd(lastDay(target))[2];
  return dayOf(monthYear(target), monthNumber(target), Math.min(d, last));
}
