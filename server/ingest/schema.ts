/** Inputs of the import API (validated with parseInput: Vietnamese messages). */
import { z, recordId } from '#shared/zod-vi.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';

const kind = z.enum(FILE_KINDS, { message: 'Loại tệp không hợp lệ' });
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Kỳ phải có dạng YYYY-MM (ví dụ 2026-10)' });
const id = recordId('Mã lô nhập');

/** Columns mapped by hand: header as written → field key of the kind ('' = ignore); in a query, as JSON text. */
const mapping = z.record(z.string().min(1).max(200), z.string().max(60), { message: 'Ánh xạ cột phải là một đối tượng JSON {"tiêu đề": "trường"}' }).refine((m) => Object.keys(m).length <= 300, { message: 'Ánh xạ cột có quá nhiều cột' });
const mappingInQuery = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, mapping);

export const uploadQuery = z.object({ kind: kind.optional() });
export const uploadParams = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, { message: 'Mã tệp tải lên không hợp lệ' }) });
export const previewQuery = z.object({ kind: kind.optional(), period: period.optional(), mapping: mappingInQuery.optional() });
export const confirmBody = z.object({
  kind,
  period: period.optional(),
  strict: z.boolean().optional(),
  /** The user confirmed that the file replaces current data (after seeing what, from a 409 answer). */
  replace: z.boolean().optional(),
  mapping: mapping.optional(),
});
export const jobParams = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, { message: 'Mã lần nhập không hợp lệ' }) });
export const batchParams = z.object({ id });
export const reportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), only: z.enum(['error', 'warning']).optional() });
export const historyQuery = z.object({
  kind: z.union([kind, z.array(kind)]).optional(),
  period: period.optional(),
  current: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
