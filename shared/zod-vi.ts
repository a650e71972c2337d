import { z } from 'zod';
import { parseViDate, viDateMessage } from './format.ts';

/** Zod messages in Vietnamese everywhere (API, forms, import validation). */
z.config(z.locales.vi());

export { z };

/*
 * Building blocks for the inputs every capability has (dates, record ids, free text). Each refuses what the database
 * would refuse, so bad input is answered on its field, in Vietnamese, before any query runs.
 */

/** PostgreSQL's bigint and JavaScript's exact integers both hold this. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * A real calendar date of 1900–2100, written dd/mm/yyyy (as a person types it) or YYYY-MM-DD (as the web app and
 * programs send it); the value is 'YYYY-MM-DD'. 30/02/2026 and 9999-99-99 are refused, naming the field.
 */
export const isoDate = (label = 'Ngày') =>
  z.string({ error: viDateMessage(label) }).transform((v, ctx) => {
    const iso = parseViDate(v);
    if (iso) return iso;
    ctx.addIssue({ code: 'custom', message: viDateMessage(label) });
    return z.NEVER;
  });

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
