/**
 * The use-case commands of server/commands/ called directly, as the routes, the command line and the demo load call
 * them: import-and-refresh (and restore), reconcile-and-refresh, create-account. Each does its work, refreshes what
 * depends on it, and writes one audit row naming its caller.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importAndRefresh, restoreAndRefresh } from '../../server/commands/import-and-refresh.ts';
import { reconcileAndRefresh } from '../../server/commands/reconcile-and-refresh.ts';
import { createAccount } from '../../server/commands/create-account.ts';
import { refreshGeneration } from '../../server/targets/service.ts';
import { commandLineActor } from '../../server/auth/audit.ts';
import { HttpError } from '../../server/http/errors.ts';
import { RestoreError } from '../../server/ingest/service.ts';
import { loadWorld, AS_OF, PERIOD } from '../reconcile/world.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const auditRows = (objectType: string) =>
  database.db.selectFrom('audit_log').select(['action', 'username', 'object_id', 'detail']).where('object_type', '=', objectType).orderBy('id').execute();

describe('createAccount', () => {
  const cli = () => ({ actor: commandLineActor(), channel: 'cli' as const });

  it('creates a valid account and audits it with its caller', async () => {
    const created = await createAccount(database.db, { username: 'xa.moi', fullName: 'Cán bộ xã', password: 'MatKhau456', role: 'commune', communes: ['05443'] }, cli());
    expect(created).toMatchObject({ username: 'xa.moi', role: 'commune', isLeader: false });
    const row = await database.db.selectFrom('app_user').select(['id', 'scope_all']).where('username', '=', 'xa.moi').executeTakeFirstOrThrow();
    expect(row).toEqual({ id: created.id, scope_all: false });
    const communes = await database.db.selectFrom('user_commune').select('commune_code').where('user_id', '=', created.id).execute();
    expect(communes.map((c) => c.commune_code)).toEqual(['05443']);
    const audits = await auditRows('user');
    expect(audits.at(-1)).toMatchObject({ action: 'change', username: commandLineActor().username, object_id: String(created.id) });
    expect(audits.at(-1)!.detail).toMatchObject({ channel: 'cli', created: 'xa.moi', role: 'commune', isLeader: false });
  });

  it('refuses in Vietnamese: the schema, the password rule, the role scope, a taken name, an unknown commune', async () => {
    // The taken name is this test's own account (the test does not rely on another test having created one).
    await createAccount(database.db, { username: 'xa.da.co', fullName: 'Cán bộ xã', password: 'MatKhau456', role: 'commune', communes: ['05443'] }, cli());
    const usernames = async () => (await database.db.selectFrom('app_user').select('username').orderBy('username').execute()).map((u) => u.username);
    const usersBefore = await usernames();
    expect(usersBefore).toContain('xa.da.co');
    const refusal = async (input: Record<string, unknown>) => {
      const err = await createAccount(database.db, input, cli()).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      return err as HttpError;
    };
    const base = { fullName: 'A', password: 'MatKhau456', role: 'tax' };
    expect((await refusal({ ...base, username: 'Tên Có Dấu' })).status).toBe(400);
    expect((await refusal({ ...base, username: 'thue.yeu', password: 'ngan' })).message).toContain('ít nhất 8 ký tự');
    expect((await refusal({ ...base, username: 'xa.khong', role: 'commune' })).message).toContain('ít nhất một xã/phường');
    const taken = await refusal({ ...base, username: 'xa.da.co' });
    expect([taken.status, taken.message]).toEqual([409, 'Tên đăng nhập "xa.da.co" đã tồn tại.']);
    expect((await refusal({ ...base, username: 'xa.la', role: 'commune', communes: ['99999'] })).message).toContain('99999');
    // No refusal created an account.
    expect(await usernames()).toEqual(usersBefore);
  });
});

describe('importAndRefresh and restoreAndRefresh', () => {
  const caller = { actor: { id: null, username: 'kiem.thu' } };

  it('imports, refreshes the progress aggregates once the data is current, and audits the import', async () => {
    const before = refreshGeneration();
    const result = await importAndRefresh(database, { kind: 'lao-dong', filePath: path.join(FIXTURES, '28-lao-dong.csv') }, caller);
    expect(result.status).toBe('imported');
    expect(refreshGeneration()).toBe(before + 1);
    const audits = await auditRows('import_batch');
    expect(audits.at(-1)).toMatchObject({ action: 'import', username: 'kiem.thu', object_id: String(result.batchId) });
    expect(audits.at(-1)!.detail).toMatchObject({ kind: 'lao-dong', fileName: '28-lao-dong.csv', status: 'imported', accepted: 1, rejected: 2, replaced: [] });
    expect(audits.at(-1)!.detail).not.toHaveProperty('channel');
  });

  it('does not refresh when nothing became current, nor when the caller refreshes later; audits only with a caller', async () => {
    // Its own files (other periods than the fixtures the other tests import, so nothing is replaced): a labour-force
    // file imported once here, then again unchanged; a social-insurance snapshot imported for the first time.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-cmd-'));
    const laoDong = path.join(own, 'lao-dong-2024.csv');
    fs.writeFileSync(laoDong, fs.readFileSync(path.join(FIXTURES, '28-lao-dong.csv'), 'utf8').replace(/,2025,/g, ',2024,'));
    const bhxhNguoi = path.join(own, 'bhxh-nguoi-09-2026.csv');
    fs.writeFileSync(bhxhNguoi, fs.readFileSync(path.join(FIXTURES, '27-bhxh-nguoi.csv'), 'utf8').replace(/,10\/2026$/gm, ',09/2026'));
    expect((await importAndRefresh(database, { kind: 'lao-dong', filePath: laoDong }, null)).status).toBe('imported');

    const before = refreshGeneration();
    const auditsBefore = (await auditRows('import_batch')).length;
    const unchanged = await importAndRefresh(database, { kind: 'lao-dong', filePath: laoDong }, caller);
    expect(unchanged.status).toBe('unchanged');
    const deferred = await importAndRefresh(database, { kind: 'bhxh-nguoi', filePath: bhxhNguoi, refresh: false }, null);
    expect(deferred.status).toBe('imported');
    expect(refreshGeneration()).toBe(before);
    expect((await auditRows('import_batch')).length).toBe(auditsBefore + 1);
  });

  it('restores a replaced batch, audits it and refreshes; an unknown batch is a RestoreError', async () => {
    await expect(restoreAndRefresh(database, 987654, caller)).rejects.toBeInstanceOf(RestoreError);
    // The first snapshot of period 10/2026, imported by this test.
    const imported = await importAndRefresh(database, { kind: 'bhxh-nguoi', filePath: path.join(FIXTURES, '27-bhxh-nguoi.csv') }, null);
    expect(imported.status).toBe('imported');
    const firstId = imported.batchId!;
    // A second snapshot of the same period replaces the first (a different file: its last row left out).
    const lines = fs.readFileSync(path.join(FIXTURES, '27-bhxh-nguoi.csv'), 'utf8').trimEnd().split('\n');
    const second = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-cmd-')), 'lan-2.csv');
    fs.writeFileSync(second, lines.slice(0, -1).join('\n') + '\n');
    const replaced = await importAndRefresh(database, { kind: 'bhxh-nguoi', filePath: second, replace: true }, caller);
    expect(replaced.status).toBe('imported');
    expect(replaced.replacement?.batches.map((b) => b.id)).toEqual([firstId]);
    const before = refreshGeneration();
    const restored = await restoreAndRefresh(database, firstId, caller);
    expect(restored.kind).toBe('bhxh-nguoi');
    expect(refreshGeneration()).toBe(before + 1);
    const audits = await auditRows('import_batch');
    expect(audits.at(-1)!.detail).toMatchObject({ operation: 'restore', kind: 'bhxh-nguoi' });
  });
});

describe('reconcileAndRefresh', () => {
  // Its own database: the hand-made world makes its own social-insurance snapshot of 10/2026 current (replacing the
  // one the import tests use), and the run must be this database's first.
  it('runs the checks, refreshes the progress aggregates after them and audits the run', async () => {
    const world = await createTestDatabase();
    try {
      await loadWorld(world);
      const before = refreshGeneration();
      const steps: string[] = [];
      const run = await reconcileAndRefresh(world, {
        asOf: AS_OF, period: PERIOD,
        onStep: (done, total) => { if (done === total) steps.push('checks'); },
        onRefreshing: () => steps.push('refreshing'),
      }, { actor: commandLineActor(), channel: 'cli' });
      expect(run.total).toBeGreaterThan(0);
      expect(steps).toEqual(['checks', 'refreshing']);
      expect(refreshGeneration()).toBe(before + 1);
      const started = (await world.pool.query('SELECT started_by FROM reconcile_run WHERE id = $1', [run.runId])).rows[0];
      expect(started.started_by).toBe(commandLineActor().username);
      const audits = await world.db.selectFrom('audit_log').select(['detail']).where('object_type', '=', 'reconcile_run').orderBy('id').execute();
      expect(audits).toHaveLength(1);
      expect(audits[0].detail).toMatchObject({ channel: 'cli', asOf: AS_OF, period: PERIOD, total: run.total });
    } finally {
      await world.destroy();
    }
  });
});
