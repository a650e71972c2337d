/**
 * THE enterprise tax code (mã số thuế) rule of reference/rules-2026.md §7: 10 digits whose 10th is a check digit,
 * branches `XXXXXXXXXX-YYY` (suffix not checked), individuals and household businesses with their 12-digit personal
 * ID. Pure functions, no I/O; the import (server/ingest/row.ts) and the demo generator (server/demo/ids.ts) use it.
 */

/** Weights W1..W9 of the check digit. */
export const TAX_WEIGHTS: readonly number[] = Object.freeze([31, 29, 23, 19, 17, 13, 7, 5, 3]);

/** Σ Ni·Wi mod 11 over the first 9 digits. */
export function taxWeightedRemainder(first9: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * TAX_WEIGHTS[i];
  return sum % 11;
}

/** Check digit N10 = (10 − (Σ Ni·Wi mod 11)) mod 10 over the first 9 digits (rules §7). */
export function taxCheckDigit(first9: string): number {
  return (10 - taxWeightedRemainder(first9)) % 10;
}

export function isValidTaxCode10(code: string): boolean {
  return /^\d{10}$/.test(code) && taxCheckDigit(code) === code.charCodeAt(9) - 48;
}

export type TaxCodeShape =
  | { kind: 'enterprise'; value: string; repaired: boolean }
  | { kind: 'branch'; value: string; repaired: boolean }
  | { kind: 'personal'; value: string; repaired: boolean }
  | { kind: 'invalid'; value: string; reason: string };

/**
 * Classifies a tax code: 10 digits with a valid check digit; a branch `XXXXXXXXXX-YYY` (also written
 * without the dash as 13 digits); or a 12-digit personal ID (household businesses, individuals).
 * A 9-digit value is a 10-digit code whose leading zero a spreadsheet dropped (repaired when the
 * check digit then holds); 11 digits likewise for a personal ID.
 */
export function classifyTaxCode(raw: string): TaxCodeShape {
  const value = raw.replace(/\s/g, '').replace(/[–—]/g, '-');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{10})-?(\d{3})$/.exec(value))) {
    if (!isValidTaxCode10(m[1])) return { kind: 'invalid', value, reason: `sai chữ số kiểm tra (chữ số thứ 10 phải là ${taxCheckDigit(m[1])})` };
    return { kind: 'branch', value: `${m[1]}-${m[2]}`, repaired: !value.includes('-') };
  }
  if (/^\d{10}$/.test(value)) {
    if (!isValidTaxCode10(value)) return { kind: 'invalid', value, reason: `sai chữ số kiểm tra (chữ số thứ 10 phải là ${taxCheckDigit(value)})` };
    return { kind: 'enterprise', value, repaired: false };
  }
  if (/^\d{9}$/.test(value)) {
    const padded = '0' + value;
    if (isValidTaxCode10(padded)) return { kind: 'enterprise', value: padded, repaired: true };
    return { kind: 'invalid', value, reason: 'phải gồm 10 chữ số (có 9)' };
  }
  if (/^\d{12}$/.test(value)) return { kind: 'personal', value, repaired: false };
  if (/^\d{11}$/.test(value)) return { kind: 'personal', value: '0' + value, repaired: true };
  if (/^\d+(,\d+)?e\+?\d+$/i.test(value)) return { kind: 'invalid', value, reason: 'ở dạng số mũ (đã mất chữ số)' };
  return { kind: 'invalid', value, reason: 'phải gồm 10 chữ số, 10 chữ số kèm "-" và 3 chữ số (chi nhánh) hoặc 12 chữ số (số định danh)' };
}
