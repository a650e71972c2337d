import { z, isoDate } from '#shared/zod-vi.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1, 'Vui lòng nhập tên đăng nhập').max(100).describe('Tên đăng nhập'),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu').max(200).describe('Mật khẩu'),
});

export const auditQuery = z.object({
  action: z.enum(['read', 'change', 'export', 'import', 'login', 'login_failed', 'logout', 'review']).describe('Loại thao tác').optional(),
  username: z.string().trim().min(1).max(100).describe('Tên đăng nhập').optional(),
  from: isoDate('Từ ngày').optional(),
  to: isoDate('Đến ngày').optional(),
  page: z.coerce.number().int().min(1).describe('Trang').default(1),
  pageSize: z.coerce.number().int().min(1).max(500).describe('Số dòng mỗi trang').default(50),
});

export const newUserBody = z.object({
  username: z.string().trim().min(3, 'Tên đăng nhập cần ít nhất 3 ký tự').max(50).regex(/^[a-z0-9._-]+$/, 'Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch').describe('Tên đăng nhập'),
  fullName: z.string().trim().min(1, 'Vui lòng nhập họ tên').max(200).describe('Họ tên'),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu').max(200).describe('Mật khẩu'),
  role: z.enum(['admin', 'leadership', 'home_affairs', 'social_security', 'tax', 'police', 'statistics', 'ip_board', 'inspectorate', 'commune'], { error: 'Chọn một vai trò trong danh sách' }).describe('Vai trò'),
  communes: z.array(z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số').describe('Xã/phường')).max(92).describe('Danh sách xã/phường').default([]),
});
