import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden } from '../http/errors.ts';
import { can, seesPersonalData, type SessionUser } from './policies.ts';
import { ROLES, type Capability } from '#shared/auth/roles.ts';
import { auditQuery, changePasswordBody, editUserBody, userIdParams } from './schema.ts';
import { changeAccountState, changeOwnPassword, editAccount, listUsers, resetPassword, type AccountStateChange } from './accounts.ts';
import { SESSION_COOKIE } from './session.ts';
import { createAccount } from '../commands/create-account.ts';
import { audit } from './audit.ts';
import { presentAuditEntry, presentUser } from './presenters.ts';
import type { AuditAnswer, RolesAnswer, TemporaryPasswordAnswer, UserCreatedAnswer, UsersAnswer } from '#shared/api/auth.ts';
import type { OkAnswer } from '#shared/api/common.ts';

function require(user: SessionUser, capability: Capability, what: string) {
  if (!can(user, capability)) throw forbidden(what);
}

/** Accounts (users.manage) and the audit log (audit.read). */
const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/admin/roles', async (request): Promise<RolesAnswer> => {
    require(currentUser(request), 'users.manage', 'quản lý tài khoản');
    const [agencies, parks] = await Promise.all([
      db.selectFrom('agency').select(['code', 'name']).orderBy('code').execute(),
      db.selectFrom('industrial_park').select(['code', 'name', 'kind']).orderBy('code').execute(),
    ]);
    return {
      roles: Object.entries(ROLES).map(([code, r]) => ({ code, label: r.label, agency: r.agency, communeScoped: r.communeScoped, parkScoped: !!r.parkScoped })),
      agencies,
      parks,
    };
  });

  app.get('/api/admin/users', async (request): Promise<UsersAnswer> => {
    require(currentUser(request), 'users.manage', 'quản lý tài khoản');
    const users = await listUsers(db);
    return { users: users.map(presentUser) };
  });

  app.post('/api/admin/users', async (request): Promise<UserCreatedAnswer> => {
    const me = currentUser(request);
    require(me, 'users.manage', 'quản lý tài khoản');
    const { id } = await createAccount(db, request.body, { actor: me });
    return { id };
  });

  app.patch('/api/admin/users/:id', async (request): Promise<OkAnswer> => {
    const me = currentUser(request);
    require(me, 'users.manage', 'quản lý tài khoản');
    const { id } = parseInput(userIdParams, request.params, 'Địa chỉ');
    await editAccount(db, me, id, parseInput(editUserBody, request.body, 'Thông tin tài khoản'));
    return { ok: true };
  });

  for (const change of ['lock', 'unlock', 'disable', 'enable'] as AccountStateChange[]) {
    app.post(`/api/admin/users/:id/${change}`, async (request): Promise<OkAnswer> => {
      const me = currentUser(request);
      require(me, 'users.manage', 'quản lý tài khoản');
      const { id } = parseInput(userIdParams, request.params, 'Địa chỉ');
      await changeAccountState(db, me, id, change);
      return { ok: true };
    });
  }

  app.post('/api/admin/users/:id/reset-password', async (request): Promise<TemporaryPasswordAnswer> => {
    const me = currentUser(request);
    require(me, 'users.manage', 'quản lý tài khoản');
    const { id } = parseInput(userIdParams, request.params, 'Địa chỉ');
    // Shown once to the admin, who hands it over; the account must change it at its next login.
    return { temporaryPassword: await resetPassword(db, me, id) };
  });

  app.post('/api/account/password', { config: { duringPasswordChange: true } }, async (request): Promise<OkAnswer> => {
    const me = currentUser(request);
    const body = parseInput(changePasswordBody, request.body, 'Đổi mật khẩu');
    await changeOwnPassword(db, me, body.currentPassword, body.newPassword, request.cookies[SESSION_COOKIE]);
    return { ok: true };
  });

  app.get('/api/admin/audit', async (request): Promise<AuditAnswer> => {
    require(currentUser(request), 'audit.read', 'xem nhật ký truy cập');
    const q = parseInput(auditQuery, request.query, 'Bộ lọc nhật ký');
    let query = db.selectFrom('audit_log');
    if (q.action) query = query.where('action', '=', q.action);
    if (q.username) query = query.where('username', '=', q.username);
    if (q.from) query = query.where('at', '>=', new Date(`${q.from}T00:00:00+07:00`));
    if (q.to) query = query.where('at', '<', new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000));
    const [rows, total] = await Promise.all([
      query.selectAll('audit_log')
        // An account is named by its user name, not its number.
        .select((eb) => eb.selectFrom('app_user').whereRef(sql<string>`app_user.id::text`, '=', eb.ref('audit_log.object_id')).where('audit_log.object_type', '=', 'user').select('app_user.username').as('object_username'))
        .orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const user = currentUser(request);
    // The log holds personal data (IDs of review decisions, search terms): reading it is audited like any such read,
    // and a search by account name is recorded with its terms.
    if (q.username || (rows.length && seesPersonalData(user))) {
      await audit(db, user, { action: 'read', objectType: 'audit_log', detail: { search: q.username ?? null, action: q.action ?? null, from: q.from ?? null, to: q.to ?? null, page: q.page, rows: rows.length } });
    }
    return { total: Number(total.n), page: q.page, pageSize: q.pageSize, entries: rows.map((e) => presentAuditEntry(user, e)) };
  });
};

export default routes;
