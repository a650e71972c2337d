import { describe, it, expect } from 'vitest';
import { RuleBook, type LegalRule } from '#shared/calc/rulebook.ts';
import { CALCULATORS, presentCalculator } from '#shared/calc/registry.ts';
import { ruleText, ruleTextKeys, valuesAt } from '#shared/calc/rule-text.ts';
import { FINDINGS } from '#shared/vocabulary.ts';
import { referenceRules } from '../../server/calc/reference-rules.ts';

const DAY = '2026-11-15';
const rules = referenceRules();
const book = new RuleBook(rules);
/** The reference book with one value changed (from every row of the key). */
const changed = (key: string, value: number) => new RuleBook(rules.map((r): LegalRule => (r.key === key ? { ...r, value } : r)));

describe('legal numbers in prose come from the rules', () => {
  it('formats rates as percentages, counts with thousands dots, multiples with a decimal comma; says when a rule is missing', () => {
    const values: Record<string, number> = { 'a.rate': 0.0003, 'b.amount': 2_000_000, 'c.times': 1.5 };
    expect(ruleText('{a.rate|pct}/ngày; {b.amount|int} đồng; gấp {c.times|num} lần; {d.none|int}', (k) => values[k]))
      .toBe('0,03 %/ngày; 2.000.000 đồng; gấp 1,5 lần; (chưa có quy định)');
    expect(ruleText('lãi {a.rate|pct}', () => null, '…')).toBe('lãi …');
  });

  it('every number a description, a help text or a legal basis quotes names a rule of the reference table', () => {
    const keys = new Set(rules.map((r) => r.key));
    const templates = [
      ...Object.values(CALCULATORS).flatMap((c) => [c.description, ...c.fields.map((f) => f.help ?? '')]),
      ...Object.values(FINDINGS).map((f) => f.legalBasis),
    ];
    const named = templates.flatMap(ruleTextKeys);
    expect(named.length).toBeGreaterThan(10);
    for (const key of named) expect(keys.has(key), key).toBe(true);
    // No template keeps a legal number typed into it.
    for (const t of templates) expect(t, t).not.toMatch(/\b(22|32|60) ?%|2\.340\.000|0,03 %|\b60 ngày/);
  });

  it('renders the calculators\' descriptions with the values in force, and follows a changed rule', () => {
    const text = (b: RuleBook, name: string) => presentCalculator(CALCULATORS[name], valuesAt(b, DAY)).description;
    expect(text(book, 'voluntary')).toBe('Mức đóng 22 % thu nhập lựa chọn, Nhà nước hỗ trợ theo nhóm (tối đa 120 tháng), tỉnh hỗ trợ thêm nếu có.');
    expect(text(book, 'late')).toBe('0,03 %/ngày × số tiền chậm đóng × số ngày chậm, tính từ ngày sau hạn đóng.');
    expect(text(book, 'mandatory')).toContain('trần (20 lần)');
    expect(text(book, 'unemployment')).toBe('60 % bình quân tiền lương đóng BHTN 6 tháng gần nhất, tối đa 5 lần lương tối thiểu vùng; thời gian hưởng theo số tháng đóng.');
    expect(text(book, 'maternity')).toContain('2.000.000 đồng mỗi con khi đã đóng từ đủ 6 tháng trong 12 tháng');
    expect(text(book, 'lump-sum')).toContain('Σ 22 %·TN_i/(1+r)^(i−1), tối đa 60 tháng');
    expect(text(changed('rate.voluntary', 0.25), 'voluntary')).toContain('Mức đóng 25 % thu nhập');
    const fine = presentCalculator(CALCULATORS.fine, valuesAt(changed('fine.organisation_multiplier', 1.5), DAY));
    expect(fine.fields.find((f) => f.name === 'organisation')!.help).toBe('Mức phạt đối với tổ chức gấp 1,5 lần đối với cá nhân.');
    const topup = presentCalculator(CALCULATORS.voluntary, valuesAt(book, DAY)).fields.find((f) => f.name === 'topup_ngheo')!;
    const avgWage = presentCalculator(CALCULATORS.unemployment, valuesAt(changed('unemployment.avg_wage_months', 12), DAY)).fields.find((f) => f.name === 'avg_wage')!;
    expect(avgWage.help).toBe('Bình quân tiền lương tháng đóng BHTN của 12 tháng liền kề trước khi chấm dứt hợp đồng lao động.');
    expect(topup.help).toBe('Phần trăm của cùng căn cứ với mức Nhà nước hỗ trợ (22 % × chuẩn nghèo nông thôn); 50 = thêm 50 %');
  });

  it('a result\'s summary quotes the rule its calculation used', () => {
    const late = (b: RuleBook) => {
      const input = { amount: 10_000_000, due: '2026-03-31', paid: '2026-07-15' };
      return CALCULATORS.late.summary(CALCULATORS.late.run(b, input), input).at(-1);
    };
    expect(late(book)).toBe('Quá 60 ngày sau hạn: là trốn đóng nếu đã được đôn đốc bằng văn bản.');
    // 106 days late: evasion after 60 days, plain lateness when the threshold is 120 days.
    expect(late(changed('late.evasion_days', 120))).toBe('Chậm đóng.');
    expect(late(changed('late.evasion_days', 90))).toBe('Quá 90 ngày sau hạn: là trốn đóng nếu đã được đôn đốc bằng văn bản.');
    const maternity = (b: RuleBook) => {
      const input = { children: 1, months_in_last_12: 5, date: DAY };
      return CALCULATORS.maternity.summary(CALCULATORS.maternity.run(b, input), input)[0];
    };
    expect(maternity(book)).toBe('Chưa đủ điều kiện: cần đóng từ đủ 6 tháng trong 12 tháng trước khi sinh.');
    expect(maternity(changed('maternity.min_months_in_12', 4))).toMatch(/^Trợ cấp: /);
    expect(maternity(changed('maternity.min_months_in_12', 7))).toBe('Chưa đủ điều kiện: cần đóng từ đủ 7 tháng trong 12 tháng trước khi sinh.');
  });

  it('the findings\' legal bases quote the run\'s rules: the same words as before with the reference values', () => {
    const text = (code: keyof typeof FINDINGS, b: RuleBook) => ruleText(FINDINGS[code].legalBasis, valuesAt(b, DAY));
    expect(text('DN_CHAM_DONG', book)).toContain('Điều 40 (lãi 0,03 %/ngày)');
    expect(text('DN_TRON_DONG', book)).toContain('(trốn đóng: quá 60 ngày sau hạn, đã đôn đốc bằng văn bản)');
    expect(text('TIEM_NANG_TU_NGUYEN', book)).toContain('Điều 36 (mức đóng 22 %)');
    expect(text('NLD_CHUA_THAM_GIA', book)).toContain('Điều 28 (đăng ký trong 30 ngày)');
    expect(text('DN_TRON_DONG', changed('late.evasion_days', 90))).toContain('quá 90 ngày sau hạn');
  });
});
