/**
 * Comparisons that tolerate slips (issue 17) on real Vietnamese cases, and the SQL rules rc_name_slip /
 * rc_birth_slip of migration 0074 agreeing with their TypeScript twins on the same cases.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { scoreMatch, DEFAULT_MATCH_WEIGHTS } from '#shared/identity/match.ts';
import { compareNamePart, compareNames, nameSlip, compareBirth, birthSlip, compareCommune, idAgrees, idSlip } from '#shared/identity/compare.ts';
import { nameToneKey } from '#shared/identity/names.ts';
import { parseFaults, slipName, swapDayMonth, mistypeId } from '../../server/demo/faults.ts';
import { Rng } from '../../server/demo/rng.ts';
import { dayOf, isoDay } from '../../server/demo/calendar.ts';

const part = (a: string, b: string) => compareNamePart(nameToneKey(a), nameToneKey(b));

describe('name parts', () => {
  it('tells a wrong tone, another vowel mark and a missing diacritic apart (Hùng / Húng / Hưng, Thị / Thi)', () => {
    expect(part('Hùng', 'Hùng')).toBe('exact');
    expect(part('Hùng', 'Húng')).toBe('tone');
    expect(part('Hùng', 'Hung')).toBe('plain');
    expect(part('Thị', 'Thi')).toBe('plain');
    expect(part('Hùng', 'Hưng')).toBe('mark');
    expect(part('Hưng', 'Húng')).toBe('mark');
    expect(part('Hoà', 'Hòa')).toBe('exact'); // old and new tone placement are one spelling
    expect(part('Nguyệt', 'Nguyệc')).toBe('letter');
    expect(part('Thanh', 'Thamh')).toBe('letter');
    expect(part('Lan', 'Lanh')).toBe('letter');
    expect(part('Lan', 'Mai')).toBe('different');
  });

  it('weighs the given name most, and a dropped middle name less than a different one', () => {
    const dropped = compareNames('Nguyễn Văn Hùng', 'Nguyễn Hùng');
    expect(dropped).toMatchObject({ family: 'exact', middle: 'missing', given: 'exact', middleDropped: true, slip: true });
    const otherGiven = compareNames('Nguyễn Văn Hùng', 'Nguyễn Văn Dũng');
    const otherFamily = compareNames('Nguyễn Văn Hùng', 'Trần Văn Hùng');
    expect(otherGiven.score).toBeLessThan(otherFamily.score);
    expect(dropped.score).toBeGreaterThan(otherFamily.score);
    expect(compareNames('Nguyễn Văn Hùng', 'Nguyễn Văn Húng').score).toBeGreaterThan(compareNames('Nguyễn Văn Hùng', 'Nguyễn Văn Hưng').score);
    expect(compareNames('Nguyễn Văn Hùng', 'Nguyễn Văn Hùng').score).toBe(1);
  });

  it('takes letter slips as the same name, other names not', () => {
    expect(nameSlip('Nguyễn Văn Hùng', 'Nguyễn Văn Hùnng')).toBe(true); // doubled
    expect(nameSlip('Quách Thị Nguyệt', 'Quách Thị Nguyệc')).toBe(true); // wrong letter
    expect(nameSlip('Trần Thị Thanh', 'Trần Thị Tahnh')).toBe(true); // swapped
    expect(nameSlip('Lê Thị Hương', 'Le Thi Huong')).toBe(true); // no diacritics
    expect(nameSlip('Nguyễn Văn Hùng', 'Nguyễn Hùng')).toBe(true); // middle name left out
    expect(nameSlip('Nguyễn Văn Hùng', 'Trần Thị Mai')).toBe(false);
    expect(nameSlip('Nguyễn Văn Hùng', 'Nguyễn Văn Dũng')).toBe(false);
    expect(nameSlip('Nguyễn Văn An', 'Nguyễn Văn Anh', 0)).toBe(false);
  });
});

describe('birth dates and communes', () => {
  it('knows day/month swapped (03/07 vs 07/03), year only, one field off', () => {
    expect(compareBirth('1990-07-03', 'D', '1990-07-03', 'D')).toBe('equal');
    expect(compareBirth('1990-07-03', 'D', '1990-03-07', 'D')).toBe('swapped');
    expect(compareBirth('1990-01-01', 'Y', '1990-03-07', 'D')).toBe('year_only');
    expect(compareBirth('1991-01-01', 'Y', '1990-03-07', 'D')).toBe('different');
    expect(compareBirth('1990-07-04', 'D', '1990-07-03', 'D')).toBe('one_field');
    expect(compareBirth('1991-07-03', 'D', '1990-07-03', 'D')).toBe('one_field');
    expect(compareBirth('1985-02-11', 'D', '1990-07-03', 'D')).toBe('different');
    expect(compareBirth(null, null, '1990-07-03', 'D')).toBe('unknown');
    expect(birthSlip('1990-07-03', 'D', '1990-03-07', 'D')).toBe(true);
    expect(birthSlip('1985-02-11', 'D', '1990-07-03', 'D')).toBe(false);
  });

  it('compares communes as equal, neighbouring or elsewhere', () => {
    const n = new Map([['05443', new Set(['05716'])]]);
    expect(compareCommune('05443', '05443', n)).toBe('equal');
    expect(compareCommune('05716', '05443', n)).toBe('neighbour');
    expect(compareCommune('05443', '06000', n)).toBe('elsewhere');
    expect(compareCommune(null, '06000', n)).toBe('unknown');
  });

  it('weighs a neighbouring commune between the same commune and one elsewhere', () => {
    const n = new Map([['05443', new Set(['05716'])], ['05716', new Set(['05443'])]]);
    const freq = { family: () => 0.3, middle: () => 0.2, given: () => 0.01 };
    const rec = { name: 'Nguyễn Văn Hùng', birthDate: '1990-05-05', birthPrecision: 'D' as const, sex: 'M' as const };
    const at = (commune: string) => scoreMatch({ ...rec, commune }, { ...rec, commune: '05443' }, freq, DEFAULT_MATCH_WEIGHTS, n);
    expect(at('05443').components.commune).toBe(DEFAULT_MATCH_WEIGHTS.communeAgree);
    expect(at('05716').components.commune).toBe(DEFAULT_MATCH_WEIGHTS.communeNeighbour);
    expect(at('06000').components.commune).toBe(DEFAULT_MATCH_WEIGHTS.communeDisagree);
    expect(at('05443').score).toBeGreaterThan(at('05716').score);
    expect(at('05716').score).toBeGreaterThan(at('06000').score);
    // Without the neighbour table a neighbour is elsewhere.
    expect(scoreMatch({ ...rec, commune: '05716' }, { ...rec, commune: '05443' }, freq).components.commune).toBe(DEFAULT_MATCH_WEIGHTS.communeDisagree);
  });

  it('takes two IDs for one mistyped ID only when one digit is wrong or two neighbouring digits are swapped', () => {
    expect(idSlip('019072702555', '019072703555')).toBe(true); // one digit wrong
    expect(idSlip('019072703555', '019072704565')).toBe(false); // two digits wrong
    expect(idSlip('019072703555', '019072705355')).toBe(true); // neighbours swapped
    expect(idSlip('019072703555', '019072503755')).toBe(false); // swapped across a digit
    expect(idSlip('040086209152', '019072703555')).toBe(false); // a worker from another province
    expect(idSlip('019072703555', '019072703555')).toBe(false); // the same ID is no slip
    expect(idSlip('19072703555', '019072703555')).toBe(false); // a lost digit is the importer's repair, not this rule
    expect(idSlip(null, '019072703555')).toBe(false);
  });

  it('trusts an ID only when name, birth date and sex agree within a slip; twins are not told apart by it', () => {
    const hung = { name: 'Nguyễn Văn Hùng', birthDate: '1990-05-05', birthPrecision: 'D', sex: 'M' as const };
    expect(idAgrees({ ...hung, name: 'Nguyễn Hùng' }, hung)).toBe(true);
    expect(idAgrees({ ...hung, birthDate: '1990-05-05' }, hung)).toBe(true);
    expect(idAgrees({ ...hung, sex: 'F' }, hung)).toBe(false);
    expect(idAgrees({ name: 'Trần Thị Mai', birthDate: '1978-11-02', sex: 'F' }, hung)).toBe(false);
    // A twin's ID on his brother's record (Hùng / Hưng, same day): a slip as far as the ID is concerned; the
    // findings still compare the name (NTG_SAI_THONG_TIN) and the probabilistic step keeps them apart.
    expect(idAgrees({ ...hung, name: 'Nguyễn Văn Hưng' }, hung)).toBe(true);
    expect(compareNames('Nguyễn Văn Hưng', 'Nguyễn Văn Hùng').given).toBe('mark');
  });
});

describe('the SQL rules agree with the TypeScript ones', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await database?.destroy();
  });

  it('rc_name_slip = nameSlip, rc_birth_slip = birthSlip and rc_id_slip = idSlip', async () => {
    const names: Array<[string, string]> = [
      ['Nguyễn Văn Hùng', 'Nguyễn Hùng'], ['Nguyễn Văn Hùng', 'Nguyễn Văn Hưng'], ['Quách Thị Nguyệt', 'Quách Thị Nguyệc'],
      ['Trần Thị Thanh', 'Trần Thị Tahnh'], ['Nguyễn Văn Hùng', 'Trần Thị Mai'], ['Nguyễn Văn Hùng', 'Nguyễn Văn Dũng'],
      ['Lê Thị Hương', 'Le Thi Huong'], ['Hoàng Văn Nam', 'Hoàng Văn Namm'], ['Vũ Thị Lan', 'Vũ Lan Thị'],
    ];
    for (const [a, b] of names) {
      const { rows } = await database.pool.query('SELECT rc_name_slip(rc_fold($1), rc_fold($2), 2) AS ok', [a, b]);
      expect(rows[0].ok, `${a} / ${b}`).toBe(nameSlip(a, b, 2));
    }
    const dates: Array<[string, string, string, string]> = [
      ['1990-07-03', 'D', '1990-03-07', 'D'], ['1990-07-03', 'D', '1990-07-03', 'D'], ['1990-01-01', 'Y', '1990-03-07', 'D'],
      ['1991-01-01', 'Y', '1990-03-07', 'D'], ['1990-07-04', 'D', '1990-07-03', 'D'], ['1985-02-11', 'D', '1990-07-03', 'D'],
    ];
    for (const [a, pa, b, pb] of dates) {
      const { rows } = await database.pool.query('SELECT rc_birth_slip($1::date, $2, $3::date, $4) AS ok', [a, pa, b, pb]);
      expect(rows[0].ok, `${a} / ${b}`).toBe(birthSlip(a, pa, b, pb));
    }
    const ids: Array<[string | null, string]> = [
      ['019072702555', '019072703555'], ['019072703555', '019072704565'], ['019072703555', '019072705355'],
      ['019072703555', '019072503755'], ['040086209152', '019072703555'], ['019072703555', '019072703555'],
      ['19072703555', '019072703555'], [null, '019072703555'], ['019072703355', '019072703535'],
    ];
    for (const [a, b] of ids) {
      const { rows } = await database.pool.query('SELECT coalesce(rc_id_slip($1, $2), false) AS ok', [a, b]);
      expect(rows[0].ok, `${a} / ${b}`).toBe(idSlip(a, b));
    }
  });
});

describe('generator faults', () => {
  it('parses one rate for all or a rate per fault, and refuses unknown names', () => {
    expect(parseFaults('0.02')).toEqual({ 'name-slip': 0.02, 'date-swap': 0.02, moved: 0.02, 'id-typo': 0.02, namesake: 0.02 });
    expect(parseFaults('name-slip=0.03,id-typo=0.01')).toMatchObject({ 'name-slip': 0.03, 'id-typo': 0.01, moved: 0 });
    expect(parseFaults(undefined)).toMatchObject({ 'name-slip': 0, namesake: 0 });
    expect(() => parseFaults('typo=0.1')).toThrow(/không hợp lệ/);
    expect(() => parseFaults('0.5')).toThrow(/từ 0 đến 0,2/);
  });

  it('makes slips that a reader still takes for the same name', () => {
    const rng = new Rng(1, 'test');
    for (const kind of ['tone', 'drop', 'double', 'swap', 'plain', 'no_middle'] as const) {
      for (let k = 0; k < 20; k++) {
        const s = slipName('Nguyễn Thị Phương', rng, kind).name;
        expect(s, kind).not.toBe('Nguyễn Thị Phương');
        expect(nameSlip(s, 'Nguyễn Thị Phương'), `${kind}: ${s}`).toBe(true);
      }
    }
    expect(slipName('Nguyễn Văn Hùng', rng, 'no_middle').name).toBe('Nguyễn Hùng');
  });

  it('swaps day and month only when that is another valid date, and mistypes one digit of an ID', () => {
    expect(isoDay(swapDayMonth(dayOf(1990, 7, 3))!)).toBe('1990-03-07');
    expect(swapDayMonth(dayOf(1990, 7, 25))).toBeNull();
    expect(swapDayMonth(dayOf(1990, 7, 7))).toBeNull();
    const ids = new Map([['019090000001', 1], ['019090000002', 2]]);
    const other = mistypeId('019090000001', new Rng(2, 'x'), true, ids, 1);
    expect(other).toBe('019090000002');
    const nobody = mistypeId('019090000001', new Rng(2, 'y'), false, ids, 1);
    expect(ids.has(nobody)).toBe(false);
    expect([...nobody].filter((c, i) => c !== '019090000001'[i]).length).toBe(1);
  });
});
