/**
 * Two processes (two `baophu serve` worth of schedulers, each its own Node process and connections) tick at the
 * same fake time: each due time runs exactly once. On PGlite the second process goes through the first opener's
 * database process; on the server each has its own pool.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
const ROOT = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

function tickInProcess(now: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/jobs/tick-once.ts')], {
      cwd: ROOT,
      env: { ...process.env, BAOPHU_TEST_DB_CONFIG: JSON.stringify(database.config), BAOPHU_TEST_NOW: now },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`tick exited ${code}: ${err.slice(-2000)}`))));
  });
}

describe('two server processes', () => {
  it('run a due time once between them, and again once at the next due time', async () => {
    await database.db.updateTable('scheduled_job').set({ enabled: false }).execute();
    const { id } = await database.db.insertInto('scheduled_job')
      .values({ kind: 'test_echo', label: 'Việc thử hai tiến trình', rule: '0 6 5 * *', rule_label: '06:00 ngày 5 hằng tháng', params: '{}', source: 'kiểm thử',
        next_run_at: new Date('2026-11-04T23:00:00Z') })
      .returning('id').executeTakeFirstOrThrow();
    for (const now of ['2026-11-05T00:00:00Z', '2026-12-05T00:00:00Z']) {
      const [a, b] = await Promise.all([tickInProcess(now), tickInProcess(now)]);
      expect([...a, ...b]).toHaveLength(1);
    }
    const runs = await database.db.selectFrom('job_run').select(['due_at', 'state', 'claimed_by']).where('schedule_id', '=', id).orderBy('due_at').execute();
    expect(runs.map((r) => [new Date(r.due_at).toISOString(), r.state])).toEqual([
      ['2026-11-04T23:00:00.000Z', 'done'],
      ['2026-12-04T23:00:00.000Z', 'done'],
    ]);
    expect(runs.every((r) => String(r.claimed_by).startsWith('proc:'))).toBe(true);
  }, 180_000);
});
