import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionUser } from './policies.ts';

export type AuditAction = 'read' | 'change' | 'export' | 'import' | 'login' | 'login_failed' | 'logout' | 'review';

export interface AuditEntry {
  action: AuditAction;
  objectType: string;
  objectId?: string | number | null;
  communeCode?: string | null;
  detail?: Record<string, unknown>;
}

/** The INSERT of an audit row, for callers that run it on their own connection (inside their transaction). */
export function auditInsert(db: Kysely<DB>, user: Pick<SessionUser, 'id' | 'username'> | null, entry: AuditEntry) {
  return db.insertInto('audit_log').values({
    user_id: user?.id ?? null,
    username: user?.username ?? null,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId == null ? null : String(entry.objectId),
    commune_code: entry.communeCode ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  });
}

/** Appends to the audit log. The log is append-only in the database (a trigger refuses updates). */
export async function audit(db: Kysely<DB>, user: Pick<SessionUser, 'id' | 'username'> | null, entry: AuditEntry) {
  await auditInsert(db, user, entry).execute();
}
