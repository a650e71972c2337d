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

export type RoleCode =
  | 'admin' | 'leadership' | 'home_affairs' | 'social_security' | 'tax' | 'police'
  | 'statistics' | 'ip_board' | 'inspectorate' | 'commune';

export interface RoleSpec {
  label: string;
  agency: string;
  /** Commune accounts are limited to their communes; every other role sees the province. */
  communeScoped: boolean;
  /** Sees personal IDs and full names unmasked. */
  seesPersonalData: boolean;
  imports: readonly FileKind[];
  findings: readonly FindingCode[];
  /**
   * Other capabilities: 'targets.edit', 'targets.approve', 'users.manage', 'audit.read', 'findings.review',
   * 'cases.work', 'scenarios.edit' (save, change and delete top-up scenarios: the bodies that study the top-up),
   * 'reconcile.run' (start a reconciliation run from the web: the system administrator and Social Security).
   */
  can: readonly string[];
}

const ALL_FINDINGS = FINDING_CODES;
const EMPLOYER_FINDINGS = ['DN_CHUA_DANG_KY', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHAM_DONG', 'DN_TRON_DONG', 'KCN_LECH_LAO_DONG', 'NLD_CHUA_THAM_GIA', 'HKD_CHUA_THAM_GIA'] as const;

export const ROLES: Record<RoleCode, RoleSpec> = {
  admin: { label: 'Quản trị hệ thống', agency: 'ADMIN', communeScoped: false, seesPersonalData: true, imports: FILE_KINDS, findings: ALL_FINDINGS, can: ['targets.edit', 'targets.approve', 'users.manage', 'audit.read', 'findings.review', 'cases.work', 'scenarios.edit', 'reconcile.run'] },
  leadership: { label: 'Lãnh đạo tỉnh', agency: 'LANH_DAO', communeScoped: false, seesPersonalData: false, imports: [], findings: ALL_FINDINGS, can: ['targets.approve', 'audit.read'] },
  home_affairs: { label: 'Sở Nội vụ', agency: 'SO_NOI_VU', communeScoped: false, seesPersonalData: true, imports: ['ho-ngheo', 'bhtn-huong', 'chi-tieu'], findings: ALL_FINDINGS, can: ['targets.edit', 'findings.review', 'cases.work', 'scenarios.edit'] },
  social_security: { label: 'Bảo hiểm xã hội tỉnh', agency: 'BHXH', communeScoped: false, seesPersonalData: true, imports: ['bhxh-don-vi', 'bhxh-thu', 'bhxh-nguoi', 'bhxh-huong'], findings: ALL_FINDINGS, can: ['findings.review', 'cases.work', 'scenarios.edit', 'reconcile.run'] },
  tax: { label: 'Thuế tỉnh', agency: 'THUE', communeScoped: false, seesPersonalData: true, imports: ['dn-thue', 'thue-tncn'], findings: EMPLOYER_FINDINGS, can: ['cases.work'] },
  police: { label: 'Công an tỉnh', agency: 'CONG_AN', communeScoped: false, seesPersonalData: true, imports: ['dan-cu'], findings: ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET', 'DN_TRON_DONG'], can: ['findings.review', 'cases.work'] },
  statistics: { label: 'Thống kê tỉnh', agency: 'THONG_KE', communeScoped: false, seesPersonalData: false, imports: ['lao-dong'], findings: [], can: [] },
  ip_board: { label: 'Ban Quản lý các KCN', agency: 'BQL_KCN', communeScoped: false, seesPersonalData: false, imports: ['kcn-lao-dong'], findings: ['KCN_LECH_LAO_DONG'], can: ['cases.work'] },
  inspectorate: { label: 'Thanh tra tỉnh', agency: 'THANH_TRA', communeScoped: false, seesPersonalData: false, imports: [], findings: ['DN_CHAM_DONG', 'DN_TRON_DONG', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHUA_DANG_KY'], can: ['cases.work'] },
  commune: { label: 'UBND xã/phường', agency: 'UBND_XA', communeScoped: true, seesPersonalData: true, imports: ['ho-ngheo'], findings: ['TIEM_NANG_TU_NGUYEN', 'HKD_CHUA_THAM_GIA', 'NLD_CHUA_THAM_GIA', 'NTG_DA_CHET', 'NTG_SAI_THONG_TIN'], can: ['cases.work'] },
};

export function isRoleCode(value: string): value is RoleCode {
  return Object.prototype.hasOwnProperty.call(ROLES, value);
}
