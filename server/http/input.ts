/**
 * Guards every route's input before its handler: what no route can accept is refused here, naming the field,
 * so a route that forgets a check still answers 400 instead of passing it to the database.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/** Deeper JSON than this is nobody's form. */
const MAX_DEPTH = 32;

/** The place of the first NUL character (in a key or a string value), or null. */
function nulPlace(value: unknown, place: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? place : null;
  if (!value || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) throw new HttpError(400, `Dữ liệu gửi lên lồng nhau quá sâu tại "${place}".`, { issues: [{ field: place, message: 'Lồng nhau quá sâu' }] });
  if (Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = place ? `${place}.${key}` : key;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: cuts the key at its NUL character
    if (key.includes('\u0000')) return at.replace(/\u0000.*$/s, '');
    const found = nulPlace(inner, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a NUL character anywhere in the path parameters, query or JSON body (PostgreSQL cannot store it, and no
 * form can type it). The message names the field.
 */
export function refuseNul(request: FastifyRequest) {
  for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
    const place = nulPlace(value, '');
    if (place !== null) {
      const field = place || part;
      throw new HttpError(400, `Trường "${field}" chứa ký tự không hợp lệ (NUL). Hãy xóa ký tự đó rồi gửi lại.`, {
        issues: [{ field, message: 'Chứa ký tự NUL' }],
      });
    }
  }
}

/**
 * PostgreSQL errors that only bad input causes (class 22: data exception): 400, not 500. A backstop — each route's
 * schema should have refused the value first, naming the field.
 */
const INPUT_ERRORS: Record<string, string> = {
  '22P02': 'Giá trị gửi lên không đúng kiểu dữ liệu.',
  '22003': 'Số gửi lên vượt quá giới hạn cho phép.',
  '22007': 'Ngày hoặc giờ gửi lên không hợp lệ.',
  '22008': 'Ngày hoặc giờ gửi lên nằm ngoài phạm vi cho phép.',
  '22021': 'Dữ liệu gửi lên chứa ký tự không hợp lệ.',
  '22001': 'Chuỗi gửi lên dài quá giới hạn cho phép.',
  '22023': 'Giá trị tham số gửi lên không hợp lệ.',
  '22019': 'Chuỗi tìm kiếm chứa ký tự thoát không hợp lệ.',
  '22025': 'Chuỗi tìm kiếm chứa ký tự thoát không hợp lệ.',
  '2201B': 'Biểu thức tìm kiếm không hợp lệ.',
  '54000': 'Dữ liệu gửi lên quá lớn.',
};

export function inputErrorOfDatabase(error: unknown): HttpError | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code in INPUT_ERRORS) || !('severity' in (error as object))) return null;
  return new HttpError(400, `${INPUT_ERRORS[code]} Vui lòng kiểm tra lại dữ liệu nhập.`, { databaseCode: code });
}

/** The answer to a multipart body that cannot be read (cut short, no boundary): one message wherever it is caught. */
export const brokenMultipart = () =>
  new HttpError(400, 'Tệp tải lên (trường "file") không đọc được: dữ liệu multipart/form-data bị cắt ngang hoặc thiếu ranh giới (boundary); không có gì được lưu. Hãy chọn lại tệp và gửi lại.');

/** Errors of a multipart body cut short or without a boundary (busboy and @fastify/multipart). */
export function inputErrorOfMultipart(request: FastifyRequest, error: unknown): HttpError | null {
  if (!request.isMultipart?.()) return null;
  const message = String((error as Error)?.message ?? '');
  if (/^Multipart: |^Boundary required$|unexpected end of multipart data/i.test(message)) {
    return brokenMultipart();
  }
  return null;
}
