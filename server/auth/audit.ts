import os from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type AuditAction = 'read' | 'change' | 'export' | 'import' | 'login' | 'login_failed' | 'logout' | 'review';

export interface AuditEntry {
  action: AuditAction;
  objectType: string;
  objectId?: string | number | null;
  communeCode?: string | null;
  detail?: Record<string, unknown>;
}

/** Who did it: a signed-in account, the command line (commandLineActor) or nobody known (a failed login). */
export interface AuditActor {
  id: number | null;
  username: string;
}

/**
 * The operator at the command line: 'dòng lệnh (<OS user>)'. Web account names are lower-case ASCII
 * (server/auth/schema.ts), so this name cannot be taken by an account.
 */
export function commandLineActor(): AuditActor {
  let osUser: string;
  try {
    osUser = os.userInfo().username;
  } catch {
    osUser = process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return { id: null, username: `dòng lệnh (${osUser})` };
}

/** The INSERT of an audit row, for callers that run it on their own connection (inside their transaction). */
export function auditInsert(db: Kysely<DB>, actor: AuditActor | null, entry: AuditEntry) {
  return db.insertInto('audit_log').values({
    user_id: actor?.id ?? null,
    username: actor?.username ?? null,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId == null ? null : String(entry.objectId),
    commune_code: entry.communeCode ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  });
}

/** Appends to the audit log. The log is append-only in the database (a trigger refuses updates). */
export async function audit(db: Kysely<DB>, actor: AuditActor | null, entry: AuditEntry) {
  await auditInsert(db, actor, entry).execute();
}
