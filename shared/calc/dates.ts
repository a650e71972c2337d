/** Calendar arithmetic on 'YYYY-MM-DD' strings (UTC, no time zones). Pure, used by server and web. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (iso: string, n: number) => toIso(new Date(toDate(iso).getTime() + n * 86_400_000));
/** Whole days from a to b (b − a). */
export const diffDays = (a: string, b: string) => Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
export const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
export function addMonths(iso: string, n: number): string {
  const d = toDate(monthStart(iso));
  d.setUTCMonth(d.getUTCMonth() + n);
  return toIso(d);
}
export const endOfMonth = (iso: string) => addDays(addMonths(iso, 1), -1);
/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (iso: string) => toDate(iso).getUTCDay();
export const isWeekend = (iso: string) => dayOfWeek(iso) === 0 || dayOfWeek(iso) === 6;

/** Today in Việt Nam (UTC+7). */
export function todayVn(now = new Date()): string {
  return toIso(new Date(now.getTime() + 7 * 3_600_000));
}
