import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { forgetSession, forgetUserSessions } from './session-cache.ts';

export const SESSION_COOKIE = 'bp_session';
export const SESSION_HOURS = 12;

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

/** Creates a session; returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(db: Kysely<DB>, userId: number) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('user_session')
    .values({ id: sha256(token), user_id: userId, csrf_token: csrf, expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) })
    .execute();
  return { token, csrf };
}

export async function deleteSession(db: Kysely<DB>, token: string) {
  forgetSession(token);
  await db.deleteFrom('user_session').where('id', '=', sha256(token)).execute();
}

/** Ends every session of an account (locked, disabled, password reset), or every one but the caller's own. */
export async function revokeSessions(db: Kysely<DB>, userId: number, exceptToken?: string) {
  forgetUserSessions(userId);
  let query = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptToken) query = query.where('id', '<>', sha256(exceptToken));
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
