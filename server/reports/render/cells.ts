/** A table cell as text, by its column's format (shared/format.ts: 1.234.567, 45,3 %, dd/mm/yyyy, mm/yyyy). */
import type { Cell, Column } from '../model.ts';
import { formatDate, formatInt, formatPct, formatPeriod } from '#shared/format.ts';

export function cellText(value: Cell, format: Column['format']): string {
  if (value === null || value === undefined || value === '') return '';
  switch (format) {
    case 'int':
    case 'money':
      return typeof value === 'number' ? formatInt(value) : String(value);
    case 'percent':
      return typeof value === 'number' ? formatPct(value) : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? formatDate(value.slice(0, 10)) : String(value);
    case 'period':
      return typeof value === 'string' && /^\d{4}-\d{2}/.test(value) ? formatPeriod(value.length === 7 ? `${value}-01` : value) : String(value);
    default:
      return String(value);
  }
}
