/**
 * The calculators as one table: fields (→ API schema, CLI options, web form), the pure function, and
 * a readable Vietnamese summary. The CLI, the API and the web all go through `runCalculator`, so they
 * give the same numbers.
 */
import { formatDate, formatInt } from '../format.ts';
import { schemaOf, type FieldSpec } from './fields.ts';
import * as C from './calculators.ts';
import { SUPPORT_GROUP_LABELS, supportGroupLabel, supportGroupPhrase } from '../vocabulary.ts';
import type { RuleBook } from './rulebook.ts';
import { ruleText, valuesUsed, type RuleValueOf } from './rule-text.ts';

const REGIONS = ['I', 'II', 'III', 'IV'].map((v) => ({ value: v, label: `Vùng ${v}` }));
const GROUPS = (Object.keys(C.GROUP_CODES) as C.GroupCode[]).map((value) => ({ value, label: SUPPORT_GROUP_LABELS[C.GROUP_CODES[value]] }));
const topup = (name: string, who: string): FieldSpec => ({
  name, kind: 'number', min: 0, max: 1000, required: false, label: `Tỉnh hỗ trợ thêm cho ${who} (%)`,
  help: 'Phần trăm của cùng căn cứ với mức Nhà nước hỗ trợ ({rate.voluntary|pct} × chuẩn nghèo nông thôn); 50 = thêm 50 %',
});

export interface CalculatorSpec {
  name: string;
  title: string;
  /** A template: legal numbers are written {key|format} and rendered from the rules (shared/calc/rule-text.ts). */
  description: string;
  fields: FieldSpec[];
  /** Field names that default to today's date when absent. */
  run(book: RuleBook, input: any): Record<string, unknown> & { rules: C.CalcRules };
  summary(result: any, input: any): string[];
}

const d = formatDate;
const v = (n: number) => `${formatInt(n)} đồng`;

export const CALCULATORS: Record<string, CalculatorSpec> = {
  voluntary: {
    name: 'voluntary',
    title: 'BHXH tự nguyện: mức đóng, hỗ trợ và hạn đóng',
    description: 'Mức đóng {rate.voluntary|pct} thu nhập lựa chọn, Nhà nước hỗ trợ theo nhóm (tối đa {voluntary.support_max_months|int} tháng), tỉnh hỗ trợ thêm nếu có.',
    fields: [
      { name: 'income', kind: 'vnd', label: 'Thu nhập lựa chọn (đồng/tháng)' },
      { name: 'group', kind: 'enum', label: 'Nhóm hỗ trợ', values: GROUPS },
      { name: 'date', kind: 'date', label: 'Tháng bắt đầu kỳ đóng (ngày)' },
      { name: 'mode', kind: 'enum', label: 'Phương thức đóng (tháng)', values: ['1', '3', '6', '12'].map((m) => ({ value: m, label: `${m} tháng` })), default: '1' },
      // topup_ngheo, topup_can_ngheo, topup_dtts, topup_khac: "Tỉnh hỗ trợ thêm cho hộ nghèo (%)", …
      ...(Object.keys(C.GROUP_CODES) as C.GroupCode[]).map((code) => topup(`topup_${code.replace('-', '_')}`, supportGroupPhrase(C.GROUP_CODES[code]))),
      { name: 'months_supported', kind: 'int', min: 0, max: 1200, default: 0, label: 'Số tháng đã được hỗ trợ trước đó' },
    ],
    run: C.voluntary,
    summary: (r, i) => [
      `Nhóm: ${supportGroupLabel(r.group)}; thu nhập lựa chọn ${v(i.income)} (từ ${v(r.income_floor)} đến ${v(r.income_cap)})`,
      `Mức đóng hằng tháng: ${v(r.contribution)}`,
      `Nhà nước hỗ trợ: ${v(r.state_support)}/tháng; tỉnh hỗ trợ thêm: ${v(r.local_support)}/tháng`,
      `Người tham gia tự đóng: ${v(r.net)}/tháng`,
      `Phương thức ${r.mode_months} tháng: nộp ${v(r.net_for_mode)} (được hỗ trợ ${r.supported_months_in_mode} tháng), hạn nộp ${d(r.deadline)}`,
    ],
  },
  mandatory: {
    name: 'mandatory',
    title: 'BHXH bắt buộc: tiền đóng theo quỹ',
    description: 'Căn cứ đóng sau sàn (mức tham chiếu) và trần ({mandatory.base_cap_multiple|num} lần), phần người lao động và người sử dụng lao động.',
    fields: [
      { name: 'wage', kind: 'vnd', label: 'Tiền lương tháng (đồng)' },
      { name: 'date', kind: 'date', label: 'Tháng tính đóng (ngày)' },
      { name: 'region', kind: 'enum', label: 'Vùng lương tối thiểu (để kiểm tra)', values: REGIONS, required: false },
    ],
    run: C.mandatory,
    summary: (r) => [
      `Căn cứ đóng: ${v(r.base)} (sàn ${v(r.base_floor)}, trần ${v(r.base_cap)})`,
      `Người lao động đóng: ${v(r.employee)} — ${C.FUNDS.filter((f) => r.employee_by_fund[f]).map((f) => `${C.FUND_LABELS[f]} ${v(r.employee_by_fund[f])}`).join('; ')}`,
      `Người sử dụng lao động đóng: ${v(r.employer)} — ${C.FUNDS.map((f) => `${C.FUND_LABELS[f]} ${v(r.employer_by_fund[f])}`).join('; ')}`,
      ...r.warnings.map((w: string) => `Lưu ý: ${w}`),
    ],
  },
  late: {
    name: 'late',
    title: 'Tiền lãi chậm đóng',
    description: '{late.interest_per_day|pct}/ngày × số tiền chậm đóng × số ngày chậm, tính từ ngày sau hạn đóng.',
    fields: [
      { name: 'amount', kind: 'vnd', label: 'Số tiền chậm đóng (đồng)' },
      { name: 'due', kind: 'date', label: 'Hạn đóng' },
      { name: 'paid', kind: 'date', label: 'Ngày nộp' },
    ],
    run: C.late,
    summary: (r, i) => [
      `Số ngày chậm đóng: ${formatInt(r.days)} (hạn ${d(i.due)}, nộp ${d(i.paid)})`,
      `Tiền lãi: ${v(r.interest)}`,
      `Tổng phải nộp: ${v(r.total)}`,
      r.status === 'evasion_if_reminded' ? ruleText('Quá {late.evasion_days|int} ngày sau hạn: là trốn đóng nếu đã được đôn đốc bằng văn bản.', valuesUsed(r.rules)) : r.status === 'on_time' ? 'Nộp đúng hạn.' : 'Chậm đóng.',
    ],
  },
  fine: {
    name: 'fine',
    title: 'Mức phạt hành chính và sàng lọc Điều 216',
    description: 'Khung phạt theo Nghị định 12/2022 Điều 39; dấu hiệu Điều 216 Bộ luật Hình sự chỉ là gợi ý chuyển cơ quan có thẩm quyền xác minh.',
    fields: [
      { name: 'amount_due', kind: 'vnd', label: 'Tổng số tiền phải đóng (đồng)' },
      { name: 'workers', kind: 'int', min: 0, max: 1_000_000, label: 'Số người lao động' },
      { name: 'months', kind: 'int', min: 0, max: 600, label: 'Số tháng vi phạm' },
      { name: 'kind', kind: 'enum', label: 'Hành vi', values: [
        { value: 'late', label: 'Chậm đóng' }, { value: 'unpaid-all', label: 'Không đóng cho toàn bộ người lao động' }, { value: 'evasion', label: 'Trốn đóng' }] },
      { name: 'organisation', kind: 'bool', label: 'Người vi phạm là tổ chức', help: 'Mức phạt đối với tổ chức gấp {fine.organisation_multiplier|num} lần đối với cá nhân.', default: false },
      { name: 'prior_sanction', kind: 'enum', label: 'Đã bị xử phạt hành chính về hành vi này', values: [
        { value: 'unknown', label: 'Chưa rõ' }, { value: 'yes', label: 'Đã bị xử phạt' }, { value: 'no', label: 'Chưa bị xử phạt' }], default: 'unknown' },
      { name: 'date', kind: 'date', label: 'Ngày áp dụng', default: 'today', required: false },
    ],
    run: C.fine,
    summary: (r) => [
      `Mức phạt (${r.party === 'organisation' ? 'tổ chức' : 'cá nhân'}): từ ${v(r.min)} đến ${v(r.max)}`,
      `Dấu hiệu Điều 216 Bộ luật Hình sự: ${r.criminal_screening.flag ? `có (khoản ${r.criminal_screening.clause}) — cần xác minh, không phải kết luận` : 'không'}`,
      ...r.criminal_screening.reasons.map((x: string) => `  · ${x}`),
    ],
  },
  unemployment: {
    name: 'unemployment',
    title: 'Trợ cấp thất nghiệp',
    description: '{unemployment.benefit_rate|pct} bình quân tiền lương đóng BHTN {unemployment.avg_wage_months|int} tháng gần nhất, tối đa {unemployment.cap_multiple|num} lần lương tối thiểu vùng; thời gian hưởng theo số tháng đóng.',
    fields: [
      { name: 'avg_wage', kind: 'vnd', label: 'Bình quân tiền lương đóng BHTN (đồng)', help: 'Bình quân tiền lương tháng đóng BHTN của {unemployment.avg_wage_months|int} tháng liền kề trước khi chấm dứt hợp đồng lao động.' },
      { name: 'region', kind: 'enum', label: 'Vùng lương tối thiểu', values: REGIONS },
      { name: 'months_contributed', kind: 'int', min: 0, max: 600, label: 'Số tháng đã đóng BHTN', help: 'Tổng số tháng đã đóng mà chưa dùng để hưởng trợ cấp: quyết định thời gian hưởng.' },
      { name: 'months_in_window', kind: 'int', min: 0, max: 600, label: 'Số tháng đóng BHTN trong thời gian xét', required: false, help: 'Số tháng đã đóng trong thời gian xét trước khi chấm dứt hợp đồng: quyết định có đủ điều kiện hưởng hay không. Để trống: giả định toàn bộ số tháng đã đóng (tối đa bằng độ dài thời gian xét) nằm trong thời gian xét.' },
      { name: 'short_contract', kind: 'bool', label: 'Hợp đồng lao động từ đủ 1 tháng đến dưới 12 tháng (thời gian xét dài hơn)', default: false },
      { name: 'filed', kind: 'date', label: 'Ngày nộp đủ hồ sơ', default: 'today', required: false },
    ],
    run: C.unemployment,
    summary: (r) => [
      ...r.assumptions,
      ...(r.eligible
        ? [`Mức hưởng: ${v(r.monthly_benefit)}/tháng (tối đa ${v(r.cap)})`, `Thời gian hưởng: ${r.duration_months} tháng`, `Ngày bắt đầu hưởng: ${d(r.start_date)}`]
        : [`Chưa đủ điều kiện: cần từ ${r.min_months} tháng đóng BHTN trong ${r.window_months} tháng trước khi chấm dứt hợp đồng.`, `Mức tối đa của vùng: ${v(r.cap)}/tháng`]),
    ],
  },
  maternity: {
    name: 'maternity',
    title: 'Trợ cấp thai sản cho người tham gia BHXH tự nguyện',
    description: '{maternity.voluntary_allowance|int} đồng mỗi con khi đã đóng từ đủ {maternity.min_months_in_12|int} tháng trong 12 tháng trước khi sinh (ngân sách nhà nước chi).',
    fields: [
      { name: 'children', kind: 'int', min: 1, max: 10, label: 'Số con' },
      { name: 'months_in_last_12', kind: 'int', min: 0, max: 12, label: 'Số tháng đã đóng trong 12 tháng trước khi sinh' },
      { name: 'date', kind: 'date', label: 'Ngày sinh con', default: 'today', required: false },
    ],
    run: C.maternity,
    summary: (r) => [r.eligible ? `Trợ cấp: ${v(r.allowance)} (${v(r.per_child)} mỗi con)` : ruleText('Chưa đủ điều kiện: cần đóng từ đủ {maternity.min_months_in_12|int} tháng trong 12 tháng trước khi sinh.', valuesUsed(r.rules))],
  },
  'lump-sum': {
    name: 'lump-sum',
    title: 'Đóng BHXH tự nguyện một lần cho nhiều năm về sau',
    description: 'Tổng {rate.voluntary|pct} thu nhập từng tháng, chiết khấu theo lãi suất tháng r của quỹ: Σ {rate.voluntary|pct}·TN_i/(1+r)^(i−1), tối đa {voluntary.lump_sum_max_months|int} tháng.',
    fields: [
      { name: 'incomes', kind: 'vnd_list', maxItems: 600, label: 'Thu nhập lựa chọn từng tháng (đồng, cách nhau bởi dấu phẩy)' },
      { name: 'rate', kind: 'number', min: 0, max: 0.1, below: true, label: 'Lãi suất tháng của quỹ (số thập phân, 0,004 = 0,4 %)' },
      { name: 'date', kind: 'date', label: 'Ngày nộp', default: 'today', required: false },
    ],
    run: C.lumpSum,
    summary: (r) => [`Số tiền đóng một lần cho ${r.months} tháng: ${v(r.amount)} (chưa chiết khấu: ${v(r.undiscounted)})`],
  },
};

export const CALCULATOR_NAMES = Object.keys(CALCULATORS);

/** A calculator as people read it: its description and field help with the legal numbers of the rules given. */
export function presentCalculator(spec: CalculatorSpec, ruleValue: RuleValueOf) {
  return {
    name: spec.name,
    title: spec.title,
    description: ruleText(spec.description, ruleValue),
    fields: spec.fields.map((f) => (f.help ? { ...f, help: ruleText(f.help, ruleValue) } : f)),
  };
}

/** Vietnamese names of the calculators on the command line (`baophu calc tu-nguyen …`); the English ones work too. */
export const CALCULATOR_ALIASES: Record<string, string> = {
  'tu-nguyen': 'voluntary',
  'bat-buoc': 'mandatory',
  'cham-dong': 'late',
  phat: 'fine',
  'that-nghiep': 'unemployment',
  'thai-san': 'maternity',
  'mot-lan': 'lump-sum',
};

/** The calculator a name (English, or a Vietnamese alias) stands for, or null. */
export const resolveCalculator = (name: string): CalculatorSpec | null =>
  Object.hasOwn(CALCULATORS, name) ? CALCULATORS[name] : Object.hasOwn(CALCULATOR_ALIASES, name) ? CALCULATORS[CALCULATOR_ALIASES[name]] : null;

/** The Vietnamese alias of a calculator. */
export const aliasOf = (name: string) => Object.keys(CALCULATOR_ALIASES).find((a) => CALCULATOR_ALIASES[a] === name) ?? null;

const schemas = new Map(Object.values(CALCULATORS).map((c) => [c.name, schemaOf(c.fields)]));
export const calculatorSchema = (name: string) => schemas.get(name)!;

/** Fills date fields that default to today. */
export function withDefaults(spec: CalculatorSpec, input: Record<string, unknown>, today: string) {
  const out = { ...input };
  for (const f of spec.fields) if (f.kind === 'date' && f.default === 'today' && out[f.name] === undefined) out[f.name] = today;
  return out;
}
