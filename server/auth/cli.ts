import { parseCliArgs, UsageError } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { createUser } from './users.ts';
import { ROLES, isRoleCode } from '#shared/auth/roles.ts';
import { passwordProblem } from './password.ts';
import { audit, commandLineActor } from './audit.ts';

const roleList = Object.entries(ROLES)
  .map(([code, r]) => `  ${code.padEnd(16)} ${r.label}${r.communeScoped ? ' (cần --communes)' : ''}`)
  .join('\n');

export async function usersAddCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    username: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    communes: { type: 'string' },
    leader: { type: 'boolean' },
  });
  if (!values.username) throw new UsageError('Thiếu --username');
  if (!values.password) throw new UsageError('Thiếu --password');
  if (!values.role) throw new UsageError(`Thiếu --role. Vai trò hợp lệ:\n${roleList}`);
  if (!isRoleCode(values.role)) throw new UsageError(`Vai trò "${values.role}" không có. Vai trò hợp lệ (--role):\n${roleList}`);
  const weak = passwordProblem(values.password);
  if (weak) throw new UsageError(weak);
  const communes = values.communes ? values.communes.split(',').map((c) => c.trim().padStart(5, '0')) : [];
  if (ROLES[values.role].communeScoped && communes.length === 0) throw new UsageError(`Tài khoản vai trò "${ROLES[values.role].label}" cần --communes (mã xã, cách nhau bởi dấu phẩy)`);
  return withDatabase(async ({ db }) => {
    if (communes.length) {
      const known = await db.selectFrom('commune').select('code').where('code', 'in', communes).execute();
      const unknown = communes.filter((c) => !known.some((k) => k.code === c));
      if (unknown.length) throw new UsageError(`Mã xã không tồn tại: ${unknown.join(', ')}`);
    }
    const exists = await db.selectFrom('app_user').select('id').where('username', '=', values.username!).executeTakeFirst();
    if (exists) throw new UsageError(`Tên đăng nhập "${values.username}" đã tồn tại`);
    const role = values.role as keyof typeof ROLES;
    const id = await createUser(db, { username: values.username!, password: values.password!, fullName: values.name ?? values.username!, role, communes, isLeader: values.leader === true });
    // The same row as an account created from the web (server/auth/admin-routes.ts).
    await audit(db, commandLineActor(), { action: 'change', objectType: 'user', objectId: id, detail: { channel: 'cli', created: values.username, role, leader: values.leader === true } });
    console.log(`Đã tạo tài khoản ${values.username} (mã ${id}, vai trò ${ROLES[role].label}${values.leader ? ', lãnh đạo cơ quan' : ''}).`);
    return 0;
  });
}

export async function usersListCommand(args: string[]): Promise<number> {
  parseCliArgs(args, {});
  return withDatabase(async ({ db }) => {
    const users = await db.selectFrom('app_user').select(['username', 'full_name', 'role', 'scope_all', 'active', 'locked', 'must_change_password']).orderBy('username').execute();
    for (const u of users) console.log(`${u.username.padEnd(16)} ${ROLES[u.role as keyof typeof ROLES]?.label ?? u.role}${!u.active ? ' (đã vô hiệu hóa)' : u.locked ? ' (đang khóa)' : ''}${u.must_change_password ? ' (chờ đổi mật khẩu)' : ''}`);
    return 0;
  });
}
