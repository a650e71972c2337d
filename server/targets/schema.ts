import { z, isoDate } from '#shared/zod-vi.ts';
import { PLAN_YEARS } from '#shared/province.ts';

const count = (label: string) => z.number({ error: `${label} phải là số` }).int(`${label} phải là số nguyên`).min(0, `${label} không được âm`).max(50_000_000, `${label} quá lớn`);

/** A target year: one of the plan's years (shared/province.ts). */
const PLAN_YEAR_MESSAGE = `Năm chỉ tiêu phải từ ${PLAN_YEARS.min} đến ${PLAN_YEARS.max}`;
const planYear = () => z.coerce.number().int().min(PLAN_YEARS.min, PLAN_YEAR_MESSAGE).max(PLAN_YEARS.max, PLAN_YEAR_MESSAGE);

export const yearQuery = z.object({
  year: z.coerce.number().int().min(2020, 'Năm không hợp lệ').max(2035, 'Năm không hợp lệ').optional(),
  month: z.coerce.number().int().min(1, 'Tháng phải từ 1 đến 12').max(12, 'Tháng phải từ 1 đến 12').optional(),
});

export const communeParams = z.object({ code: z.string().regex(/^\d{5}$/, 'Mã xã phải gồm 5 chữ số') });

export const setParams = z.object({
  level: z.enum(['province', 'commune'], { error: 'Cấp chỉ tiêu phải là "province" (tỉnh) hoặc "commune" (xã)' }),
  year: planYear(),
});

export const targetLine = z.object({
  unitCode: z.string().regex(/^(\d{5}|19)$/, 'Mã đơn vị phải là mã xã (5 chữ số) hoặc 19 (tỉnh)'),
  total: count('Chỉ tiêu BHXH'),
  voluntary: count('Chỉ tiêu BHXH tự nguyện'),
  mandatory: count('Chỉ tiêu BHXH bắt buộc').nullable().optional(),
  unemployment: count('Chỉ tiêu BHTN').nullable().optional(),
});

export const saveBody = z.object({
  lines: z.array(targetLine).min(1, 'Cần ít nhất một dòng chỉ tiêu').max(200),
  note: z.string().max(1000).nullable().optional(),
  method: z.enum(['labour_share', 'gap_share', 'recent_growth', 'same_growth']).nullable().optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

export const submitBody = z.object({
  note: z.string().max(1000).nullable().optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

export const approveBody = z.object({
  basis: z.string().trim().min(3, 'Vui lòng nhập số nghị quyết/quyết định phê duyệt').max(200),
  basisDate: isoDate('Ngày ban hành'),
  note: z.string().max(1000).nullable().optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

export const allocationQuery = z.object({
  year: planYear(),
  total: z.coerce.number().int('Chỉ tiêu tỉnh phải là số nguyên').min(0, 'Chỉ tiêu tỉnh không được âm').max(50_000_000).optional(),
});

export const exportQuery = yearQuery.extend({ format: z.enum(['csv', 'xlsx', 'json'], { error: 'Định dạng phải là csv, xlsx hoặc json' }).default('csv') });
