import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { DELIVERY_FREQUENCIES, DUE_DAY_RANGE, DUE_OFFSET_RANGE } from '#shared/directive/deliveries.ts';

export const deliveryYear = z.coerce.number({ error: 'Năm phải là số' }).int('Năm phải là số nguyên').min(2020, 'Năm phải từ 2020 đến 2035').max(2035, 'Năm phải từ 2020 đến 2035');

export const deliveriesQuery = z.object({
  year: deliveryYear.optional(),
  asOf: isoDate('Ngày xét').optional(),
});

export const calendarParams = z.object({ id: recordId('Mã dòng lịch') });

const frequency = z.enum(DELIVERY_FREQUENCIES, { error: 'Tần suất phải là hằng tháng (monthly), hằng quý (quarterly) hoặc hằng năm (yearly)' });
const dueDay = z.number({ error: 'Ngày hạn phải là số' }).int('Ngày hạn phải là số nguyên').min(DUE_DAY_RANGE[0], 'Ngày hạn phải từ 1 đến 31').max(DUE_DAY_RANGE[1], 'Ngày hạn phải từ 1 đến 31');
const dueMonthOffset = z.number({ error: 'Tháng hạn phải là số' }).int('Tháng hạn phải là số nguyên')
  .min(DUE_OFFSET_RANGE[0], `Tháng hạn phải từ ${DUE_OFFSET_RANGE[0]} đến ${DUE_OFFSET_RANGE[1]} tháng sau tháng đầu kỳ`)
  .max(DUE_OFFSET_RANGE[1], `Tháng hạn phải từ ${DUE_OFFSET_RANGE[0]} đến ${DUE_OFFSET_RANGE[1]} tháng sau tháng đầu kỳ`);

export const calendarChange = z.object({
  frequency,
  dueDay,
  dueMonthOffset,
  active: z.boolean({ error: 'Trạng thái áp dụng phải là có/không' }).optional(),
});

export const calendarCreate = calendarChange.extend({
  agency: z.string({ error: 'Cần cơ quan' }).regex(/^[A-Z_]{2,30}$/, 'Mã cơ quan không hợp lệ'),
  kind: z.enum(FILE_KINDS, { error: 'Loại tệp không hợp lệ' }),
  clause: z.string({ error: 'Cần điều khoản' }).trim().min(1, 'Cần điều khoản của chỉ thị (ví dụ §9)').max(20, 'Điều khoản quá dài'),
  clauseText: z.string({ error: 'Cần nội dung điều khoản' }).trim().min(3, 'Cần nội dung điều khoản').max(1000, 'Nội dung điều khoản quá dài'),
});
