import { z } from '../../shared/zod-vi.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1, 'Vui lòng nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu').max(200),
});
