/** Input schemas of the cases API (Vietnamese messages). */
import { z } from '#shared/zod-vi.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).optional());
const flag = z.preprocess((v) => v === 'true' || v === '1' || v === true, z.boolean()).optional();

export const caseTypeCode = z.enum(['enforcement', 'identity', 'benefit_recovery'], { message: 'Loại hồ sơ phải là enforcement, identity hoặc benefit_recovery' });
export const caseStatus = z.enum(['open', 'closed'], { message: 'Trạng thái phải là open hoặc closed' });
const findingCode = z.enum(FINDING_CODES, { message: 'Mã phát hiện không hợp lệ' });
const communeCode = z.string().regex(/^\d{5}$/, 'Mã xã phải có 5 chữ số');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, 'Ngày không tồn tại');
const id = z.coerce.number().int('Mã hồ sơ phải là số nguyên').positive('Mã hồ sơ phải là số nguyên dương');

export const listQuery = z.object({
  type: list(caseTypeCode),
  stage: list(z.string().regex(/^[a-z_]{2,40}$/, 'Bước không hợp lệ')),
  status: list(caseStatus),
  commune: list(communeCode),
  code: list(findingCode),
  urgency: z.enum(['overdue', 'due_soon', 'later'], { message: 'Mức khẩn phải là overdue, due_soon hoặc later' }).optional(),
  overdue: flag,
  mine: flag,
  assignedToMe: flag,
  search: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const exportQuery = listQuery.extend({ format: z.enum(['csv', 'json'], { message: 'Định dạng phải là csv hoặc json' }) });

export const idParams = z.object({ id });

export const openBody = z
  .object({
    findingIds: z.array(z.number().int().positive()).max(100_000).optional(),
    codes: z.array(findingCode).optional(),
    communes: z.array(communeCode).optional(),
  })
  .refine((b) => b.findingIds?.length || b.codes?.length || b.communes?.length, { message: 'Chọn một phát hiện hoặc một bộ lọc (mã, xã)' });

export const advanceBody = z.object({
  ids: z.array(id).min(1).max(500).optional(),
  outcome: z.string().regex(/^[a-z_]{2,40}$/, 'Kết quả không hợp lệ'),
  decisionNumber: z.string().trim().max(100).optional().nullable(),
  decisionDate: isoDate.optional().nullable(),
  amountVnd: z.number().int('Số tiền phải là số nguyên (đồng)').min(0, 'Số tiền không thể âm').max(1e15, 'Số tiền quá lớn').optional().nullable(),
  reason: z.string().trim().max(2000).optional().nullable(),
  note: z.string().trim().max(2000).optional().nullable(),
});

export const assignBody = z.object({
  ids: z.array(id).min(1, 'Chọn ít nhất một hồ sơ').max(500),
  assigneeId: z.number().int().positive().nullable(),
});

export const noteBody = z.object({ note: z.string().trim().min(1, 'Ghi chú không được để trống').max(4000) });

export const autoOpenBody = z.object({ code: findingCode, enabled: z.boolean() });

export const docParams = z.object({
  id,
  doc: z.enum(['written_reminder', 'referral_letter', 'referral_workbook'], { message: 'Văn bản phải là written_reminder, referral_letter hoặc referral_workbook' }),
});

export const outreachQuery = z.object({
  commune: list(communeCode),
  kind: z.enum(['potential', 'renewal']).default('potential'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const contactBody = z
  .object({
    subjectId: z.string().trim().min(1).max(40),
    listKind: z.enum(['potential', 'renewal'], { message: 'Danh sách phải là potential hoặc renewal' }),
    contactDate: isoDate,
    channel: z.enum(['visit', 'meeting', 'phone', 'zalo', 'loudspeaker'], { message: 'Hình thức phải là visit, meeting, phone, zalo hoặc loudspeaker' }),
    outcome: z.enum(['advised', 'will_register', 'refused', 'registered'], { message: 'Kết quả phải là advised, will_register, refused hoặc registered' }),
    refusedReason: z.string().trim().max(1000).optional().nullable(),
    followUpDate: isoDate.optional().nullable(),
    note: z.string().trim().max(2000).optional().nullable(),
  })
  .refine((b) => b.outcome !== 'refused' || (b.refusedReason ?? '').length >= 3, { message: 'Từ chối cần ghi lý do', path: ['refusedReason'] })
  .refine((b) => !b.followUpDate || b.followUpDate >= b.contactDate, { message: 'Ngày hẹn lại không thể trước ngày tiếp xúc', path: ['followUpDate'] });

export const employerParams = z.object({ taxCode: z.string().regex(/^\d{10}(-\d{3})?$/, 'Mã số thuế phải có 10 chữ số (chi nhánh: 10 chữ số-3 chữ số)') });
