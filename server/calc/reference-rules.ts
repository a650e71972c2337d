/**
 * The law as data from the reference files, for what runs without a database (the demo generator): the rows of
 * reference/legal-params.csv with their Vietnamese names (reference/legal-param-labels.csv) and the public holidays
 * of reference/holidays.csv. The migrations seed `legal_param` and `public_holiday` from the same files, and
 * test/calc/reference-rules.test.ts checks that both give the same rows; so `referenceRuleBook()` answers what
 * `loadRuleBook(db)` answers on a freshly migrated database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { RuleBook, type Holiday, type LegalRule, type RuleStatus } from '#shared/calc/rulebook.ts';
import { UNNAMED_RULE } from './rules.ts';

const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference');
export const LEGAL_PARAMS_CSV = path.join(REFERENCE_DIR, 'legal-params.csv');
export const LEGAL_PARAM_LABELS_CSV = path.join(REFERENCE_DIR, 'legal-param-labels.csv');
export const HOLIDAYS_CSV = path.join(REFERENCE_DIR, 'holidays.csv');

function parseCsv(text: string, file: string): Array<Record<string, string>> {
  const { data, errors } = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  if (errors.length) throw new Error(`${file}: ${errors[0].message} (dòng ${(errors[0].row ?? 0) + 2})`);
  return data;
}

/** The rows of legal-params.csv (text) named by legal-param-labels.csv (text), as the rule book holds them. */
export function parseLegalParams(paramsCsv: string, labelsCsv: string): LegalRule[] {
  const labels = new Map(parseCsv(labelsCsv, 'legal-param-labels.csv').map((r) => [r.key, r.label]));
  return parseCsv(paramsCsv, 'legal-params.csv').map((r) => ({
    key: r.key,
    value: Number(r.value),
    unit: r.unit,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to || null,
    source: r.source,
    status: r.status as RuleStatus,
    note: r.note || null,
    label: labels.get(r.key) ?? UNNAMED_RULE,
  }));
}

/** The rules of the reference files. */
export function referenceRules(): LegalRule[] {
  return parseLegalParams(fs.readFileSync(LEGAL_PARAMS_CSV, 'utf8'), fs.readFileSync(LEGAL_PARAM_LABELS_CSV, 'utf8'));
}

/** The public holidays of the reference file. */
export function referenceHolidays(): Holiday[] {
  return parseCsv(fs.readFileSync(HOLIDAYS_CSV, 'utf8'), 'holidays.csv').map((h) => ({ day: h.day, name: h.name }));
}

let cached: RuleBook | null = null;

/** The rule book of the reference files (read once per process). */
export function referenceRuleBook(): RuleBook {
  cached ??= new RuleBook(referenceRules(), referenceHolidays());
  return cached;
}
