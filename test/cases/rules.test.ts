/** The pure stage rules (server/cases/rules.ts): outcomes and what they need, timeliness, urgency. */
import { describe, it, expect } from 'vitest';
import { planAdvance, timeliness, urgency, dataCloseResult, type StageDef } from '../../server/cases/rules.ts';

const sanction: StageDef = {
  caseType: 'enforcement', code: 'sanction', position: 5, label: 'Xử phạt vi phạm hành chính', ownerRole: 'inspectorate',
  deadlineWorkingDays: 20, deadlineParam: null, documents: [], hint: '',
  outcomes: [
    { code: 'sanctioned', label: 'Đã xử phạt, kết thúc', nextStage: null, closeResult: 'sanctioned', needsDecision: true, amountKind: 'fine', needsReason: false },
    { code: 'dismissed', label: 'Không vi phạm', nextStage: null, closeResult: 'dismissed', needsDecision: false, amountKind: null, needsReason: true },
  ],
};

describe('stage rules', () => {
  it('names every missing or wrong field of an outcome, in Vietnamese', () => {
    const r = planAdvance(sanction, { outcome: 'sanctioned' }, '2026-12-01');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['decisionNumber', 'decisionDate', 'amountVnd']);
    const future = planAdvance(sanction, { outcome: 'sanctioned', decisionNumber: '1/QĐ', decisionDate: '2026-12-02', amountVnd: 5 }, '2026-12-01');
    expect(future.ok ? [] : future.problems.map((p) => p.message)).toEqual(['Ngày của quyết định không thể sau hôm nay']);
    const negative = planAdvance(sanction, { outcome: 'sanctioned', decisionNumber: '1/QĐ', decisionDate: '2026-12-01', amountVnd: -1 }, '2026-12-01');
    expect(negative.ok).toBe(false);
    expect(planAdvance(sanction, { outcome: 'dismissed', reason: 'ok' }, '2026-12-01').ok).toBe(false);
    expect(planAdvance(sanction, { outcome: 'dismissed', reason: 'Đơn vị đã giải thể' }, '2026-12-01').ok).toBe(true);
    const unknown = planAdvance(sanction, { outcome: 'escalate' }, '2026-12-01');
    expect(unknown.ok ? '' : unknown.problems[0].message).toContain('Xử phạt vi phạm hành chính');
  });

  it('counts a stage done before its due date as early, on it as on time, after it as late', () => {
    expect(timeliness('2026-12-10', '2026-12-09')).toBe('early');
    expect(timeliness('2026-12-10', '2026-12-10')).toBe('on_time');
    expect(timeliness('2026-12-10', '2026-12-11')).toBe('late');
    expect(timeliness(null, '2026-12-11')).toBeNull();
  });

  it('orders urgency: overdue, due within the 3-working-day limit, later', () => {
    expect(urgency('2026-12-04', '2026-12-05', '2026-12-10')).toBe('overdue');
    expect(urgency('2026-12-05', '2026-12-05', '2026-12-10')).toBe('due_soon');
    expect(urgency('2026-12-10', '2026-12-05', '2026-12-10')).toBe('due_soon');
    expect(urgency('2026-12-11', '2026-12-05', '2026-12-10')).toBe('later');
  });

  it('closes by the data as paid, registered, corrected or recovered', () => {
    expect(dataCloseResult('enforcement', 'DN_TRON_DONG')).toBe('paid');
    expect(dataCloseResult('enforcement', 'DN_CHUA_DANG_KY')).toBe('registered');
    expect(dataCloseResult('identity', 'NTG_DA_CHET')).toBe('corrected');
  });
});
