import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';

const ROLE_CODES = Object.keys(ROLES) as [RoleCode, ...RoleCode[]];
const communeCodes = z.array(z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số')).max(92);
const parkCodes = z.array(z.string().regex(/^[A-Z0-9_]{2,40}$/, 'Mã khu công nghiệp không hợp lệ')).max(200);

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
  role: z.enum(ROLE_CODES, { error: 'Chọn một vai trò trong danh sách' }).describe('Vai trò'),
  communes: communeCodes.describe('Danh sách xã/phường').default([]),
  parks: parkCodes.default([]),
  /** "Lãnh đạo cơ quan": the body's leader, who submits its directive reports. */
  isLeader: z.boolean({ error: 'Lãnh đạo cơ quan phải là có hoặc không' }).default(false),
});

export const userIdParams = z.object({ id: recordId('Mã tài khoản') });

/** An account's edit: only the fields sent change. Agency defaults to the role's. */
export const editUserBody = z.object({
  fullName: z.string().trim().min(1, 'Vui lòng nhập họ tên').max(200).optional(),
  role: z.enum(ROLE_CODES, 'Vai trò không hợp lệ').optional(),
  agency: z.string().regex(/^[A-Z_]{2,40}$/, 'Mã cơ quan không hợp lệ').optional(),
  communes: communeCodes.optional(),
  parks: parkCodes.optional(),
  isLeader: z.boolean({ error: 'Lãnh đạo cơ quan phải là có hoặc không' }).optional(),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Vui lòng nhập mật khẩu hiện tại').max(200),
  newPassword: z.string().min(1, 'Vui lòng nhập mật khẩu mới').max(200),
});
