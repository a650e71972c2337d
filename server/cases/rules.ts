/**
 * Stage rules of cases: plain functions over the workflow (read from the case_type / case_stage / case_outcome
 * tables), with no I/O. Routes, the command line and the tests all go through these.
 */

import type { CaseAmountKind, CaseCloseResult, CaseUrgency } from '#shared/api/cases.ts';

export type CloseResult = CaseCloseResult;
export type Timeliness = 'early' | 'on_time' | 'late';
export type Urgency = CaseUrgency;
export type AmountKind = CaseAmountKind;

export interface OutcomeDef {
  code: string;
  label: string;
  nextStage: string | null;
  closeResult: CloseResult | null;
  needsDecision: boolean;
  /** The amount the outcome records, if any: the fine imposed, the benefit to recover, or the amount recovered. */
  amountKind: AmountKind | null;
  needsReason: boolean;
}

export interface StageDef {
  caseType: string;
  code: string;
  position: number;
  label: string;
  ownerRole: string;
  deadlineWorkingDays: number | null;
  deadlineParam: string | null;
  documents: string[];
  hint: string;
  outcomes: OutcomeDef[];
}

export interface CaseTypeDef {
  code: string;
  label: string;
  findingCodes: string[];
  stages: StageDef[];
}

export interface Workflow {
  types: CaseTypeDef[];
}

export const CLOSE_RESULT_LABEL: Record<CloseResult, string> = {
  paid: 'Đã đóng đủ', registered: 'Đã đăng ký, khai đủ', sanctioned: 'Đã xử phạt', referred: 'Đã chuyển Công an',
  dismissed: 'Không vi phạm', corrected: 'Đã điều chỉnh', recovered: 'Đã thu hồi',
};
export const TIMELINESS_LABEL: Record<Timeliness, string> = { early: 'Sớm hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
export const URGENCY_LABEL: Record<Urgency, string> = { overdue: 'Quá hạn', due_soon: 'Đến hạn trong 3 ngày làm việc', later: 'Còn hạn' };

/** Finding codes followed by a contact log on the outreach list, not by cases. */
export const OUTREACH_CODES = ['TIEM_NANG_TU_NGUYEN', 'HKD_CHUA_THAM_GIA'] as const;

export function caseTypeFor(workflow: Workflow, findingCode: string): CaseTypeDef | null {
  return workflow.types.find((t) => t.findingCodes.includes(findingCode)) ?? null;
}

export function stageOf(workflow: Workflow, caseType: string, stage: string): StageDef | null {
  return workflow.types.find((t) => t.code === caseType)?.stages.find((s) => s.code === stage) ?? null;
}

export function firstStage(type: CaseTypeDef): StageDef {
  return [...type.stages].sort((a, b) => a.position - b.position)[0];
}

export interface AdvanceInput {
  outcome: string;
  decisionNumber?: string | null;
  decisionDate?: string | null;
  amountVnd?: number | null;
  reason?: string | null;
}

export interface FieldProblem { field: string; message: string }

/** What an outcome does to a case at `stage`, or the problems of the input (Vietnamese, per field). */
export function planAdvance(stage: StageDef, input: AdvanceInput, today: string):
  | { ok: true; outcome: OutcomeDef }
  | { ok: false; problems: FieldProblem[] } {
  const outcome = stage.outcomes.find((o) => o.code === input.outcome);
  if (!outcome) {
    return { ok: false, problems: [{ field: 'outcome', message: `Kết quả "${input.outcome}" không có ở bước "${stage.label}". Chọn một trong: ${stage.outcomes.map((o) => o.label).join('; ')}` }] };
  }
  const problems: FieldProblem[] = [];
  if (outcome.needsDecision) {
    if (!input.decisionNumber?.trim()) problems.push({ field: 'decisionNumber', message: 'Cần số quyết định, văn bản (ví dụ 123/QĐ-TTr)' });
    if (!input.decisionDate) problems.push({ field: 'decisionDate', message: 'Cần ngày của quyết định, văn bản' });
    else if (input.decisionDate > today) problems.push({ field: 'decisionDate', message: 'Ngày của quyết định không thể sau hôm nay' });
  }
  if (outcome.amountKind && (input.amountVnd == null || !Number.isSafeInteger(input.amountVnd) || input.amountVnd < 0)) {
    problems.push({ field: 'amountVnd', message: 'Cần số tiền (đồng, số nguyên không âm)' });
  }
  if (outcome.needsReason && (input.reason ?? '').trim().length < 3) problems.push({ field: 'reason', message: 'Cần ghi lý do (ít nhất 3 ký tự)' });
  return problems.length ? { ok: false, problems } : { ok: true, outcome };
}

/**
 * A stage finished on `doneOn` against its due date, as administrative procedures count it: before the due date
 * "sớm hạn", on it "đúng hạn", after it "quá hạn".
 */
export function timeliness(dueDate: string | null, doneOn: string): Timeliness | null {
  if (!dueDate) return null;
  return doneOn < dueDate ? 'early' : doneOn === dueDate ? 'on_time' : 'late';
}

/** How urgent an open stage is: past due, due within `soonLimit` (3 working days from today), or later. */
export function urgency(dueDate: string | null, today: string, soonLimit: string): Urgency {
  if (dueDate && dueDate < today) return 'overdue';
  if (dueDate && dueDate <= soonLimit) return 'due_soon';
  return 'later';
}

/** The stages (type, stage) that a role owns. */
export function stagesOwnedBy(workflow: Workflow, role: string): Array<{ caseType: string; stage: string }> {
  return workflow.types.flatMap((t) => t.stages.filter((s) => s.ownerRole === role).map((s) => ({ caseType: t.code, stage: s.code })));
}

/** The close result when the data shows the cause is gone (the owner confirms it in one step). */
export function dataCloseResult(caseType: string, findingCode: string): CloseResult {
  if (caseType === 'identity') return 'corrected';
  if (caseType === 'benefit_recovery') return 'recovered';
  return findingCode === 'DN_CHAM_DONG' || findingCode === 'DN_TRON_DONG' ? 'paid' : 'registered';
}
