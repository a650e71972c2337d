/**
 * One personal-ID rule: the TypeScript rule (shared/identity/personal-id.ts, used by the import and the demo) and its
 * SQL twin rc_pid_problems (migration 0076, used by the reconciliation's checks and the deliveries' counts) give the
 * same answer for every vector of test/fixtures/personal-id-vectors.ts, on the engine under test.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ID_PROVINCE_CODES, PERSONAL_ID_PROBLEMS, isIdProvince, personalIdProblems, type PersonalIdProblem } from '#shared/identity/personal-id.ts';
import { UNKNOWN_ID_PROVINCES } from '../../server/demo/ids.ts';
import { EDGE_BIRTHS, PERSONAL_ID_VECTORS, UNKNOWN_CODES, pid, type PersonalIdVector } from '../fixtures/personal-id-vectors.ts';

const tsAnswer = (v: PersonalIdVector) => personalIdProblems(v.id, v.birth === null ? null : Number(v.birth.slice(0, 4)), v.sex);
const show = (v: PersonalIdVector) => JSON.stringify(v);

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database.destroy(); });

async function sqlAnswers(vectors: readonly PersonalIdVector[]): Promise<PersonalIdProblem[][]> {
  const { rows } = await database.pool.query(
    `SELECT v.n, rc_pid_problems(v.id, v.birth::date, v.sex) AS problems
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS v(id, birth, sex, n) ORDER BY v.n`,
    [vectors.map((v) => v.id), vectors.map((v) => v.birth), vectors.map((v) => v.sex)],
  );
  expect(rows).toHaveLength(vectors.length);
  return rows.map((r) => r.problems);
}

describe('the personal-ID rule in TypeScript and in SQL', () => {
  it('the vectors cover every problem kind, every province code and unknown ones, the edge centuries, M/F and no birth date', () => {
    const answers = PERSONAL_ID_VECTORS.map(tsAnswer);
    const kinds = new Set(answers.flat());
    expect([...kinds].sort()).toEqual([...PERSONAL_ID_PROBLEMS].sort());
    expect(answers.some((a) => a.length === 0)).toBe(true);
    expect(answers.some((a) => a.length === 3)).toBe(true); // province, century/sex and birth year at once
    const ids = new Set(PERSONAL_ID_VECTORS.map((v) => v.id));
    for (const code of ID_PROVINCE_CODES) expect(ids.has(pid(code, 0, 85)), code).toBe(true);
    expect(UNKNOWN_CODES).toHaveLength(1000 - 63);
    for (const code of UNKNOWN_ID_PROVINCES) expect(isIdProvince(code), code).toBe(false);
    for (const birth of EDGE_BIRTHS) expect(PERSONAL_ID_VECTORS.some((v) => v.birth === birth)).toBe(true);
    expect(PERSONAL_ID_VECTORS.some((v) => v.birth === null && v.sex !== null)).toBe(true);
    expect(PERSONAL_ID_VECTORS.some((v) => v.id !== null && /^\d{11}$/.test(v.id))).toBe(true);
  });

  it('pins the rule on a few vectors (so that both cannot drift together unnoticed)', () => {
    const cases: Array<[PersonalIdVector, PersonalIdProblem[]]> = [
      [{ id: '019085001234', birth: '1985-03-02', sex: 'M' }, []],
      [{ id: '19085001234', birth: '1985-03-02', sex: 'M' }, []], // leading zero restored
      [{ id: ' \t019185001234\u00a0', birth: '1985-03-02', sex: 'F' }, []],
      [{ id: '019885001234', birth: '1885-03-02', sex: 'M' }, []], // 8/9 = the 1800s
      [{ id: '019485001234', birth: '2185-03-02', sex: 'M' }, []],
      [{ id: '019700001234', birth: '2200-01-01', sex: 'F' }, []],
      [{ id: '019000001234', birth: '2300-01-01', sex: 'M' }, ['century_sex']], // no digit for the 2300s
      [{ id: '019099001234', birth: '1899-12-31', sex: 'M' }, ['century_sex']],
      [{ id: '019200001234', birth: '1999-12-31', sex: 'M' }, ['century_sex', 'birth_year']],
      [{ id: '019185001234', birth: '1985-03-02', sex: 'M' }, ['century_sex']],
      [{ id: '019185001234', birth: null, sex: 'M' }, ['century_sex']],
      [{ id: '019185001234', birth: null, sex: null }, []],
      [{ id: '099386001234', birth: '1985-03-02', sex: 'M' }, ['province', 'century_sex', 'birth_year']],
      [{ id: '003301987654', birth: '2001-02-03', sex: 'F' }, ['province']],
      [{ id: null, birth: null, sex: null }, ['blank']],
      [{ id: '\u3000 ', birth: '1985-03-02', sex: 'M' }, ['blank']],
      [{ id: '019 085 001234', birth: '1985-03-02', sex: 'M' }, ['not_digits']],
      [{ id: '１９０８５００１２３４', birth: '1985-03-02', sex: 'M' }, ['not_digits']],
      [{ id: '123456789', birth: '1985-03-02', sex: 'M' }, ['length']],
      [{ id: '0190850012345', birth: '1985-03-02', sex: 'M' }, ['length']],
    ];
    for (const [v, expected] of cases) expect(tsAnswer(v), show(v)).toEqual(expected);
  });

  it('rc_pid_problems gives the TypeScript answer for every vector', async () => {
    const sql = await sqlAnswers(PERSONAL_ID_VECTORS);
    const differing = PERSONAL_ID_VECTORS.flatMap((v, i) => {
      const ts = tsAnswer(v);
      return JSON.stringify(sql[i]) === JSON.stringify(ts) ? [] : [`${show(v)}: TypeScript ${JSON.stringify(ts)}, SQL ${JSON.stringify(sql[i])}`];
    });
    expect(differing).toEqual([]);
    expect(PERSONAL_ID_VECTORS.length).toBeGreaterThan(1500);
  });
});
