/**
 * The one CSV writer of the product: a row of typed values becomes one line (streaming-friendly: callers write
 * line by line), with RFC 4180 quoting.
 *
 * Formula injection: a spreadsheet program runs a cell that begins with = + - @ (and, in some programs, a tab or
 * carriage return) as a formula, so a company named `=HYPERLINK(…)` in an export would become a live link. Text cells
 * that begin with one of those characters get a leading single quote (OWASP "CSV injection"), which spreadsheet
 * programs show as text. Numbers typed as `number` are never altered, so negative amounts stay numeric; a text
 * cell that merely looks like a number (`-5` as a string) is text and is neutralised.
 */
export type CsvValue = string | number | boolean | bigint | null | undefined;

export interface CsvOptions {
  /** Field separator (default ','). Cells containing it are quoted. */
  separator?: string;
  /** Line ending (default '\r\n', what spreadsheet programs expect). */
  newline?: string;
  /**
   * Prefix formula-leading text cells with a single quote (default true). Only the demo generator turns this off:
   * it writes synthetic *source* files, the agency data as agencies export it, which the importer must read back
   * verbatim (a leading quote would change the data it is meant to test).
   */
  neutraliseFormulas?: boolean;
}

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text cell would be read as a formula by a spreadsheet program. */
export const looksLikeFormula = (text: string) => FORMULA_START.test(text);

const quoteNeeded = new Map<string, RegExp>();
function quoteTest(separator: string): RegExp {
  let re = quoteNeeded.get(separator);
  if (!re) {
    re = new RegExp(`["\\r\\n]|${separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    quoteNeeded.set(separator, re);
  }
  return re;
}

/** One field: empty for null/undefined, numbers as written by String(), text quoted when needed. */
export function csvCell(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (options.neutraliseFormulas !== false && looksLikeFormula(text)) text = `'${text}`;
  return quoteTest(options.separator ?? ',').test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line (with its line ending) from a row of typed values. */
export function csvLine(values: readonly CsvValue[], options: CsvOptions = {}): string {
  return values.map((v) => csvCell(v, options)).join(options.separator ?? ',') + (options.newline ?? '\r\n');
}

/** The first line of a file: the header row, preceded by a UTF-8 BOM when `bom` (spreadsheet programs need it). */
export function csvHeader(columns: readonly string[], options: CsvOptions & { bom?: boolean } = {}): string {
  return (options.bom ? CSV_BOM : '') + csvLine(columns, options);
}
