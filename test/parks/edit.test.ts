/**
 * Parks and clusters are reference data the bodies correct: the park board its KCN, Industry and Trade its CCN.
 * A spelling added to a park links the employers whose files use it.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser, login, testApp, type TestClient } from '../helpers/app.ts';
import { importFile } from '../../server/ingest/service.ts';

let database: TestDatabase;
let app: FastifyInstance;
let board: TestClient, trade: TestClient, finance: TestClient, admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  for (const [name, role] of [['bql', 'ip_board'], ['sct', 'industry_trade'], ['stc', 'finance'], ['qt', 'admin']] as const) await addUser(database, name, role);
  [board, trade, finance, admin] = await Promise.all(['bql', 'sct', 'stc', 'qt'].map((u) => login(app, u)));
  for (const kind of ['kcn-lao-dong', 'bhxh-don-vi'] as const) {
    const r = await importFile(database, { kind, filePath: path.resolve('test/fixtures/parks', `${kind}.csv`), userName: 'test', replace: true });
    expect(r.status).toBe('imported');
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const auditRows = async (code: string) =>
  (await database.pool.query(`SELECT username, detail->>'operation' AS operation FROM audit_log WHERE object_type = 'industrial_park' AND object_id = $1 ORDER BY id`, [code])).rows;

describe('editing parks and clusters', () => {
  it('the park board adds a spelling to its park: the employer of that spelling is linked; audited', async () => {
    const before = await admin.get('/api/parks');
    const unmatched = before.json.unmatched[0].name as string;
    const res = await board.send('PATCH', '/api/parks/KCN_QUYET_THANG', { aliases: ['Quyết Thắng', unmatched] });
    expect(res.status, res.body).toBe(200);
    const after = await admin.get('/api/parks');
    expect(after.json.unmatched).toEqual([]);
    const quyetThang = after.json.parks.find((p: { code: string }) => p.code === 'KCN_QUYET_THANG');
    expect(quyetThang.employers).toBe(before.json.parks.find((p: { code: string }) => p.code === 'KCN_QUYET_THANG').employers + 1);
    expect(await auditRows('KCN_QUYET_THANG')).toEqual([{ username: 'bql', operation: 'edit' }]);
  });

  it('Industry and Trade adds a cluster; the park board may not, nor edit it; Industry and Trade may not edit a KCN', async () => {
    const cluster = { code: 'CCN_KHA_SON', kind: 'CCN', name: 'Kha Sơn', communes: ['05941'], aliases: ['Cụm công nghiệp Kha Sơn'] };
    expect((await board.post('/api/parks', { ...cluster, code: 'CCN_OTHER' })).status).toBe(403);
    expect((await finance.post('/api/parks', cluster)).status).toBe(403);
    const created = await trade.post('/api/parks', cluster);
    expect(created.status, created.body).toBe(200);
    const detail = await trade.get('/api/parks/CCN_KHA_SON');
    expect(detail.json.park).toMatchObject({ kind: 'CCN', name: 'Kha Sơn', communes: ['05941'], aliases: ['kha son'], editable: true });
    expect((await board.send('PATCH', '/api/parks/CCN_KHA_SON', { name: 'Khác' })).status).toBe(403);
    expect((await trade.send('PATCH', '/api/parks/KCN_YEN_BINH', { name: 'Khác' })).status).toBe(403);
    expect(await auditRows('CCN_KHA_SON')).toEqual([{ username: 'sct', operation: 'create' }]);
  });

  it('refuses a spelling of another park, a wrong code and an unknown commune, in Vietnamese', async () => {
    const clash = await board.send('PATCH', '/api/parks/KCN_GANG_THEP', { aliases: ['KCN Sông Công 2'] });
    expect(clash.status).toBe(409);
    expect(clash.json.error.message).toBe('Tên gọi "KCN Sông Công 2" đã thuộc KCN Sông Công II.');
    const wrongPrefix = await admin.post('/api/parks', { code: 'KCN_ABC', kind: 'CCN', name: 'ABC' });
    expect(wrongPrefix.status).toBe(400);
    expect(wrongPrefix.json.error.details.issues[0].field).toBe('code');
    const commune = await admin.post('/api/parks', { code: 'KCN_MOI', kind: 'KCN', name: 'Mới', communes: ['99999'] });
    expect(commune.status).toBe(400);
    expect(commune.json.error.message).toContain('99999');
    expect((await admin.post('/api/parks', { code: 'KCN_YEN_BINH', kind: 'KCN', name: 'Trùng' })).status).toBe(409);
  });

  it('a park board account limited to some parks edits only those and adds none', async () => {
    // Its own account: editing an account ends its sessions, and the other tests use 'bql' unlimited.
    await addUser(database, 'bql_han_che', 'ip_board');
    const id = Number((await database.pool.query(`SELECT id FROM app_user WHERE username = 'bql_han_che'`)).rows[0].id);
    expect((await admin.send('PATCH', `/api/admin/users/${id}`, { parks: ['KCN_DIEM_THUY'] })).status).toBe(200);
    const limited = await login(app, 'bql_han_che');
    expect((await limited.send('PATCH', '/api/parks/KCN_DIEM_THUY', { note: 'Khu A và B' })).status).toBe(200);
    expect((await limited.send('PATCH', '/api/parks/KCN_QUYET_THANG', { note: 'x' })).status).toBe(404);
    expect((await limited.post('/api/parks', { code: 'KCN_MOI_2', kind: 'KCN', name: 'Mới 2' })).status).toBe(403);
  });
});
