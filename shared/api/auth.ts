/**
 * API answers of the session and of account administration (`/api/auth/*`, `/api/admin/roles|users|audit`,
 * `/api/account/password`): built on the server by server/auth/presenters.ts, routes.ts and admin-routes.ts; read by
 * the web's session (auth.tsx), the accounts page and the audit log page. Times are ISO 8601 strings. Types only.
 */
import type { Capability, FileKind, FindingCode, RoleCode } from '../auth/roles.ts';

/** The signed-in user (presentMe). */
export interface MeUser {
  id: number;
  username: string;
  fullName: string;
  role: RoleCode;
  roleLabel: string;
  /** The body (agency code) the account belongs to. */
  agency: string | null;
  /** null = the whole province; otherwise the commune codes this account may see. */
  communes: string[] | null;
  /** The body's leader: submits its directive reports. */
  isLeader: boolean;
  seesPersonalData: boolean;
  /** File kinds this role may import. */
  imports: readonly FileKind[];
  /** Finding codes this role sees. */
  findings: readonly FindingCode[];
  /** Other capabilities (RoleSpec.can in shared/auth/roles.ts). */
  can: readonly Capability[];
  /** null = every industrial park; otherwise the parks of a park-scoped account. */
  parks: string[] | null;
  /** After a password reset: only the password-change form is shown until it is changed. */
  mustChangePassword: boolean;
}

/** GET /api/auth/me, POST /api/auth/login */
export interface MeAnswer { user: MeUser; csrfToken: string }

/** GET /api/admin/roles */
export interface RolesAnswer {
  roles: Array<{ code: string; label: string; agency: string; communeScoped: boolean; parkScoped: boolean }>;
  agencies: Array<{ code: string; name: string }>;
  parks: Array<{ code: string; name: string; kind: string }>;
}

export type AccountStatus = 'active' | 'locked' | 'disabled';

/** An account as the administrator sees it (presentUser). */
export interface AdminUserAnswer {
  id: number;
  username: string;
  fullName: string;
  role: string;
  roleLabel: string;
  agency: string | null;
  communes: string[] | null;
  parks: string[] | null;
  /** "Lãnh đạo cơ quan": submits the body's directive reports. */
  isLeader: boolean;
  active: boolean;
  locked: boolean;
  /** 'locked': stopped for now; 'disabled': closed. */
  status: AccountStatus;
  mustChangePassword: boolean;
  createdAt: string;
}

/** GET /api/admin/users */
export interface UsersAnswer { users: AdminUserAnswer[] }
/** POST /api/admin/users */
export interface UserCreatedAnswer { id: number }
/** POST /api/admin/users/:id/reset-password: shown once. */
export interface TemporaryPasswordAnswer { temporaryPassword: string }

/** A row of the audit log for a viewer, in words (presentAuditEntry); personal data in it masked per role. */
export interface AuditEntryAnswer {
  id: number;
  at: string;
  username: string | null;
  action: string;
  objectType: string;
  actionLabel: string;
  objectLabel: string;
  objectId: string | null;
  communeCode: string | null;
  detail: unknown;
  detailText: string;
}

/** GET /api/admin/audit */
export interface AuditAnswer { total: number; page: number; pageSize: number; entries: AuditEntryAnswer[] }
