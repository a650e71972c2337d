/**
 * One support-group vocabulary (shared/vocabulary.ts): the import's enumerations, the calculators' options and
 * top-up fields, the simulator's API schema and the reconciliation's wording all take the codes and labels from it.
 */
import { describe, it, expect } from 'vitest';
import { HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, SUPPORT_GROUPS, SUPPORT_GROUP_LABELS, supportGroupLabel, supportGroupPhrase } from '#shared/vocabulary.ts';
import { CALCULATORS } from '#shared/calc/registry.ts';
import { GROUP_CODES } from '#shared/calc/calculators.ts';
import { HOUSEHOLD, SUPPORT } from '../../server/ingest/kinds.ts';
import { scenarioParams } from '../../server/calc/schema.ts';

describe('support groups', () => {
  it('have one label each, in Vietnamese, and the poor-household types are the first two', () => {
    expect(Object.keys(SUPPORT_GROUP_LABELS)).toEqual([...SUPPORT_GROUPS]);
    expect(SUPPORT_GROUP_LABELS).toEqual({ poor: 'Hộ nghèo', near_poor: 'Hộ cận nghèo', ethnic_minority: 'Người dân tộc thiểu số', other: 'Đối tượng khác' });
    expect([...HOUSEHOLD_TYPES]).toEqual(SUPPORT_GROUPS.slice(0, 2));
    for (const h of HOUSEHOLD_TYPES) expect(HOUSEHOLD_TYPE_LABELS[h]).toBe(SUPPORT_GROUP_LABELS[h]);
    expect(supportGroupLabel('ethnic_minority')).toBe('Người dân tộc thiểu số');
    expect(supportGroupLabel('unknown')).toBe('Nhóm khác'); // never the raw code
    expect(supportGroupPhrase('other')).toBe('đối tượng khác');
  });

  it('the import reads every label and the agencies\' other spellings, and names the labels when it refuses', () => {
    for (const g of SUPPORT_GROUPS) expect(SUPPORT.parse(SUPPORT_GROUP_LABELS[g])).toEqual({ ok: true, value: g });
    for (const h of HOUSEHOLD_TYPES) expect(HOUSEHOLD.parse(HOUSEHOLD_TYPE_LABELS[h])).toEqual({ ok: true, value: h });
    // docs/spec/source-files.md: "Hộ nghèo / Hộ cận nghèo / Dân tộc thiểu số / Khác"
    const spellings: Array<[string, string]> = [['Dân tộc thiểu số', 'ethnic_minority'], ['DTTS', 'ethnic_minority'], ['Khác', 'other'], ['người khác', 'other'], ['cận nghèo', 'near_poor'], ['HỘ NGHÈO', 'poor']];
    for (const [written, code] of spellings) expect(SUPPORT.parse(written), written).toEqual({ ok: true, value: code });
    expect(SUPPORT.parse('Người có công')).toEqual({ ok: false, message: '"Người có công" không thuộc các giá trị: Hộ nghèo / Hộ cận nghèo / Người dân tộc thiểu số / Đối tượng khác' });
    expect(HOUSEHOLD.parse('Dân tộc thiểu số').ok).toBe(false);
  });

  it('the voluntary calculator offers the groups with their labels and one top-up field each', () => {
    const fields = CALCULATORS.voluntary.fields;
    const group = fields.find((f) => f.name === 'group')!;
    expect(group.kind).toBe('enum');
    expect(group.kind === 'enum' ? group.values : null).toEqual(Object.entries(GROUP_CODES).map(([value, g]) => ({ value, label: SUPPORT_GROUP_LABELS[g] })));
    const topups = fields.filter((f) => f.name.startsWith('topup_'));
    expect(topups.map((f) => [f.name, f.label])).toEqual([
      ['topup_ngheo', 'Tỉnh hỗ trợ thêm cho hộ nghèo (%)'],
      ['topup_can_ngheo', 'Tỉnh hỗ trợ thêm cho hộ cận nghèo (%)'],
      ['topup_dtts', 'Tỉnh hỗ trợ thêm cho người dân tộc thiểu số (%)'],
      ['topup_khac', 'Tỉnh hỗ trợ thêm cho đối tượng khác (%)'],
    ]);
  });

  it('the simulator\'s scenario has one top-up per group, 0 by default, refused per group in Vietnamese', () => {
    const parsed = scenarioParams.parse({ name: 'Thử' });
    expect(parsed.topup).toEqual({ poor: 0, near_poor: 0, ethnic_minority: 0, other: 0 });
    const refused = scenarioParams.safeParse({ name: 'Thử', topup: { ethnic_minority: -1 } });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.message)).toEqual(['Hỗ trợ thêm người dân tộc thiểu số: không nhận số âm']);
    expect(scenarioParams.safeParse({ name: 'Thử', topup: { veterans: 1 } }).success).toBe(false);
  });
});
