/**
 * The policy calculators: pure functions of a RuleBook and validated input. Every figure comes from
 * a rule in force at the relevant date (and the result lists those rules); amounts are whole đồng,
 * rounded half up once per amount, as in the law's worked examples.
 */
import { formatDate, formatInt } from '../format.ts';
import { addDays, addMonths, diffDays, endOfMonth, isWeekend, monthStart } from './dates.ts';
import { Fraction, mulRound } from './money.ts';
import { RuleRecorder, type RuleBook, type UsedRule } from './rulebook.ts';
import type { SupportGroup } from '../vocabulary.ts';

/** Input that the rules make invalid (e.g. an income below the floor in force): a 400 / exit 2. */
export class CalcInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** The calculators' spellings of the support groups (CLI options, API input, form values). */
export const GROUP_CODES = { ngheo: 'poor', 'can-ngheo': 'near_poor', dtts: 'ethnic_minority', khac: 'other' } as const satisfies Record<string, SupportGroup>;
export type GroupCode = keyof typeof GROUP_CODES;

const vnd = (n: number) => `${formatInt(n)} đồng`;

// ---------------------------------------------------------------------------------------------
// Voluntary social insurance (Law 41/2024 Art. 31, 36; Decree 159/2025)

export interface VoluntaryInput {
  income: number;
  group: GroupCode;
  date: string;
  mode: '1' | '3' | '6' | '12';
  topup_ngheo?: number;
  topup_can_ngheo?: number;
  topup_dtts?: number;
  topup_khac?: number;
  months_supported: number;
}

/** Monthly support amounts for one group at a date (shared by the calculator and the simulator). */
export function voluntarySupport(rules: RuleRecorder, group: SupportGroup, date: string, topupPercent: number) {
  const rate = rules.at('rate.voluntary', date);
  const line = rules.at('rural_poverty_line', date);
  const supportBase = mulRound(line, rate); // 22 % × rural poverty line
  const state = mulRound(supportBase, rules.at(`voluntary.support_rate.${group}`, date));
  const local = Fraction.of(supportBase).mul(topupPercent).div(100).round();
  const minContribution = supportBase; // the contribution at the floor income
  return { rate, line, supportBase, state, local, minContribution };
}

export function voluntary(book: RuleBook, input: VoluntaryInput) {
  const rules = new RuleRecorder(book);
  const { date } = input;
  const group = GROUP_CODES[input.group];
  const topups: Record<GroupCode, number | undefined> = { ngheo: input.topup_ngheo, 'can-ngheo': input.topup_can_ngheo, dtts: input.topup_dtts, khac: input.topup_khac };
  const s = voluntarySupport(rules, group, date, topups[input.group] ?? 0);
  const floor = s.line;
  const cap = rules.at('reference_level', date) * rules.at('voluntary.base_cap_multiple', date);
  if (input.income < floor || input.income > cap) {
    throw new CalcInputError('income', `Thu nhập lựa chọn phải từ ${vnd(floor)} (chuẩn nghèo nông thôn) đến ${vnd(cap)} (20 lần mức tham chiếu) tại ngày ${formatDate(date)}`);
  }
  const contribution = mulRound(input.income, s.rate);
  // The provincial top-up never makes the payment negative.
  const localFull = Math.min(s.local, contribution - s.state);
  const maxMonths = rules.at('voluntary.support_max_months', date);
  const modeMonths = Number(input.mode);
  const supportedInMode = Math.max(0, Math.min(modeMonths, maxMonths - input.months_supported));
  const supportedNow = supportedInMode > 0;
  const state_support = supportedNow ? s.state : 0;
  const local_support = supportedNow ? localFull : 0;
  const deadlineMonths = rules.at(`voluntary.mode_deadline_months.${input.mode}`, date);
  return {
    contribution,
    state_support,
    local_support,
    net: contribution - state_support - local_support,
    mode_months: modeMonths,
    net_for_mode: contribution * modeMonths - (s.state + localFull) * supportedInMode,
    deadline: endOfMonth(addMonths(monthStart(date), deadlineMonths - 1)),
    group,
    income_floor: floor,
    income_cap: cap,
    support_base: s.supportBase,
    supported_months_in_mode: supportedInMode,
    period_start: monthStart(date),
    rules: rules.list(),
  };
}

// ---------------------------------------------------------------------------------------------
// Mandatory contributions (Law 41/2024 Art. 31, 33, 34; Law 74/2025; health insurance)

export const FUNDS = ['retirement', 'sickness', 'accident', 'unemployment', 'health'] as const;
export type Fund = (typeof FUNDS)[number];
export const FUND_LABELS: Record<Fund, string> = {
  retirement: 'Hưu trí, tử tuất',
  sickness: 'Ốm đau, thai sản',
  accident: 'Tai nạn lao động, bệnh nghề nghiệp',
  unemployment: 'Bảo hiểm thất nghiệp',
  health: 'Bảo hiểm y tế',
};
const EMPLOYEE_FUNDS: Fund[] = ['retirement', 'unemployment', 'health'];

export interface MandatoryInput {
  wage: number;
  date: string;
  region?: 'I' | 'II' | 'III' | 'IV';
}

export function mandatory(book: RuleBook, input: MandatoryInput) {
  const rules = new RuleRecorder(book);
  const { date } = input;
  const ref = rules.at('reference_level', date);
  const floor = ref * rules.at('mandatory.base_floor_multiple', date);
  const cap = ref * rules.at('mandatory.base_cap_multiple', date);
  const base = Math.min(Math.max(input.wage, floor), cap);
  const warnings: string[] = [];
  if (input.wage < floor) warnings.push(`Tiền lương ${vnd(input.wage)} thấp hơn mức sàn ${vnd(floor)}: tính theo mức sàn.`);
  if (input.wage > cap) warnings.push(`Tiền lương ${vnd(input.wage)} vượt mức trần ${vnd(cap)}: tính theo mức trần.`);
  if (input.region) {
    const minWage = rules.at(`regional_min_wage.${input.region}`, date);
    if (input.wage < minWage) warnings.push(`Tiền lương thấp hơn lương tối thiểu vùng ${input.region} (${vnd(minWage)}): hợp đồng không đúng quy định.`);
  }
  const employee_by_fund = {} as Record<Fund, number>;
  const employer_by_fund = {} as Record<Fund, number>;
  for (const fund of FUNDS) {
    employee_by_fund[fund] = EMPLOYEE_FUNDS.includes(fund) ? mulRound(base, rules.at(`rate.employee.${fund}`, date)) : 0;
    employer_by_fund[fund] = mulRound(base, rules.at(`rate.employer.${fund}`, date));
  }
  const sum = (o: Record<Fund, number>) => FUNDS.reduce((a, f) => a + o[f], 0);
  return {
    base,
    employee: sum(employee_by_fund),
    employer: sum(employer_by_fund),
    employee_by_fund,
    employer_by_fund,
    base_floor: floor,
    base_cap: cap,
    warnings,
    rules: rules.list(),
  };
}

// ---------------------------------------------------------------------------------------------
// Late payment interest (Law 41/2024 Art. 40; Decree 274/2025)

export interface LateInput {
  amount: number;
  due: string;
  paid: string;
}

export function late(book: RuleBook, input: LateInput) {
  const rules = new RuleRecorder(book);
  const countPaidDay = rules.at('late.interest_count_paid_day', input.due) === 1;
  const evasionDays = rules.at('late.evasion_days', input.due);
  const lastDay = countPaidDay ? input.paid : addDays(input.paid, -1);
  const firstDay = addDays(input.due, 1);
  const days = Math.max(0, diffDays(input.due, lastDay));
  let interest = new Fraction(0n);
  const segments: Array<{ from: string; to: string; days: number; rate: number }> = [];
  if (days > 0) {
    // One interest rate per run of days; a rate change inside the period splits it.
    for (const seg of book.segments('late.interest_per_day', firstDay, lastDay)) {
      rules.note(seg.rule);
      interest = interest.add(Fraction.of(input.amount).mul(seg.rule.value).mul(seg.days));
      segments.push({ from: seg.from, to: seg.to, days: seg.days, rate: seg.rule.value });
    }
  }
  const daysAfterDeadline = Math.max(0, diffDays(input.due, input.paid));
  const interestVnd = interest.round();
  return {
    days,
    interest: interestVnd,
    total: input.amount + interestVnd,
    status: daysAfterDeadline === 0 ? 'on_time' : daysAfterDeadline > evasionDays ? 'evasion_if_reminded' : 'late',
    segments,
    rules: rules.list(),
  };
}

// ---------------------------------------------------------------------------------------------
// Administrative fines (Decree 12/2022 Art. 39) and criminal screening (Penal Code Art. 216)

export interface FineInput {
  amount_due: number;
  workers: number;
  months: number;
  kind: 'late' | 'unpaid-all' | 'evasion';
  organisation: boolean;
  prior_sanction: 'yes' | 'no' | 'unknown';
  date: string;
}

export function fine(book: RuleBook, input: FineInput) {
  const rules = new RuleRecorder(book);
  const { date } = input;
  const mult = input.organisation ? rules.at('fine.organisation_multiplier', date) : 1;
  let min: number;
  let max: number;
  if (input.kind === 'evasion') {
    min = rules.at('fine.evasion.min', date) * mult;
    max = rules.at('fine.evasion.max', date) * mult;
  } else {
    const k = input.kind === 'late' ? 'late' : 'unpaid_all';
    const cap = rules.at(`fine.${k}.cap`, date) * mult;
    min = Math.min(mulRound(input.amount_due, rules.at(`fine.${k}.min_rate`, date), mult), cap);
    max = Math.min(mulRound(input.amount_due, rules.at(`fine.${k}.max_rate`, date), mult), cap);
  }
  return { min, max, criminal_screening: criminalScreening(rules, input), party: input.organisation ? 'organisation' : 'individual', rules: rules.list() };
}

function criminalScreening(rules: RuleRecorder, input: FineInput) {
  if (input.kind !== 'evasion') {
    return { flag: false, clause: null, needs_verification: false, reasons: ['Điều 216 Bộ luật Hình sự chỉ xét với hành vi trốn đóng.'] };
  }
  const d = input.date;
  const minMonths = rules.at('criminal.min_months', d);
  const amountMin = rules.at('criminal.amount_min', d);
  const amountMax = rules.at('criminal.amount_max', d);
  const workersMin = rules.at('criminal.workers_min', d);
  const workersMax = rules.at('criminal.workers_max', d);
  const reasons: string[] = [];
  const monthsOk = input.months >= minMonths;
  reasons.push(monthsOk ? `Trốn đóng ${input.months} tháng (từ ${minMonths} tháng trở lên).` : `Trốn đóng ${input.months} tháng, dưới ${minMonths} tháng.`);
  const amountHit = input.amount_due >= amountMin;
  const workersHit = input.workers >= workersMin;
  const higher = input.amount_due >= amountMax || input.workers >= workersMax;
  if (amountHit) reasons.push(`Số tiền ${vnd(input.amount_due)} từ ${vnd(amountMin)} trở lên${input.amount_due >= amountMax ? ` (từ ${vnd(amountMax)}: khoản nặng hơn)` : ''}.`);
  if (workersHit) reasons.push(`${formatInt(input.workers)} người lao động (từ ${workersMin} người trở lên${input.workers >= workersMax ? `; từ ${workersMax} người: khoản nặng hơn` : ''}).`);
  if (!amountHit && !workersHit) reasons.push(`Số tiền dưới ${vnd(amountMin)} và dưới ${workersMin} người lao động.`);
  const thresholds = monthsOk && (amountHit || workersHit);
  if (!thresholds) return { flag: false, clause: null, needs_verification: false, reasons };
  if (higher) {
    reasons.push('Có dấu hiệu thuộc khoản 2 trở lên: cần cơ quan có thẩm quyền xác minh.');
    return { flag: true, clause: '2+', needs_verification: true, reasons };
  }
  if (input.prior_sanction === 'no') {
    reasons.push('Chưa bị xử phạt hành chính về hành vi này: chưa đủ điều kiện khoản 1.');
    return { flag: false, clause: null, needs_verification: false, reasons };
  }
  reasons.push(input.prior_sanction === 'yes' ? 'Đã bị xử phạt hành chính về hành vi này.' : 'Chưa rõ đã bị xử phạt hành chính hay chưa: cần xác minh.');
  return { flag: true, clause: '1', needs_verification: true, reasons };
}

// ---------------------------------------------------------------------------------------------
// Unemployment benefit (Law on Employment 74/2025, Decree 374/2025)

export interface UnemploymentInput {
  avg_wage: number;
  region: 'I' | 'II' | 'III' | 'IV';
  /** Months of contributions not yet used for a benefit: they set the duration. */
  months_contributed: number;
  /**
   * Months contributed within the window before the contract ended: they decide eligibility. When not given, all
   * contributed months (at most the window's length) are assumed to fall in the window, and the result says so.
   */
  months_in_window?: number;
  /** A contract of 1 to under 12 months (a longer window). */
  short_contract: boolean;
  filed: string;
}

/** The duration rule of the unemployment benefit, from legal_param (unemployment.duration_*). */
export interface UnemploymentDurationRule {
  /** Months of benefit for up to baseMaxContributed months of contributions. */
  base: number;
  baseMaxContributed: number;
  /** One more month of benefit for each step months contributed beyond baseMaxContributed. */
  step: number;
  max: number;
}

/** Months of unemployment benefit for months of contributions not yet used for a benefit. */
export function unemploymentDurationMonths(contributed: number, rule: UnemploymentDurationRule): number {
  return Math.min(rule.max, rule.base + Math.floor(Math.max(0, contributed - rule.baseMaxContributed) / rule.step));
}

export function unemployment(book: RuleBook, input: UnemploymentInput) {
  const rules = new RuleRecorder(book);
  const d = input.filed;
  const cap = mulRound(rules.at(`regional_min_wage.${input.region}`, d), rules.at('unemployment.cap_multiple', d));
  const minMonths = rules.at('unemployment.min_months', d);
  const windowMonths = rules.at(input.short_contract ? 'unemployment.window_months_short_contract' : 'unemployment.window_months', d);
  const assumptions: string[] = [];
  let monthsInWindow = input.months_in_window;
  if (monthsInWindow === undefined) {
    monthsInWindow = Math.min(input.months_contributed, windowMonths);
    const notGiven = '(chưa nhập số tháng đóng trong thời gian xét)';
    assumptions.push(input.months_contributed <= windowMonths
      ? `Giả định toàn bộ ${monthsInWindow} tháng đóng nằm trong ${windowMonths} tháng trước khi chấm dứt hợp đồng ${notGiven}.`
      : `Giả định ${windowMonths} tháng đóng (cả thời gian xét) nằm trong ${windowMonths} tháng trước khi chấm dứt hợp đồng ${notGiven}.`);
  }
  if (monthsInWindow > windowMonths) {
    throw new CalcInputError('months_in_window', `Số tháng đóng trong thời gian xét không thể quá ${windowMonths} tháng (độ dài thời gian xét của loại hợp đồng này).`);
  }
  if (monthsInWindow > input.months_contributed) {
    throw new CalcInputError('months_in_window', 'Số tháng đóng trong thời gian xét không thể nhiều hơn tổng số tháng đã đóng BHTN.');
  }
  const eligible = monthsInWindow >= minMonths;
  const benefit = Math.min(mulRound(input.avg_wage, rules.at('unemployment.benefit_rate', d)), cap);
  let duration = 0;
  let start: string | null = null;
  if (eligible) {
    duration = unemploymentDurationMonths(input.months_contributed, {
      base: rules.at('unemployment.duration_base_months', d),
      baseMaxContributed: rules.at('unemployment.duration_base_max_contributed', d),
      step: rules.at('unemployment.duration_step_contributed', d),
      max: rules.at('unemployment.duration_max_months', d),
    });
    start = nthWorkingDay(book, d, rules.at('unemployment.start_working_day', d), rules.at('unemployment.start_counts_filing_day', d) === 1);
  }
  return {
    monthly_benefit: eligible ? benefit : 0,
    cap,
    duration_months: duration,
    start_date: start,
    eligible,
    window_months: windowMonths,
    min_months: minMonths,
    months_in_window: monthsInWindow,
    assumptions,
    rules: rules.list(),
  };
}

/** The n-th working day (Monday–Friday, not a public holiday) counted after `from` (or from it). */
export function nthWorkingDay(book: RuleBook, from: string, n: number, countFrom: boolean): string {
  let day = countFrom ? from : addDays(from, 1);
  let count = 0;
  for (;;) {
    if (!isWeekend(day) && book.holiday(day) === null) count++;
    if (count === n) return day;
    day = addDays(day, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Maternity allowance for voluntary participants (Law 41/2024 Art. 94–97)

export interface MaternityInput {
  children: number;
  months_in_last_12: number;
  date: string;
}

export function maternity(book: RuleBook, input: MaternityInput) {
  const rules = new RuleRecorder(book);
  const minMonths = rules.at('maternity.min_months_in_12', input.date);
  const eligible = input.months_in_last_12 >= minMonths;
  const perChild = rules.at('maternity.voluntary_allowance', input.date);
  return { allowance: eligible ? perChild * input.children : 0, eligible, per_child: perChild, rules: rules.list() };
}

// ---------------------------------------------------------------------------------------------
// Voluntary lump-sum advance payment (Law 41/2024 Art. 36): Σ 22 %·TN_i / (1+r)^(i−1)

export interface LumpSumInput {
  incomes: number[];
  rate: number;
  date: string;
}

export function lumpSum(book: RuleBook, input: LumpSumInput) {
  const rules = new RuleRecorder(book);
  const d = input.date;
  const maxMonths = rules.at('voluntary.lump_sum_max_months', d);
  if (input.incomes.length > maxMonths) {
    throw new CalcInputError('incomes', `Đóng một lần tối đa ${maxMonths} tháng, nhận được ${input.incomes.length} tháng`);
  }
  const floor = rules.at('rural_poverty_line', d);
  const cap = rules.at('reference_level', d) * rules.at('voluntary.base_cap_multiple', d);
  const bad = input.incomes.findIndex((x) => x < floor || x > cap);
  if (bad >= 0) {
    throw new CalcInputError('incomes', `Thu nhập tháng thứ ${bad + 1} (${vnd(input.incomes[bad])}) phải từ ${vnd(floor)} đến ${vnd(cap)} tại ngày ${formatDate(d)}`);
  }
  const rate = rules.at('rate.voluntary', d);
  const onePlusR = Fraction.of(1).add(input.rate);
  let discount = Fraction.of(1);
  let sum = Fraction.of(0);
  let undiscounted = 0;
  input.incomes.forEach((income) => {
    sum = sum.add(Fraction.of(income).mul(rate).div(discount));
    undiscounted += mulRound(income, rate);
    discount = discount.mul(onePlusR);
  });
  return { amount: sum.round(), months: input.incomes.length, undiscounted, rules: rules.list() };
}

export type CalcRules = UsedRule[];
