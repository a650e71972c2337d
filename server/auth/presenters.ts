import { ROLES } from '#shared/auth/roles.ts';
import { AUDIT_DETAIL_KINDS, presentJson, presentMessage, type Viewer } from '#shared/privacy.ts';
import { AUDIT_ACTION_LABELS, auditObjectLabel, describeAuditDetail, roleLabel } from '#shared/vocabulary.ts';
import type { SessionUser } from './policies.ts';
import type { AdminUserAnswer, AuditEntryAnswer, MeAnswer } from '#shared/api/auth.ts';

export function presentMe(user: SessionUser, csrfToken: string): MeAnswer {
  const role = ROLES[user.role];
  return {
    user: {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      roleLabel: role.label,
      agency: user.agency,
      communes: user.communes,
      isLeader: user.isLeader,
      seesPersonalData: role.seesPersonalData,
      imports: role.imports,
      findings: role.findings,
      can: role.can,
      parks: user.parks ?? null,
      /** The web shows only the password-change form until it is changed. */
      mustChangePassword: !!user.mustChangePassword,
    },
    csrfToken,
  };
}

export function presentUser(u: {
  id: number; username: string; full_name: string; role: string; agency_code: string | null; scope_all: boolean; is_leader: boolean; active: boolean; locked: boolean;
  must_change_password: boolean; created_at: Date; communes: string[]; parks: string[];
}): AdminUserAnswer {
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    role: u.role,
    roleLabel: roleLabel(u.role),
    agency: u.agency_code,
    communes: u.scope_all ? null : u.communes,
    parks: u.parks.length ? u.parks : null,
    /** "Lãnh đạo cơ quan": submits the body's directive reports. */
    isLeader: u.is_leader,
    active: u.active,
    locked: u.locked,
    /** 'active' | 'locked' (stopped for now) | 'disabled' (closed). */
    status: !u.active ? 'disabled' : u.locked ? 'locked' : 'active',
    mustChangePassword: u.must_change_password,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

/**
 * An audit row for a viewer, in words: the action and the object's labels, the object named (an account by its
 * name) and the details as one line. The personal data in the details (IDs, names, search terms) is masked unless the
 * role sees it.
 */
export function presentAuditEntry(viewer: Viewer, e: { id: number; at: Date; username: string | null; action: string; object_type: string; object_id: string | null; commune_code: string | null; detail: unknown; object_username?: string | null }): AuditEntryAnswer {
  const objectId = e.object_id == null ? null : presentMessage(viewer, e.object_id);
  const detail = presentJson(viewer, e.detail, AUDIT_DETAIL_KINDS);
  return {
    id: e.id, at: new Date(e.at).toISOString(),
    // A failed login records what was typed as the account name, which may be someone's ID.
    username: e.username == null ? null : presentMessage(viewer, e.username),
    action: e.action, objectType: e.object_type,
    actionLabel: AUDIT_ACTION_LABELS[e.action] ?? 'Thao tác khác',
    objectLabel: objectText(e.object_type, objectId, e.object_username ?? null),
    objectId,
    communeCode: e.commune_code,
    detail,
    detailText: describeAuditDetail(detail),
  };
}

function objectText(type: string, id: string | null, username: string | null): string {
  const label = auditObjectLabel(type);
  if (type === 'user' && username) return `${label} ${username}`;
  if (type === 'target_set' && id) {
    const [level, year] = id.split('/');
    return `${label} ${level === 'province' ? 'của tỉnh' : 'giao các xã, phường'}${year ? ` năm ${year}` : ''}`;
  }
  return id ? `${label} số ${id}` : label;
}
