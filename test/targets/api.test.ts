import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { addNguoi, addDanCu, addLaoDong, randomParticipants, activeByHomeCommune } from './seed.ts';

const COMMUNES = ['05443', '01843', '05860', '05908'];
const MINE = '05443';
let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient, homeAffairs: TestClient, leader: TestClient, stats: TestClient, communeUser: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const data = randomParticipants(21, 800, COMMUNES, '2026-09-01');
  await addDanCu(database, data.dan);
  await addNguoi(database, '2026-09-01', data.rows);
  await addLaoDong(database, COMMUNES.map((c, i) => ({ commune_code: c, year: 2026, lf: 1000 + 250 * i })));
  await refreshProgress(database);
  app = await testApp(database);
  await addUser(database, 'admin1', 'admin');
  await addUser(database, 'snv1', 'home_affairs');
  await addUser(database, 'ld1', 'leadership');
  await addUser(database, 'tk1', 'statistics');
  await addUser(database, 'xa1', 'commune', [MINE]);
  [admin, homeAffairs, leader, stats, communeUser] = await Promise.all(['admin1', 'snv1', 'ld1', 'tk1', 'xa1'].map((u) => login(app, u)));
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('dashboards', () => {
  it('shows the province headline, the series and every commune to a province account', async () => {
    const res = await leader.get('/api/progress/overview');
    expect(res.status).toBe(200);
    const o = res.json;
    expect(o.year).toBe(2026);
    expect(o.asOfPeriod).toBe('2026-09-01');
    const expected = await activeByHomeCommune(database, '2026-09-01');
    expect(o.headline.unitCode).toBe('19');
    expect(o.headline.activeTotal).toBe(expected.get('19')!.total);
    expect(o.headline.activeMandatory).toBe(expected.get('19')!.mandatory);
    expect(o.communes).toHaveLength(92);
    for (const c of COMMUNES) expect(o.communes.find((r: any) => r.unitCode === c).activeTotal).toBe(expected.get(c)!.total);
    expect(o.headline.labourForceWorkingAge).toBe(1000 + 1250 + 1500 + 1750);
    expect(o.headline.coveragePct).toBeCloseTo((expected.get('19')!.total / 5500) * 100, 2);
    expect(o.series.length).toBe(21); // Jan 2025 .. Sep 2026
    expect(o.series[o.series.length - 1].total).toBe(o.headline.activeTotal);
    expect(o.headline.forecast.path.map((p: any) => p.period)).toEqual(['2026-10-01', '2026-11-01', '2026-12-01']);
    expect(o.method.coverageRule).toContain('lực lượng lao động trong độ tuổi');
    // Whether 2026 has targets depends on which tests of this file ran before; 2025 never has any.
    const untargeted = (await leader.get('/api/progress/overview?year=2025&month=12')).json;
    expect(untargeted.asOfPeriod).toBe('2025-12-01');
    expect(untargeted.statusCounts.none).toBe(92);
    expect(untargeted.headline.statusLabel).toBe('Chưa có chỉ tiêu');
  });

  it('limits a commune account to its commune, on the server', async () => {
    const o = (await communeUser.get('/api/progress/overview')).json;
    expect(o.scope.all).toBe(false);
    expect(o.communes.map((r: any) => r.unitCode)).toEqual([MINE]);
    expect(o.headline.unitCode).toBe(MINE);
    const expected = await activeByHomeCommune(database, '2026-09-01');
    expect(o.headline.activeTotal).toBe(expected.get(MINE)!.total);
    expect(o.series[o.series.length - 1].total).toBe(expected.get(MINE)!.total);
    expect((await communeUser.get(`/api/progress/communes/${MINE}`)).status).toBe(200);
    const other = await communeUser.get('/api/progress/communes/01843');
    expect(other.status).toBe(404);
    expect(other.json.error.message).toContain('không có quyền xem');
    const csv = await communeUser.get('/api/progress/export?format=csv');
    expect(csv.status).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].startsWith(`${MINE},`)).toBe(true);
  });

  it('answers the commune page with its series and validates the code', async () => {
    const d = (await leader.get('/api/progress/communes/01843')).json;
    expect(d.commune.name).toBe('Phường Bắc Kạn');
    const expected = await activeByHomeCommune(database, '2026-09-01');
    expect(d.row.activeTotal).toBe(expected.get('01843')!.total);
    expect(d.series.at(-1).total).toBe(expected.get('01843')!.total);
    const bad = await leader.get('/api/progress/communes/abc');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('Mã xã phải gồm 5 chữ số');
    expect((await leader.get('/api/progress/communes/99999')).status).toBe(404);
  });

  it('computes another month of the year on request', async () => {
    const o = (await leader.get('/api/progress/overview?year=2026&month=3')).json;
    expect(o.asOfPeriod).toBe('2026-03-01');
    const expected = await activeByHomeCommune(database, '2026-03-01');
    expect(o.headline.activeTotal).toBe(expected.get('19')!.total);
  });
});

describe('targets: draft → submitted → approved, versioned', () => {
  it('refuses edits without the right and validates lines in Vietnamese', async () => {
    const denied = await stats.post('/api/targets/province/2026', { lines: [{ unitCode: '19', total: 500, voluntary: 50 }] });
    expect(denied.status).toBe(403);
    const bad = await homeAffairs.post('/api/targets/province/2026', { lines: [{ unitCode: '19', total: 50, voluntary: 60 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('tự nguyện (60) lớn hơn tổng chỉ tiêu BHXH (50)');
    const wrongUnit = await homeAffairs.post('/api/targets/commune/2026', { lines: [{ unitCode: '12345', total: 5, voluntary: 1 }] });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.json.error.message).toContain('không thuộc tỉnh');
    const badYear = await homeAffairs.post('/api/targets/province/2031', { lines: [{ unitCode: '19', total: 5, voluntary: 1 }] });
    expect(badYear.status).toBe(400);
  });

  it('saves, submits and approves the province target with the resolution, keeping every version', async () => {
    const auditedBefore = Number((await database.pool.query(`SELECT coalesce(max(id), 0) AS id FROM audit_log`)).rows[0].id);
    const expected = await activeByHomeCommune(database, '2026-09-01');
    const total = expected.get('19')!.total + 40;
    const saved = await homeAffairs.post('/api/targets/province/2026', { lines: [{ unitCode: '19', total, voluntary: 30, mandatory: total - 30 }], expectedVersion: 0 });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBe(1);
    const conflict = await homeAffairs.post('/api/targets/province/2026/submit', { expectedVersion: 0 });
    expect(conflict.status).toBe(409);
    expect((await homeAffairs.post('/api/targets/province/2026/submit', { expectedVersion: 1 })).json.status).toBe('submitted');
    expect((await homeAffairs.post('/api/targets/province/2026/approve', { basis: 'NQ 15/NQ-HĐND', basisDate: '2026-01-20' })).status).toBe(403);
    const missing = await leader.post('/api/targets/province/2026/approve', { basis: '', basisDate: '2026-01-20' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('số nghị quyết');
    const ok = await leader.post('/api/targets/province/2026/approve', { basis: 'NQ 15/NQ-HĐND', basisDate: '2026-01-20', expectedVersion: 2 });
    expect(ok.json).toMatchObject({ version: 3, status: 'approved' });
    const set = (await leader.get('/api/targets/province/2026')).json;
    expect(set.versions.map((v: any) => [v.version, v.status, v.changedBy])).toEqual([[3, 'approved', 'ld1'], [2, 'submitted', 'snv1'], [1, 'draft', 'snv1']]);
    expect(set.effective.basis).toBe('NQ 15/NQ-HĐND');
    expect(set.lines).toEqual([{ unitCode: '19', total, voluntary: 30, mandatory: total - 30, unemployment: null }]);
    await expect(database.pool.query('UPDATE target_version SET status = $1', ['draft'])).rejects.toThrow(/append-only/);
    await expect(database.pool.query('DELETE FROM target_line')).rejects.toThrow(/append-only/);
    // This test's own audit rows (other tests of this file save other sets, in any order).
    const audits = await database.pool.query(`SELECT detail->>'what' AS what FROM audit_log WHERE object_type = 'target_set' AND id > $1 ORDER BY id`, [auditedBefore]);
    expect(audits.rows.map((r) => r.what)).toEqual(['save', 'submit', 'approve']);

    // A new draft does not replace the approved figures until it is approved in turn.
    await homeAffairs.post('/api/targets/province/2026', { lines: [{ unitCode: '19', total: total + 1000, voluntary: 30 }] });
    const o = (await leader.get('/api/progress/overview')).json;
    expect(o.headline.target.total).toBe(total);
    expect(o.headline.target.status).toBe('approved');
    expect(o.headline.statusLabel).toMatch(/Đạt tiến độ|Có nguy cơ|Chậm tiến độ/);
  });

  it('proposes commune targets by four methods that each sum to the province figure, and saves the chosen one', async () => {
    expect((await stats.get('/api/targets/allocation?year=2026')).status).toBe(403);
    const res = await homeAffairs.get('/api/targets/allocation?year=2026&total=1234');
    expect(res.status).toBe(200);
    const a = res.json;
    expect(a.proposals).toHaveLength(4);
    for (const p of a.proposals) {
      const values = Object.values(p.targets) as number[];
      expect(values).toHaveLength(92);
      expect(values.reduce((x, y) => x + y, 0)).toBe(1234);
      expect(p.explanation.length).toBeGreaterThan(30);
    }
    // Labour share only goes to communes with a labour force.
    const labour = a.proposals.find((p: any) => p.method === 'labour_share');
    expect(Object.entries(labour.targets).filter(([, v]) => (v as number) > 0).map(([k]) => k).sort()).toEqual([...COMMUNES].sort());
    const chosen = a.proposals.find((p: any) => p.method === 'gap_share');
    const lines = Object.entries(chosen.targets).map(([unitCode, total]) => ({ unitCode, total, voluntary: 0 }));
    const saved = await homeAffairs.post('/api/targets/commune/2026', { lines, method: 'gap_share' });
    expect(saved.status).toBe(200);
    const set = (await homeAffairs.get('/api/targets/commune/2026')).json;
    expect(set.latest.source).toBe('allocation');
    expect(set.latest.method).toBe('gap_share');
    // The commune account sees its own line only, and not the province set.
    const mine = (await communeUser.get('/api/targets/commune/2026')).json;
    expect(mine.lines.map((l: any) => l.unitCode)).toEqual([MINE]);
    expect((await communeUser.get('/api/targets/province/2026')).status).toBe(404);
    // The overview ranks communes once they have targets.
    const o = (await admin.get('/api/progress/overview')).json;
    const ranked = o.communes.filter((r: any) => r.rank != null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(o.best[0].rank).toBe(1);
  });

  it('submits and approves commune targets only when they add up to the approved province target (a draft may differ)', async () => {
    const year = 2027;
    const lines = (totals: number[], voluntary = [100, 100, 50, 50]) => COMMUNES.map((unitCode, i) => ({ unitCode, total: totals[i], voluntary: voluntary[i] }));
    const latestVersion = async (level: string) => (await homeAffairs.get(`/api/targets/${level}/${year}`)).json.latest?.version ?? 0;
    const saveCommunes = async (totals: number[], voluntary?: number[]) => {
      const res = await homeAffairs.post(`/api/targets/commune/${year}`, { lines: lines(totals, voluntary), expectedVersion: await latestVersion('commune') });
      expect(res.status).toBe(200);
    };
    const submitCommunes = async () => homeAffairs.post(`/api/targets/commune/${year}/submit`, { expectedVersion: await latestVersion('commune') });
    const approve = async (level: string) => leader.post(`/api/targets/${level}/${year}/approve`, { basis: 'NQ 20/NQ-HĐND', basisDate: '2027-01-15', expectedVersion: await latestVersion(level) });
    const setProvince = async (total: number) => {
      expect((await homeAffairs.post(`/api/targets/province/${year}`, { lines: [{ unitCode: '19', total, voluntary: 300 }], expectedVersion: await latestVersion('province') })).status).toBe(200);
      expect((await homeAffairs.post(`/api/targets/province/${year}/submit`, { expectedVersion: await latestVersion('province') })).status).toBe(200);
      expect((await approve('province')).status).toBe(200);
    };

    // A draft summing to 35.721 is saved; with no approved province target it cannot be submitted.
    await saveCommunes([10_000, 10_000, 10_000, 5_721]);
    const early = await submitCommunes();
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe(`Chưa có chỉ tiêu của tỉnh năm ${year} đã được phê duyệt: chỉ trình hoặc phê duyệt chỉ tiêu giao các xã, phường (tổng 35.721) sau khi chỉ tiêu của tỉnh được phê duyệt.`);

    // The province target 3.355 is approved: the commune draft of 35.721 is still refused, naming both sums and the difference.
    await setProvince(3_355);
    const mismatch = await submitCommunes();
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.error.message).toBe(`Tổng chỉ tiêu giao các xã, phường (35.721) khác chỉ tiêu của tỉnh năm ${year} đã phê duyệt (3.355), chênh +32.366. Hãy điều chỉnh cho khớp trước khi trình hoặc phê duyệt.`);
    const shown = (await homeAffairs.get(`/api/targets/commune/${year}`)).json;
    expect(shown.latest.status).toBe('draft');
    expect(shown.sumCheck).toMatchObject({ ok: false, communeTotal: 35_721, provinceTotal: 3_355, difference: 32_366 });
    expect((await communeUser.get(`/api/targets/commune/${year}`)).json.sumCheck).toBeNull();

    // Voluntary targets below the province minimum are refused too.
    await saveCommunes([1_000, 1_000, 1_000, 355], [100, 100, 50, 10]);
    const lowVoluntary = await submitCommunes();
    expect(lowVoluntary.status).toBe(409);
    expect(lowVoluntary.json.error.message).toContain('(260) thấp hơn mức tối thiểu của tỉnh năm 2027 đã phê duyệt (300), thiếu 40');

    // Equal sums: submitted.
    await saveCommunes([1_000, 1_000, 1_000, 355]);
    expect((await homeAffairs.get(`/api/targets/commune/${year}`)).json.sumCheck).toMatchObject({ ok: true, reason: null, difference: 0 });
    expect((await submitCommunes()).status).toBe(200);

    // The province target is revised and approved (3.400) while the communes wait: their approval is refused.
    await setProvince(3_400);
    const stale = await approve('commune');
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('(3.355) khác chỉ tiêu của tỉnh năm 2027 đã phê duyệt (3.400), chênh -45');
    expect((await homeAffairs.get(`/api/targets/commune/${year}`)).json.latest.status).toBe('submitted');

    // Adjusted to 3.400: submitted and approved.
    await saveCommunes([1_000, 1_000, 1_000, 400]);
    expect((await submitCommunes()).status).toBe(200);
    const approved = await approve('commune');
    expect(approved.status).toBe(200);
    expect(approved.json.status).toBe('approved');
    const versions = await database.pool.query(
      `SELECT v.status, sum(l.target_total)::int AS total FROM target_version v JOIN target_set s ON s.id = v.set_id JOIN target_line l ON l.version_id = v.id
       WHERE s.level = 'commune' AND s.year = $1 AND v.status <> 'draft' GROUP BY v.id, v.status ORDER BY v.version`,
      [year],
    );
    expect(versions.rows).toEqual([{ status: 'submitted', total: 3_355 }, { status: 'submitted', total: 3_400 }, { status: 'approved', total: 3_400 }]);
  });

  it('records exports in the audit log', async () => {
    const exports = async () => (await database.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export' AND object_type = 'progress'`)).rows[0].n;
    const before = await exports();
    const res = await admin.get('/api/progress/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const header = res.body.replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header.startsWith('Mã xã,Xã/phường,Năm')).toBe(true);
    expect(await exports()).toBe(before + 1);
  });
});
