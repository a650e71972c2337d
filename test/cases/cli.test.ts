/** `baophu cases open` and `baophu cases list` as real child processes on the test database. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, A } from '../reconcile/world.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
const q = async (text: string, params: unknown[] = []) => (await database.pool.query(text, params)).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  env = envFor(database);
});
afterAll(async () => {
  await database?.destroy();
});

const COLUMNS = 'case_id,type,finding_code,subject_id,commune_code,stage,owner_role,due_date,overdue,status,opened_at,closed_at,amount_vnd,recovered_vnd';

describe('baophu cases', () => {
  it('opens a case for every open finding of a code without one, and says how many', async () => {
    const expected = Number((await q(`SELECT count(*) AS n FROM finding WHERE code = 'DN_KHAI_THAP_LUONG' AND resolved_run_id IS NULL AND status <> 'dismissed'`))[0].n);
    expect(expected).toBeGreaterThan(0);
    const r = runCli(['cases', 'open', '--code', 'DN_KHAI_THAP_LUONG', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'DN_KHAI_THAP_LUONG', opened: expected });
    const again = runCli(['cases', 'open', '--code', 'DN_KHAI_THAP_LUONG'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Đã mở 0 hồ sơ');
    const inA = runCli(['cases', 'open', '--code', 'DN_CHAM_DONG', '--commune', A, '--json'], env);
    expect(JSON.parse(inA.stdout).opened).toBe(Number((await q(`SELECT count(*) AS n FROM finding WHERE code = 'DN_CHAM_DONG' AND commune_code = $1 AND resolved_run_id IS NULL`, [A]))[0].n));
    expect((await q(`SELECT DISTINCT opened_via FROM work_case WHERE finding_code = 'DN_KHAI_THAP_LUONG'`))).toEqual([{ opened_via: 'cli' }]);
  });

  it('refuses bad options with a Vietnamese message and exit code 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['cases', 'open'], /Thiếu --code/],
      [['cases', 'open', '--code', 'XYZ'], /mã phát hiện không hợp lệ "XYZ"/],
      [['cases', 'open', '--code', 'TIEM_NANG_TU_NGUYEN'], /không mở hồ sơ/],
      [['cases', 'open', '--code', 'DN_CHAM_DONG', '--commune', '123'], /5 chữ số/],
      [['cases', 'list'], /Thiếu --format/],
      [['cases', 'list', '--format', 'xlsx'], /csv hoặc json/],
      [['cases', 'list', '--format', 'csv', '--status', 'pending'], /--status/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('lists cases as CSV with a BOM and the contract columns, and as JSON, with filters', async () => {
    const out = path.join(TMP_ROOT, `cases-${process.pid}.csv`);
    fs.mkdirSync(TMP_ROOT, { recursive: true });
    const r = runCli(['cases', 'list', '--format', 'csv', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    fs.rmSync(out);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(COLUMNS);
    const all = await q(`SELECT id, case_type, finding_code, subject_id, frozen_amount_vnd FROM work_case ORDER BY id`);
    expect(lines.length - 1).toBe(all.length);
    const first = lines[1].split(',');
    expect(first.slice(0, 4)).toEqual([String(all[0].id), all[0].case_type, all[0].finding_code, all[0].subject_id]);
    expect(first[12]).toBe(String(all[0].frozen_amount_vnd));

    const json = runCli(['cases', 'list', '--format', 'json', '--type', 'enforcement', '--status', 'open'], env);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.length).toBe(all.filter((c) => c.case_type === 'enforcement').length);
    expect(Object.keys(rows[0])).toEqual(COLUMNS.split(','));
    // Overdue: make one case overdue and list only those.
    await database.pool.query(`UPDATE work_case SET due_date = '2026-01-02' WHERE id = $1`, [all[0].id]);
    const overdue = JSON.parse(runCli(['cases', 'list', '--format', 'json', '--overdue'], env).stdout) as Array<{ case_id: number; overdue: boolean }>;
    expect(overdue).toEqual([expect.objectContaining({ case_id: Number(all[0].id), overdue: true })]);
  });
});
