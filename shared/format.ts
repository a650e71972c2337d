/** Vietnamese display formats: 1.234.567 and dd/mm/yyyy. Pure, used by server and web. */

const intFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const pctFormat = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatInt = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : intFormat.format(Math.round(n)));
export const formatVnd = (n: number | null | undefined) => (n == null ? '' : `${formatInt(n)} đ`);
export const formatPct = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '' : `${pctFormat.format(n)} %`);

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
