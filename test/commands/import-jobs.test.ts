/**
 * The web's import job queue (server/commands/import-jobs.ts) without HTTP: the replacement question, a job run in
 * the background with its progress and end events, jobs visible only to their account, the staged file removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser } from '../helpers/app.ts';
import { ImportJobQueue, type ImportJob, type ImportJobEvent } from '../../server/commands/import-jobs.ts';
import { importFile } from '../../server/ingest/service.ts';
import type { SessionUser } from '../../server/auth/policies.ts';

const FIXTURE = path.resolve('test/fixtures/ingest/27-bhxh-nguoi.csv');
let database: TestDatabase;
let user: SessionUser;

beforeAll(async () => {
  database = await createTestDatabase();
  await addUser(database, 'bhxh.kt', 'social_security');
  const row = await database.db.selectFrom('app_user').select('id').where('username', '=', 'bhxh.kt').executeTakeFirstOrThrow();
  user = { id: Number(row.id), username: 'bhxh.kt' } as SessionUser;
});
afterAll(async () => {
  await database.destroy();
});

/** A staged copy of a file, as an upload leaves it. */
function staged(lines?: (all: string[]) => string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-jobs-'));
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const target = path.join(dir, 'upload');
  fs.writeFileSync(target, lines ? lines(text.trimEnd().split('\n')).join('\n') + '\n' : text);
  return target;
}

const finished = (queue: ImportJobQueue, job: ImportJob, events: ImportJobEvent[]) =>
  new Promise<void>((resolve) => {
    if (job.status !== 'running') return resolve();
    const stop = queue.follow(job, (e) => {
      events.push(e);
      if (e !== 'progress') { stop(); resolve(); }
    });
  });

describe('ImportJobQueue', () => {
  it('imports in the background, tells its followers, keeps the job for its account only and removes the staged file', async () => {
    const queue = new ImportJobQueue(database);
    const filePath = staged();
    const input = { kind: 'bhxh-nguoi' as const, filePath, fileName: 'bhxh.csv' };
    expect(await queue.replacementQuestion(user, input)).toBeNull();
    const job = queue.start(user, input);
    expect(job.status).toBe('running');
    const events: ImportJobEvent[] = [];
    await finished(queue, job, events);
    expect(job.status).toBe('done');
    expect(job.result?.status).toBe('imported');
    expect(events.at(-1)).toBe('done');
    expect(queue.get(job.id, user.id)).toBe(job);
    expect(queue.get(job.id, user.id + 1)).toBeNull();
    expect(fs.existsSync(filePath)).toBe(false);
    const audit = await database.db.selectFrom('audit_log').select(['username', 'object_id']).where('object_type', '=', 'import_batch').execute();
    expect(audit).toEqual([{ username: 'bhxh.kt', object_id: String(job.result!.batchId) }]);
    // An hour after it finished, the job is forgotten.
    queue.sweep(job.finishedAt! + 3600_001);
    expect(queue.get(job.id, user.id)).toBeNull();
  });

  it('asks before a file replaces current data, and changes nothing while asking', async () => {
    // Its own database with the file already imported, so that it does not depend on the test above having run.
    const own = await createTestDatabase();
    try {
      await addUser(own, 'bhxh.kt', 'social_security');
      const first = await importFile(own, { kind: 'bhxh-nguoi', filePath: FIXTURE, userName: 'bhxh.kt' });
      expect(first.status).toBe('imported');
      const queue = new ImportJobQueue(own);
      const filePath = staged((all) => all.slice(0, -1));
      const batches = async () => Number((await own.pool.query('SELECT count(*) AS n FROM import_batch')).rows[0].n);
      const before = await batches();
      const question = await queue.replacementQuestion(user, { kind: 'bhxh-nguoi', filePath, fileName: 'lan-2.csv' });
      expect(question?.message).toContain('Cần xác nhận thay thế');
      expect(question?.replacement?.batches).toHaveLength(1);
      expect(await batches()).toBe(before);
      expect(fs.existsSync(filePath)).toBe(true);
      expect(await queue.replacementQuestion(user, { kind: 'bhxh-nguoi', filePath, fileName: 'lan-2.csv', replace: true })).toBeNull();
    } finally {
      await own.destroy();
    }
  });
});
