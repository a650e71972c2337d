/**
 * The audit trail of what the web does not see: commands run at the command line (real child processes) write
 * the same rows as the web, with the command line and the OS user as the actor; searches are recorded with their
 * terms, which the audit view masks for a reader without personal-data rights (leadership reads the log).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { ROLES } from '#shared/auth/roles.ts';
import { loadWorld, AS_OF, PERIOD, R } from '../reconcile/world.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;
const CLI_ACTOR = `dòng lệnh (${os.userInfo().username})`;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  env = envFor(database);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-audit-'));
});
afterAll(async () => {
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The audit rows of an action and object written since `after` (an audit_log id). */
async function rowsSince(after: number, action: string, objectType: string) {
  return (await database.pool.query('SELECT * FROM audit_log WHERE id > $1 AND action = $2 AND object_type = $3 ORDER BY id', [after, action, objectType])).rows;
}
const lastId = async () => Number((await database.pool.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);

describe('commands at the command line are audited', () => {
  it.each([
    ['import', () => ['import', 'dan-cu', path.resolve('test/fixtures/ingest/11-personal-ids.csv'), '--replace', '--json'], 'import', 'import_batch'],
    ['reconcile', () => ['reconcile', '--as-of', AS_OF, '--period', PERIOD], 'change', 'reconcile_run'],
    ['findings', () => ['findings', '--format', 'csv', '--out', path.join(dir, 'f.csv')], 'export', 'finding'],
    ['progress', () => ['progress', '--year', '2026', '--format', 'csv', '--out', path.join(dir, 'p.csv')], 'export', 'progress'],
    ['users add', () => ['users', 'add', '--username', 'moi.tao', '--password', 'MatKhau@2026x', '--role', 'tax'], 'change', 'user'],
  ])('baophu %s writes an audit row with the command line as the actor', async (_name, args, action, objectType) => {
    const before = await lastId();
    const r = runCli(args(), env);
    expect(r.code, r.stderr).toBe(0);
    const rows = await rowsSince(before, action, objectType);
    expect(rows).toHaveLength(1);
    expect(rows[0].username).toBe(CLI_ACTOR);
    expect(rows[0].user_id).toBeNull();
    expect(rows[0].detail.channel).toBe('cli');
  }, 300_000);
});

describe('searches are recorded with their terms', () => {
  let app: FastifyInstance;
  let bhxh: TestClient, leader: TestClient, admin: TestClient;
  beforeAll(async () => {
    app = await testApp(database);
    await addUser(database, 'bhxh.tk', 'social_security');
    await addUser(database, 'lanhdao.tk', 'leadership');
    await addUser(database, 'quantri.tk', 'admin');
    [bhxh, leader, admin] = await Promise.all(['bhxh.tk', 'lanhdao.tk', 'quantri.tk'].map((u) => login(app, u)));
  });
  afterAll(async () => app.close());

  it('records the terms of a findings search and of an export, whoever searches and whatever is found', async () => {
    const before = await lastId();
    expect((await bhxh.get(`/api/findings?search=${encodeURIComponent('Trần Thị Bình')}`)).status).toBe(200);
    expect((await leader.get(`/api/findings?search=${R.other}`)).status).toBe(200);
    expect((await bhxh.get(`/api/findings?search=${encodeURIComponent('Không Ai Tên Này')}`)).json.total).toBe(0);
    expect((await bhxh.get(`/api/findings/export?format=csv&search=${R.control}`)).status).toBe(200);
    const reads = await rowsSince(before, 'read', 'finding_list');
    expect(reads.map((r) => [r.username, r.detail.search])).toEqual([
      ['bhxh.tk', 'Trần Thị Bình'], ['lanhdao.tk', R.other], ['bhxh.tk', 'Không Ai Tên Này'],
    ]);
    const exports = await rowsSince(before, 'export', 'finding');
    expect(exports.map((r) => r.detail.search)).toEqual([R.control]);
  });

  it('records a search of the audit log by account name', async () => {
    const before = await lastId();
    expect((await admin.get('/api/admin/audit?username=bhxh.tk')).status).toBe(200);
    const reads = await rowsSince(before, 'read', 'audit_log');
    expect(reads.map((r) => r.detail.search)).toEqual(['bhxh.tk']);
  });

  it('masks the terms in the audit view for a reader who does not see personal data', async () => {
    expect(ROLES.leadership.can).toContain('audit.read');
    expect((await bhxh.get(`/api/findings?search=${encodeURIComponent('Trần Thị Bình')}`)).status).toBe(200);
    expect((await bhxh.get(`/api/findings?search=${R.other}`)).status).toBe(200);
    const masked = (await leader.get('/api/admin/audit?pageSize=20')).json.entries.filter((e: { objectType: string }) => e.objectType === 'finding_list');
    expect(masked.slice(0, 2).map((e: { detail: { search: string } }) => e.detail.search)).toEqual([`019******${R.other.slice(-3)}`, 'Trần T. B.']);
    const clear = (await admin.get('/api/admin/audit?pageSize=20')).json.entries.filter((e: { objectType: string }) => e.objectType === 'finding_list');
    expect(clear.slice(0, 2).map((e: { detail: { search: string } }) => e.detail.search)).toEqual([R.other, 'Trần Thị Bình']);
  });
});
