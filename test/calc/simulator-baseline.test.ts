/**
 * One path for the dashboard and the simulator: the simulator's no-top-up baseline of the forecast year is the
 * dashboard's year-end forecast of voluntary participants, and its starting stock is the dashboard's actual, for
 * the whole province and for a commune account with several communes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { addNguoi, addMonths, type NguoiRow } from '../targets/seed.ts';
import { refreshProgress } from '../../server/targets/service.ts';

let database: TestDatabase;
let app: FastifyInstance;
let province: TestClient;
let communes: TestClient;
const AS_OF = '2026-11-25';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'xa', 'commune', ['01840', '01843']);
  province = await login(app, 'bhxh');
  communes = await login(app, 'xa');
  // Voluntary participants joining faster and faster over two years (a few leaving), some mandatory ones.
  const rows: NguoiRow[] = [];
  let seq = 0;
  const id = () => `0192${String(++seq).padStart(8, '0')}`;
  for (let m = 0; m < 22; m++) {
    const from = addMonths('2025-01-01', m);
    for (const commune of ['01840', '01843', '01849']) {
      const joining = 1 + Math.floor((m * m) / 60) + (commune === '01843' ? 1 : 0);
      for (let k = 0; k < joining; k++) rows.push({ person_id: id(), commune_code: commune, scheme: 'TN', from, to: k === 0 && m % 5 === 0 ? addMonths(from, 6) : null });
      rows.push({ person_id: id(), commune_code: commune, scheme: 'BB', from });
    }
  }
  await addNguoi(database, '2026-10-01', rows);
  await refreshProgress(database);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

const noTopup = { name: 'Không hỗ trợ thêm', topup: { poor: 0, near_poor: 0, ethnic_minority: 0, other: 0 } };

describe('the simulator starts from the dashboard’s figures', () => {
  for (const who of ['province', 'commune account'] as const) {
    it(`its 2026 baseline equals the dashboard's voluntary forecast (${who})`, async () => {
      const client = who === 'province' ? province : communes;
      const overview = await client.get('/api/progress/overview?year=2026');
      expect(overview.status, overview.body).toBe(200);
      const headline = overview.json.headline;
      expect(headline.asOfPeriod).toBe('2026-10-01');
      expect(headline.forecast.voluntary).toBeGreaterThanOrEqual(headline.activeVoluntary); // a growing stock

      const sim = await client.post('/api/calc/simulate', { scenarios: [noTopup], as_of: AS_OF });
      expect(sim.status, sim.body).toBe(200);
      const [result] = sim.json.results;
      const y2026 = result.years.find((y: { year: number }) => y.year === 2026);
      expect(y2026.baseline_participants).toBe(headline.forecast.voluntary);
      expect(y2026.participants).toBe(headline.forecast.voluntary);
      const current = Object.values(result.data.current as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(current).toBe(headline.activeVoluntary);
      expect(result.data.notes.join(' ')).toContain('trang Tổng quan');
    });
  }
});
