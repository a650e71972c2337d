/**
 * Access rules as small pure functions over the signed-in user. Every route asks these; scopes such as
 * communeFilter(user) and parkScope(user) are what each capability's SQL filters by, so scoping happens on the server.
 */
import { FILE_KINDS, PARK_KIND_KEEPERS, ROLES, type Capability, type FileKind, type FindingCode, type RoleCode } from '#shared/auth/roles.ts';

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


/** Whether the user may add or correct a park of this kind (and, for a park-scoped account, this park). */
export function canEditPark(user: SessionUser, park: { code: string; kind: 'KCN' | 'CCN' }, isNew: boolean): boolean {
  if (!can(user, 'parks.edit') || !PARK_KIND_KEEPERS[park.kind].includes(user.role)) return false;
  const limited = roleOf(user).parkScoped ? user.parks ?? null : null;
  return !limited || (!isNew && limited.includes(park.code));
}

/** Who may manage accounts (edit, lock, disable, reset passwords). Nobody changes another's password otherwise. */
export const canManageUsers = (user: SessionUser) => can(user, 'users.manage');

// ----------------------------------------------------------------------------- imports (server/ingest)

/** What the import rules need to know of a batch (an `import_batch` row). */
export interface BatchAccess {
  kind: string;
  /** The account that imported it (null: the command line or the demo load). */
  importedBy: number | null;
  isCurrent: boolean;
  refused: boolean;
}

/** Whether the user may import at all (its role supplies some file kind). */
export const mayImportAny = (user: SessionUser) => roleOf(user).imports.length > 0;

/** The kinds whose import history the user sees: those it imports; every kind for the readers of the audit log. */
export const historyKinds = (user: SessionUser): FileKind[] => (can(user, 'audit.read') ? [...FILE_KINDS] : [...roleOf(user).imports]);

/** An account limited to some communes sees, downloads and restores only the batches it imported itself. */
export const seesOnlyOwnBatches = (user: SessionUser) => user.communes !== null;
const ownsBatchIfLimited = (user: SessionUser, batch: BatchAccess) => !seesOnlyOwnBatches(user) || batch.importedBy === user.id;

/** Whether the user sees a batch in the history: a kind of historyKinds; an account limited to communes, only its own. */
export const maySeeBatch = (user: SessionUser, batch: BatchAccess) =>
  historyKinds(user).includes(batch.kind as FileKind) && ownsBatchIfLimited(user, batch);

/**
 * Whether the user may download a batch's reject report or raw file (both hold personal data): who may import the
 * kind; an account limited to communes, only the batches it imported.
 */
export const mayDownloadBatch = (user: SessionUser, batch: BatchAccess) => canImport(user, batch.kind) && ownsBatchIfLimited(user, batch);

/** Whether the user may make a replaced batch current again: a batch neither current nor refused that it may download. */
export const mayRestoreBatch = (user: SessionUser, batch: BatchAccess) => !batch.isCurrent && !batch.refused && mayDownloadBatch(user, batch);

// ----------------------------------------------------------------------------- findings (server/reconcile)

/** The finding codes of a request the user may see: the asked ones within its role's, or all of its role's. */
export function visibleFindingCodes(user: SessionUser, asked?: readonly string[]): FindingCode[] {
  const mine = roleOf(user).findings;
  return asked?.length ? (asked.filter((c) => (mine as readonly string[]).includes(c)) as FindingCode[]) : [...mine];
}

/** The communes to filter by: the asked ones within the account's scope (null = the whole province). */
export function scopedCommunes(user: SessionUser, asked?: readonly string[]): string[] | null {
  const scope = communeFilter(user);
  if (!asked || asked.length === 0) return scope;
  return scope === null ? [...asked] : asked.filter((c) => scope.includes(c));
}

/** Whether the user sees one finding: its code is the role's and its commune in the account's scope. */
export const mayReadFinding = (user: SessionUser, finding: { code: string; communeCode: string | null }) =>
  canSeeFinding(user, finding.code) && canSeeCommune(user, finding.communeCode);

/** Whether the user may change findings' status (the ones it reads): who works cases or reviews findings. */
export const mayWorkFindings = (user: SessionUser) => can(user, 'cases.work') || can(user, 'findings.review');

/** Whether the user may read and decide the linkage review queue. */
export const mayReviewLinks = (user: SessionUser) => can(user, 'findings.review');

/** Whether the user may start a reconciliation run from the web and follow its progress. */
export const mayRunReconciliation = (user: SessionUser) => can(user, 'reconcile.run');

/** Whether the user may export the voluntary-participation outreach list (it sees TIEM_NANG_TU_NGUYEN). */
export const mayExportOutreach = (user: SessionUser) => canSeeFinding(user, 'TIEM_NANG_TU_NGUYEN');

// ----------------------------------------------------------------------------- cases (server/cases, server/parks)

/** Whether the user reads cases at all: who works them, and the leadership (read-only). */
export const mayReadCases = (user: SessionUser) => can(user, 'cases.work') || can(user, 'cases.read');

/** Whether a case may be assigned to this account: an active account of the acting user's own role (office). */
export const mayAssignCaseTo = (user: SessionUser, assignee: { role: string; active: boolean }) => assignee.active && assignee.role === user.role;

// ----------------------------------------------------------------------------- directive (server/directive)

/** Whether the user reads every body's reports, campaigns, deliveries and the follow-up board. */
export const canFollowDirective = (user: SessionUser) => can(user, 'directive.follow');
/** Whether the user accepts or returns reports, answers proposals, edits duties and delivery calendars. */
export const canAcceptDirective = (user: SessionUser) => can(user, 'directive.accept');
/** Whether the user files reports for this body: its own body only. */
export const reportsFor = (user: SessionUser, agency: string) => can(user, 'directive.report') && user.agency === agency;
/** Whether the user reads the reports of this body: the followers, and the body itself. */
export const canReadReportsOf = (user: SessionUser, agency: string) => canFollowDirective(user) || reportsFor(user, agency);
/** Whether the user submits its body's reports: a body's leader (isLeader) among the accounts that file them. */
export const maySubmitReports = (user: SessionUser) => can(user, 'directive.report') && user.isLeader;
/** Whether the user submits this body's reports: its own body's leader. */
export const maySubmitReportsOf = (user: SessionUser, agency: string) => reportsFor(user, agency) && user.isLeader;
/** Whether the user reads the follow-up board: the followers (every body) and the bodies that file reports (their own). */
export const mayReadBoard = (user: SessionUser) => canFollowDirective(user) || can(user, 'directive.report');
/** Whether the user records its body's campaigns and plans: an account of a body that files reports. */
export const mayRecordCampaigns = (user: SessionUser) => can(user, 'directive.report') && user.agency !== null;

/** The body and communes a campaign activity belongs to. */
export interface CampaignOwner { agency_code: string; commune_codes: string[] }

/** Whether the activity belongs to the user's body (for a commune account: every commune of it is the account's). */
export function ownsCampaign(user: SessionUser, c: CampaignOwner): boolean {
  if (!mayRecordCampaigns(user) || c.agency_code !== user.agency) return false;
  if (user.communes === null) return true;
  return c.commune_codes.length > 0 && c.commune_codes.every((code) => user.communes!.includes(code));
}
/** Whether the user reads a campaign activity: the followers, and its own body. */
export const canReadCampaign = (user: SessionUser, c: CampaignOwner) => canFollowDirective(user) || ownsCampaign(user, c);
/** Whether the user edits or deletes a campaign activity: its own body's only. */
export const canEditCampaign = ownsCampaign;
/** The bodies whose data deliveries the user reads: undefined = every body (the followers); else its own (if any). */
export const visibleDeliveryAgencies = (user: SessionUser): string[] | undefined => (canFollowDirective(user) ? undefined : user.agency ? [user.agency] : []);

// ----------------------------------------------------------------------------- scheduled jobs (server/jobs)

/** Whether the user reads the schedules and their runs: who follows the directive (admin, Home Affairs, leadership). */
export const mayReadSchedules = (user: SessionUser) => can(user, 'directive.follow');
/** Whether the user enables, disables or changes a schedule's rule: the secretariat (admin, Home Affairs). */
export const mayManageSchedules = (user: SessionUser) => can(user, 'directive.accept');

// ----------------------------------------------------------------------------- reports (server/reports)

/** What the report rules need to know of a report kind (a `report_kind` row): the roles named in its data. */
export interface ReportKindAccess {
  generateRoles: readonly string[];
  reviewRoles: readonly string[];
  signRoles: readonly string[];
  readRoles: readonly string[];
}

/**
 * Whether the report's unit lies in the account's scope: a province report (commune null) only for an account that
 * sees the province; a commune's report for an account that sees that commune.
 */
const reportInScope = (user: SessionUser, commune: string | null) => (commune === null ? user.communes === null : canSeeCommune(user, commune));

/** Whether the user may generate a report of this kind for this unit: 'reports.generate' and a generate role of the kind. */
export const mayGenerateReport = (user: SessionUser, kind: ReportKindAccess, commune: string | null) =>
  can(user, 'reports.generate') && kind.generateRoles.includes(user.role) && reportInScope(user, commune);

/** Whether the user may review (or return) a report of this kind: 'reports.review' and a review role of the kind, in scope. */
export const mayReviewReport = (user: SessionUser, kind: ReportKindAccess, commune: string | null) =>
  can(user, 'reports.review') && kind.reviewRoles.includes(user.role) && reportInScope(user, commune);

/** Whether the user may sign a report of this kind: a body's leader (isLeader) of a sign role of the kind, in scope. */
export const maySignReport = (user: SessionUser, kind: ReportKindAccess, commune: string | null) =>
  can(user, 'reports.sign') && user.isLeader && kind.signRoles.includes(user.role) && reportInScope(user, commune);

/** Whether the user may read (and download) a report's versions: who acts on the kind, or a read role of it, in scope. */
export const mayReadReport = (user: SessionUser, kind: ReportKindAccess, commune: string | null) =>
  can(user, 'reports.read') &&
  [...kind.generateRoles, ...kind.reviewRoles, ...kind.signRoles, ...kind.readRoles].includes(user.role) &&
  reportInScope(user, commune);
