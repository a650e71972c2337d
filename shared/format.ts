/** Vietnamese display formats: 1.234.567 and dd/mm/yyyy. Pure, used by server and web. */

// Written out instead of Intl.NumberFormat('vi-VN'): a browser tab's first Vietnamese NumberFormat loads ICU
// locale data, 45–110 ms of the home page's first render on the benchmark machine. Same output as Intl for
// finite numbers (test/web/format.test.ts compares them), except that -0 prints as 0.

/** Digits grouped by '.': '1234567' → '1.234.567'. */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * |n| rounded half away from zero to `decimals` places, as digit strings. Rounds the number's shortest decimal
 * form, as Intl does, so 1.005 → 1.01 (toFixed would give 1.00).
 */
function roundAbs(n: number, decimals: number): { int: string; frac: string } {
  const shortest = String(Math.abs(n));
  if (/e/i.test(shortest)) {
    const [int, frac = ''] = Math.abs(n).toFixed(decimals).split('.');
    return { int, frac };
  }
  const [int, frac = ''] = shortest.split('.');
  if (frac.length <= decimals) return { int, frac: frac.padEnd(decimals, '0') };
  let digits = int + frac.slice(0, decimals);
  if (frac.charCodeAt(decimals) >= 53 /* '5' */) digits = (BigInt(digits) + 1n).toString().padStart(decimals + 1, '0');
  return { int: digits.slice(0, digits.length - decimals), frac: digits.slice(digits.length - decimals) };
}

function formatNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '' : n > 0 ? '∞' : '-∞';
  const { int, frac } = roundAbs(n, decimals);
  const sign = n < 0 && /[1-9]/.test(int + frac) ? '-' : '';
  return `${sign}${group(int)}${decimals ? `,${frac}` : ''}`;
}

export const formatInt = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : formatNumber(Math.round(n), 0));
export const formatVnd = (n: number | null | undefined) => (n == null ? '' : `${formatInt(n)} đ`);
export const formatPct = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : `${formatNumber(n, 1)} %`);

/** 'YYYY-MM-DD' (or a Date) → 'dd/mm/yyyy'. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** 'YYYY-MM-01' → 'mm/yyyy'. */
export function formatPeriod(value: string | null | undefined): string {
  if (!value) return '';
  const [y, m] = value.split('-');
  return `${m}/${y}`;
}
