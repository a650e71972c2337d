import { z } from 'zod';
import { parseViDate, viDateMessage } from './format.ts';

/** Zod messages in Vietnamese everywhere (API, forms, import validation). */
z.config(z.locales.vi());

export { z };

/*
 * Building blocks for the inputs every capability has (dates, record ids, free text). Each refuses what the database
 * would refuse, so bad input is answered on its field, in Vietnamese, before any query runs.
 */

/** PostgreSQL's bigint and JavaScript's exact integers both hold this. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * A real calendar date of 1900–2100, written dd/mm/yyyy (as a person types it) or YYYY-MM-DD (as the web app and
 * programs send it); the value is 'YYYY-MM-DD'. 30/02/2026 and 9999-99-99 are refused, naming the field.
 */
export const isoDate = (label = 'Ngày') =>
  z.string({ error: viDateMessage(label) }).transform((v, ctx) => {
    const iso = parseViDate(v);
    if (iso) return iso;
    ctx.addIssue({ code: 'custom', message: viDateMessage(label) });
    return z.NEVER;
  });

/** The id of a stored record: a whole number from 1 to 9.007.199.254.740.991 (given as a number or as digits). */
export const recordId = (label = 'Mã') =>
  z.coerce
    .number({ error: `${label} phải là số nguyên dương` })
    .int(`${label} phải là số nguyên dương`)
    .min(1, `${label} phải là số nguyên dương`)
    .max(MAX_ID, `${label} quá lớn`);

/** A comma-separated list of 1 to `max` record ids ('3,7,12'). */
export const recordIdList = (label: string, max: number) =>
  z
    .string({ error: `Cần ${label}` })
    .regex(new RegExp(`^\\d{1,16}(,\\d{1,16}){0,${max - 1}}$`), `${label}: 1 đến ${max} mã, cách nhau bởi dấu phẩy`)
    .transform((s) => s.split(',').map(Number))
    .refine((ids) => ids.every((id) => id >= 1 && id <= MAX_ID), `${label}: mã quá lớn hoặc bằng 0`);

/*
 * Where a field is, in words: error messages name a field by its Vietnamese label (`.describe('Năm kết thúc')` on its
 * schema), never by its path. An array item is numbered from 1 after its schema's label ("Kịch bản 2").
 */
type Node = { _zod: { def: Record<string, any> }; description?: string };

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'pipe', 'lazy']);

/** The schema under its wrappers (optional, default, pipe…) and the first label met on the way. */
function unwrap(schema: Node): { inner: Node; label?: string } {
  let label = schema.description;
  let node = schema;
  for (let depth = 0; depth < 20 && WRAPPERS.has(node._zod.def.type); depth++) {
    const def = node._zod.def;
    const next = (def.innerType ?? def.in ?? (typeof def.getter === 'function' ? def.getter() : undefined)) as Node | undefined;
    if (!next) break;
    node = next;
    label ??= node.description;
  }
  return { inner: node, label };
}

/** The labels along a path ("Kịch bản 1", "Năm kết thúc"); a step without a label is left out. */
export function fieldLabels(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const labels: string[] = [];
  let node = unwrap(schema as unknown as Node).inner;
  for (const step of path) {
    const def = node._zod.def;
    let child: Node | undefined;
    if (def.type === 'object') child = def.shape?.[step as string];
    else if (def.type === 'array') child = def.element;
    else if (def.type === 'record') child = def.valueType;
    if (!child) break;
    const { inner, label } = unwrap(child);
    if (label) labels.push(typeof step === 'number' ? `${label} ${step + 1}` : label);
    node = inner;
  }
  return labels;
}

/** One issue in words: "Kịch bản 1, Năm kết thúc: phải từ 2026 đến 2030" (a message that names its field already keeps it once). */
export function describeIssue(schema: z.ZodType, issue: { path: ReadonlyArray<PropertyKey>; message: string }): string {
  const labels = fieldLabels(schema, issue.path);
  const named = labels.length > 0 && issue.message.startsWith(labels[labels.length - 1]);
  if (named) labels.pop();
  if (labels.length) return `${labels.join(', ')}: ${issue.message}`;
  if (named) return issue.message;
  // No label: the message alone when it is the schema's own (no path), else the path so the field is still named.
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
