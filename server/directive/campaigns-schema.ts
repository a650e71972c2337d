import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_CHANNELS } from '#shared/directive/campaigns.ts';
import { deliveryYear } from './deliveries-schema.ts';

const channel = z.enum(CAMPAIGN_CHANNELS, { error: 'Hình thức tuyên truyền không hợp lệ' });
const amount = (label: string, max: number) =>
  z.number({ error: `${label} phải là số` }).int(`${label} phải là số nguyên`).min(0, `${label} không được âm`).max(max, `${label} quá lớn`).nullable().optional();

export const campaignsQuery = z.object({
  year: deliveryYear.optional(),
  commune: z.string().regex(/^\d{5}$/, 'Mã xã phải gồm 5 chữ số').optional(),
});

export const campaignParams = z.object({ id: recordId('Mã hoạt động') });

export const campaignBody = z.object({
  heldOn: isoDate('Ngày thực hiện'),
  channel,
  title: z.string({ error: 'Cần nội dung hoạt động' }).trim().min(3, 'Nội dung hoạt động cần ít nhất 3 ký tự').max(300, 'Nội dung hoạt động quá dài (tối đa 300 ký tự)'),
  audience: z.enum(CAMPAIGN_AUDIENCES, { error: 'Nhóm đối tượng không hợp lệ' }),
  communes: z.array(z.string().regex(/^\d{5}$/, 'Mã xã phải gồm 5 chữ số'), { error: 'Danh sách xã không hợp lệ' }).max(92, 'Tối đa 92 xã, phường').default([]),
  parks: z.array(z.string().trim().min(1, 'Tên khu, cụm công nghiệp không được trống').max(120, 'Tên khu, cụm công nghiệp quá dài'), { error: 'Danh sách khu công nghiệp không hợp lệ' }).max(50, 'Tối đa 50 khu, cụm công nghiệp').default([]),
  attendees: amount('Số người tham dự', 10_000_000),
  articles: amount('Số tin, bài', 100_000),
  minutes: amount('Số phút phát sóng', 1_000_000),
  costVnd: amount('Kinh phí', 1_000_000_000_000),
});

export const planQuery = z.object({ year: deliveryYear.optional() });

export const planBody = z.object({
  year: deliveryYear,
  unit: z.string().regex(/^(\d{5})?$/, 'Đơn vị của kế hoạch phải để trống (cả cơ quan) hoặc là mã xã 5 chữ số').default(''),
  counts: z.partialRecord(channel, z.number({ error: 'Số hoạt động kế hoạch phải là số' }).int('Số hoạt động kế hoạch phải là số nguyên').min(0, 'Số hoạt động kế hoạch không được âm').max(100_000, 'Số hoạt động kế hoạch quá lớn'), { error: 'Kế hoạch phải là số hoạt động theo từng hình thức' }),
});
