/**
 * Input fields of the calculators, described once: the zod schema (API), the command-line options
 * (`--kebab-case`) and the web form are all built from these. Messages are Vietnamese.
 */
import { z } from '../zod-vi.ts';
import { isIsoDate } from './dates.ts';

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

/** '1.500.000', '1 500 000', '1500000' and 1500000 → 1500000; anything else is left for zod to refuse. */
function parseVnd(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d{1,3}([., ]\d{3})+$/.test(s)) return Number(s.replace(/[., ]/g, ''));
  return s;
}
/** '50', '0,5', '0.004' → numbers (a comma is a decimal comma here). */
function parseDecimal(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : v;
}
/** 'YYYY-MM-DD' or 'dd/mm/yyyy' → 'YYYY-MM-DD'. */
function parseDateText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s;
}

const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

function fieldSchema(f: FieldSpec): z.ZodType {
  const need = `Thiếu ${f.label.toLowerCase()}`;
  let s: z.ZodType;
  switch (f.kind) {
    case 'vnd': {
      const min = f.min ?? 0;
      let n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là số tiền (đồng), số nguyên`) }).int(`${f.label} phải là số nguyên (đồng)`).min(min, `${f.label} phải từ ${fmt(min)} trở lên`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label} không được lớn hơn ${fmt(f.max)}`);
      s = z.preprocess((v) => parseVnd(blankToUndefined(v)), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'int': {
      const n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là số nguyên`) }).int(`${f.label} phải là số nguyên`)
        .min(f.min, `${f.label} phải từ ${fmt(f.min)} đến ${fmt(f.max)}`).max(f.max, `${f.label} phải từ ${fmt(f.min)} đến ${fmt(f.max)}`);
      s = z.preprocess((v) => parseDecimal(blankToUndefined(v)), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'number': {
      const range = `${f.label} phải từ ${fmt(f.min)} đến ${f.below ? 'dưới ' : ''}${fmt(f.max)}`;
      let n = z.number({ error: (i) => (i.input === undefined ? need : `${f.label} phải là một số`) }).min(f.min, range);
      n = f.below ? n.lt(f.max, range) : n.max(f.max, range);
      s = z.preprocess((v) => parseDecimal(blankToUndefined(v)), f.default !== undefined ? n.default(f.default) : n);
      break;
    }
    case 'date': {
      const d = z.string({ error: (i) => (i.input === undefined ? need : `${f.label} phải là ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy`) })
        .refine(isIsoDate, `${f.label} phải là ngày có thật, dạng YYYY-MM-DD hoặc dd/mm/yyyy`);
      s = z.preprocess((v) => parseDateText(blankToUndefined(v)), f.default ? d.optional() : d);
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
      s = z.preprocess((v) => {
        const parts = typeof v === 'string' ? v.split(/[;,\s]+/).filter(Boolean) : v;
        return Array.isArray(parts) ? parts.map(parseVnd) : blankToUndefined(parts);
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
