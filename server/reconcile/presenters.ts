/**
 * Findings as users see them: Vietnamese labels, a short detail line, the longer explanation of the detail
 * panel (why it was raised, the compared records side by side, the legal basis) and masking per role.
 * The only place finding rows become API JSON or export lines.
 */
import { formatInt, formatDate, formatDecimal, formatPeriod } from '#shared/format.ts';
import { PERSONAL_ID_PROBLEM_VI, type PersonalIdProblem } from '#shared/identity/personal-id.ts';
import { EVIDENCE_KINDS, present, presentJson, show, type Viewer } from '#shared/privacy.ts';
import type { FindingCode } from '#shared/auth/roles.ts';
import type { RuleRef } from '#shared/calc/rulebook.ts';
import { FINDINGS, FINDING_STATUS_LABELS, supportGroupLabel } from '#shared/vocabulary.ts';
import { ruleText } from '#shared/calc/rule-text.ts';
import type { ComparisonRow, ComparisonSources, FindingAnswer, FindingDetail } from '#shared/api/findings.ts';

export const LEAD_NOT_VERDICT = 'Các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.';

/** The finding codes' full labels (the one vocabulary, shared/vocabulary.ts). */
export const CODE_LABEL: Record<FindingCode, string> = Object.fromEntries(Object.entries(FINDINGS).map(([c, f]) => [c, f.label])) as Record<FindingCode, string>;

export const STATUS_LABEL = FINDING_STATUS_LABELS;
export const LINK_METHOD_LABEL: Record<string, string> = {
  id: 'Khớp số định danh cá nhân',
  probabilistic: 'Khớp họ tên, ngày sinh, giới tính (xác suất)',
  review_accepted: 'Cán bộ xác nhận liên kết',
};
const SEX_LABEL: Record<string, string> = { M: 'Nam', F: 'Nữ' };

/**
 * The legal basis stored with the finding (rendered with the rules of its run), or the code's without the numbers of
 * a run ("…" where the template quotes one).
 */
export const legalBasisOf = (f: { code: string; legal_basis: string | null }) =>
  f.legal_basis ?? (Object.hasOwn(FINDINGS, f.code) ? ruleText(FINDINGS[f.code as FindingCode].legalBasis, () => null, '…') : '');

/** Personal findings: the subject is a person (ID, name). */
export const PERSON_CODES = new Set<string>(Object.entries(FINDINGS).filter(([, f]) => f.subject === 'person').map(([code]) => code));

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

const pct = (ratio: unknown) => formatDecimal(Number(ratio) * 100, 4);
const vnd = (n: unknown) => `${formatInt(Number(n ?? 0))} đ`;
const birth = (date: string | null | undefined, precision?: string | null) =>
  !date ? '' : precision === 'Y' ? date.slice(0, 4) : precision === 'M' ? formatPeriod(date) : formatDate(date);
const sexLabel = (v: Viewer, sex: string | null | undefined) => show(v, 'sex', SEX_LABEL[sex ?? ''] ?? '');

/** Whether the finding's subject is a person (ID, name) rather than an employer or a unit. */
const personSubject = (f: { code: string; subject_kind?: string }) => f.subject_kind === 'person' || PERSON_CODES.has(f.code);
/** The tax code an employer's or unit's name goes with (a 12-digit one: a household business, named after its owner). */
const ownerTaxCodeOf = (f: Pick<FindingRow, 'subject_kind' | 'subject_id' | 'related_id'>) => (f.subject_kind === 'employer' ? f.subject_id : f.related_id);
const subjectIdOf = (v: Viewer, f: FindingRow) => present(v, personSubject(f) ? 'personal_id' : 'tax_code', f.subject_id);
const subjectNameOf = (v: Viewer, f: FindingRow) => present(v, personSubject(f) ? 'name' : 'business_name', f.subject_name, ownerTaxCodeOf(f));

/**
 * One short Vietnamese sentence (export column `detail`). Names and IDs are not repeated here, except a household
 * business's tax code (masked for roles that do not see personal data when it is the owner's personal ID).
 */
export function detailVi(f: FindingRow, v: Viewer): string {
  const e = f.evidence ?? {};
  const a = f.amounts ?? {};
  const P = formatPeriod(f.period);
  switch (f.code) {
    case 'DN_CHUA_DANG_KY':
      return `Đang hoạt động, có ${formatInt(e.workersInTncn)} lao động nhận thu nhập kỳ ${P}` +
        (e.declaredWorkers != null ? ` (khai với thuế ${formatInt(e.declaredWorkers)} lao động)` : '') +
        ` nhưng không có đơn vị BHXH cùng mã số thuế còn hoạt động; số phải đóng ước tính ${vnd(a.estimatedMonthlyContributions)}/tháng.`;
    case 'HKD_CHUA_THAM_GIA':
      return `Chủ hộ kinh doanh nộp thuế theo phương pháp kê khai (MST ${show(v, 'tax_code', e.taxCode)}) không có quá trình tham gia BHXH trong kỳ ${P}; mức đóng tối thiểu ước tính ${vnd(a.minimumMonthlyContribution)}/tháng.`;
    case 'NLD_CHUA_THAM_GIA': {
      const emp = (e.employers ?? []) as Array<{ taxCode: string; income: number }>;
      return `Được ${emp.length > 1 ? `${emp.length} đơn vị` : `đơn vị MST ${show(v, 'tax_code', emp[0]?.taxCode ?? f.related_id)}`} trả thu nhập ${vnd(a.income)} trong kỳ ${P} (hợp đồng từ 3 tháng trở lên hoặc không ghi) nhưng không có quá trình đóng BHXH bắt buộc trong kỳ; số phải đóng ước tính ${vnd(a.estimatedMonthlyContributions)}.`;
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
      // The evasion threshold of the run (amounts.evasionDays); a finding of an older run does not carry it.
      const over = a.evasionDays != null ? `quá ${formatInt(Number(a.evasionDays))} ngày sau hạn đóng` : 'quá số ngày quy định sau hạn đóng';
      return `${ev} tháng còn nợ ${over} dù đã có văn bản đôn đốc. ${base} Sàng lọc Điều 216 Bộ luật Hình sự: ${cs.flag ? 'đủ ngưỡng số tháng và số tiền/số người — cần xác minh (chưa có thông tin xử phạt hành chính trước đó)' : 'chưa đủ ngưỡng'}.`;
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
      return `CSDL dân cư ghi nhận đã chết${e.deathDate ? ` ngày ${show(v, 'death_date', formatDate(e.deathDate))}` : ''} (trước kỳ ${P}) nhưng ${kinds.join(' và ')} trong kỳ` +
        (Number(a.unemploymentBenefitToRecover) > 0 ? `; trợ cấp cần thu hồi ước tính ${vnd(a.unemploymentBenefitToRecover)}.` : '.');
    }
    case 'BHTN_TRUC_LOI': {
      const b = ((e.benefits ?? []) as Array<{ startDate: string; endDate: string; newJobFrom: string; unitCode: string }>)[0];
      return b
        ? `Hưởng trợ cấp thất nghiệp từ ${formatDate(b.startDate)} đến ${formatDate(b.endDate)} nhưng có quá trình đóng BHXH bắt buộc tại đơn vị ${b.unitCode} từ tháng ${formatPeriod(b.newJobFrom)}; cần thu hồi ước tính ${vnd(a.benefitToRecover)} (${formatInt(a.months)} tháng).`
        : `Có việc làm mới trong thời gian hưởng trợ cấp thất nghiệp; cần thu hồi ước tính ${vnd(a.benefitToRecover)}.`;
    }
    case 'TIEM_NANG_TU_NGUYEN':
      return `Trong độ tuổi, chưa tham gia BHXH kỳ ${P}, không hưởng lương hưu, trợ cấp; nhóm hỗ trợ: ${supportGroupLabel(a.supportGroup)}; mức đóng tối thiểu sau hỗ trợ ${vnd(a.netMinimumMonthly)}/tháng.`;
    case 'KCN_LECH_LAO_DONG':
      return `Báo cáo ${formatInt(e.reportedWorkers)} lao động tại ${e.industrialPark} kỳ ${P} nhưng chỉ có ${formatInt(e.activeParticipants)} người đang tham gia BHXH bắt buộc (chênh ${formatInt(e.gap)} người).`;
    default:
      return '';
  }
}

export type { ComparisonRow };
export interface Comparison { sources: ComparisonSources; rows: ComparisonRow[] }

/**
 * The compared records side by side for the detail panel: which two sources were compared (`sources`, the column
 * titles) and rows of [what, value in the first source, value in the second, whether they disagree]. Personal IDs
 * and names are masked for roles that do not see personal data. Null when the finding compares no records
 * (TIEM_NANG_TU_NGUYEN: the absence of any record is the finding).
 */
export function comparisonOf(f: FindingRow, v: Viewer): Comparison | null {
  const e = f.evidence ?? {};
  const P = formatPeriod(f.period);
  const id = (x: string | null | undefined) => show(v, 'personal_id', x);
  const name = (x: string | null | undefined) => show(v, 'name', x);
  const born = (date: string | null | undefined, precision?: string | null) => show(v, 'birth_date', birth(date, precision));
  switch (f.code) {
    case 'NTG_SAI_THONG_TIN': {
      const r = e.record ?? {};
      const d = e.resident ?? null;
      return {
        sources: { record: 'Hồ sơ BHXH', resident: 'CSDL dân cư' },
        rows: [
          { label: 'Số định danh cá nhân', record: id(e.idAsWritten) || '(trống)', resident: d ? id(d.personId) : '(không tìm thấy)', differs: !!d && d.personId !== e.idAsWritten },
          { label: 'Họ và tên', record: name(r.name), resident: d ? name(d.name) : '', differs: !!e.nameDiffers },
          { label: 'Ngày sinh', record: born(r.birthDate, r.birthPrecision), resident: d ? born(d.birthDate, d.birthPrecision) : '', differs: !!e.birthDiffers },
          { label: 'Giới tính', record: sexLabel(v, r.sex), resident: d ? sexLabel(v, d.sex) : '', differs: !!e.sexDiffers },
          { label: 'Xã/phường', record: r.commune ?? '', resident: d?.commune ?? '', differs: !!d && !!r.commune && r.commune !== d.commune, commune: true },
        ],
      };
    }
    case 'NTG_DA_CHET': {
      const recs = (e.records ?? []) as Array<Record<string, any>>;
      const died = `Đã chết${e.deathDate ? ` ngày ${show(v, 'death_date', formatDate(e.deathDate))}` : ''}`;
      return {
        sources: { record: 'Hồ sơ BHXH, trợ cấp thất nghiệp', resident: 'CSDL dân cư' },
        rows: [
          { label: 'Số định danh cá nhân', record: id(recs[0]?.idAsWritten) || '(trống)', resident: id(f.subject_id), differs: false },
          { label: 'Họ và tên', record: name(recs[0]?.name), resident: name(f.subject_name), differs: false },
          ...recs.map((r) => ({
            label: r.source === 'bhtn-huong' ? 'Hưởng trợ cấp thất nghiệp' : 'Tham gia BHXH',
            record: r.source === 'bhtn-huong'
              ? `Quyết định ${r.decisionNo ?? ''}: từ ${formatDate(r.startDate)} đến ${formatDate(r.endDate)}, ${vnd(r.monthlyAmount)}/tháng`
              : `${r.scheme === 'TN' ? 'Tự nguyện' : 'Bắt buộc'}${r.unitCode ? ` tại đơn vị ${r.unitCode}` : ''}, từ tháng ${formatPeriod(r.fromPeriod)}, còn trong kỳ ${P}`,
            resident: died,
            differs: true,
          })),
        ],
      };
    }
    case 'BHTN_TRUC_LOI': {
      const bs = (e.benefits ?? []) as Array<Record<string, any>>;
      return {
        sources: { record: 'Quyết định hưởng trợ cấp thất nghiệp', resident: 'Hồ sơ người tham gia BHXH' },
        rows: bs.map((b) => ({
          label: `Quyết định ${b.decisionNo ?? ''}`.trim(),
          record: `Hưởng từ ${formatDate(b.startDate)} đến ${formatDate(b.endDate)}, ${vnd(b.monthlyAmount)}/tháng`,
          resident: `Đóng BHXH bắt buộc tại đơn vị ${b.unitCode} từ tháng ${formatPeriod(b.newJobFrom)}`,
          differs: true,
        })),
      };
    }
    case 'NLD_CHUA_THAM_GIA': {
      const emp = (e.employers ?? []) as Array<{ taxCode: string; name: string | null; income: number; registered: boolean }>;
      return {
        sources: { record: `Tờ khai thuế thu nhập cá nhân kỳ ${P}`, resident: `Hồ sơ BHXH kỳ ${P}` },
        rows: emp.map((x) => ({
          label: `Đơn vị trả thu nhập MST ${show(v, 'tax_code', x.taxCode)}`,
          record: `${x.name ? `${show(v, 'business_name', x.name, x.taxCode)}: ` : ''}thu nhập ${vnd(x.income)}, hợp đồng từ 3 tháng trở lên hoặc không ghi`,
          resident: x.registered ? 'Đơn vị có đăng ký BHXH nhưng người này không có quá trình đóng bắt buộc' : 'Đơn vị chưa đăng ký BHXH; người này không có quá trình đóng bắt buộc',
          differs: true,
        })),
      };
    }
    case 'DN_KHAI_THIEU_LAO_DONG':
      return {
        sources: { record: `Tờ khai thuế thu nhập cá nhân kỳ ${P}`, resident: `Hồ sơ BHXH kỳ ${P}` },
        rows: [{
          label: 'Người lao động (hợp đồng từ 3 tháng trở lên hoặc không ghi)',
          record: `${formatInt(e.unregisteredWorkers)} người nhận thu nhập từ mã số thuế ${show(v, 'tax_code', f.subject_id)}`,
          resident: `không có quá trình đóng bắt buộc (đơn vị ${e.unitCode})`,
          differs: true,
        }],
      };
    case 'DN_KHAI_THAP_LUONG':
      return {
        sources: { record: `Hồ sơ BHXH kỳ ${P}`, resident: 'Lương tối thiểu vùng, tờ khai thuế thu nhập cá nhân' },
        rows: [
          { label: 'Mức đóng so với lương tối thiểu vùng', record: vnd(e.declaredBase), resident: `${vnd(e.regionalMinWage)} (vùng ${e.wageRegion ?? ''})`, differs: !!e.belowMinWage },
          {
            label: `Mức đóng so với ${formatInt(Number(e.incomeRatio ?? 0) * 100)} % thu nhập cùng đơn vị`,
            record: vnd(e.declaredBase),
            resident: e.income != null ? `thu nhập ${vnd(e.income)} (${formatInt(Number(e.incomeRatio ?? 0) * 100)} % = ${vnd(Number(e.incomeRatio ?? 0) * Number(e.income))})` : '(không có tờ khai thu nhập)',
            differs: !!e.belowIncomeShare,
          },
        ],
      };
    case 'DN_CHUA_DANG_KY': {
      const terminated = (e.terminatedUnits ?? []) as string[] | null;
      return {
        sources: { record: 'Dữ liệu thuế', resident: 'Dữ liệu BHXH' },
        rows: [
          { label: 'Đơn vị', record: `MST ${show(v, 'tax_code', f.subject_id)}, đang hoạt động`, resident: terminated?.length ? `Đơn vị ${terminated.join(', ')} đã chấm dứt` : 'Không có đơn vị cùng mã số thuế', differs: true },
          { label: 'Lao động', record: `${formatInt(e.workersInTncn ?? 0)} người nhận thu nhập kỳ ${P}${e.declaredWorkers != null ? `; khai ${formatInt(e.declaredWorkers)} lao động` : ''}`, resident: '0 người tham gia', differs: true },
        ],
      };
    }
    case 'HKD_CHUA_THAM_GIA':
      return {
        sources: { record: 'Dữ liệu thuế', resident: `Hồ sơ BHXH kỳ ${P}` },
        rows: [{
          label: 'Chủ hộ kinh doanh',
          record: `${show(v, 'business_name', e.businessName, e.taxCode)} (MST ${show(v, 'tax_code', e.taxCode)}), nộp thuế theo phương pháp kê khai`,
          resident: 'Không có quá trình tham gia BHXH bắt buộc hoặc tự nguyện',
          differs: true,
        }],
      };
    case 'KCN_LECH_LAO_DONG':
      return {
        sources: { record: `Báo cáo của Ban Quản lý các KCN kỳ ${P}`, resident: `Hồ sơ BHXH kỳ ${P}` },
        rows: [{ label: `Số lao động (${e.industrialPark ?? ''})`, record: formatInt(e.reportedWorkers), resident: `${formatInt(e.activeParticipants)} người đang tham gia bắt buộc`, differs: true }],
      };
    case 'DN_CHAM_DONG':
    case 'DN_TRON_DONG': {
      const months = (e.months ?? []) as Array<Record<string, any>>;
      return {
        sources: { record: 'Số phải đóng', resident: 'Số đã đóng' },
        rows: months.map((m) => ({
          label: `Tháng ${formatPeriod(m.period)} (hạn ${formatDate(m.deadline)}, quá ${formatInt(m.daysLate)} ngày${m.remindedOn ? `, đôn đốc ngày ${formatDate(m.remindedOn)}` : ''})`,
          record: vnd(m.due),
          resident: `${vnd(m.paid)} — còn nợ ${vnd(m.arrears)}`,
          differs: true,
        })),
      };
    }
    default:
      return null;
  }
}

/** The legal parameters a finding's explanation cites, as they stand now (the administrator may verify them). */
export interface FindingLaw {
  organisationMultiplier?: Pick<RuleRef, 'value' | 'source' | 'status'> | null;
}

function organisationFineBasis(rule: FindingLaw['organisationMultiplier']): string {
  if (!rule) return 'mức đối với tổ chức theo bảng tham số pháp lý';
  const unverified = rule.status === 'unverified' ? ' — chưa kiểm chứng' : '';
  return `mức đối với tổ chức gấp ${String(rule.value).replace('.', ',')} lần cá nhân theo ${rule.source}${unverified}`;
}

/** The longer explanation of the detail panel: why, the evidence lines, the amounts with the rules used. */
export function explainVi(f: FindingRow, v: Viewer, law: FindingLaw = {}): string[] {
  const lines = [detailVi(f, v)];
  const a = f.amounts ?? {};
  if (a.fineMin != null) lines.push(`Mức phạt hành chính tham khảo (tổ chức): ${vnd(a.fineMin)} – ${vnd(a.fineMax)} (Nghị định 12/2022/NĐ-CP Điều 39; ${organisationFineBasis(law.organisationMultiplier)}).`);
  if (a.interest != null) lines.push(`Lãi chậm đóng tính ${pct(a.interestPerDay)} %/ngày trên số tiền nợ của từng tháng, từ ngày sau hạn đóng đến ngày tính.`);
  if (a.rate != null) lines.push(`Tỷ lệ đóng dùng để ước tính: ${pct(a.rate)} % (người lao động và người sử dụng lao động, tất cả các quỹ, theo bảng tham số pháp lý).`);
  if (f.link_method) {
    lines.push(`Cách liên kết với CSDL dân cư: ${LINK_METHOD_LABEL[f.link_method] ?? f.link_method}${f.link_score != null ? ` (điểm ${formatDecimal(Number(f.link_score), 2)})` : ''}.`);
  }
  lines.push(`Căn cứ: ${legalBasisOf(f)}.`);
  lines.push(LEAD_NOT_VERDICT);
  return lines;
}

/** A finding as API JSON for this user (masked unless the role sees personal data). */
export function presentFinding(user: Viewer, f: FindingRow, withDetail?: false, law?: FindingLaw): FindingAnswer;
export function presentFinding(user: Viewer, f: FindingRow, withDetail: true, law?: FindingLaw): FindingDetail;
export function presentFinding(user: Viewer, f: FindingRow, withDetail = false, law: FindingLaw = {}): FindingAnswer | FindingDetail {
  const base: FindingAnswer = {
    id: Number(f.id),
    code: f.code,
    codeLabel: CODE_LABEL[f.code as FindingCode] ?? f.code,
    subjectId: subjectIdOf(user, f),
    subjectName: subjectNameOf(user, f),
    subjectKind: f.subject_kind,
    communeCode: f.commune_code,
    communeName: f.commune_name ?? null,
    period: f.period.slice(0, 7),
    periodLabel: formatPeriod(f.period),
    relatedId: present(user, 'tax_code', f.related_id),
    amountVnd: Number(f.amount_vnd),
    amountLabel: vnd(f.amount_vnd),
    status: f.status,
    statusLabel: STATUS_LABEL[f.status] ?? f.status,
    dismissReason: f.dismiss_reason,
    present: f.resolved_run_id == null,
    linkMethod: f.link_method,
    linkMethodLabel: f.link_method ? LINK_METHOD_LABEL[f.link_method] ?? f.link_method : null,
    linkScore: f.link_score == null ? null : Number(f.link_score),
    detail: detailVi(f, user),
  };
  if (!withDetail) return base;
  const compared = comparisonOf(f, user);
  return {
    ...base,
    explanation: explainVi(f, user, law),
    comparison: compared?.rows ?? null,
    comparisonSources: compared?.sources ?? null,
    amounts: f.amounts,
    evidence: presentJson(user, f.evidence, EVIDENCE_KINDS),
    legalBasis: legalBasisOf(f),
    note: LEAD_NOT_VERDICT,
  };
}

/** A finding as one export line (CSV, JSON, XLSX): the contract's columns, then context. `user` = null: unmasked (operator CLI). */
export function exportLine(f: FindingRow, user: Viewer) {
  return {
    code: f.code,
    subject_id: subjectIdOf(user, f) ?? '',
    commune_code: f.commune_code ?? '',
    period: f.period.slice(0, 7),
    amount_vnd: Number(f.amount_vnd),
    related_id: show(user, 'tax_code', f.related_id),
    detail: detailVi(f, user),
    code_label: CODE_LABEL[f.code as FindingCode] ?? f.code,
    subject_name: subjectNameOf(user, f) ?? '',
    commune_name: f.commune_name ?? '',
    status: STATUS_LABEL[f.status] ?? f.status,
    link_method: f.link_method ? LINK_METHOD_LABEL[f.link_method] ?? f.link_method : '',
    link_score: f.link_score == null ? '' : Number(f.link_score),
    legal_basis: legalBasisOf(f),
  };
}

/** A potential voluntary participant as one line of the outreach list (population record joined by the query). */
export interface OutreachRow {
  subject_id: string; subject_name: string | null; commune_code: string | null; commune_name: string | null; amounts: Record<string, any>;
  birth_date: string | null; birth_precision: string | null; sex: string | null; ethnicity: string | null;
}
export const OUTREACH_HEADERS = ['STT', 'Họ và tên', 'Số định danh', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Nhóm hỗ trợ', 'Mức đóng tối thiểu (đồng/tháng)', 'Xã/phường', 'Mã xã'];
export function outreachLine(n: number, f: OutreachRow, user: Viewer): Array<string | number | null> {
  return [n, show(user, 'name', f.subject_name), show(user, 'personal_id', f.subject_id), show(user, 'birth_date', birth(f.birth_date, f.birth_precision)), sexLabel(user, f.sex),
    show(user, 'ethnicity', f.ethnicity), f.amounts?.supportGroup ? supportGroupLabel(f.amounts.supportGroup) : '', Number(f.amounts?.netMinimumMonthly ?? 0), f.commune_name ?? f.commune_code ?? '', f.commune_code ?? ''];
}
