/**
 * The command line a newcomer meets: calculators by their Vietnamese names, numbers and dates read the one
 * Vietnamese way (parseViNumber, parseViDate), the rules still unverified named in the JSON, and `users add` with a
 * wrong role listing the valid ones.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { ROLES } from '#shared/auth/roles.ts';
import { CALCULATOR_ALIASES } from '#shared/calc/registry.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.trim());
};

describe('baophu calc with Vietnamese names', () => {
  it('gives the same answer under the Vietnamese name as under the English one', () => {
    const args = ['--wage', '10.000.000', '--date', '01/07/2026', '--json'];
    const vi = json(runCli(['calc', 'bat-buoc', ...args], envFor(database)));
    const en = json(runCli(['calc', 'mandatory', ...args], envFor(database)));
    expect(vi).toEqual(en);
    expect(vi.base).toBe(10_000_000);
    // The JSON names the rules used that are not yet verified against their document.
    expect(vi.unverified_rules).toEqual(vi.rules.filter((r: { status: string }) => r.status === 'unverified').map((r: { key: string }) => r.key));
    expect(vi.unverified_rules).toContain('rate.employer.health');
  });

  it('lists every Vietnamese name in its help', () => {
    const r = runCli(['calc', '--help'], envFor(database));
    expect(r.code).toBe(0);
    for (const [alias, name] of Object.entries(CALCULATOR_ALIASES)) expect(r.stdout).toMatch(new RegExp(`${alias}\\s+${name}\\s`));
    const one = runCli(['calc', 'mot-lan', '--help'], envFor(database));
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--rate');
    expect(one.stdout).toContain('dd/mm/yyyy');
    // The description quotes the legal numbers of the database's rules in force today.
    expect(one.stdout).toContain('Σ 22 %·TN_i/(1+r)^(i−1), tối đa 60 tháng.');
  });

  it('refuses English-style numbers and impossible dates, in Vietnamese, naming the option', () => {
    const comma = runCli(['calc', 'bat-buoc', '--wage', '10,000,000', '--date', '01/07/2026'], envFor(database));
    expect(comma.code).toBe(2);
    expect(comma.stderr).toContain('--wage');
    expect(comma.stderr).toContain('--wage: Tiền lương tháng (đồng): Chỉ nhập chữ số (ví dụ 1.234.567)');
    const words = runCli(['calc', 'tu-nguyen', '--income', 'ba triệu', '--group', 'khac', '--date', '01/07/2026'], envFor(database));
    expect(words.code).toBe(2);
    expect(words.stderr).toContain('--income');
    expect(words.stderr).toContain('Chỉ nhập chữ số');
    const negative = runCli(['calc', 'cham-dong', '--amount=-3.000.000', '--due', '31/07/2026', '--paid', '15/08/2026'], envFor(database));
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('Không nhận số âm');
    const date = runCli(['calc', 'cham-dong', '--amount', '3.000.000', '--due', '30/02/2026', '--paid', '15/08/2026'], envFor(database));
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--due: Hạn đóng phải có dạng dd/mm/yyyy và là ngày có thật');
    expect(date.stderr).not.toContain('YYYY-MM-DD');
    const dotDecimal = runCli(['calc', 'mot-lan', '--incomes', '2.000.000', '--rate', '0.004'], envFor(database));
    expect(dotDecimal.code).toBe(2);
    expect(dotDecimal.stderr).toContain('--rate');
  });
});

describe('baophu users add with a wrong role', () => {
  it('says the role does not exist and lists every valid role code with its Vietnamese name', () => {
    const r = runCli(['users', 'add', '--username', 'canbo.moi', '--password', 'MatKhau123', '--role', 'xa'], envFor(database));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Vai trò "xa" không có');
    for (const [code, role] of Object.entries(ROLES)) expect(r.stderr).toMatch(new RegExp(`${code}\\s+${role.label}`));
  });
});
