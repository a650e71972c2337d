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
/** Recording the legal document behind a parameter changes the law every calculation uses: the administrator only. */
export const canVerifyLegalParams = (user: SessionUser) => can(user, 'legal.verify');
/** Whether the role sees personal data unmasked; masking itself is decided per field kind in shared/privacy.ts. */
export { seesPersonalData } from '#shared/privacy.ts';

/**
 * Cases (server/cases): only the role that owns a case's current stage acts on it, and only within its communes
 * (a commune-scoped account, or any account limited to some communes). Nobody else acts, not even an administrator.
 */
export function canActOnStage(user: SessionUser, ownerRole: string, communeCode: string | null | undefined): boolean {
  return user.role === ownerRole && can(user, 'cases.work') && canSeeCommune(user, communeCode);
}

/**
 * Reading a case: the roles that see its finding code or own its current stage (police sees the referral of a late
 * payer it does not otherwise see), and the leadership ('cases.read'); always within the account's communes.
 */
export function canReadCase(user: SessionUser, findingCode: string, ownerRole: string, communeCode: string | null | undefined): boolean {
  if (!canSeeCommune(user, communeCode)) return false;
  if (can(user, 'cases.read')) return true;
  return can(user, 'cases.work') && (canSeeFinding(user, findingCode) || user.role === ownerRole);
}

/** Opening cases: a role that works cases, for the finding codes it sees (scoped to its communes in SQL). */
export const canOpenCase = (user: SessionUser, findingCode: string) => can(user, 'cases.work') && canSeeFinding(user, findingCode);
