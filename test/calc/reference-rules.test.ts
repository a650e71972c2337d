import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { loadRuleBook, type LegalRule } from '../../server/calc/rules.ts';
import { parseLegalParams, referenceHolidays, referenceRuleBook, referenceRules } from '../../server/calc/reference-rules.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const id = (r: LegalRule) => `${r.key}@${r.effectiveFrom}`;
const byId = (rules: LegalRule[]) => [...rules].sort((a, b) => id(a).localeCompare(id(b)));

describe('the reference files and the migrated legal_param are one rule book', () => {
  it('reads exactly the rows of the migrated table, every column (value, dates, source, status, note, name)', async () => {
    const fromDb = await loadRuleBook(database.db);
    const dbRules = fromDb.keys().flatMap((k) => fromDb.history(k));
    const fileRules = referenceRules();
    expect(new Set(fileRules.map(id)).size).toBe(fileRules.length);
    expect(fileRules.length).toBe(dbRules.length);
    expect(byId(fileRules)).toEqual(byId(dbRules));
  });

  it('reads the public holidays of the migrated table', async () => {
    const { rows } = await database.pool.query('SELECT day, name FROM public_holiday ORDER BY day');
    expect(referenceHolidays().sort((a, b) => a.day.localeCompare(b.day))).toEqual(rows);
  });

  it('answers as the database book does, for every key at dates across the years', async () => {
    const fromDb = await loadRuleBook(database.db);
    const fromFile = referenceRuleBook();
    for (const date of ['1990-06-01', '2010-01-01', '2021-03-01', '2024-06-30', '2024-07-01', '2025-12-31', '2026-01-01', '2026-11-15', '2031-01-01']) {
      expect(fromFile.inForce(date), date).toEqual(fromDb.inForce(date));
    }
  });

  it('parses quoted fields, empty end dates and notes, and names a rule without a label plainly', () => {
    const rules = parseLegalParams(
      'key,value,unit,effective_from,effective_to,source,status,note\n'
      + 'a.b,0.22,ratio,2025-07-01,,"Luật 41/2024, Điều 36",law,\n'
      + 'c,1500000,VND,2022-01-01,2026-12-31,Nghị định 07/2021,press,"Ghi chú ""trích"""\n',
      'key,label\na.b,Tỷ lệ đóng\n',
    );
    expect(rules).toEqual([
      { key: 'a.b', value: 0.22, unit: 'ratio', effectiveFrom: '2025-07-01', effectiveTo: null, source: 'Luật 41/2024, Điều 36', status: 'law', note: null, label: 'Tỷ lệ đóng' },
      { key: 'c', value: 1_500_000, unit: 'VND', effectiveFrom: '2022-01-01', effectiveTo: '2026-12-31', source: 'Nghị định 07/2021', status: 'press', note: 'Ghi chú "trích"', label: 'Tham số pháp lý chưa có tên' },
    ]);
  });
});
