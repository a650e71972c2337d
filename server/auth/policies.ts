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
export const seesPersonalData = (user: SessionUser) => roleOf(user).seesPersonalData;
export const can = (user: SessionUser, capability: string) => roleOf(user).can.includes(capability);

/** '019201001234' → '019******234'; shorter values keep only their last 2 characters. */
export function maskPersonalId(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length >= 9) return id.slice(0, 3) + '*'.repeat(id.length - 6) + id.slice(-3);
  return '*'.repeat(Math.max(0, id.length - 2)) + id.slice(-2);
}

/** 'Nguyễn Văn An' → 'Nguyễn V. A.' (family name kept, the rest as initials). */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return parts[0].charAt(0) + '.';
  return [parts[0], ...parts.slice(1).map((p) => p.charAt(0).toUpperCase() + '.')].join(' ');
}

/** Personal values as this user may see them in a list. */
export function presentPersonalId(user: SessionUser, id: string | null | undefined) {
  return seesPersonalData(user) ? (id ?? null) : maskPersonalId(id);
}
export function presentName(user: SessionUser, name: string | null | undefined) {
  return seesPersonalData(user) ? (name ?? null) : maskName(name);
}
