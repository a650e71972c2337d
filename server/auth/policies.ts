/**
 * Access rules as small pure functions over the signed-in user. Every route asks these; the SQL
 * helpers in scope.ts turn them into WHERE clauses so scoping happens on the server.
 */
import { ROLES, type FileKind, type FindingCode, type RoleCode } from '#shared/auth/roles.ts';

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  role: RoleCode;
  agency: string | null;
  /** null = the whole province; otherwise the communes this account may see. */
  communes: string[] | null;
  /** The body's leader: submits its directive reports. */
  isLeader: boolean;
}

export const roleOf = (user: SessionUser) => ROLES[user.role];

export function canSeeCommune(user: SessionUser, communeCode: string | null | undefined): boolean {
  if (user.communes === null) return true;
  return !!communeCode && user.communes.includes(communeCode);
}

/** The communes to filter by, or null when the account sees the whole province. */
export function communeFilter(user: SessionUser): string[] | null {
  return user.communes;
}

export const canImport = (user: SessionUser, kind: FileKind | string) => (roleOf(user).imports as readonly string[]).includes(kind);
export const canSeeFinding = (user: SessionUser, code: FindingCode | string) => (roleOf(user).findings as readonly string[]).includes(code);
export const can = (user: SessionUser, capability: string) => roleOf(user).can.includes(capability);
/** Whether the role sees personal data unmasked; masking itself is decided per field kind in shared/privacy.ts. */
export { seesPersonalData } from '#shared/privacy.ts';
