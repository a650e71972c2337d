/**
 * Signed-in requests are checked from memory: the session (by its token's hash) with its account, as
 * `loadSessionUser` read it, kept for a few seconds and then checked again against the database in the background.
 * While the database is busy with a long job (the embedded engine runs one transaction at a time), a request is
 * answered from the entry it has instead of waiting for the job; a change made by this process (logout, lock,
 * disable, password reset or change, role, scope or leader change) drops the account's entries at once, and a change
 * made by another process (a command) is seen as soon as the database answers the background check.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionUser } from './policies.ts';
import { loadSessionUser } from './users.ts';

export interface CachedSession { user: SessionUser; csrf: string; expiresAt: number }
interface Entry extends CachedSession { tokenHash: string; checkedAt: number; checking: Promise<CachedSession | null> | null }

/** An entry is used without a check for this long. */
export const SESSION_FRESH_MS = 5_000;
/** A check that does not answer within this time (a busy database) is not waited for. */
const CHECK_WAIT_MS = 100;
/** An entry older than this is never used without the database's answer. */
const SESSION_STALE_MAX_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, Entry>();
/** Bumped by every invalidation: a check that started before it does not store its (possibly older) answer. */
let epoch = 0;

export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

async function readSession(db: Kysely<DB>, hash: string): Promise<CachedSession | null> {
  const row = await db.selectFrom('user_session').select(['user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', hash).where('expires_at', '>', new Date()).executeTakeFirst();
  if (!row) return null;
  const user = await loadSessionUser(db, row.user_id);
  if (!user) return null;
  return { user, csrf: row.csrf_token, expiresAt: new Date(row.expires_at).getTime() };
}

function check(db: Kysely<DB>, hash: string, entry: Entry | undefined): Promise<CachedSession | null> {
  const started = epoch;
  const p = readSession(db, hash).then((found) => {
    if (epoch === started) {
      if (found) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(hash, { ...found, tokenHash: hash, checkedAt: Date.now(), checking: null });
      } else entries.delete(hash);
    } else if (entry) entry.checking = null;
    return found;
  }, (err) => {
    if (entry) entry.checking = null;
    throw err;
  });
  if (entry) entry.checking = p;
  return p;
}

/** The session of a cookie token and its account, or null (unknown, expired, or the account may not sign in). */
export async function resolveSession(db: Kysely<DB>, token: string): Promise<CachedSession | null> {
  const hash = tokenHash(token);
  const entry = entries.get(hash);
  const now = Date.now();
  if (!entry || now >= entry.expiresAt || now - entry.checkedAt > SESSION_STALE_MAX_MS) {
    if (entry) entries.delete(hash);
    return check(db, hash, undefined);
  }
  if (now - entry.checkedAt < SESSION_FRESH_MS) return entry;
  if (entry.checking) return entry;
  const checking = check(db, hash, entry);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), CHECK_WAIT_MS);
    timer.unref?.();
  });
  const answer = await Promise.race([checking.catch(() => 'late' as const), late]);
  clearTimeout(timer);
  return answer === 'late' ? entry : answer;
}

/** Forgets one session (logout). */
export function forgetSession(token: string) {
  epoch++;
  entries.delete(tokenHash(token));
}

/** Forgets every cached session of an account: its access, scope, state or password changed. */
export function forgetUserSessions(userId: number) {
  epoch++;
  for (const [hash, e] of entries) if (e.user.id === userId) entries.delete(hash);
}

/** Forgets everything (a restore, tests). */
export function forgetAllSessions() {
  epoch++;
  entries.clear();
}
