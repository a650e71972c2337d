/**
 * While a job runs (issue 16), the dashboard routes answer from their aggregates in memory and every signed-in page
 * can ask what runs and how far it is (GET /api/jobs/current). The job is simulated: registered in the job registry
 * while a connection holds an open transaction (on the embedded engine, it owns the database until it ends).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { startJob } from '../../server/jobs/running.ts';

let database: TestDatabase;
let app: FastifyInstance;
let leader: TestClient;
let commune: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'lanhdao', 'leadership');
  await addUser(database, 'phuong', 'commune', ['05443']);
  leader = await login(app, 'lanhdao');
  commune = await login(app, 'phuong');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('signed-in pages while a job runs', () => {
  it('shows no job when none runs; a job with its step and fraction while it runs; none after', async () => {
    expect((await leader.get('/api/jobs/current')).json.jobs).toEqual([]);
    const job = startJob('reconcile', 'Đối soát dữ liệu', 'quantri');
    try {
      job.update({ fraction: 0.25, stepLabel: 'Liên kết danh tính' });
      const res = await commune.get('/api/jobs/current');
      expect(res.status).toBe(200);
      expect(res.json.engine).toBe(database.engine);
      expect(res.json.jobs).toEqual([expect.objectContaining({ kind: 'reconcile', label: 'Đối soát dữ liệu', stepLabel: 'Liên kết danh tính', fraction: 0.25 })]);
      // Who started it is not shown to every account.
      expect(res.json.jobs[0].startedBy).toBeUndefined();
    } finally {
      job.finish();
    }
    expect((await leader.get('/api/jobs/current')).json.jobs).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/jobs/current' })).statusCode).toBe(401);
  });

  it('the overview, the commune page and the session answer at once, with the same figures, while the job holds the database', async () => {
    const before = {
      overview: (await leader.get('/api/progress/overview')).body,
      commune: (await commune.get('/api/progress/communes/05443')).body,
    };
    expect(JSON.parse(before.overview)).toBeTruthy();
    const job = startJob('reconcile', 'Đối soát dữ liệu', 'quantri');
    const holder = await database.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM progress_summary');
      const t0 = performance.now();
      const [overview, page, me] = await Promise.all([
        leader.get('/api/progress/overview'),
        commune.get('/api/progress/communes/05443'),
        commune.get('/api/auth/me'),
      ]);
      expect(performance.now() - t0).toBeLessThan(1500);
      expect(overview.status).toBe(200);
      expect(overview.body).toBe(before.overview);
      expect(page.status).toBe(200);
      expect(page.body).toBe(before.commune);
      expect(me.status).toBe(200);
      await holder.query('COMMIT');
    } finally {
      holder.release();
      job.finish();
    }
  });

  it('the findings pages say that a reconciliation runs instead of waiting for it on the embedded engine', async () => {
    await addUser(database, 'bhxh', 'social_security');
    const bhxh = await login(app, 'bhxh');
    expect((await bhxh.get('/api/findings')).status).toBe(200);
    const job = startJob('reconcile', 'Đối soát dữ liệu', 'quantri');
    try {
      job.update({ fraction: 0.5, stepLabel: 'Người lao động chưa tham gia' });
      const res = await bhxh.get('/api/findings');
      if (database.engine === 'pglite') {
        expect(res.status).toBe(503);
        expect(res.json.error.message).toContain('Đang đối soát dữ liệu — Người lao động chưa tham gia (50 %)');
      } else {
        expect(res.status).toBe(200);
      }
    } finally {
      job.finish();
    }
    expect((await bhxh.get('/api/findings')).status).toBe(200);
  });
});
