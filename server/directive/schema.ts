import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { PROGRESS_STATUSES, parseDueRule, DUE_RULE_HELP } from '#shared/directive/calendar.ts';

const text = (label: string, max: number) => z.string({ error: `${label} phải là văn bản` }).max(max, `${label} dài quá ${max} ký tự`);
const year = z.coerce.number({ error: 'Năm phải là số' }).int('Năm phải là số nguyên').min(2020, 'Năm phải từ 2020 đến 2035').max(2035, 'Năm phải từ 2020 đến 2035');

export const dutyParams = z.object({ id: z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'Mã nhiệm vụ có dạng <khoản>.<ý>, ví dụ 2.7') });

export const dutyBody = z.object({
  clause: z.number({ error: 'Khoản phải là số' }).int('Khoản phải là số nguyên').min(1, 'Khoản từ 1 đến 99').max(99, 'Khoản từ 1 đến 99'),
  item: z.number({ error: 'Ý phải là số' }).int('Ý phải là số nguyên').min(1, 'Ý từ 1 đến 99').max(99, 'Ý từ 1 đến 99'),
  agency: z.string({ error: 'Cần cơ quan' }).regex(/^[A-Z_]{2,30}$/, 'Mã cơ quan không hợp lệ'),
  lead: z.boolean({ error: 'Chủ trì/phối hợp phải là true hoặc false' }),
  dueRule: z.string({ error: 'Cần hạn báo cáo' }).refine((v) => parseDueRule(v) !== null, `Hạn báo cáo phải có dạng ${DUE_RULE_HELP}`),
  text: text('Nội dung nhiệm vụ', 4000).trim().min(5, 'Nội dung nhiệm vụ cần ít nhất 5 ký tự'),
  active: z.boolean().default(true),
});

export const reportListQuery = z.object({
  year: year.optional(),
  agency: z.string().regex(/^[A-Z_]{2,30}$/, 'Mã cơ quan không hợp lệ').optional(),
});

export const reportParams = z.object({ id: recordId('Mã báo cáo') });

const reportContent = {
  progress: z.enum(PROGRESS_STATUSES, { error: 'Tình trạng phải là done, on_track, delayed hoặc blocked' }),
  activities: text('Kết quả thực hiện', 8000).default(''),
  obstacles: text('Khó khăn, vướng mắc', 4000).default(''),
  proposals: text('Đề xuất, kiến nghị', 4000).default(''),
};

export const createReportBody = z.object({
  dutyId: z.string({ error: 'Cần mã nhiệm vụ' }).regex(/^\d{1,2}\.\d{1,2}$/, 'Mã nhiệm vụ có dạng <khoản>.<ý>'),
  period: z.string({ error: 'Cần kỳ báo cáo' }).regex(/^\d{4}(-Q[1-4]|-\d{2})?$/, 'Kỳ báo cáo có dạng YYYY, YYYY-Qn hoặc YYYY-MM'),
  ...reportContent,
});

export const updateReportBody = z.object({ ...reportContent, expectedVersion: z.number().int().min(1).optional() });

export const returnBody = z.object({ comment: text('Lý do trả lại', 2000).trim().min(3, 'Vui lòng ghi lý do trả lại (ít nhất 3 ký tự)') });
export const acceptBody = z.object({ comment: text('Ý kiến', 2000).optional() });
export const answerBody = z.object({ answer: text('Trả lời', 4000).trim().min(3, 'Vui lòng nhập nội dung trả lời (ít nhất 3 ký tự)') });

export const boardQuery = z.object({ year: year.optional(), asOf: isoDate('Ngày tính (asOf)').optional() });
export const alertsQuery = z.object({ asOf: isoDate('Ngày tính (asOf)').optional() });
