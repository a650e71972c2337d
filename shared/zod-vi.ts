import { z } from 'zod';
import { isIsoDate } from './calc/dates.ts';

/** Zod messages in Vietnamese everywhere (API, forms, import validation). */
z.config(z.locales.vi());

export { z };

/*
 * Building blocks for the inputs every capability has (dates, record ids, free text). Each refuses what the database
 * would refuse, so bad input is answered on its field, in Vietnamese, before any query runs.
 */

/** PostgreSQL's bigint and JavaScript's exact integers both hold this. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/** A real calendar date written YYYY-MM-DD (2026-02-30 and 9999-99-99 are refused), years 1900–2100. */
export const isoDate = (label = 'Ngày') =>
  z
    .string({ error: `${label} phải có dạng YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} phải có dạng YYYY-MM-DD`)
    .refine((v) => isIsoDate(v) && v >= '1900-01-01' && v <= '2100-12-31', `${label} không phải một ngày có thật (YYYY-MM-DD, năm 1900–2100)`);

/** The id of a stored record: a whole number from 1 to 9.007.199.254.740.991 (given as a number or as digits). */
export const recordId = (label = 'Mã') =>
  z.coerce
    .number({ error: `${label} phải là số nguyên dương` })
    .int(`${label} phải là số nguyên dương`)
    .min(1, `${label} phải là số nguyên dương`)
    .max(MAX_ID, `${label} quá lớn`);

/** A comma-separated list of 1 to `max` record ids ('3,7,12'). */
export const recordIdList = (label: string, max: number) =>
  z
    .string({ error: `Cần ${label}` })
    .regex(new RegExp(`^\\d{1,16}(,\\d{1,16}){0,${max - 1}}$`), `${label}: 1 đến ${max} mã, cách nhau bởi dấu phẩy`)
    .transform((s) => s.split(',').map(Number))
    .refine((ids) => ids.every((id) => id >= 1 && id <= MAX_ID), `${label}: mã quá lớn hoặc bằng 0`);
