import { z, isoDate } from '#shared/zod-vi.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1, 'Vui lòng nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu').max(200),
});

export const auditQuery = z.object({
  action: z.enum(['read', 'change', 'export', 'import', 'login', 'login_failed', 'logout', 'review']).optional(),
  username: z.string().trim().min(1).max(100).optional(),
  from: isoDate('Từ ngày').optional(),
  to: isoDate('Đến ngày').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const newUserBody = z.object({
  username: z.string().trim().min(3, 'Tên đăng nhập cần ít nhất 3 ký tự').max(50).regex(/^[a-z0-9._-]+$/, 'Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch'),
  fullName: z.string().trim().min(1, 'Vui lòng nhập họ tên').max(200),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu').max(200),
  role: z.enum(['admin', 'leadership', 'home_affairs', 'social_security', 'tax', 'police', 'statistics', 'ip_board', 'inspectorate', 'commune']),
  communes: z.array(z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số')).max(92).default([]),
});
