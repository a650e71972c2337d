/** Cases as API JSON (the only place case rows become JSON): Vietnamese labels, masking per role. */
import { ROLES, isRoleCode, type FindingCode } from '#shared/auth/roles.ts';
import { formatDate, formatDateTime, formatInt, formatVnd, formatPeriod } from '#shared/format.ts';
import { canActOnStage, type SessionUser } from '../auth/policies.ts';
import { present } from '#shared/privacy.ts';
import { findingLabel } from '#shared/vocabulary.ts';
import { CODE_LABEL, PERSON_CODES } from '../reconcile/presenters.ts';
import type { AutoOpenSetting, CaseListRow, CaseRow } from './service.ts';
import type { AutoOpenRow, CaseAnswer, CaseDetailAnswer } from '#shared/api/cases.ts';
import { CLOSE_RESULT_LABEL, TIMELINESS_LABEL, URGENCY_LABEL, stageOf, urgency, type Workflow, type Timeliness } from './rules.ts';

export const STATUS_LABEL = { open: 'Đang xử lý', closed: 'Đã đóng' } as const;
export const DATA_RESOLVED_LABEL = 'Đã khắc phục theo dữ liệu';
export const ACTION_LABEL: Record<string, string> = {
  open: 'Mở hồ sơ', advance: 'Chuyển bước', close: 'Đóng hồ sơ', assign: 'Giao việc', note: 'Ghi chú', attach: 'Đính kèm tệp',
  data_resolved: DATA_RESOLVED_LABEL, data_reopened: 'Dữ liệu lại phát hiện', confirm_close: 'Xác nhận đóng theo dữ liệu',
};
export const DOCUMENT_LABEL: Record<string, string> = {
  written_reminder: 'Văn bản đôn đốc (.docx)', inspection_list: 'Danh sách đề nghị thanh tra (.docx)',
  referral_letter: 'Văn bản chuyển hồ sơ sang Công an (.docx)', referral_workbook: 'Sổ dữ liệu chứng cứ (.xlsx)',
};

export const roleLabel = (role: string | null) => (role && isRoleCode(role) ? ROLES[role].label : role ?? 'Hệ thống (đối soát)');


export const isPersonCase = (row: Pick<CaseRow, 'finding_code'>) => PERSON_CODES.has(row.finding_code);

export function presentCase(user: SessionUser, row: CaseListRow, workflow: Workflow, today: string, soonLimit: string): CaseAnswer {
  const stage = stageOf(workflow, row.case_type, row.stage)!;
  const type = workflow.types.find((t) => t.code === row.case_type)!;
  const person = isPersonCase(row);
  const u = row.status === 'open' ? urgency(row.due_date, today, soonLimit) : null;
  return {
    id: Number(row.id),
    type: row.case_type,
    typeLabel: type.label,
    findingId: Number(row.finding_id),
    findingCode: row.finding_code,
    findingLabel: CODE_LABEL[row.finding_code as FindingCode] ?? row.finding_code,
    subjectId: person ? present(user, 'personal_id', row.subject_id) : row.subject_id,
    subjectName: person ? present(user, 'name', row.subject_name) : row.subject_name,
    relatedId: row.related_id,
    communeCode: row.commune_code,
    stage: row.stage,
    stageLabel: stage.label,
    stageNo: `${stage.position}/${type.stages.length}`,
    ownerRole: stage.ownerRole,
    ownerLabel: roleLabel(stage.ownerRole),
    dueDate: row.due_date,
    dueLabel: formatDate(row.due_date),
    overdue: u === 'overdue',
    urgency: u,
    urgencyLabel: u ? URGENCY_LABEL[u] : '',
    status: row.status,
    statusLabel: row.status === 'open' && row.data_resolved_run_id ? DATA_RESOLVED_LABEL : STATUS_LABEL[row.status],
    assignee: row.assignee_name,
    openedAt: formatDateTime(row.opened_at),
    closedAt: formatDateTime(row.closed_at),
    closeResult: row.close_result,
    closeResultLabel: row.close_result ? CLOSE_RESULT_LABEL[row.close_result] : '',
    amountVnd: Number(row.frozen_amount_vnd),
    amountLabel: formatVnd(Number(row.frozen_amount_vnd)),
    recoveredVnd: Number(row.recovered_vnd),
    recoveredLabel: formatVnd(Number(row.recovered_vnd)),
    dataResolved: row.data_resolved_run_id
      ? { runId: Number(row.data_resolved_run_id), label: DATA_RESOLVED_LABEL, message: String(row.data_evidence?.message ?? ''), asOf: formatDate(String(row.data_evidence?.asOf ?? '')) }
      : null,
    canAct: row.status === 'open' && canActOnStage(user, stage.ownerRole, row.commune_code),
  };
}

interface LogRow { at: Date; username: string | null; role: string | null; agency: string | null; run_id: number | null; action: string; stage: string | null; outcome: string | null; due_date: string | null; timeliness: Timeliness | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null; note: string | null }

/** The case page: the list fields, the frozen figures, the current stage's choices, documents, history. */
export function presentCaseDetail(user: SessionUser, row: CaseRow, workflow: Workflow, today: string, soonLimit: string,
  history: { log: LogRow[]; decisions: Array<Record<string, any>>; attachments: Array<Record<string, any>> },
  extra: { suggestedFine: { min: number; max: number; rules: Array<{ key: string; source: string }> } | null; finding: { status: string; resolvedRunId: number | null } | null }): CaseDetailAnswer {
  const base = presentCase(user, row, workflow, today, soonLimit);
  const type = workflow.types.find((t) => t.code === row.case_type)!;
  const stage = stageOf(workflow, row.case_type, row.stage)!;
  const stageLabel = (code: string | null) => (code ? type.stages.find((s) => s.code === code)?.label ?? code : '');
  const outcomeLabel = (st: string | null, code: string | null) => type.stages.find((s) => s.code === st)?.outcomes.find((o) => o.code === code)?.label ?? (code === 'data_resolved' ? DATA_RESOLVED_LABEL : code ?? '');
  const months = Array.isArray(row.frozen_evidence?.months) ? (row.frozen_evidence.months as Array<Record<string, any>>) : [];
  const screening = (row.frozen_amounts as Record<string, any>)?.criminalScreening as Record<string, any> | undefined;
  const person = isPersonCase(row);
  return {
    ...base,
    legalBasis: row.frozen_legal_basis,
    frozenPeriod: formatPeriod(row.frozen_period),
    // The figures frozen at opening; for persons, personal details are masked for roles that do not need them.
    frozen: {
      amounts: Object.entries(row.frozen_amounts ?? {}).filter(([, v]) => typeof v === 'number').map(([k, v]) => ({ key: k, value: v as number, label: formatInt(v as number) })),
      months: months.map((m) => ({ period: formatPeriod(m.period), due: formatVnd(m.due), paid: formatVnd(m.paid), arrears: formatVnd(m.arrears), deadline: formatDate(m.deadline), daysLate: formatInt(m.daysLate), remindedOn: formatDate(m.remindedOn), evaded: !!m.evaded })),
      evidence: person ? null : row.frozen_evidence,
    },
    criminalScreening: screening
      ? { label: 'Sàng lọc Điều 216 Bộ luật Hình sự: cần xác minh', flag: !!screening.flag, evadedMonths: Number(screening.evadedMonths ?? 0), evadedAmount: formatVnd(Number(screening.evadedAmount ?? 0)), workers: formatInt(Number(screening.workers ?? 0)) }
      : null,
    fine: row.fine_vnd == null ? null : formatVnd(Number(row.fine_vnd)),
    toRecover: row.to_recover_vnd == null ? null : formatVnd(Number(row.to_recover_vnd)),
    suggestedFine: extra.suggestedFine ? { min: extra.suggestedFine.min, max: extra.suggestedFine.max, label: `${formatVnd(extra.suggestedFine.min)} – ${formatVnd(extra.suggestedFine.max)}`, sources: extra.suggestedFine.rules.map((r) => r.source) } : null,
    finding: extra.finding ? { id: Number(row.finding_id), status: extra.finding.status, stillRaised: extra.finding.resolvedRunId == null } : null,
    hint: stage.hint,
    stages: type.stages.map((s) => ({ code: s.code, label: s.label, ownerLabel: roleLabel(s.ownerRole), current: s.code === row.stage && row.status === 'open', done: s.position < stage.position || row.status === 'closed' })),
    outcomes: base.canAct ? stage.outcomes.map((o) => ({ code: o.code, label: o.label, closes: !o.nextStage, needsDecision: o.needsDecision, amountKind: o.amountKind, needsReason: o.needsReason })) : [],
    documents: type.stages.filter((s) => s.position <= stage.position).flatMap((s) => s.documents).filter((d) => d !== 'inspection_list').map((d) => ({ code: d, label: DOCUMENT_LABEL[d] ?? d })),
    decisions: history.decisions.map((d) => ({ stage: stageLabel(d.stage), outcome: outcomeLabel(d.stage, d.outcome), number: d.number, date: formatDate(d.decided_on), amount: d.amount_vnd == null ? '' : formatVnd(Number(d.amount_vnd)), by: d.recorded_by })),
    attachments: history.attachments.map((a) => ({ id: Number(a.id), fileName: a.file_name, sha256: a.content_sha256, size: formatInt(Number(a.file_size)), by: a.uploaded_by, at: formatDateTime(a.uploaded_at) })),
    log: history.log.map((l) => ({
      at: formatDateTime(l.at),
      who: l.username ?? (l.run_id ? `Lần đối soát #${l.run_id}` : 'Hệ thống'),
      role: roleLabel(l.role),
      agency: l.agency,
      action: ACTION_LABEL[l.action] ?? l.action,
      stage: stageLabel(l.stage),
      outcome: l.outcome ? outcomeLabel(l.stage, l.outcome) : '',
      change: l.before || l.after ? `${describe(l.before, stageLabel)} → ${describe(l.after, stageLabel)}` : '',
      timeliness: l.timeliness ? TIMELINESS_LABEL[l.timeliness] : '',
      note: l.note ?? '',
    })),
  };
}

function describe(v: Record<string, unknown> | null, stageLabel: (c: string | null) => string): string {
  if (!v) return '—';
  const parts: string[] = [];
  if (v.stage) parts.push(stageLabel(String(v.stage)));
  if (v.status) parts.push(v.status === 'open' ? 'đang xử lý' : 'đã đóng');
  if (v.dueDate) parts.push(`hạn ${formatDate(String(v.dueDate))}`);
  if ('assignee' in v) parts.push(v.assignee ? `giao ${v.assignee}` : 'chưa giao');
  if (v.closeResult) parts.push(CLOSE_RESULT_LABEL[v.closeResult as keyof typeof CLOSE_RESULT_LABEL] ?? String(v.closeResult));
  if (v.decision) parts.push(`văn bản ${v.decision} ngày ${formatDate(String(v.decisionDate))}`);
  if (typeof v.amountVnd === 'number') parts.push(formatVnd(v.amountVnd));
  if (v.fileName) parts.push(String(v.fileName));
  return parts.join(', ') || '—';
}

/** The auto-open setting of one finding code, labelled (never the raw code on screen). */
export function presentAutoOpen(row: AutoOpenSetting, workflow: Workflow): AutoOpenRow {
  return {
    code: row.code,
    label: findingLabel(row.code),
    caseType: row.caseType,
    caseTypeLabel: workflow.types.find((t) => t.code === row.caseType)?.label ?? '',
    enabled: row.enabled,
    // Who changed it last and when; null when it is still the installation's default.
    changedBy: row.updatedBy ? (row.updatedByName ? `${row.updatedByName} (${row.updatedBy})` : row.updatedBy) : null,
    changedAt: row.updatedAt ? formatDateTime(row.updatedAt) : null,
  };
}
