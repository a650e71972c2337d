/**
 * Findings as users see them: Vietnamese labels, a short detail line, the longer explanation of the detail
 * panel (why it was raised, the compared records side by side, the legal basis) and masking per role.
 * The only place finding rows become API JSON or export lines.
 */
import { formatInt, formatDate, formatPeriod } from '#shared/format.ts';
import { PERSONAL_ID_PROBLEM_VI, type PersonalIdProblem } from '#shared/identity/personal-id.ts';
import { presentName, presentPersonalId, seesPersonalData, maskPersonalId, maskName, type SessionUser } from '../auth/policies.ts';
import type { FindingCode } from '../auth/roles.ts';
import { LEGAL_BASIS } from './checks.ts';

export const LEAD_NOT_VERDICT = 'Các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.';

export const CODE_LABEL: Record<FindingCode, string> = {
  DN_CHUA_DANG_KY: 'Doanh nghiệp có trả lương nhưng chưa đăng ký tham gia BHXH',
  HKD_CHUA_THAM_GIA: 'Chủ hộ kinh doanh (kê khai) chưa tham gia BHXH',
  NLD_CHUA_THAM_GIA: 'Người lao động có thu nhập nhưng chưa tham gia BHXH bắt buộc',
  DN_KHAI_THIEU_LAO_DONG: 'Đơn vị khai thiếu người lao động',
  DN_KHAI_THAP_LUONG: 'Khai mức đóng thấp hơn quy định',
  DN_CHAM_DONG: 'Đơn vị chậm đóng BHXH',
  DN_TRON_DONG: 'Đơn vị trốn đóng BHXH',
  NTG_SAI_THONG_TIN: 'Thông tin người tham gia sai lệch với CSDL dân cư',
  NTG_DA_CHET: 'Người đã chết vẫn tham gia hoặc hưởng trợ cấp',
  BHTN_TRUC_LOI: 'Có việc làm mới trong thời gian hưởng trợ cấp thất nghiệp',
  TIEM_NANG_TU_NGUYEN: 'Người có thể vận động tham gia BHXH tự nguyện',
  KCN_LECH_LAO_DONG: 'Doanh nghiệp KCN báo cáo nhiều lao động hơn số tham gia BHXH',
};

export const STATUS_LABEL: Record<string, string> = { new: 'Mới', open: 'Đang xử lý', resolved: 'Đã hết', dismissed: 'Đã bỏ qua' };
export const SUPPORT_GROUP_LABEL: Record<string, string> = {
  poor: 'Hộ nghèo', near_poor: 'Hộ cận nghèo', ethnic_minority: 'Người dân tộc thiểu số', other: 'Đối tượng khác',
};
export const LINK_METHOD_LABEL: Record<string, string> = {
  id: 'Khớp số định danh cá nhân',
  probabilistic: 'Khớp họ tên, ngày sinh, giới tính (xác suất)',
  review_accepted: 'Cán bộ xác nhận liên kết',
};
const SEX_LABEL: Record<string, string> = { M: 'Nam', F: 'Nữ' };
const SOURCE_LABEL: Record<string, string> = {
  'bhxh-nguoi': 'Danh sách người tham gia BHXH', 'bhtn-huong': 'Quyết định hưởng trợ cấp thất nghiệp',
  'bhxh-huong': 'Danh sách hưởng lương hưu, trợ cấp', 'ho-ngheo': 'Danh sách hộ nghèo, cận nghèo',
};

/** The legal basis stored with the finding, or the code's. */
export const legalBasisOf = (f: { code: string; legal_basis: string | null }) => f.legal_basis ?? LEGAL_BASIS[f.code as FindingCode] ?? '';

/** Personal findings: the subject is a person (ID, name). */
export const PERSON_CODES = new Set<string>(['HKD_CHUA_THAM_GIA', 'NLD_CHUA_THAM_GIA', 'DN_KHAI_THAP_LUONG', 'NTG_SAI_THONG_TIN', 'NTG_DA_CHET', 'BHTN_TRUC_LOI', 'TIEM_NANG_TU_NGUYEN']);

export interface FindingRow {
  id: number;
  code: string;
  subject_id: string;
  subject_name: string | null;
  subject_kind: string;
  commune_code: string | null;
  commune_name?: string | null;
  period: string;
  related_id: string | null;
  amount_vnd: number;
  amounts: Record<string, any>;
  evidence: Record<string, any>;
  legal_basis: string | null;
  link_method: string | null;
  link_score: number | null;
  status: string;
  dismiss_reason: string | null;
  resolved_run_id: number | null;
  first_seen_at?: string | Date;
  updated_at?: string | Date;
}

const pct = (ratio: unknown) => (Number(ratio) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 4 });
const vnd = (n: unknown) => `${formatInt(Number(n ?? 0))} đ`;
const birth = (date: string | null | undefined, precision?: string | null) =>
  !date ? '' : precision === 'Y' ? date.slice(0, 4) : precision === 'M' ? formatPeriod(date) : formatDate(date);

/** One short Vietnamese sentence (export column `detail`). Names and IDs are not repeated here. */
export function detailVi(f: FindingRow): string {
  const e = f.evidence ?? {};
  const a = f.amounts ?? {};
  const P = formatPeriod(f.period);
  switch (f.code) {
    case 'DN_CHUA_DANG_KY':
      return `Đang hoạt động, có ${formatInt(e.workersInTncn)} lao động nhận thu nhập kỳ ${P}` +
        (e.declaredWorkers != null ? ` (khai với thuế ${formatInt(e.declaredWorkers)} lao động)` : '') +
        ` nhưng không có đơn vị BHXH cùng mã số thuế còn hoạt động; số phải đóng ước tính ${vnd(a.estimatedMonthlyContributions)}/tháng.`;
    case 'HKD_CHUA_THAM_GIA':
      return `Chủ hộ kinh doanh nộp thuế theo phương pháp kê khai (MST ${e.taxCode}) không có quá trình tham gia BHXH trong kỳ ${P}; mức đóng tối thiểu ước tính ${vnd(a.minimumMonthlyContribution)}/tháng.`;
    case 'NLD_CHUA_THAM_GIA': {
      const emp = (e.employers ?? []) as Array<{ taxCode: string; income: number }>;
      return `Được ${emp.length > 1 ? `${emp.length} đơn vị` : `đơn vị MST ${emp[0]?.taxCode ?? f.related_id}`} trả thu nhập ${vnd(a.income)} trong kỳ ${P} (hợp đồng từ 3 tháng trở lên hoặc không ghi) nhưng không có quá trình đóng BHXH bắt buộc trong kỳ; số phải đóng ước tính ${vnd(a.estimatedMonthlyContributions)}.`;
    }
    case 'DN_KHAI_THIEU_LAO_DONG':
      return `${formatInt(e.unregisteredWorkers)} người lao động nhận thu nhập kỳ ${P} chưa được đơn vị ${e.unitCode} đóng BHXH bắt buộc; số phải đóng ước tính ${vnd(a.estimatedMonthlyContributions)}/tháng.`;
    case 'DN_KHAI_THAP_LUONG': {
      const why: string[] = [];
      if (e.belowMinWage) why.push(`thấp hơn lương tối thiểu vùng ${e.wageRegion} (${vnd(e.regionalMinWage)})`);
      if (e.belowIncomeShare) why.push(`thấp hơn ${formatInt(Number(e.incomeRatio) * 100)} % thu nhập chịu thuế ${vnd(e.income)} từ cùng đơn vị`);
      return `Mức đóng BHXH ${vnd(e.declaredBase)} tại đơn vị ${e.unitCode} kỳ ${P} ${why.join(' và ')}; số đóng thiếu ước tính ${vnd(a.estimatedMonthlyShortfall)}/tháng.`;
    }
    case 'DN_CHAM_DONG':
    case 'DN_TRON_DONG': {
      const months = (e.months ?? []) as Array<{ period: string; evaded: boolean }>;
      const list = months.map((m) => formatPeriod(m.period)).join(', ');
      const base = `Còn nợ ${vnd(a.arrears)} của ${months.length} tháng đã quá hạn đóng (${list}); lãi chậm đóng đến ngày tính ước ${vnd(a.interest)}.`;
      if (f.code === 'DN_CHAM_DONG') return base;
      const ev = months.filter((m) => m.evaded).length;
      const cs = a.criminalScreening ?? {};
      return `${ev} tháng còn nợ quá 60 ngày sau hạn đóng dù đã có văn bản đôn đốc. ${base} Sàng lọc Điều 216 Bộ luật Hình sự: ${cs.flag ? 'đủ ngưỡng số tháng và số tiền/số người — cần xác minh (chưa có thông tin xử phạt hành chính trước đó)' : 'chưa đủ ngưỡng'}.`;
    }
    case 'NTG_SAI_THONG_TIN': {
      const parts: string[] = [];
      const problems = (e.idProblems ?? []) as PersonalIdProblem[];
      if (problems.length) parts.push(`số định danh ${problems.map((p) => PERSONAL_ID_PROBLEM_VI[p] ?? p).join(', ')}`);
      if (e.nameDiffers) parts.push('họ tên khác CSDL dân cư');
      if (e.birthDiffers) parts.push('ngày sinh khác CSDL dân cư');
      if (e.sexDiffers) parts.push('giới tính khác CSDL dân cư');
      if (e.linkedToOtherId) parts.push('số định danh không có trong CSDL dân cư nhưng hồ sơ khớp họ tên, ngày sinh, giới tính với một người dân có số định danh khác');
      return `Hồ sơ người tham gia kỳ ${P}: ${parts.join('; ')}.`;
    }
    case 'NTG_DA_CHET': {
      const recs = (e.records ?? []) as Array<{ source: string }>;
      const kinds = [...new Set(recs.map((r) => (r.source === 'bhtn-huong' ? 'đang hưởng trợ cấp thất nghiệp' : 'vẫn có quá trình tham gia BHXH')))];
      return `CSDL dân cư ghi nhận đã chết${e.deathDate ? ` ngày ${formatDate(e.deathDate)}` : ''} (trước kỳ ${P}) nhưng ${kinds.join(' và ')} trong kỳ` +
        (Number(a.unemploymentBenefitToRecover) > 0 ? `; trợ cấp cần thu hồi ước tính ${vnd(a.unemploymentBenefitToRecover)}.` : '.');
    }
    case 'BHTN_TRUC_LOI': {
      const b = ((e.benefits ?? []) as Array<{ startDate: string; endDate: string; newJobFrom: string; unitCode: string }>)[0];
      return b
        ? `Hưởng trợ cấp thất nghiệp từ ${formatDate(b.startDate)} đến ${formatDate(b.endDate)} nhưng có quá trình đóng BHXH bắt buộc tại đơn vị ${b.unitCode} từ tháng ${formatPeriod(b.newJobFrom)}; cần thu hồi ước tính ${vnd(a.benefitToRecover)} (${formatInt(a.months)} tháng).`
        : `Có việc làm mới trong thời gian hưởng trợ cấp thất nghiệp; cần thu hồi ước tính ${vnd(a.benefitToRecover)}.`;
    }
    case 'TIEM_NANG_TU_NGUYEN':
      return `Trong độ tuổi, chưa tham gia BHXH kỳ ${P}, không hưởng lương hưu, trợ cấp; nhóm hỗ trợ: ${SUPPORT_GROUP_LABEL[a.supportGroup] ?? a.supportGroup}; mức đóng tối thiểu sau hỗ trợ ${vnd(a.netMinimumMonthly)}/tháng.`;
    case 'KCN_LECH_LAO_DONG':
      return `Báo cáo ${formatInt(e.reportedWorkers)} lao động tại ${e.industrialPark} kỳ ${P} nhưng chỉ có ${formatInt(e.activeParticipants)} người đang tham gia BHXH bắt buộc (chênh ${formatInt(e.gap)} người).`;
    default:
      return '';
  }
}

/** A side-by-side comparison for the detail panel: rows of [label, value in the agency record, value in dan-cu]. */
function comparison(f: FindingRow, user: SessionUser | null): Array<{ label: string; record: string; resident: string; differs: boolean }> | null {
  if (f.code !== 'NTG_SAI_THONG_TIN') return null;
  const r = f.evidence.record ?? {};
  const d = f.evidence.resident ?? null;
  const id = (v: string | null | undefined) => (user ? presentPersonalId(user, v) : v) ?? '';
  const name = (v: string | null | undefined) => (user ? presentName(user, v) : v) ?? '';
  return [
    { label: 'Số định danh cá nhân', record: id(f.evidence.idAsWritten) || '(trống)', resident: d ? id(d.personId) : '(không tìm thấy)', differs: !!d && d.personId !== f.evidence.idAsWritten },
    { label: 'Họ và tên', record: name(r.name), resident: d ? name(d.name) : '', differs: !!f.evidence.nameDiffers },
    { label: 'Ngày sinh', record: birth(r.birthDate, r.birthPrecision), resident: d ? birth(d.birthDate, d.birthPrecision) : '', differs: !!f.evidence.birthDiffers },
    { label: 'Giới tính', record: SEX_LABEL[r.sex] ?? '', resident: d ? SEX_LABEL[d.sex] ?? '' : '', differs: !!f.evidence.sexDiffers },
    { label: 'Mã xã', record: r.commune ?? '', resident: d?.commune ?? '', differs: !!d && !!r.commune && r.commune !== d.commune },
  ];
}

/** The longer explanation of the detail panel: why, the evidence lines, the amounts with the rules used. */
export function explainVi(f: FindingRow): string[] {
  const lines = [detailVi(f)];
  const a = f.amounts ?? {};
  if (a.fineMin != null) lines.push(`Mức phạt hành chính tham khảo (tổ chức): ${vnd(a.fineMin)} – ${vnd(a.fineMax)} (Nghị định 12/2022/NĐ-CP Điều 39; mức đối với tổ chức gấp 2 lần cá nhân — chưa kiểm chứng).`);
  if (a.interest != null) lines.push(`Lãi chậm đóng tính ${pct(a.interestPerDay)} %/ngày trên số tiền nợ của từng tháng, từ ngày sau hạn đóng đến ngày tính.`);
  if (a.rate != null) lines.push(`Tỷ lệ đóng dùng để ước tính: ${pct(a.rate)} % (người lao động và người sử dụng lao động, tất cả các quỹ, theo bảng tham số pháp lý).`);
  if (f.link_method) {
    lines.push(`Cách liên kết với CSDL dân cư: ${LINK_METHOD_LABEL[f.link_method] ?? f.link_method}${f.link_score != null ? ` (điểm ${String(f.link_score).replace('.', ',')})` : ''}.`);
  }
  lines.push(`Căn cứ: ${legalBasisOf(f)}.`);
  lines.push(LEAD_NOT_VERDICT);
  return lines;
}

/** Masks personal IDs and names inside evidence for roles that do not see personal data. */
function maskEvidence(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskEvidence(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskEvidence(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (/^(idAsWritten|personId|residentId|bhxhCode)$/.test(key)) return maskPersonalId(value);
  if (/^(name)$/.test(key)) return maskName(value);
  return value;
}

/** A finding as API JSON for this user (masked unless the role sees personal data). */
export function presentFinding(user: SessionUser, f: FindingRow, withDetail = false) {
  const personal = PERSON_CODES.has(f.code);
  const sees = seesPersonalData(user);
  const base = {
    id: Number(f.id),
    code: f.code,
    codeLabel: CODE_LABEL[f.code as FindingCode] ?? f.code,
    subjectId: personal ? presentPersonalId(user, f.subject_id) : f.subject_id,
    subjectName: personal ? presentName(user, f.subject_name) : f.subject_name,
    subjectKind: f.subject_kind,
    communeCode: f.commune_code,
    communeName: f.commune_name ?? null,
    period: f.period.slice(0, 7),
    periodLabel: formatPeriod(f.period),
    relatedId: f.related_id,
    amountVnd: Number(f.amount_vnd),
    amountLabel: vnd(f.amount_vnd),
    status: f.status,
    statusLabel: STATUS_LABEL[f.status] ?? f.status,
    dismissReason: f.dismiss_reason,
    present: f.resolved_run_id == null,
    linkMethod: f.link_method,
    linkMethodLabel: f.link_method ? LINK_METHOD_LABEL[f.link_method] ?? f.link_method : null,
    linkScore: f.link_score == null ? null : Number(f.link_score),
    detail: detailVi(f),
  };
  if (!withDetail) return base;
  return {
    ...base,
    explanation: explainVi(f),
    comparison: comparison(f, user),
    amounts: f.amounts,
    evidence: sees || !personal ? f.evidence : maskEvidence(f.evidence),
    legalBasis: legalBasisOf(f),
    note: LEAD_NOT_VERDICT,
  };
}
