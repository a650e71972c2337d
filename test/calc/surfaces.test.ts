/**
 * Every calculator answers from the command line and the API with the same numbers; bad input is an
 * exit code 2 naming the option, or a 400 naming the field. Changing a legal parameter in the
 * database changes results after its date and not before, without touching code.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { CASES } from './cases.ts';
import { todayVn } from '#shared/calc/dates.ts';
import { formatRatioPct } from '#shared/format.ts';

let database: TestDatabase;
let app: FastifyInstance;
let client: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'xa1', 'commune', ['01840']);
  client = await login(app, 'xa1');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('command line and API give the same numbers', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const cli = runCli(['calc', c.name, ...c.args, '--json'], envFor(database));
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      const lines = cli.stdout.trim().split('\n');
      expect(lines).toHaveLength(1); // exactly one JSON object
      const fromCli = JSON.parse(lines[0]);
      const api = await client.post(`/api/calc/${c.name}`, c.body);
      expect(api.status).toBe(200);
      expect(api.json.result).toEqual(fromCli);
      expect(fromCli.rules.length).toBeGreaterThan(0);
      for (const v of Object.values(fromCli)) if (typeof v === 'number') expect(Number.isInteger(v) || c.name === 'unemployment').toBe(true);
    });
  }

  it('prints the documented fields', async () => {
    const fields: Record<string, string[]> = {
      voluntary: ['contribution', 'state_support', 'local_support', 'net', 'mode_months', 'net_for_mode', 'deadline'],
      mandatory: ['base', 'employee', 'employer', 'employee_by_fund', 'employer_by_fund'],
      late: ['days', 'interest', 'total'],
      fine: ['min', 'max', 'criminal_screening'],
      unemployment: ['monthly_benefit', 'cap', 'duration_months', 'start_date'],
      maternity: ['allowance'],
      'lump-sum': ['amount'],
    };
    for (const c of CASES) {
      const api = await client.post(`/api/calc/${c.name}`, c.body);
      for (const f of fields[c.name]) expect(api.json.result, `${c.name}.${f}`).toHaveProperty(f);
    }
    const v = (await client.post('/api/calc/voluntary', CASES[0].body)).json.result;
    // 117 months supported: 3 of the 6 months are still supported (40 % + 60 % → 0 for those months).
    expect(v).toMatchObject({ contribution: 330_000, state_support: 132_000, local_support: 198_000, net: 0, net_for_mode: 3 * 330_000, deadline: '2026-06-30' });
  });

  it('prints a readable Vietnamese summary without --json, flagging unverified rules', () => {
    const r = runCli(['calc', 'mandatory', '--wage', '5000000', '--date', '2026-03-01'], envFor(database));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Người lao động đóng: 525.000 đồng');
    expect(r.stdout).toContain('Người sử dụng lao động đóng: 1.075.000 đồng');
    expect(r.stdout).toContain('[CHƯA KIỂM CHỨNG]');
    expect(r.stdout).toContain('Luật BHXH 41/2024/QH15');
  });
});

describe('unemployment without the months in the window', () => {
  it('the documented call works on the command line and the API, and reports the assumption', async () => {
    const args = ['calc', 'unemployment', '--avg-wage', '8000000', '--region', 'III', '--months-contributed', '18', '--filed', '2026-04-20'];
    const json = runCli([...args, '--json'], envFor(database));
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    const assumption = 'Giả định toàn bộ 18 tháng đóng nằm trong 24 tháng trước khi chấm dứt hợp đồng (chưa nhập số tháng đóng trong thời gian xét).';
    expect(result).toMatchObject({ eligible: true, months_in_window: 18, duration_months: 3, monthly_benefit: 4_800_000, assumptions: [assumption] });
    const text = runCli(args, envFor(database));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(assumption);
    const api = await client.post('/api/calc/unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 18, filed: '2026-04-20' });
    expect(api.status).toBe(200);
    expect(api.json.result).toEqual(result);
    expect(api.json.summary).toContain(assumption);
    // With the count given, no assumption and the count used as given.
    const given = JSON.parse(runCli([...args, '--months-in-window', '11', '--json'], envFor(database)).stdout);
    expect(given).toMatchObject({ eligible: false, months_in_window: 11, assumptions: [] });
  });
});

describe('bad input', () => {
  it('exits 2 with a Vietnamese message naming the option', () => {
    const env = envFor(database);
    const bad = runCli(['calc', 'voluntary', '--income', 'abc', '--group', 'ngheo', '--date', '2026-03-01', '--json'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--income');
    const missing = runCli(['calc', 'late', '--amount', '1000', '--due', '2026-01-31'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--paid');
    const floor = runCli(['calc', 'voluntary', '--income', '1000000', '--group', 'ngheo', '--date', '2026-03-01'], env);
    expect(floor.code).toBe(2);
    expect(floor.stderr).toMatch(/--income: Thu nhập lựa chọn phải từ 1\.500\.000 đồng/);
    const unknown = runCli(['calc', 'voluntary', '--salary', '1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--salary');
    const noSuch = runCli(['calc', 'pension'], env);
    expect(noSuch.code).toBe(2);
    expect(noSuch.stderr).toContain('pension');
  });

  it('answers 400 with the field names from the API', async () => {
    const r = await client.post('/api/calc/voluntary', { income: 1_000_000, group: 'x', date: '2026-03-01' });
    expect(r.status).toBe(400);
    expect(r.json.error.details.issues.map((i: { field: string }) => i.field)).toContain('group');
    const floor = await client.post('/api/calc/voluntary', { income: 1_000_000, group: 'ngheo', date: '2026-03-01' });
    expect(floor.status).toBe(400);
    expect(floor.json.error.details.issues).toEqual([{ field: 'income', message: expect.stringContaining('1.500.000') }]);
    expect(floor.json.error.message).toContain('income');
    const early = await client.post('/api/calc/voluntary', { income: 1_500_000, group: 'ngheo', date: '2019-03-01' });
    expect(early.status).toBe(422);
    expect(early.json.error.message).toContain('01/03/2019');
    expect((await client.post('/api/calc/pension', {})).status).toBe(404);
  });

  it('requires login', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/calc/maternity', payload: { children: 1, months_in_last_12: 6 } });
    expect(r.statusCode).toBe(401);
  });
});

interface LawChanges {
  /** An `INSERT INTO legal_param … VALUES …` statement (without RETURNING). */
  addParam(sql: string, params?: unknown[]): Promise<void>;
  addHoliday(day: string, name: string, source: string): Promise<void>;
  /** Sets every row of `key` to `value`. */
  setParam(key: string, value: number): Promise<void>;
}

describe('the law is data', () => {
  /**
   * Runs `body` with the changes it makes to the law tables, then undoes them (rows added are removed, values
   * changed are put back), so no other test of this file sees a test's hypothetical law, whatever the order.
   */
  async function withLawChanges(body: (law: LawChanges) => Promise<void>) {
    const undo: Array<() => Promise<unknown>> = [];
    const law: LawChanges = {
      async addParam(sql, params = []) {
        const { rows } = await database.pool.query(`${sql} RETURNING id`, params);
        undo.push(() => database.pool.query('DELETE FROM legal_param WHERE id = $1', [rows[0].id]));
      },
      async addHoliday(day, name, source) {
        await database.pool.query('INSERT INTO public_holiday (day, name, source) VALUES ($1, $2, $3)', [day, name, source]);
        undo.push(() => database.pool.query('DELETE FROM public_holiday WHERE day = $1', [day]));
      },
      async setParam(key, value) {
        const { rows } = await database.pool.query('SELECT id, value FROM legal_param WHERE key = $1', [key]);
        expect(rows.length).toBeGreaterThan(0);
        await database.pool.query('UPDATE legal_param SET value = $2 WHERE key = $1', [key, value]);
        for (const r of rows) undo.push(() => database.pool.query('UPDATE legal_param SET value = $2 WHERE id = $1', [r.id, r.value]));
      },
    };
    try {
      await body(law);
    } finally {
      for (const u of undo.reverse()) await u();
    }
  }

  it('a new reference level from a date changes results after it and not before', () => withLawChanges(async (law) => {
    const resultOn = async (date: string) => (await client.post('/api/calc/mandatory', { wage: 60_000_000, date })).json.result;
    expect((await resultOn('2027-07-01')).base).toBe(46_800_000);
    await law.addParam(
      `INSERT INTO legal_param (key, value, unit, effective_from, source, status) VALUES ('reference_level', 2530000, 'VND', '2027-07-01', 'Nghị định giả định trong kiểm thử', 'law')`,
    );
    const june = await resultOn('2027-06-30');
    const july = await resultOn('2027-07-01');
    expect(june.base).toBe(46_800_000);
    expect(july.base).toBe(50_600_000);
    expect(july.rules.find((r: { key: string }) => r.key === 'reference_level')).toMatchObject({ value: 2_530_000, effective_from: '2027-07-01', source: 'Nghị định giả định trong kiểm thử' });
    // The command line reads the same table.
    const cli = JSON.parse(runCli(['calc', 'mandatory', '--wage', '60000000', '--date', '2027-07-01', '--json'], envFor(database)).stdout);
    expect(cli.base).toBe(50_600_000);
    // The voluntary cap follows (20 × the reference level).
    const v = await client.post('/api/calc/voluntary', { income: 50_000_000, group: 'khac', date: '2027-07-15' });
    expect(v.json.result.contribution).toBe(11_000_000);
    expect((await client.post('/api/calc/voluntary', { income: 50_000_000, group: 'khac', date: '2027-06-15' })).status).toBe(400);
  }));

  it('a new interest rate splits the late period; the end-day convention is a parameter', () => withLawChanges(async (law) => {
    await law.addParam(
      `INSERT INTO legal_param (key, value, unit, effective_from, source, status) VALUES ('late.interest_per_day', 0.0005, 'ratio', '2026-03-16', 'Giả định trong kiểm thử', 'law')`,
    );
    const r = (await client.post('/api/calc/late', { amount: 100_000_000, due: '2026-02-28', paid: '2026-03-30' })).json.result;
    expect(r.days).toBe(30);
    expect(r.interest).toBe(15 * 30_000 + 15 * 50_000);
    expect(r.segments).toEqual([
      { from: '2026-03-01', to: '2026-03-15', days: 15, rate: 0.0003 },
      { from: '2026-03-16', to: '2026-03-30', days: 15, rate: 0.0005 },
    ]);
    const early = (await client.post('/api/calc/late', { amount: 100_000_000, due: '2026-01-31', paid: '2026-03-02' })).json.result;
    expect(early.interest).toBe(30 * 30_000); // unchanged before the new rate
    await law.setParam('late.interest_count_paid_day', 0);
    const noPaidDay = (await client.post('/api/calc/late', { amount: 100_000_000, due: '2026-01-31', paid: '2026-03-02' })).json.result;
    expect(noPaidDay.days).toBe(29);
    expect(noPaidDay.interest).toBe(29 * 30_000);
  }));

  it('a public holiday added to the table moves the unemployment start date', () => withLawChanges(async (law) => {
    const start = async () => (await client.post('/api/calc/unemployment', { avg_wage: 8_000_000, region: 'II', months_contributed: 24, months_in_window: 24, filed: '2026-11-02' })).json.result.start_date;
    expect(await start()).toBe('2026-11-17');
    await law.addHoliday('2026-11-09', 'Ngày nghỉ giả định', 'kiểm thử');
    expect(await start()).toBe('2026-11-18');
  }));

  it('lists the rules in force at a date with their status', async () => {
    const r = await client.get('/api/calc/rules?date=2027-01-01');
    expect(r.status).toBe(200);
    const line = r.json.rules.find((x: { key: string }) => x.key === 'rural_poverty_line');
    expect(line).toMatchObject({ value: 2_200_000, status: 'press', effective_from: '2027-01-01' });
    expect(r.json.rules.filter((x: { status: string }) => x.status === 'unverified').length).toBeGreaterThan(3);
    // One row per key, in key order, each with its name and note.
    const keys = r.json.rules.map((x: { key: string }) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(line).sort()).toEqual(['effective_from', 'effective_to', 'key', 'label', 'note', 'source', 'status', 'unit', 'value']);
    expect(line.label).not.toBe('Tham số pháp lý chưa có tên');
    const age = r.json.rules.find((x: { key: string }) => x.key === 'retirement_age_months.M');
    expect(age).toMatchObject({ value: 741, effective_from: '2027-01-01', effective_to: '2027-12-31' });
  });

  it('the calculators\' descriptions quote the legal numbers in force today, from the table', () => withLawChanges(async (law) => {
    const description = async (name: string) =>
      (await client.get('/api/calc/calculators')).json.calculators.find((c: { name: string }) => c.name === name).description as string;
    expect(await description('voluntary')).toBe('Mức đóng 22 % thu nhập lựa chọn, Nhà nước hỗ trợ theo nhóm (tối đa 120 tháng), tỉnh hỗ trợ thêm nếu có.');
    // The interest rate in force today, as the table holds it.
    const rules = (await client.get(`/api/calc/rules?date=${todayVn()}`)).json.rules;
    const ipd = rules.find((x: { key: string }) => x.key === 'late.interest_per_day').value;
    expect(await description('late')).toBe(`${formatRatioPct(ipd)}/ngày × số tiền chậm đóng × số ngày chậm, tính từ ngày sau hạn đóng.`);
    await law.addParam(
      `INSERT INTO legal_param (key, value, unit, effective_from, source, status) VALUES ('rate.voluntary', 0.25, 'ratio', $1, 'Giả định trong kiểm thử', 'law')`, [todayVn()],
    );
    expect(await description('voluntary')).toMatch(/^Mức đóng 25 % thu nhập lựa chọn/);
    expect(await description('lump-sum')).toContain('Σ 25 %·TN_i');
  }));
});
