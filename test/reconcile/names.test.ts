import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { nameFoldKey, nameToneKey, nameParts, hasDiacritics } from '#shared/identity/names.ts';
import { personalIdProblems, repairPersonalId } from '#shared/identity/personal-id.ts';

// Real Vietnamese spellings: old/new tone placement, NFD input, đ, case, spacing, names in other orders.
const CASES: Array<[string, string]> = [
  ['Nguyễn Thị Hoà', 'Nguyễn Thị Hòa'],
  ['Phạm Văn Thuỵ', 'Phạm Văn Thụy'],
  ['Lê Thị Khoẻ', 'Lê Thị Khỏe'],
  ['Đỗ Quang Hoá', 'Đỗ Quang Hóa'],
  ['Trần Thị Thuý', 'Trần Thị Thúy'],
  ['NGUYỄN VĂN HÙNG', 'nguyễn văn hùng'],
  ['  Hoàng   Thị  Lan ', 'Hoàng Thị Lan'],
  ['Nguyễn Văn Hùng'.normalize('NFD'), 'Nguyễn Văn Hùng'.normalize('NFC')],
  ['Bế Thị Oanh'.normalize('NFD'), 'Bế Thị Oanh'],
  ['Triệu Thị Hoè', 'Triệu Thị Hòe'],
  ['Giàng A Chư', 'Giàng A Chư'],
];
const DIFFERENT: Array<[string, string]> = [
  ['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng'],
  ['Lê Thị Lan', 'Lê Thị Lân'],
  ['Đặng Văn Đức', 'Đặng Văn Dực'],
  ['Vũ Thị Mai', 'Vũ Thị Mại'],
];

describe('name keys (pure)', () => {
  it('treat tone placement, NFD/NFC, case and spacing as the same name', () => {
    for (const [a, b] of CASES) {
      expect(nameToneKey(a), `${a} / ${b}`).toBe(nameToneKey(b));
      expect(nameFoldKey(a)).toBe(nameFoldKey(b));
    }
  });
  it('keep names that differ by a diacritic apart in the tone key but equal in the fold key', () => {
    for (const [a, b] of DIFFERENT) {
      expect(nameToneKey(a)).not.toBe(nameToneKey(b));
      expect(nameFoldKey(a)).toBe(nameFoldKey(b));
    }
  });
  it('folds đ and every diacritic', () => {
    expect(nameFoldKey('Đặng Thị Ngọc Ánh')).toBe('dang thi ngoc anh');
    expect(nameFoldKey('Đào Đức Dũng'.normalize('NFD'))).toBe('dao duc dung');
    expect(nameFoldKey('Nguyễn-Thị.Bích')).toBe('nguyen thi bich');
  });
  it('splits family, middle and given names', () => {
    const p = nameParts('Nguyễn Thị Thu Hoà');
    expect([p.family, p.middle, p.given]).toEqual(['nguyen', 'thi thu', 'hoa']);
    expect(p.givenTone).toBe(nameToneKey('Hòa'));
    const two = nameParts('Lò Thắng');
    expect([two.family, two.middle, two.given]).toEqual(['lo', '', 'thang']);
    const one = nameParts('Hùng');
    expect([one.family, one.middle, one.given]).toEqual(['', '', 'hung']);
    expect(hasDiacritics(nameToneKey('Hùng'))).toBe(true);
    expect(hasDiacritics(nameToneKey('Hung'))).toBe(false);
  });
});

describe('personal ID rules (pure)', () => {
  it('repairs a lost leading zero and accepts a consistent ID', () => {
    expect(repairPersonalId('19085001234')).toBe('019085001234');
    expect(personalIdProblems('019085001234', 1985, 'M')).toEqual([]);
    expect(personalIdProblems('019185001234', 1985, 'F')).toEqual([]);
    expect(personalIdProblems('019305001234', 2005, 'F')).toEqual([]);
  });
  it('reports blank, letters, length, province, century/sex and birth year', () => {
    expect(personalIdProblems('', 1985, 'M')).toEqual(['blank']);
    expect(personalIdProblems('01908500123A', 1985, 'M')).toEqual(['not_digits']);
    expect(personalIdProblems('123456789', 1985, 'M')).toEqual(['length']);
    expect(personalIdProblems('099085001234', 1985, 'M')).toEqual(['province']);
    expect(personalIdProblems('019185001234', 1985, 'M')).toEqual(['century_sex']);
    expect(personalIdProblems('019285001234', 1985, 'M')).toEqual(['century_sex']);
    expect(personalIdProblems('019086001234', 1985, 'M')).toEqual(['birth_year']);
  });
});

describe('name keys in SQL agree with the TypeScript ones (the ID rule: personal-id-sql.test.ts)', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database.destroy(); });

  it('rc_fold / rc_tone / parts', async () => {
    const names = [...CASES.flat(), ...DIFFERENT.flat(), 'Nguyễn Thị Thu Hoà', 'Lò Thắng', 'Hùng', "Nguyễn-Thị.Bích", 'Ma Thị Ngoãn', 'Quách Gia Huy', 'Khổng Minh Quý'];
    const { rows } = await database.pool.query(
      `SELECT n, rc_fold(n) AS f, rc_tone(n) AS t, rc_family(rc_fold(n)) AS fam, rc_middle(rc_fold(n)) AS mid, rc_given(rc_fold(n)) AS giv
         FROM unnest($1::text[]) AS n`, [names]);
    for (const r of rows) {
      const p = nameParts(r.n);
      expect(r.f, r.n).toBe(nameFoldKey(r.n));
      expect(r.t, r.n).toBe(nameToneKey(r.n));
      expect([r.fam, r.mid, r.giv]).toEqual([p.family, p.middle, p.given]);
    }
  });
});
