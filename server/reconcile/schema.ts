/** Input schemas of the findings API. */
import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).optional());

export const findingCode = z.enum(FINDING_CODES, { message: 'Mã phát hiện không hợp lệ' });
export const findingStatus = z.enum(['new', 'open', 'resolved', 'dismissed'], { message: 'Trạng thái phải là new, open, resolved hoặc dismissed' });
const communeCode = z.string().regex(/^\d{5}$/, 'Mã xã phải có 5 chữ số');

/** The columns the findings list sorts by (queries.ts FINDING_SORTS): never a column name from the request. */
export const FINDING_SORT_KEYS = ['code', 'subject', 'commune', 'period', 'amount', 'status'] as const;

export const listQuery = z.object({
  code: list(findingCode),
  commune: list(communeCode),
  status: list(findingStatus),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(FINDING_SORT_KEYS, { message: 'Cột sắp xếp phải là code, subject, commune, period, amount hoặc status' }).optional(),
  order: z.enum(['asc', 'desc'], { message: 'Thứ tự sắp xếp phải là asc hoặc desc' }).default('asc'),
  all: z.preprocess((v) => v === 'true' || v === '1' || v === true, z.boolean()).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const summaryQuery = z.object({
  commune: list(communeCode),
  status: list(findingStatus),
});

export const idParams = z.object({ id: recordId('Mã phát hiện') });

export const updateBody = z
  .object({
    status: findingStatus.optional(),
    reason: z.string().trim().max(1000).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.status || b.note, { message: 'Cần trạng thái mới hoặc ghi chú' })
  .refine((b) => b.status !== 'dismissed' || (b.reason && b.reason.length >= 3), { message: 'Bỏ qua một phát hiện cần ghi lý do', path: ['reason'] });

export const reviewQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const reviewBody = z.object({
  recordKey: z.string().regex(/^[0-9a-f]{32}$/, 'Mã hồ sơ không hợp lệ'),
  residentId: z.string().min(9).max(12),
  decision: z.enum(['accepted', 'rejected'], { message: 'Quyết định phải là accepted hoặc rejected' }),
  note: z.string().trim().max(1000).optional(),
});

export const exportQuery = z.object({
  format: z.enum(['csv', 'xlsx', 'json'], { message: 'Định dạng phải là csv, xlsx hoặc json' }).default('xlsx'),
  code: list(findingCode),
  commune: list(communeCode),
  status: list(findingStatus),
  search: z.string().trim().max(100).optional(),
});

export const outreachQuery = z.object({ commune: list(communeCode) });

export const runBody = z.object({
  asOf: isoDate('Ngày đối soát').optional(),
  period: z.string().regex(/^\d{4}-\d{2}$/, 'Kỳ phải có dạng YYYY-MM').optional(),
  /** Redo everything even when the inputs did not change since the latest run. */
  full: z.boolean({ message: 'Chạy lại toàn bộ (full) phải là true hoặc false' }).optional(),
});

export const runParams = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, 'Mã lần chạy đối soát không hợp lệ') });
