import type { z } from 'zod';
import { describeIssue } from '#shared/zod-vi.ts';

/** An error with an HTTP status and a Vietnamese message for the user. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const unauthorized = () => new HttpError(401, 'Vui lòng đăng nhập.');
export const forbidden = (what = 'thực hiện thao tác này') => new HttpError(403, `Tài khoản của bạn không có quyền ${what}.`);
export const notFound = (what = 'Dữ liệu') => new HttpError(404, `${what} không tồn tại hoặc bạn không có quyền xem.`);

export interface FieldIssue {
  field: string;
  message: string;
}

/** Validates data with a zod schema; a failure becomes a 400 listing each field in Vietnamese. */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown, where = 'Dữ liệu gửi lên'): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({ field: i.path.join('.') || '(gốc)', message: i.message }));
  const summary = result.error.issues.map((i) => describeIssue(schema, i)).join('; ');
  throw new HttpError(400, `${where} không hợp lệ — ${summary}`, { issues });
}
