import { z, recordId } from '#shared/zod-vi.ts';

const int = (label: string, min: number, max: number) =>
  z.coerce.number({ error: `${label} phải là số` }).int(`${label} phải là số nguyên`).min(min, `${label} phải từ ${min} đến ${max}`).max(max, `${label} phải từ ${min} đến ${max}`);
const kindId = z.string({ error: 'Cần loại báo cáo' }).regex(/^[a-z][a-z0-9_]{0,39}$/, 'Loại báo cáo không hợp lệ');
const format = z.enum(['docx', 'xlsx', 'pdf'], { error: 'Định dạng phải là docx, xlsx hoặc pdf' });

export const makeReportBody = z.object({
  kind: kindId,
  params: z.object({
    year: int('Năm', 2020, 2035),
    month: int('Tháng', 1, 12).optional(),
    quarter: int('Quý', 1, 4).optional(),
    commune: z.string({ error: 'Mã xã phải là văn bản' }).regex(/^\d{5}$/, 'Mã xã, phường có 5 chữ số').optional(),
  }, { error: 'Cần tham số báo cáo (năm, tháng hoặc quý, xã)' }),
  formats: z.array(format, { error: 'Định dạng phải là một danh sách' }).max(3, 'Nhiều nhất 3 định dạng').optional(),
});

export const versionListQuery = z.object({ kind: kindId.optional() });
export const versionParams = z.object({ id: recordId('Mã phiên bản') });
export const fileParams = z.object({ id: recordId('Mã phiên bản'), format });
/** `?inline=1`: shown in the page (the PDF's preview) rather than saved. */
export const fileQuery = z.object({ inline: z.enum(['0', '1'], { error: 'inline phải là 0 hoặc 1' }).optional() });
export const actionBody = z.object({
  comment: z.string({ error: 'Ý kiến phải là văn bản' }).max(2000, 'Ý kiến dài quá 2000 ký tự').optional(),
});
