/**
 * The report versions through the API: generation answers 202 and runs off the HTTP path; draft → reviewed → signed
 * with its number; a signed version is frozen (the database refuses changes) and downloads byte for byte the same;
 * roles outside a kind's data are refused in Vietnamese; every download is audited. Uses the `debts` kind, whose
 * builder needs no progress data (an empty list is a valid report), and `annual` on an empty database for a failure.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { idle } from '../../server/reports/queue.ts';
import type { FastifyInstance } from 'fastify';

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient;
let bhxhLeader: TestClient;
let homeAffairs: TestClient;
let commune: TestClient;
let tax: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'bhxhld', 'social_security', undefined, true);
  await addUser(database, 'noivu', 'home_affairs');
  await addUser(database, 'xa', 'commune', ['05443']);
  await addUser(database, 'thue', 'tax');
  [bhxh, bhxhLeader, homeAffairs, commune, tax] = await Promise.all(['bhxh', 'bhxhld', 'noivu', 'xa', 'thue'].map((u) => login(app, u)));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

async function generated(client: TestClient, body: unknown) {
  const r = await client.post('/api/reports', body);
  expect(r.status, r.body).toBe(202);
  await idle();
  return r.json.id as number;
}

describe('report versions', () => {
  it('lists the kinds as data, each with what the account may do', async () => {
    const r = await bhxh.get('/api/reports/kinds');
    expect(r.status).toBe(200);
    const ids = r.json.kinds.map((k: { id: string }) => k.id);
    expect(ids).toEqual(expect.arrayContaining(['annual', 'progress', 'debts', 'outreach']));
    const debts = r.json.kinds.find((k: { id: string }) => k.id === 'debts');
    expect(debts.canGenerate).toBe(true);
    expect(r.json.kinds.find((k: { id: string }) => k.id === 'annual').canGenerate).toBe(false);
    expect((await tax.get('/api/reports/kinds')).status).toBe(403);
  });

  it('generates a draft off the HTTP path, reviews, signs with a number, and freezes it byte for byte', async () => {
    const id = await generated(bhxh, { kind: 'debts', params: { year: 2026, month: 10 } });
    let v = await bhxh.get(`/api/reports/versions/${id}`);
    expect(v.status).toBe(200);
    expect(v.json.state).toBe('draft');
    expect(v.json.progress).toBe(100);
    expect(v.json.files.map((f: { format: string }) => f.format).sort()).toEqual(['docx', 'pdf', 'xlsx']);
    expect(v.json.dataIds).toHaveProperty('importBatches');
    expect(v.json.canReview).toBe(true);
    expect(v.json.canSign).toBe(false);

    // Not reviewed yet: signing is refused; the reviewer is not the leader.
    const early = await bhxhLeader.post(`/api/reports/versions/${id}/sign`, { comment: 'ký' });
    expect(early.status).toBe(409);
    expect(early.body).toMatch(/Chỉ ký được phiên bản đã duyệt/);
    expect((await bhxh.post(`/api/reports/versions/${id}/review`, {})).status).toBe(200);
    const notLeader = await bhxh.post(`/api/reports/versions/${id}/sign`, {});
    expect(notLeader.status).toBe(403);
    expect(notLeader.body).toMatch(/lãnh đạo/);
    const signed = await bhxhLeader.post(`/api/reports/versions/${id}/sign`, { comment: 'Đồng ý ký' });
    expect(signed.status, signed.body).toBe(200);
    expect(signed.json.state).toBe('signed');
    expect(signed.json.number).toMatch(/^1\/BC-BHXH$/);
    expect(signed.json.actions.map((a: { action: string }) => a.action)).toEqual(['generate', 'built', 'review', 'sign']);

    const a = await bhxh.get(`/api/reports/versions/${id}/file/docx`);
    const b = await bhxhLeader.get(`/api/reports/versions/${id}/file/docx`);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toMatch(/wordprocessingml/);
    expect(Buffer.compare(a.raw, b.raw)).toBe(0);
    expect(a.raw.subarray(0, 2).toString()).toBe('PK');
    const x = await bhxh.get(`/api/reports/versions/${id}/file/xlsx`);
    expect(x.raw.subarray(0, 2).toString()).toBe('PK');

    // Frozen in the database: neither its row nor its files change.
    await expect(database.pool.query(`UPDATE report_version SET data_ids = '{}'::jsonb WHERE id = $1`, [id])).rejects.toThrow(/frozen/);
    await expect(database.pool.query(`UPDATE report_file SET bytes = 'x'::bytea WHERE version_id = $1`, [id])).rejects.toThrow(/frozen/);
    await expect(database.pool.query(`DELETE FROM report_action WHERE version_id = $1`, [id])).rejects.toThrow(/append-only/);
    // Nothing more to do on it.
    expect((await bhxh.post(`/api/reports/versions/${id}/return`, { comment: 'sai' })).status).toBe(409);

    // Downloads are audited and logged on the version.
    const audited = await database.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'report_version' AND object_id = $1 AND action = 'export'`, [String(id)]);
    expect(audited.rows[0].n).toBe(3);
    v = await bhxh.get(`/api/reports/versions/${id}`);
    expect(v.json.actions.filter((x: { action: string }) => x.action === 'download')).toHaveLength(3);
  });

  it('a new generate of the same parameters makes a new version; a return needs a reason', async () => {
    const first = await generated(bhxh, { kind: 'debts', params: { year: 2026, month: 11 } });
    const second = await generated(bhxh, { kind: 'debts', params: { year: 2026, month: 11 } });
    const [a, b] = await Promise.all([bhxh.get(`/api/reports/versions/${first}`), bhxh.get(`/api/reports/versions/${second}`)]);
    expect(b.json.version).toBe(a.json.version + 1);
    const noReason = await bhxh.post(`/api/reports/versions/${second}/return`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatch(/lý do trả lại/);
    const returned = await bhxh.post(`/api/reports/versions/${second}/return`, { comment: 'Thiếu số liệu tháng 11' });
    expect(returned.json.state).toBe('returned');
    const list = await bhxh.get('/api/reports/versions?kind=debts');
    expect(list.json.versions.map((x: { id: number }) => x.id)).toEqual(expect.arrayContaining([first, second]));
  });

  it('refuses roles outside the kind’s data, in Vietnamese, and hides versions they may not read', async () => {
    const id = await generated(bhxh, { kind: 'debts', params: { year: 2026 } });
    const byCommune = await commune.post('/api/reports', { kind: 'debts', params: { year: 2026, commune: '05443' } });
    expect(byCommune.status).toBe(403);
    expect(byCommune.body).toMatch(/Tài khoản không được lập báo cáo/);
    const provinceProgress = await commune.post('/api/reports', { kind: 'progress', params: { year: 2026, month: 10 } });
    expect(provinceProgress.status).toBe(403);
    expect(provinceProgress.body).toMatch(/của toàn tỉnh/);
    expect((await commune.get(`/api/reports/versions/${id}`)).status).toBe(404);
    expect((await commune.get(`/api/reports/versions/${id}/file/docx`)).status).toBe(404);
    // Home Affairs reads debts lists (read role) but does not review them.
    expect((await homeAffairs.get(`/api/reports/versions/${id}`)).status).toBe(200);
    const review = await homeAffairs.post(`/api/reports/versions/${id}/review`, {});
    expect(review.status).toBe(403);
    expect(review.body).toMatch(/không được duyệt/);
  });

  it('checks parameters against the kind, in Vietnamese', async () => {
    const both = await bhxh.post('/api/reports', { kind: 'progress', params: { year: 2026, month: 1, quarter: 1 } });
    expect(both.status).toBe(400);
    expect(both.body).toMatch(/tháng hoặc quý/);
    const noPeriod = await bhxh.post('/api/reports', { kind: 'progress', params: { year: 2026 } });
    expect(noPeriod.status).toBe(400);
    expect(noPeriod.body).toMatch(/cần tháng hoặc quý/);
    const unknown = await bhxh.post('/api/reports', { kind: 'khong_co', params: { year: 2026 } });
    expect(unknown.status).toBe(404);
    const badCommune = await bhxh.post('/api/reports', { kind: 'debts', params: { year: 2026, commune: '99999' } });
    expect(badCommune.status).toBe(400);
    expect(badCommune.body).toMatch(/Mã xã, phường không có trong tỉnh/);
  });

  it('a build without data fails on its version with a Vietnamese reason', async () => {
    const id = await generated(homeAffairs, { kind: 'annual', params: { year: 2026, month: 10 } });
    const v = await homeAffairs.get(`/api/reports/versions/${id}`);
    expect(v.json.state).toBe('failed');
    expect(v.json.error).toMatch(/Không có số liệu người tham gia tháng 10\/2026/);
    expect((await homeAffairs.get(`/api/reports/versions/${id}/file/docx`)).status).toBe(409);
  });
});
