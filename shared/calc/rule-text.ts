/**
 * Legal numbers in Vietnamese prose, rendered from the rules instead of typed into the text. A template names each
 * number by its legal_param key and a format: "Mức đóng {rate.voluntary|pct} thu nhập" → "Mức đóng 22 % thu nhập".
 * The caller says where the values come from: the rules a calculation or a reconciliation run used, or the book
 * in force on a date. Formatting is shared/format.ts's.
 */
import { formatDecimal, formatInt, formatRatioPct } from '../format.ts';
import type { RuleBook } from './rulebook.ts';

/** The value of a rule by key, or null/undefined when there is none. */
export type RuleValueOf = (key: string) => number | null | undefined;

/**
 * pct: a rate as a percentage (0.0003 → "0,03 %"); int: a whole number with thousands dots ("2.000.000");
 * num: a plain number with a decimal comma ("1,5"), for multiples and counts.
 */
export type RuleFormat = 'pct' | 'int' | 'num';

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\|(pct|int|num)\}/g;

/** Shown where a template names a rule that has no value (none in force). */
export const NO_RULE_TEXT = '(chưa có quy định)';

export function formatRuleValue(value: number, format: RuleFormat): string {
  if (format === 'pct') return formatRatioPct(value);
  if (format === 'int') return formatInt(value);
  return formatDecimal(value, 4);
}

/** The template with every {key|format} replaced by the rule's value (`missing` where there is none). */
export function ruleText(template: string, ruleValue: RuleValueOf, missing = NO_RULE_TEXT): string {
  return template.replace(PLACEHOLDER, (_m, key: string, format: RuleFormat) => {
    const value = ruleValue(key);
    return value == null ? missing : formatRuleValue(value, format);
  });
}

/** The keys a template names. */
export function ruleTextKeys(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Values from the rules in force on date. */
export const valuesAt = (book: RuleBook, date: string): RuleValueOf => (key) => book.find(key, date)?.value;

/** Values from the rules a calculation used (its `rules` list). */
export const valuesUsed = (rules: ReadonlyArray<{ key: string; value: number }>): RuleValueOf => (key) => rules.find((r) => r.key === key)?.value;
