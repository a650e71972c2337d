import { parseCliArgs, UsageError } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { createAccount } from '../commands/create-account.ts';
import { HttpError } from '../http/errors.ts';
import { ROLES, isRoleCode } from '#shared/auth/roles.ts';
import { commandLineActor } from './audit.ts';

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
  const communes = values.communes ? values.communes.split(',').map((c) => c.trim().padStart(5, '0')) : [];
  if (ROLES[values.role].communeScoped && communes.length === 0) throw new UsageError(`Tài khoản vai trò "${ROLES[values.role].label}" cần --communes (mã xã, cách nhau bởi dấu phẩy)`);
  const input = { username: values.username, password: values.password, fullName: values.name ?? values.username, role: values.role, communes, isLeader: values.leader === true };
  return withDatabase(async ({ db }) => {
    let created;
    try {
      // The same validation, checks and audit row as an account created from the web (server/auth/admin-routes.ts).
      created = await createAccount(db, input, { actor: commandLineActor(), channel: 'cli' });
    } catch (err) {
      if (err instanceof HttpError) throw new UsageError(err.message);
      throw err;
    }
    console.log(`Đã tạo tài khoản ${created.username} (mã ${created.id}, vai trò ${ROLES[created.role].label}${created.isLeader ? ', lãnh đạo cơ quan' : ''}).`);
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
