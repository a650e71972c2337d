/**
 * Access rules as small pure functions over the signed-in user. Every route asks these; the SQL
 * helpers in scope.ts turn them into WHERE clauses so scoping happens on the server.
 */
import { ROLES, type Capability, type FileKind, type FindingCode, type RoleCode } from '#shared/auth/roles.ts';

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
  /** null/absent = every park; otherwise the industrial parks this account may see (roles with parkScoped). */
  parks?: string[] | null;
  /** After a password reset: every route but the password change answers 403 until it is changed. */
  mustChangePassword?: boolean;
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
/** Whether the user's role holds the capability (a typo in the capability does not compile). */
export const can = (user: SessionUser, capability: Capability) => roleOf(user).can.includes(capability);
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

/**
 * Which industrial parks the user may read: null = refused (no 'parks.read'); otherwise the limits that apply
 * together — `parks` (a park-scoped account's parks) and `communes` (a commune account: the parks in its communes).
 */
export interface ParkScope {
  parks: string[] | null;
  communes: string[] | null;
}
export function parkScope(user: SessionUser): ParkScope | null {
  if (!can(user, 'parks.read')) return null;
  return { parks: roleOf(user).parkScoped ? (user.parks ?? null) : null, communes: user.communes };
}

/** Whether a park (its code and communes) lies in the user's park scope. */
export function canSeePark(user: SessionUser, park: { code: string; communes: readonly string[] }): boolean {
  const scope = parkScope(user);
  if (!scope) return false;
  if (scope.parks && !scope.parks.includes(park.code)) return false;
  if (scope.communes && !park.communes.some((c) => scope.communes!.includes(c))) return false;
  return true;
}

/** The kind of park each editing role keeps: the park board its KCN, Industry and Trade its CCN (the admin both). */
const PARK_KIND_KEEPERS: Record<'KCN' | 'CCN', readonly string[]> = { KCN: ['ip_board', 'admin'], CCN: ['industry_trade', 'admin'] };

/** Whether the user may add or correct a park of this kind (and, for a park-scoped account, this park). */
export function canEditPark(user: SessionUser, park: { code: string; kind: 'KCN' | 'CCN' }, isNew: boolean): boolean {
  if (!can(user, 'parks.edit') || !PARK_KIND_KEEPERS[park.kind].includes(user.role)) return false;
  const limited = roleOf(user).parkScoped ? user.parks ?? null : null;
  return !limited || (!isNew && limited.includes(park.code));
}

/** Who may manage accounts (edit, lock, disable, reset passwords). Nobody changes another's password otherwise. */
export const canManageUsers = (user: SessionUser) => can(user, 'users.manage');
