/**
 * The one vocabulary: the Vietnamese label of every code a person may read — finding codes, file kinds, finding
 * statuses, support groups and poor-household types, audit actions and object types, and the words of audit details. Server presenters, exports, the command
 * line and the web all take their labels from here (roles: shared/auth/roles.ts; progress statuses:
 * shared/targets/forecast.ts). A code without a label here must never reach a screen.
 */
import { ROLES, isRoleCode, type FileKind, type FindingCode } from './auth/roles.ts';
import { formatDate, formatInt } from './format.ts';

export interface FindingInfo {
  /** The full sentence (finding lists, exports, the detail panel). */
  label: string;
  /** A short name (commune page, counts, charts). */
  shortLabel: string;
  /** The work list it belongs to on the dashboards (the commune page's three lists). */
  group: 'outreach' | 'enforcement' | 'data';
  /** Who the finding is about: a person (personal ID, name — personal data) or a unit (employer, tax code). */
  subject: 'person' | 'unit';
  /**
   * On an agency's "Danh sách kiểm tra, đôn đốc" export: the findings an office follows up with the subject itself
   * (inspect, urge, recover). Wider than the enforcement group: household owners who must now contribute
   * (HKD_CHUA_THAM_GIA) and benefits still paid for the dead (NTG_DA_CHET) are chased too, though the dashboard lists
   * them under outreach and data.
   */
  actionList: boolean;
  /**
   * Legal basis (articles and documents), shown with the finding and in exports. A template: its legal numbers are
   * written {key|format} and rendered from the rules the reconciliation run used (shared/calc/rule-text.ts).
   */
  legalBasis: string;
}

export const FINDINGS: Record<FindingCode, FindingInfo> = {
  DN_CHUA_DANG_KY: {
    label: 'Doanh nghiệp có trả lương nhưng chưa đăng ký tham gia BHXH', shortLabel: 'Doanh nghiệp chưa đăng ký BHXH', group: 'enforcement', subject: 'unit', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 2 khoản 1 (đối tượng tham gia bắt buộc), Điều 28 (đăng ký tham gia); Nghị định 12/2022/NĐ-CP Điều 39',
  },
  HKD_CHUA_THAM_GIA: {
    label: 'Chủ hộ kinh doanh (kê khai) chưa tham gia BHXH', shortLabel: 'Chủ hộ kinh doanh chưa tham gia', group: 'outreach', subject: 'person', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 2 khoản 1 điểm m (chủ hộ kinh doanh nộp thuế theo phương pháp kê khai, từ 01/7/2025), Điều 33 khoản 4; Nghị định 158/2025/NĐ-CP',
  },
  NLD_CHUA_THAM_GIA: {
    label: 'Người lao động có thu nhập nhưng chưa tham gia BHXH bắt buộc', shortLabel: 'Người lao động chưa được đóng BHXH', group: 'enforcement', subject: 'person', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 2 khoản 1 (người làm việc theo hợp đồng lao động), Điều 28 (đăng ký trong {registration.deadline_days|int} ngày); Luật Việc làm 74/2025/QH15 (BHTN)',
  },
  DN_KHAI_THIEU_LAO_DONG: {
    label: 'Đơn vị khai thiếu người lao động', shortLabel: 'Doanh nghiệp khai thiếu lao động', group: 'enforcement', subject: 'unit', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 28, Điều 39 (không đăng ký hoặc đăng ký không đủ số người phải tham gia); Nghị định 12/2022/NĐ-CP Điều 39',
  },
  DN_KHAI_THAP_LUONG: {
    label: 'Khai mức đóng thấp hơn quy định', shortLabel: 'Khai mức đóng thấp hơn quy định', group: 'enforcement', subject: 'person', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 31 (tiền lương làm căn cứ đóng), Điều 39 (đóng thấp hơn mức quy định); Nghị định 293/2025/NĐ-CP (lương tối thiểu vùng)',
  },
  DN_CHAM_DONG: {
    label: 'Đơn vị chậm đóng BHXH', shortLabel: 'Đơn vị chậm đóng', group: 'enforcement', subject: 'unit', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 34 (hạn đóng: ngày cuối cùng của tháng sau), Điều 38, Điều 40 (lãi {late.interest_per_day|pct}/ngày); Nghị định 274/2025/NĐ-CP; Nghị định 12/2022/NĐ-CP Điều 39',
  },
  DN_TRON_DONG: {
    label: 'Đơn vị trốn đóng BHXH', shortLabel: 'Đơn vị trốn đóng', group: 'enforcement', subject: 'unit', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 39 (trốn đóng: quá {late.evasion_days|int} ngày sau hạn, đã đôn đốc bằng văn bản), Điều 40, Điều 41; Nghị định 12/2022/NĐ-CP Điều 39; Bộ luật Hình sự Điều 216 (chỉ sàng lọc, cần xác minh)',
  },
  NTG_SAI_THONG_TIN: {
    label: 'Thông tin người tham gia sai lệch với CSDL dân cư', shortLabel: 'Sai lệch thông tin người tham gia', group: 'data', subject: 'person', actionList: false,
    legalBasis: 'Luật Căn cước 2023 (số định danh cá nhân); Luật BHXH 41/2024/QH15 (số định danh cá nhân thay mã số BHXH từ 01/8/2025)',
  },
  NTG_DA_CHET: {
    label: 'Người đã chết vẫn tham gia hoặc hưởng trợ cấp', shortLabel: 'Người tham gia đã chết', group: 'data', subject: 'person', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 (dừng tham gia, thu hồi khoản chi sai); Luật Việc làm 74/2025/QH15 (chấm dứt hưởng trợ cấp thất nghiệp)',
  },
  BHTN_TRUC_LOI: {
    label: 'Có việc làm mới trong thời gian hưởng trợ cấp thất nghiệp', shortLabel: 'Nghi trục lợi trợ cấp thất nghiệp', group: 'enforcement', subject: 'person', actionList: true,
    legalBasis: 'Luật Việc làm 74/2025/QH15; Nghị định 374/2025/NĐ-CP (chấm dứt hưởng khi có việc làm; thu hồi tiền trợ cấp đã hưởng sai)',
  },
  TIEM_NANG_TU_NGUYEN: {
    label: 'Người có thể vận động tham gia BHXH tự nguyện', shortLabel: 'Người có khả năng tham gia BHXH tự nguyện', group: 'outreach', subject: 'person', actionList: false,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 2 khoản 4 (đối tượng tự nguyện), Điều 36 (mức đóng {rate.voluntary|pct}); Nghị định 159/2025/NĐ-CP (hỗ trợ tiền đóng)',
  },
  KCN_LECH_LAO_DONG: {
    label: 'Doanh nghiệp KCN báo cáo nhiều lao động hơn số tham gia BHXH', shortLabel: 'Lệch số lao động khu công nghiệp', group: 'enforcement', subject: 'unit', actionList: true,
    legalBasis: 'Luật BHXH 41/2024/QH15 Điều 28, Điều 39; Văn bản chỉ đạo năm 2026 của UBND tỉnh Thái Nguyên (chia sẻ dữ liệu lao động khu công nghiệp)',
  },
};

export const findingLabel = (code: string): string => FINDINGS[code as FindingCode]?.label ?? 'Loại phát hiện khác';
export const findingShortLabel = (code: string): string => FINDINGS[code as FindingCode]?.shortLabel ?? 'Loại phát hiện khác';

export const FINDING_STATUS_LABELS: Record<string, string> = { new: 'Mới', open: 'Đang xử lý', resolved: 'Đã hết', dismissed: 'Đã bỏ qua' };

/** The outcome of an import. */
export const IMPORT_STATUS_LABELS: Record<string, string> = { imported: 'Đã nhập', rejected: 'Bị từ chối', unchanged: 'Không đổi (tệp đã nhập)', needs_confirmation: 'Chờ xác nhận thay thế', checked: 'Đã kiểm tra, chưa nhập' };

/** What each kind of imported file holds (and who sends it). */
export const FILE_KIND_LABELS: Record<FileKind, string> = {
  'dan-cu': 'Dân cư (trích xuất Cơ sở dữ liệu quốc gia về dân cư)',
  'ho-ngheo': 'Thành viên hộ nghèo, hộ cận nghèo',
  'lao-dong': 'Lực lượng lao động theo xã (Thống kê)',
  'dn-thue': 'Người nộp thuế: doanh nghiệp, chi nhánh, hộ kinh doanh (Thuế)',
  'thue-tncn': 'Thu nhập và thuế TNCN khấu trừ theo người lao động (Thuế)',
  'bhxh-don-vi': 'Đơn vị tham gia BHXH (BHXH tỉnh)',
  'bhxh-thu': 'Số phải đóng, đã đóng theo đơn vị và tháng (BHXH tỉnh)',
  'bhxh-nguoi': 'Người tham gia BHXH (ảnh chụp theo kỳ, BHXH tỉnh)',
  'bhxh-huong': 'Người hưởng lương hưu, trợ cấp BHXH hằng tháng (BHXH tỉnh)',
  'bhtn-huong': 'Quyết định hưởng trợ cấp thất nghiệp (Trung tâm Dịch vụ việc làm)',
  'kcn-lao-dong': 'Lao động báo cáo của doanh nghiệp trong khu công nghiệp (BQL các KCN)',
  'chi-tieu': 'Chỉ tiêu phát triển người tham gia BHXH (Sở Nội vụ, Nghị quyết HĐND)',
};
export const fileKindLabel = (kind: string): string => FILE_KIND_LABELS[kind as FileKind] ?? 'Loại tệp khác';

export const roleLabel = (role: string): string => (isRoleCode(role) ? ROLES[role].label : 'Vai trò khác');

// ------------------------------------------------------------------ support groups of voluntary participants

/**
 * The groups the State supports at different rates on voluntary contributions (Decree 159/2025; rates per group are
 * legal parameters `voluntary.support_rate.<group>`): the codes stored in `src_bhxh_nguoi.support_group`, used by
 * the checks, the calculators, the top-up simulator and its web page, in this order.
 */
export const SUPPORT_GROUPS = ['poor', 'near_poor', 'ethnic_minority', 'other'] as const;
export type SupportGroup = (typeof SUPPORT_GROUPS)[number];
export const SUPPORT_GROUP_LABELS: Readonly<Record<SupportGroup, string>> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  ethnic_minority: 'Người dân tộc thiểu số',
  other: 'Đối tượng khác',
};
export const supportGroupLabel = (code: string): string => SUPPORT_GROUP_LABELS[code as SupportGroup] ?? 'Nhóm khác';
/** The label inside a sentence ("Hỗ trợ thêm cho hộ nghèo"): its first letter in lower case. */
export const supportGroupPhrase = (group: SupportGroup): string => SUPPORT_GROUP_LABELS[group].charAt(0).toLowerCase() + SUPPORT_GROUP_LABELS[group].slice(1);

/** The households of the poor-household list (`src_ho_ngheo.household_type`): the first two support groups. */
export const HOUSEHOLD_TYPES = ['poor', 'near_poor'] as const satisfies readonly SupportGroup[];
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];
export const HOUSEHOLD_TYPE_LABELS: Readonly<Record<HouseholdType, string>> = { poor: SUPPORT_GROUP_LABELS.poor, near_poor: SUPPORT_GROUP_LABELS.near_poor };

// ------------------------------------------------------------------ the audit log

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  read: 'Xem dữ liệu cá nhân', change: 'Thay đổi', export: 'Xuất dữ liệu', import: 'Nhập dữ liệu',
  login: 'Đăng nhập', login_failed: 'Đăng nhập sai', logout: 'Đăng xuất', review: 'Duyệt liên kết',
};

/** What was read, changed or exported. */
export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  user: 'Tài khoản',
  audit_log: 'Nhật ký truy cập',
  progress: 'Tiến độ chỉ tiêu',
  target_set: 'Bộ chỉ tiêu',
  calc_scenario: 'Kịch bản mô phỏng',
  import_batch: 'Lô dữ liệu nhập',
  import_report: 'Báo cáo lỗi nhập',
  import_issue: 'Lỗi của lô nhập',
  import_raw_file: 'Tệp gốc đã nhập',
  demo: 'Dữ liệu mẫu',
  schema: 'Cấu trúc CSDL',
  database_backup: 'Bản sao lưu CSDL',
  database_restore: 'Khôi phục CSDL',
  finding_list: 'Danh sách phát hiện',
  finding: 'Phát hiện',
  person_link_review: 'Hàng chờ xác minh liên kết',
  person_link: 'Liên kết người',
  outreach_list: 'Danh sách vận động',
  enforcement_list: 'Danh sách kiểm tra, đôn đốc',
  reconcile_run: 'Lần đối soát',
  eval_mismatches: 'Sai khác so với dữ liệu chuẩn',
  legal_param: 'Tham số pháp lý',
  case_open: 'Mở hồ sơ xử lý',
  case: 'Hồ sơ xử lý',
  case_list: 'Danh sách hồ sơ xử lý',
  case_document: 'Văn bản của hồ sơ xử lý',
  case_auto_open: 'Thiết lập tự mở hồ sơ',
  outreach_contact: 'Lần tiếp xúc vận động',
  employer: 'Đơn vị sử dụng lao động',
  campaign_plan: 'Kế hoạch truyền thông',
  campaign: 'Hoạt động truyền thông',
  directive_followup: 'Theo dõi báo cáo nhiệm vụ',
  directive_board: 'Bảng theo dõi nhiệm vụ',
  directive_duty: 'Nhiệm vụ của chỉ thị',
  directive_report: 'Báo cáo thực hiện nhiệm vụ',
  deliveries: 'Tình hình chia sẻ dữ liệu',
  delivery_calendar: 'Lịch chia sẻ dữ liệu',
  industrial_park: 'Khu công nghiệp',
  report_version: 'Báo cáo (phiên bản)',
  scheduled_job: 'Lịch chạy tự động',
};
export const auditObjectLabel = (type: string): string => AUDIT_OBJECT_LABELS[type] ?? 'Đối tượng khác';

/** Names of the keys of audit details. */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  channel: 'Kênh', search: 'Tìm', action: 'Thao tác', from: 'Từ', to: 'Đến', page: 'Trang', rows: 'Số dòng',
  codes: 'Loại phát hiện', code: 'Loại phát hiện', communes: 'Xã/phường', status: 'Trạng thái', statuses: 'Trạng thái',
  format: 'Định dạng', month: 'Tháng', created: 'Tài khoản mới', role: 'Vai trò', username: 'Tên đăng nhập đã gõ',
  what: 'Việc', version: 'Phiên bản', op: 'Thao tác', name: 'Tên', kind: 'Loại tệp', kinds: 'Loại tệp',
  fileName: 'Tên tệp', sha256: 'Mã kiểm tra', scale: 'Quy mô', seed: 'Hạt giống', findings: 'Số phát hiện',
  applied: 'Bản cập nhật', decision: 'Quyết định', residentId: 'Người trong CSDL dân cư', note: 'Ghi chú',
  agency: 'Cơ quan', asOf: 'Tính đến ngày', period: 'Kỳ', total: 'Tổng số', out: 'Tệp ra', reason: 'Lý do',
  level: 'Cấp', year: 'Năm', replace: 'Thay thế', batchId: 'Lô', replaced: 'Lô bị thay thế', restored: 'Lô khôi phục',
  file: 'Tệp', bytes: 'Dung lượng (byte)', tables: 'Số bảng', accepted: 'Dòng nhận', rejected: 'Dòng loại', warnings: 'Cảnh báo',
  mode: 'Cách tính', method: 'Phương pháp', lines: 'Số dòng', id: 'Số', operation: 'Việc', basis: 'Căn cứ',
  basisDate: 'Ngày căn cứ', files: 'Số tệp gốc', missingFiles: 'Tệp gốc thiếu', backupCreatedAt: 'Sao lưu lúc',
  backupEngine: 'Loại CSDL nguồn', backupAppVersion: 'Phiên bản BaoPhu', migratedAfter: 'Bản cập nhật chạy thêm',
  isLeader: 'Lãnh đạo cơ quan', isLeaderBefore: 'Lãnh đạo cơ quan trước khi sửa',
  enabled: 'Tự động mở hồ sơ',
  reportKind: 'Loại báo cáo', params: 'Tham số', formats: 'Định dạng', number: 'Số văn bản', quarter: 'Quý', commune: 'Xã/phường', state: 'Trạng thái',
};

const VALUE_LABELS: Record<string, Record<string, string>> = {
  channel: { cli: 'dòng lệnh', web: 'trang web' },
  op: { create: 'tạo', update: 'sửa', delete: 'xóa' },
  decision: { accept: 'chấp nhận', reject: 'bác bỏ' },
  format: { csv: 'CSV', xlsx: 'XLSX', json: 'JSON', docx: 'DOCX', pdf: 'PDF' },
  formats: { xlsx: 'XLSX', docx: 'DOCX', pdf: 'PDF' },
  reportKind: { annual: 'Đánh giá kết quả thực hiện Nghị quyết 403/NQ-CP năm', progress: 'Tiến độ thực hiện chỉ tiêu', debts: 'Danh sách đơn vị chậm đóng, trốn đóng', outreach: 'Danh sách vận động tham gia' },
  state: { draft: 'dự thảo', reviewed: 'đã duyệt', signed: 'đã ký', returned: 'đã trả lại' },
  what: { save: 'lưu', create: 'tạo', update: 'sửa', submit: 'trình', approve: 'phê duyệt', return: 'trả lại', import: 'nhập từ tệp', generate: 'lập báo cáo', review: 'duyệt', sign: 'ký' },
  operation: { restore: 'khôi phục lô' },
  backupEngine: { pglite: 'CSDL nhúng', postgres: 'máy chủ PostgreSQL' },
  level: { province: 'tỉnh', commune: 'xã, phường' },
};

/** A value of an audit detail in words: codes become their labels, dates dd/mm/yyyy, numbers 1.234. */
function detailValue(key: string, value: unknown): string {
  if (value === true) return 'có';
  if (value === false) return 'không';
  if (typeof value === 'number') return formatInt(value);
  if (Array.isArray(value)) return value.map((v) => detailValue(key, v)).join(', ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${detailKey(k)} ${detailValue(k, v)}`).join(', ');
  const text = String(value);
  if (key === 'code' || key === 'codes') return findingShortLabel(text);
  if (key === 'kind' || key === 'kinds') return fileKindLabel(text);
  if (key === 'role') return roleLabel(text);
  if (key === 'action') return AUDIT_ACTION_LABELS[text] ?? text;
  if (key === 'status' || key === 'statuses' || key === 'from' || key === 'to') {
    if (FINDING_STATUS_LABELS[text]) return FINDING_STATUS_LABELS[text];
    if (IMPORT_STATUS_LABELS[text]) return IMPORT_STATUS_LABELS[text];
  }
  if (VALUE_LABELS[key]?.[text]) return VALUE_LABELS[key][text];
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
  return text;
}

function detailKey(key: string): string {
  return AUDIT_DETAIL_LABELS[key] ?? 'Thông tin khác';
}

/** The details of an audit entry as one Vietnamese line ("Trang 1; Số dòng 50"); empty values are left out. */
export function describeAuditDetail(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${detailKey(k)}: ${detailValue(k, v)}`)
    .join('; ');
}

/** Units of legal rules (legal_param.unit). */
export const RULE_UNIT_LABELS: Record<string, string> = {
  VND: 'đồng', count: 'số lượng', days: 'ngày', flag: 'có/không', months: 'tháng', ratio: 'tỷ lệ', years: 'năm', day: 'ngày',
};
