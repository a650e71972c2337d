/**
 * Creating an account, the one path the administration page (POST /api/admin/users) and `baophu users add` take:
 * one validation (newUserBody, server/auth/schema.ts), the password strength rule, the scope rules of the role, the
 * username and scope codes checked against the database, then the account and its audit row.
 *
 * A refusal is an HttpError (400 invalid, 409 username taken) with its Vietnamese message and field issues; the
 * command line turns it into a usage error with the same message.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpError, parseInput } from '../http/errors.ts';
import { ROLES } from '#shared/auth/roles.ts';
import { audit } from '../auth/audit.ts';
import { checkScopeCodes, checkScopeFitsRole } from '../auth/accounts.ts';
import { passwordProblem } from '../auth/password.ts';
import { newUserBody } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import type { CommandCaller } from './import-and-refresh.ts';

export interface CreatedAccount {
  id: number;
  username: string;
  role: keyof typeof ROLES;
  isLeader: boolean;
}

/** Validates `input` (as sent by the page, or built from the command's options) and creates the account. */
export async function createAccount(db: Kysely<DB>, input: unknown, caller: CommandCaller): Promise<CreatedAccount> {
  const body = parseInput(newUserBody, input, 'Thông tin tài khoản');
  const weak = passwordProblem(body.password);
  if (weak) throw new HttpError(400, weak, { issues: [{ field: 'password', message: weak }] });
  const role = ROLES[body.role];
  checkScopeFitsRole(body.role, body.communes, body.parks);
  const taken = await db.selectFrom('app_user').select('id').where('username', '=', body.username).executeTakeFirst();
  if (taken) throw new HttpError(409, `Tên đăng nhập "${body.username}" đã tồn tại.`, { issues: [{ field: 'username', message: 'Đã tồn tại' }] });
  await checkScopeCodes(db, body.communes, body.parks);
  const id = await createUser(db, {
    username: body.username, fullName: body.fullName, password: body.password, role: body.role,
    communes: role.communeScoped ? body.communes : [], parks: body.parks, isLeader: body.isLeader,
  });
  await audit(db, caller.actor, {
    action: 'change', objectType: 'user', objectId: id,
    detail: { ...(caller.channel ? { channel: caller.channel } : {}), created: body.username, role: body.role, isLeader: body.isLeader },
  });
  return { id, username: body.username, role: body.role, isLeader: body.isLeader };
}
