/**
 * Property: each body sees and edits only its own campaigns (a commune account: those of its communes); leadership,
 * Home Affairs and the administrator (directive.follow) read all, and edit none but their own body's.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import { CAMPAIGN_CHANNELS } from '#shared/directive/campaigns.ts';

let database: TestDatabase;
let app: FastifyInstance;
const A = '05443';
const B = '05716';

interface Account { name: string; role: RoleCode; communes: string[] | null; client: TestClient }
const accounts: Account[] = [];
const SPECS: Array<[string, RoleCode, string[] | null]> = [
  ['bhxh', 'social_security', null], ['thue', 'tax', null], ['congan', 'police', null], ['noivu', 'home_affairs', null],
  ['lanhdao', 'leadership', null], ['quantri', 'admin', null], ['xaa', 'commune', [A]], ['xab', 'commune', [B]],
];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  for (const [name, role, communes] of SPECS) {
    await addUser(database, name, role, communes ?? undefined);
    accounts.push({ name, role, communes, client: await login(app, name) });
  }
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

interface Made { id: number; agency: string; communes: string[]; by: string }

const follows = (a: Account) => ROLES[a.role].can.includes('directive.follow');
const owns = (a: Account, c: Made) =>
  ROLES[a.role].can.includes('directive.report') && ROLES[a.role].agency === c.agency &&
  (a.communes === null || (c.communes.length > 0 && c.communes.every((x) => a.communes!.includes(x))));

describe('campaign access', () => {
  it('a body sees and edits only its own; the followers read all (property over accounts and activities)', async () => {
    const made: Made[] = [];
    const activity = fc.record({
      by: fc.constantFrom(...accounts),
      channel: fc.constantFrom(...CAMPAIGN_CHANNELS),
      day: fc.integer({ min: 1, max: 28 }),
      communes: fc.subarray([A, B]),
      attendees: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(activity, fc.constantFrom(...accounts), async (act, viewer) => {
        const body = {
          heldOn: `2026-05-${String(act.day).padStart(2, '0')}`, channel: act.channel, title: 'Hội nghị tuyên truyền BHXH tự nguyện',
          audience: 'informal_workers', communes: act.communes, attendees: act.attendees,
        };
        const res = await act.by.client.post('/api/directive/campaigns', body);
        const mayRecord = ROLES[act.by.role].can.includes('directive.report') &&
          (act.by.communes === null || (act.communes.length > 0 && act.communes.every((c) => act.by.communes!.includes(c))));
        expect(res.status, `${act.by.name} ${JSON.stringify(act.communes)} → ${res.body}`).toBe(mayRecord ? 201 : act.by.communes !== null && act.communes.length === 0 ? 400 : 403);
        if (res.status === 201) {
          expect(res.json.agency).toBe(ROLES[act.by.role].agency);
          made.push({ id: res.json.id, agency: res.json.agency, communes: act.communes, by: act.by.name });
        }

        // Reading: exactly the activities the rule allows.
        const list = await viewer.client.get('/api/directive/campaigns?year=2026');
        expect(list.status).toBe(200);
        const seen = new Set<number>(list.json.campaigns.map((c: { id: number }) => c.id));
        const expected = made.filter((c) => follows(viewer) || owns(viewer, c)).map((c) => c.id);
        expect([...seen].sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));

        // Editing a random existing activity: only its own body's account may.
        if (made.length) {
          const target = made[act.day % made.length];
          const change = await viewer.client.send('PUT', `/api/directive/campaigns/${target.id}`, { ...body, communes: target.communes });
          const expectedStatus = owns(viewer, target) ? 200 : follows(viewer) ? 403 : 404;
          expect(change.status, `${viewer.name} edits ${target.by}'s ${target.id}: ${change.body}`).toBe(expectedStatus);
          if (change.status !== 200) expect(change.json.error.message).toMatch(/quyền|không tồn tại/);
        }
      }),
      { numRuns: 40 },
    );
    expect(made.length).toBeGreaterThan(5);
    const audited = await database.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'campaign' AND action = 'change'`);
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(made.length);
  });

  it('deleting another body’s activity is refused and leaves it in place', async () => {
    const bhxh = accounts.find((a) => a.name === 'bhxh')!;
    const thue = accounts.find((a) => a.name === 'thue')!;
    const res = await bhxh.client.post('/api/directive/campaigns', { heldOn: '2026-06-01', channel: 'press', title: 'Bài viết về BHXH', audience: 'general_public', articles: 3 });
    expect(res.status).toBe(201);
    expect((await thue.client.send('DELETE', `/api/directive/campaigns/${res.json.id}`)).status).toBe(404);
    expect((await bhxh.client.get('/api/directive/campaigns')).json.campaigns.some((c: { id: number }) => c.id === res.json.id)).toBe(true);
    expect((await bhxh.client.send('DELETE', `/api/directive/campaigns/${res.json.id}`)).status).toBe(200);
  });

  it('plans: a body sets its own plan and sees done against planned; bad input is refused in Vietnamese', async () => {
    const bhxh = accounts.find((a) => a.name === 'bhxh')!;
    const put = await bhxh.client.send('PUT', '/api/directive/campaigns/plan', { year: 2026, counts: { conference: 4, press: 10 } });
    expect(put.status, put.body).toBe(200);
    const own = put.json.rows.filter((r: { agency: string }) => r.agency === 'BHXH');
    const conference = own.find((r: { channel: string }) => r.channel === 'conference');
    const done = (await database.pool.query(`SELECT count(*)::int AS n FROM campaign_activity WHERE agency_code = 'BHXH' AND channel = 'conference' AND held_on BETWEEN '2026-01-01' AND '2026-12-31'`)).rows[0].n;
    expect(conference).toMatchObject({ planned: 4, done });
    expect(put.json.rows.every((r: { agency: string }) => r.agency === 'BHXH')).toBe(true);
    const bad = await bhxh.client.send('PUT', '/api/directive/campaigns/plan', { year: 2026, counts: { conference: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('không được âm');
    const commune = accounts.find((a) => a.name === 'xaa')!;
    expect((await commune.client.send('PUT', '/api/directive/campaigns/plan', { year: 2026, unit: B, counts: { loudspeaker: 5 } })).status).toBe(403);
    expect((await commune.client.send('PUT', '/api/directive/campaigns/plan', { year: 2026, unit: A, counts: { loudspeaker: 5 } })).status).toBe(200);
    const leadership = accounts.find((a) => a.name === 'lanhdao')!;
    const all = await leadership.client.get('/api/directive/campaigns/plan?year=2026');
    expect(all.json.rows.some((r: { agency: string; unit: string; planned: number }) => r.agency === 'UBND_XA' && r.unit === A && r.planned === 5)).toBe(true);
    expect((await leadership.client.send('PUT', '/api/directive/campaigns/plan', { year: 2026, counts: { press: 1 } })).status).toBe(403);
  });
});
