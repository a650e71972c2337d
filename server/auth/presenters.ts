import { ROLES } from '#shared/auth/roles.ts';
import type { SessionUser } from './policies.ts';

export function presentMe(user: SessionUser, csrfToken: string) {
  const role = ROLES[user.role];
  return {
    user: {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      roleLabel: role.label,
      communes: user.communes,
      seesPersonalData: role.seesPersonalData,
      imports: role.imports,
      findings: role.findings,
      can: role.can,
    },
    csrfToken,
  };
}

export function presentUser(u: { id: number; username: string; full_name: string; role: string; scope_all: boolean; active: boolean; created_at: Date; communes: string[] }) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    role: u.role,
    roleLabel: ROLES[u.role as keyof typeof ROLES]?.label ?? u.role,
    communes: u.scope_all ? null : u.communes,
    active: u.active,
    createdAt: u.created_at,
  };
}

export function presentAuditEntry(e: { id: number; at: Date; username: string | null; action: string; object_type: string; object_id: string | null; commune_code: string | null; detail: unknown }) {
  return { id: e.id, at: e.at, username: e.username, action: e.action, objectType: e.object_type, objectId: e.object_id, communeCode: e.commune_code, detail: e.detail };
}
