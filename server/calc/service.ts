/** Runs a calculator by name on raw input (CLI strings or API JSON) against the rules in the database. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CALCULATORS, calculatorSchema, withDefaults } from '#shared/calc/registry.ts';
import { todayVn } from '#shared/calc/dates.ts';
import { loadRuleBook } from './rules.ts';
import type { RuleBook } from '#shared/calc/rulebook.ts';
import { CalcInputError } from '#shared/calc/calculators.ts';

export interface InputIssue {
  field: string;
  message: string;
}

/** Input the calculator refuses; `issues` name the fields (API names, snake_case). */
export class CalcValidationError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

export function validateInput(name: string, raw: Record<string, unknown>, today = todayVn()): Record<string, unknown> {
  const spec = CALCULATORS[name];
  const parsed = calculatorSchema(name).safeParse(raw);
  if (!parsed.success) {
    throw new CalcValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(gốc)', message: i.message })));
  }
  return withDefaults(spec, parsed.data as Record<string, unknown>, today);
}

/** Validates and computes; domain refusals (e.g. income below the floor) become CalcValidationError too. */
export function computeWith(book: RuleBook, name: string, raw: Record<string, unknown>, today = todayVn()) {
  const input = validateInput(name, raw, today);
  try {
    const result = CALCULATORS[name].run(book, input);
    // Named apart from `rules` so that a reader of the JSON (or the page) sees at once what still needs checking.
    return { input, result: { ...result, unverified_rules: result.rules.filter((r) => r.status === 'unverified').map((r) => r.key) } };
  } catch (err) {
    if (err instanceof CalcInputError) throw new CalcValidationError([{ field: err.field, message: err.message }]);
    throw err;
  }
}

export async function compute(db: Kysely<DB>, name: string, raw: Record<string, unknown>, today = todayVn()) {
  return computeWith(await loadRuleBook(db), name, raw, today);
}
