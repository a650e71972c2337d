/**
 * Input fields of the calculators, described once: the zod schema (API), the command-line options
 * (`--kebab-case`) and the web form are all built from these. Messages are Vietnamese.
 */
import { z } from '../zod-vi.ts';
import { formatDecimal, parseViDate, parseViNumber, viDateMessage } from '../format.ts';

/** Places after the decimal comma a decimal field takes (the web form uses the same). */
export const NUMBER_DECIMALS = 6;

interface Base {
  /** snake_case; the CLI option is the same name with '-' ('months_supported' → --months-supported). */
  name: string;
  label: string;
  help?: string;
  required?: boolean;
}
export type FieldSpec = Base &
  (
    | { kind: 'vnd'; min?: number; max?: number; default?: number }
    | { kind: 'int'; min: number; max: number; default?: number }
    | { kind: 'number'; min: number; max: number; default?: number; /** exclusive upper bound */ below?: boolean }
    | { kind: 'date'; default?: 'today' }
    | { kind: 'enum'; values: Array<{ value: string; label: string }>; default?: string }
    | { kind: 'bool'; default?: boolean }
    | { kind: 'vnd_list'; maxItems: number }
  );

export const cliName = (field: string) => `--${field.replace(/_/g, '-')}`;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Numbers come as JSON numbers (API) or as text (command line, a form): text is read by parseViNumber, the one reader
 * of Vietnamese-written numbers ('1.500.000', '0,004'), so '1,500,000', '0.004' as a decimal or 'ba triệu' are
 * refused with its reason, never guessed at. Zod then checks the number against the field's range.
 */
function viNumber(f: FieldSpec, decimals: number, min: number) {
  return (v: unknown, ctx: z.RefinementCtx) => {
    if (typeof v !== 'string') return v;
    const parsed = parseViNumber(v, { decimals, min: Math.min(min, 0) });
    if (parsed.ok) return parsed.value ?? undefined;
    ctx.addIssue({ code: 'custom', message: `${f.label}: ${parsed.message}` });
    return z.NEVER;
  };
}
/** A date as text: parseViDate, the one reader of dates (dd/mm/yyyy, or YYYY-MM-DD). */
function viDate(f: FieldSpec) {
  return (v: unknown, ctx: z.RefinementCtx) => {
    if (typeof v !== 'string' || v.trim() === '') return blankToUndefined(v);
    const iso = parseViDate(v);
    if (iso) return iso;
    ctx.addIssue({ code: 'custom', message: viDateMessage(f.label) });
    return z.NEVER;
  };
}

const fmt = (n: number) => formatDecimal(n, 6);

function fieldSchema(f: FieldSpec): z.ZodType {
  const need = `Thiếu ${f.label.toLowerCase()}`;
  let s: z.ZodType;
  switch (f.kind) {
    case 'vnd': {
      const min = f.min ?? 0;
      let n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là số tiền (đồng), số nguyên`) }).int(`${f.label} phải là số nguyên (đồng)`).min(min, `${f.label} phải từ ${fmt(min)} trở lên`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label} không được lớn hơn ${fmt(f.max)}`);
      s = z.preprocess(viNumber(f, 0, min), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'int': {
      const n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là số nguyên`) }).int(`${f.label} phải là số nguyên`)
        .min(f.min, `${f.label} phải từ ${fmt(f.min)} đến ${fmt(f.max)}`).max(f.max, `${f.label} phải từ ${fmt(f.min)} đến ${fmt(f.max)}`);
      s = z.preprocess(viNumber(f, 0, f.min), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'number': {
      const range = `${f.label} phải từ ${fmt(f.min)} đến ${f.below ? 'dưới ' : ''}${fmt(f.max)}`;
      let n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là một số`) }).min(f.min, range);
      n = f.below ? n.lt(f.max, range) : n.max(f.max, range);
      s = z.preprocess(viNumber(f, NUMBER_DECIMALS, f.min), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'date': {
      const d = z.string({ error: (i) => (i.input === undefined ? need : viDateMessage(f.label)) });
      s = z.preprocess(viDate(f), f.default ? d.optional() : d);
      break;
    }
    case 'enum': {
      const values = f.values.map((v) => v.value);
      const e = z.string({ error: (i) => (i.input === undefined ? need : `${f.label} phải là một trong: ${values.join(', ')}`) })
        .refine((v) => values.includes(v), `${f.label} phải là một trong: ${values.join(', ')}`);
      s = z.preprocess((v) => (typeof v === 'number' ? String(v) : blankToUndefined(v)), f.default !== undefined ? e.default(f.default) : e);
      break;
    }
    case 'bool': {
      const b = z.boolean({ error: `${f.label}: chỉ nhận có/không` });
      s = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : blankToUndefined(v)), b.default(f.default ?? false));
      break;
    }
    case 'vnd_list': {
      const item = z.number({ error: `${f.label}: mỗi giá trị phải là số tiền (đồng)` }).int(`${f.label}: mỗi giá trị phải là số nguyên`).min(0, `${f.label}: không nhận số âm`);
      const list = z.array(item, { error: need }).min(1, need).max(f.maxItems, `${f.label}: tối đa ${f.maxItems} giá trị`);
      // Items are separated by ';' or ',' (amounts are whole đồng, so a comma is never a decimal comma here).
      const readItem = viNumber(f, 0, 0);
      s = z.preprocess((v, ctx) => {
        const parts = typeof v === 'string' ? v.split(/[;,\n]+/).map((p) => p.trim()).filter(Boolean) : v;
        return Array.isArray(parts) ? parts.map((p) => readItem(p, ctx)) : blankToUndefined(parts);
      }, list);
      break;
    }
  }
  return f.required === false && f.kind !== 'bool' && !('default' in f && f.default !== undefined) ? s.optional() : s;
}

/** The zod object of a calculator's fields (unknown fields are refused by name). */
export function schemaOf(fields: FieldSpec[]) {
  return z.strictObject(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])), {
    error: (i) => (i.code === 'unrecognized_keys' ? `Trường không hợp lệ: ${(i as { keys: string[] }).keys.join(', ')}` : undefined),
  });
}
