/**
 * The roles of the directive's bodies and what each may do. Pure data, shared by the server (server/auth/policies.ts
 * enforces it) and the browser (which only shows what the server allows).
 * Finding codes a role sees follow the directive's division of work (who acts on which lead).
 */
export const FILE_KINDS = [
  'dan-cu', 'ho-ngheo', 'lao-dong', 'dn-thue', 'thue-tncn', 'bhxh-don-vi',
  'bhxh-thu', 'bhxh-nguoi', 'bhxh-huong', 'bhtn-huong', 'kcn-lao-dong', 'chi-tieu',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FINDING_CODES = [
  'DN_CHUA_DANG_KY', 'HKD_CHUA_THAM_GIA', 'NLD_CHUA_THAM_GIA', 'DN_KHAI_THIEU_LAO_DONG',
  'DN_KHAI_THAP_LUONG', 'DN_CHAM_DONG', 'DN_TRON_DONG', 'NTG_SAI_THONG_TIN', 'NTG_DA_CHET',
  'BHTN_TRUC_LOI', 'TIEM_NANG_TU_NGUYEN', 'KCN_LECH_LAO_DONG',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * Every capability a role may hold besides imports and finding codes. A capability outside this list does not
 * compile (`can(user, 'x')`, `RoleSpec.can`, the web's `can(me, 'x')`).
 */
export const CAPABILITIES = [
  /** Edit and submit targets. */
  'targets.edit',
  /** Approve targets. */
  'targets.approve',
  /** Edit, lock, disable accounts and reset passwords. */
  'users.manage',
  /** Read the audit log (and every kind's import history). */
  'audit.read',
  /** Review findings and the linkage queue. */
  'findings.review',
  /** Open cases and act on the stages the role owns (server/cases). */
  'cases.work',
  /** Read every case, act on none: the leadership. */
  'cases.read',
  /** Choose the finding codes that open cases automatically. */
  'cases.configure',
  /** Record outreach contacts: commune officers. */
  'outreach.log',
  /** Save, change and delete top-up scenarios: the bodies that study the top-up. */
  'scenarios.edit',
  /** Record the legal document behind a legal parameter and mark it verified. */
  'legal.verify',
  /** Industrial parks and their employers (a commune account: the parks in its communes; a park-scoped account: its parks). */
  'parks.read',
  /** Correct and add parks and clusters: the park board its KCN, Industry and Trade its CCN, the admin both. */
  'parks.edit',
  /** File its own body's periodic reports and campaigns. */
  'directive.report',
  /** Read every body's reports, campaigns, deliveries and the follow-up board. */
  'directive.follow',
  /** Accept or return reports; edit duties and delivery calendars. */
  'directive.accept',
  /** Start a reconciliation run from the web: the system administrator and Social Security. */
  'reconcile.run',
  /** Generate reports of the catalogue (server/reports), of the kinds whose generate roles include the role. */
  'reports.generate',
  /** Review generated reports of the kinds whose review roles include the role. */
  'reports.review',
  /** Sign reviewed reports (a body's leader only) of the kinds whose sign roles include the role. */
  'reports.sign',
  /** Read the report catalogue's versions of the kinds the role may act on or read. */
  'reports.read',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

export type RoleCode =
  | 'admin' | 'leadership' | 'home_affairs' | 'social_security' | 'tax' | 'police'
  | 'statistics' | 'ip_board' | 'inspectorate' | 'commune'
  | 'finance' | 'culture' | 'justice' | 'industry_trade' | 'fatherland_front' | 'media' | 'commune_police';

export interface RoleSpec {
  label: string;
  agency: string;
  /** Commune accounts are limited to their communes; every other role sees the province. */
  communeScoped: boolean;
  /** May be limited to some industrial parks (user_park); without such rows the account sees every park. */
  parkScoped?: boolean;
  /** Sees personal IDs and full names unmasked. */
  seesPersonalData: boolean;
  imports: readonly FileKind[];
  findings: readonly FindingCode[];
  /** Other capabilities (see CAPABILITIES). */
  can: readonly Capability[];
}

const ALL_FINDINGS = FINDING_CODES;
const EMPLOYER_FINDINGS = ['DN_CHUA_DANG_KY', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHAM_DONG', 'DN_TRON_DONG', 'KCN_LECH_LAO_DONG', 'NLD_CHUA_THAM_GIA', 'HKD_CHUA_THAM_GIA'] as const;

export const ROLES: Record<RoleCode, RoleSpec> = {
  admin: { label: 'Quản trị hệ thống', agency: 'ADMIN', communeScoped: false, seesPersonalData: true, imports: FILE_KINDS, findings: ALL_FINDINGS, can: ['targets.edit', 'targets.approve', 'users.manage', 'audit.read', 'findings.review', 'cases.work', 'scenarios.edit', 'parks.read', 'parks.edit', 'directive.follow', 'directive.accept', 'cases.configure', 'legal.verify', 'reconcile.run', 'reports.generate', 'reports.read'] },
  leadership: { label: 'Lãnh đạo tỉnh', agency: 'LANH_DAO', communeScoped: false, seesPersonalData: false, imports: [], findings: ALL_FINDINGS, can: ['targets.approve', 'audit.read', 'parks.read', 'directive.follow', 'cases.read', 'reports.read'] },
  home_affairs: { label: 'Sở Nội vụ', agency: 'SO_NOI_VU', communeScoped: false, seesPersonalData: true, imports: ['ho-ngheo', 'bhtn-huong', 'chi-tieu'], findings: ALL_FINDINGS, can: ['targets.edit', 'findings.review', 'cases.work', 'scenarios.edit', 'parks.read', 'directive.report', 'directive.follow', 'directive.accept', 'reports.generate', 'reports.review', 'reports.sign', 'reports.read'] },
  social_security: { label: 'Bảo hiểm xã hội tỉnh', agency: 'BHXH', communeScoped: false, seesPersonalData: true, imports: ['bhxh-don-vi', 'bhxh-thu', 'bhxh-nguoi', 'bhxh-huong'], findings: ALL_FINDINGS, can: ['findings.review', 'cases.work', 'scenarios.edit', 'parks.read', 'directive.report', 'reconcile.run', 'reports.generate', 'reports.review', 'reports.sign', 'reports.read'] },
  tax: { label: 'Thuế tỉnh', agency: 'THUE', communeScoped: false, seesPersonalData: true, imports: ['dn-thue', 'thue-tncn'], findings: EMPLOYER_FINDINGS, can: ['cases.work', 'parks.read', 'directive.report'] },
  police: { label: 'Công an tỉnh', agency: 'CONG_AN', communeScoped: false, seesPersonalData: true, imports: ['dan-cu'], findings: ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET', 'DN_TRON_DONG'], can: ['findings.review', 'cases.work', 'directive.report'] },
  statistics: { label: 'Thống kê tỉnh', agency: 'THONG_KE', communeScoped: false, seesPersonalData: false, imports: ['lao-dong'], findings: [], can: ['parks.read', 'directive.report'] },
  ip_board: { label: 'Ban Quản lý các KCN', agency: 'BQL_KCN', communeScoped: false, parkScoped: true, seesPersonalData: false, imports: ['kcn-lao-dong'], findings: ['KCN_LECH_LAO_DONG'], can: ['cases.work', 'parks.read', 'parks.edit', 'directive.report'] },
  inspectorate: { label: 'Thanh tra tỉnh', agency: 'THANH_TRA', communeScoped: false, seesPersonalData: false, imports: [], findings: ['DN_CHAM_DONG', 'DN_TRON_DONG', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHUA_DANG_KY'], can: ['cases.work', 'parks.read', 'directive.report', 'reports.read'] },
  commune: { label: 'UBND xã/phường', agency: 'UBND_XA', communeScoped: true, seesPersonalData: true, imports: ['ho-ngheo'], findings: ['TIEM_NANG_TU_NGUYEN', 'HKD_CHUA_THAM_GIA', 'NLD_CHUA_THAM_GIA', 'NTG_DA_CHET', 'NTG_SAI_THONG_TIN'], can: ['cases.work', 'parks.read', 'directive.report', 'outreach.log', 'reports.generate', 'reports.review', 'reports.sign', 'reports.read'] },
  finance: { label: 'Sở Tài chính', agency: 'SO_TAI_CHINH', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['directive.report'] },
  culture: { label: 'Sở Văn hóa, Thể thao và Du lịch', agency: 'SO_VHTTDL', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['directive.report'] },
  justice: { label: 'Sở Tư pháp', agency: 'SO_TU_PHAP', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['directive.report'] },
  industry_trade: { label: 'Sở Công Thương', agency: 'SO_CONG_THUONG', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['parks.read', 'parks.edit', 'directive.report'] },
  fatherland_front: { label: 'Ủy ban MTTQ Việt Nam tỉnh', agency: 'MTTQ', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['directive.report'] },
  media: { label: 'Báo và Phát thanh, Truyền hình Thái Nguyên', agency: 'BAO_PTTH', communeScoped: false, seesPersonalData: false, imports: [], findings: [], can: ['directive.report'] },
  // The commune police verify identities (wrong particulars, deaths) within their communes; CONG_AN's periodic
  // reports are filed by the provincial police (directive.report), not by each commune's.
  commune_police: { label: 'Công an xã/phường', agency: 'CONG_AN', communeScoped: true, seesPersonalData: true, imports: [], findings: ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET'], can: ['cases.work'] },
};

/**
 * The kind of park each editing role keeps (with 'parks.edit'): the park board its KCN, Industry and Trade its CCN,
 * the admin both. Enforced by canEditPark (server/auth/policies.ts); the web offers only these kinds.
 */
export const PARK_KIND_KEEPERS: Record<'KCN' | 'CCN', readonly RoleCode[]> = { KCN: ['ip_board', 'admin'], CCN: ['industry_trade', 'admin'] };

export function isRoleCode(value: string): value is RoleCode {
  return Object.hasOwn(ROLES, value);
}
