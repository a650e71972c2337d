/**
 * Account management (users.manage): edit, lock, unlock, disable, enable, reset a password; and every user's own
 * password change. Each action is audited; locking, disabling and resetting end the account's sessions.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { generateTemporaryPassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { revokeSessions } from './session.ts';
import { forgetUserSessions } from './session-cache.ts';
import { audit } from './audit.ts';
import type { SessionUser } from './policies.ts';

const field = (name: string, message: string) => ({ issues: [{ field: name, message }] });

/** Every account with its communes and parks, as the admin page lists them. */
export function listUsers(db: Kysely<DB>) {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.full_name', 'u.role', 'u.agency_code', 'u.scope_all', 'u.is_leader', 'u.active', 'u.locked', 'u.must_change_password', 'u.created_at'])
    .select(sql<string[]>`coalesce((SELECT array_agg(uc.commune_code ORDER BY uc.commune_code) FROM user_commune uc WHERE uc.user_id = u.id), '{}')`.as('communes'))
    .select(sql<string[]>`coalesce((SELECT array_agg(up.park_code ORDER BY up.park_code) FROM user_park up WHERE up.user_id = u.id), '{}')`.as('parks'))
    .orderBy('u.username')
    .execute();
}

/** Refuses codes that do not exist, naming the field. */
export async function checkScopeCodes(db: Kysely<DB>, communes: string[], parks: string[]) {
  if (communes.length) {
    const known = await db.selectFrom('commune').select('code').where('code', 'in', communes).execute();
    const unknown = communes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new HttpError(400, `Mã xã không tồn tại: ${unknown.join(', ')}`, field('communes', 'Mã xã không tồn tại'));
  }
  if (parks.length) {
    const known = await db.selectFrom('industrial_park').select('code').where('code', 'in', parks).execute();
    const unknown = parks.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new HttpError(400, `Mã khu công nghiệp không tồn tại: ${unknown.join(', ')}`, field('parks', 'Mã khu công nghiệp không tồn tại'));
  }
}

/** A commune-scoped role needs communes; parks only for park-scoped roles. */
export function checkScopeFitsRole(role: RoleCode, communes: string[], parks: string[]) {
  const spec = ROLES[role];
  if (spec.communeScoped && communes.length === 0) {
    throw new HttpError(400, `Tài khoản vai trò "${spec.label}" phải có ít nhất một xã/phường.`, field('communes', 'Chọn xã/phường'));
  }
  if (!spec.parkScoped && parks.length) {
    throw new HttpError(400, `Vai trò "${spec.label}" không giới hạn theo khu công nghiệp.`, field('parks', 'Bỏ chọn khu công nghiệp'));
  }
}

async function loadAccount(db: Kysely<DB>, id: number) {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Tài khoản');
  return row;
}

function refuseSelf(me: SessionUser, id: number, what: string) {
  if (me.id === id) throw new HttpError(409, `Không thể ${what} chính tài khoản đang đăng nhập.`);
}

export interface AccountEdit {
  fullName?: string;
  role?: RoleCode;
  agency?: string;
  communes?: string[];
  parks?: string[];
  /** The body's leader (submits its directive reports); read on every request, so no session needs to end. */
  isLeader?: boolean;
}

/**
 * Edits name, role, agency, scope and the leader flag; a change of role or scope ends the account's sessions (they
 * carry the old). The leader flag is audited with its old and new value.
 */
export async function editAccount(db: Kysely<DB>, me: SessionUser, id: number, edit: AccountEdit) {
  const row = await loadAccount(db, id);
  const role = edit.role ?? (row.role as RoleCode);
  if (me.id === id && role !== row.role) refuseSelf(me, id, 'đổi vai trò của');
  const spec = ROLES[role];
  const currentCommunes = (await db.selectFrom('user_commune').select('commune_code').where('user_id', '=', id).execute()).map((r) => r.commune_code);
  const currentParks = (await db.selectFrom('user_park').select('park_code').where('user_id', '=', id).execute()).map((r) => r.park_code);
  const communes = spec.communeScoped ? (edit.communes ?? currentCommunes) : [];
  const parks = spec.parkScoped ? (edit.parks ?? currentParks) : [];
  if (!spec.parkScoped && edit.parks?.length) checkScopeFitsRole(role, communes, edit.parks);
  if (!spec.communeScoped && edit.communes?.length) {
    throw new HttpError(400, `Vai trò "${spec.label}" xem toàn tỉnh, không giới hạn theo xã/phường.`, field('communes', 'Bỏ chọn xã/phường'));
  }
  checkScopeFitsRole(role, communes, parks);
  await checkScopeCodes(db, communes, parks);
  const agency = edit.agency ?? (edit.role ? spec.agency : row.agency_code);
  if (agency && !(await db.selectFrom('agency').select('code').where('code', '=', agency).executeTakeFirst())) {
    throw new HttpError(400, `Mã cơ quan không tồn tại: ${agency}`, field('agency', 'Mã cơ quan không tồn tại'));
  }
  const changed = Object.keys(edit).filter((k) => edit[k as keyof AccountEdit] !== undefined);
  const isLeader = edit.isLeader ?? row.is_leader;
  const scopeChanged = role !== row.role || agency !== row.agency_code
    || communes.join() !== [...currentCommunes].sort().join() || parks.join() !== [...currentParks].sort().join();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user')
      .set({ full_name: edit.fullName ?? row.full_name, role, agency_code: agency, scope_all: !spec.communeScoped, is_leader: isLeader })
      .where('id', '=', id).execute();
    await trx.deleteFrom('user_commune').where('user_id', '=', id).execute();
    if (communes.length) await trx.insertInto('user_commune').values(communes.map((c) => ({ user_id: id, commune_code: c }))).execute();
    await trx.deleteFrom('user_park').where('user_id', '=', id).execute();
    if (parks.length) await trx.insertInto('user_park').values(parks.map((p) => ({ user_id: id, park_code: p }))).execute();
  });
  // Sessions are checked from memory (session-cache.ts): the account's are read again with its new values.
  forgetUserSessions(id);
  const revoked = scopeChanged && me.id !== id ? await revokeSessions(db, id) : 0;
  await audit(db, me, { action: 'change', objectType: 'user', objectId: id, detail: {
    operation: 'edit', account: row.username, fields: changed, role, agency, communes, parks,
    isLeader, ...(isLeader !== row.is_leader ? { isLeaderBefore: row.is_leader } : {}), revokedSessions: revoked,
  } });
}

export type AccountStateChange = 'lock' | 'unlock' | 'disable' | 'enable';

/** Lock (stopped for now) / unlock, disable (closed) / enable. Locking and disabling end the sessions. */
export async function changeAccountState(db: Kysely<DB>, me: SessionUser, id: number, change: AccountStateChange) {
  const row = await loadAccount(db, id);
  if (change === 'lock' || change === 'disable') refuseSelf(me, id, change === 'lock' ? 'khóa' : 'vô hiệu hóa');
  const set = change === 'lock' ? { locked: true } : change === 'unlock' ? { locked: false } : change === 'disable' ? { active: false } : { active: true };
  await db.updateTable('app_user').set(set).where('id', '=', id).execute();
  forgetUserSessions(id);
  const revoked = change === 'lock' || change === 'disable' ? await revokeSessions(db, id) : 0;
  await audit(db, me, { action: 'change', objectType: 'user', objectId: id, detail: { operation: change, account: row.username, revokedSessions: revoked } });
}

/** A new temporary password, returned once (never stored in clear, never logged); the account must change it. */
export async function resetPassword(db: Kysely<DB>, me: SessionUser, id: number): Promise<string> {
  const row = await loadAccount(db, id);
  refuseSelf(me, id, 'đặt lại mật khẩu của (hãy dùng "Đổi mật khẩu")');
  const temporary = generateTemporaryPassword();
  await db.updateTable('app_user').set({ password_hash: hashPassword(temporary), must_change_password: true, password_changed_at: new Date() }).where('id', '=', id).execute();
  const revoked = await revokeSessions(db, id);
  await audit(db, me, { action: 'change', objectType: 'user', objectId: id, detail: { operation: 'reset_password', account: row.username, revokedSessions: revoked } });
  return temporary;
}

/** The user's own change: the current password, then the strength rule; the user's other sessions end. */
export async function changeOwnPassword(db: Kysely<DB>, me: SessionUser, currentPassword: string, newPassword: string, sessionToken: string | undefined) {
  const row = await loadAccount(db, me.id);
  if (!(await verifyPassword(currentPassword, row.password_hash))) {
    await audit(db, me, { action: 'change', objectType: 'user', objectId: me.id, detail: { operation: 'change_password', refused: 'wrong_current_password' } });
    throw new HttpError(400, 'Mật khẩu hiện tại không đúng.', field('currentPassword', 'Mật khẩu hiện tại không đúng'));
  }
  const weak = passwordProblem(newPassword);
  if (weak) throw new HttpError(400, weak, field('newPassword', weak));
  if (newPassword === currentPassword) {
    throw new HttpError(400, 'Mật khẩu mới phải khác mật khẩu hiện tại.', field('newPassword', 'Mật khẩu mới phải khác mật khẩu hiện tại'));
  }
  await db.updateTable('app_user').set({ password_hash: hashPassword(newPassword), must_change_password: false, password_changed_at: new Date() }).where('id', '=', me.id).execute();
  forgetUserSessions(me.id);
  const revoked = await revokeSessions(db, me.id, sessionToken);
  await audit(db, me, { action: 'change', objectType: 'user', objectId: me.id, detail: { operation: 'change_password', afterReset: !!row.must_change_password, revokedSessions: revoked } });
}
