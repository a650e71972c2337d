import type { FastifyPluginAsync } from 'fastify';
import { loginBody } from './schema.ts';
import { parseInput, HttpError } from '../http/errors.ts';
import { checkLoginPassword, noAccountPasswordHash } from './password.ts';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_HOURS } from './session.ts';
import { loadSessionUser } from './users.ts';
import { LoginLimits } from './rate-limit.ts';
import { audit } from './audit.ts';
import { currentUser } from '../http/request.ts';
import { presentMe } from './presenters.ts';
import type { MeAnswer } from '#shared/api/auth.ts';
import type { OkAnswer } from '#shared/api/common.ts';

const routes: FastifyPluginAsync = async (app) => {
  const limits = new LoginLimits();
  const db = app.database.db;
  void noAccountPasswordHash(); // computed once now, so the first unknown user name costs no more than the next

  app.post('/api/auth/login', { config: { public: true } }, async (request, reply): Promise<MeAnswer> => {
    const body = parseInput(loginBody, request.body, 'Thông tin đăng nhập');
    const wait = limits.retryAfter(request.ip, body.username);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new HttpError(429, `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`);
    }
    const row = await db.selectFrom('app_user').select(['id', 'password_hash', 'active', 'locked']).where('username', '=', body.username).executeTakeFirst();
    // The password is checked for unknown and disabled accounts too (equal work: no timing difference to exploit).
    const passwordOk = await checkLoginPassword(body.password, row?.password_hash);
    if (!row?.active || row.locked || !passwordOk) {
      limits.fail(request.ip, body.username);
      await audit(db, null, { action: 'login_failed', objectType: 'user', detail: { username: body.username } });
      throw new HttpError(401, 'Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    limits.succeed(request.ip, body.username);
    const { token, csrf } = await createSession(db, row.id);
    const user = (await loadSessionUser(db, row.id))!;
    await audit(db, user, { action: 'login', objectType: 'user', objectId: user.id });
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      // Secure over HTTPS (behind a proxy: BAOPHU_TRUST_PROXY, so that request.protocol is the client's).
      secure: request.protocol === 'https' || process.env.BAOPHU_SECURE_COOKIES === '1',
      maxAge: SESSION_HOURS * 3600,
    });
    return presentMe(user, csrf);
  });

  app.post('/api/auth/logout', { config: { duringPasswordChange: true } }, async (request, reply): Promise<OkAnswer> => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    await audit(db, request.user, { action: 'logout', objectType: 'user', objectId: request.user?.id });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { config: { duringPasswordChange: true } }, async (request): Promise<MeAnswer> => presentMe(currentUser(request), request.csrfToken!));
};

export default routes;
