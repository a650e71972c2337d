/**
 * Accounts, properly (issue 14 part 7): edit, lock, unlock, disable, enable, reset a password (forced change at the
 * next login) and the user's own change — each audited, sessions ended where the account's access changes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, TEST_PASSWORD, type TestClient } from '../helpers/app.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'quantri', 'admin');
  admin = await login(app, 'quantri');
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

const idOf = async (username: string) => Number((await database.pool.query('SELECT id FROM app_user WHERE username = $1', [username])).rows[0].id);
const sessionsOf = async (id: number) => Number((await database.pool.query('SELECT count(*) AS n FROM user_session WHERE user_id = $1', [id])).rows[0].n);
const auditOf = async (id: number, operation: string) =>
  (await database.pool.query(`SELECT username, action, detail FROM audit_log WHERE object_type = 'user' AND object_id = $1 AND detail->>'operation' = $2 ORDER BY id`, [String(id), operation])).rows;
const loginStatus = async (username: string, password: string) =>
  (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode;

describe('the admin manages accounts', () => {
  it('edits name, role, agency and communes; the old sessions end; audited', async () => {
    await addUser(database, 'canbo1', 'tax');
    const id = await idOf('canbo1');
    const user = await login(app, 'canbo1');
    const res = await admin.send('PATCH', `/api/admin/users/${id}`, { fullName: 'Nguyễn Thị Bình', role: 'commune_police', communes: ['05443'] });
    expect(res.status, res.body).toBe(200);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    const row = (await admin.get('/api/admin/users')).json.users.find((u: { id: number }) => u.id === id);
    expect(row).toMatchObject({ fullName: 'Nguyễn Thị Bình', role: 'commune_police', agency: 'CONG_AN', communes: ['05443'], status: 'active' });
    const again = await login(app, 'canbo1');
    expect((await again.get('/api/auth/me')).json.user).toMatchObject({ role: 'commune_police', communes: ['05443'] });
    const [entry] = await auditOf(id, 'edit');
    expect(entry).toMatchObject({ username: 'quantri', action: 'change' });
    expect(entry.detail.fields).toEqual(expect.arrayContaining(['fullName', 'role', 'communes']));
    expect(entry.detail.revokedSessions).toBe(1);
  });

  it('refuses a scope that does not fit the role, in Vietnamese, naming the field', async () => {
    await addUser(database, 'canbo2', 'finance');
    const id = await idOf('canbo2');
    const noCommune = await admin.send('PATCH', `/api/admin/users/${id}`, { role: 'commune' });
    expect(noCommune.status).toBe(400);
    expect(noCommune.json.error.details.issues[0].field).toBe('communes');
    const parks = await admin.send('PATCH', `/api/admin/users/${id}`, { parks: ['KCN_YEN_BINH'] });
    expect(parks.status).toBe(400);
    expect(parks.json.error.message).toContain('không giới hạn theo khu công nghiệp');
    const unknownPark = await admin.send('PATCH', `/api/admin/users/${id}`, { role: 'ip_board', parks: ['KCN_KHONG_CO'] });
    expect(unknownPark.status).toBe(400);
    expect(unknownPark.json.error.message).toContain('KCN_KHONG_CO');
    expect((await admin.send('PATCH', '/api/admin/users/999999', { fullName: 'X' })).status).toBe(404);
  });

  it('limits an industrial-park board account to its parks', async () => {
    await addUser(database, 'kcn2', 'ip_board');
    const id = await idOf('kcn2');
    expect((await admin.send('PATCH', `/api/admin/users/${id}`, { parks: ['KCN_YEN_BINH', 'KCN_DIEM_THUY'] })).status).toBe(200);
    const board = await login(app, 'kcn2');
    const parks = (await board.get('/api/parks')).json.parks.map((p: { code: string }) => p.code);
    expect(parks.sort()).toEqual(['KCN_DIEM_THUY', 'KCN_YEN_BINH']);
    expect((await board.get('/api/parks/KCN_SONG_CONG_1')).status).toBe(404);
  });

  it('locks (sessions end, login refused) and unlocks; disables and enables; audited', async () => {
    await addUser(database, 'canbo3', 'statistics');
    const id = await idOf('canbo3');
    for (const [stop, resume] of [['lock', 'unlock'], ['disable', 'enable']] as const) {
      const user = await login(app, 'canbo3');
      expect((await admin.post(`/api/admin/users/${id}/${stop}`)).status).toBe(200);
      expect(await sessionsOf(id)).toBe(0);
      expect((await user.get('/api/auth/me')).status).toBe(401);
      expect(await loginStatus('canbo3', TEST_PASSWORD)).toBe(401);
      expect((await admin.get('/api/admin/users')).json.users.find((u: { id: number }) => u.id === id).status).toBe(stop === 'lock' ? 'locked' : 'disabled');
      expect((await admin.post(`/api/admin/users/${id}/${resume}`)).status).toBe(200);
      expect(await loginStatus('canbo3', TEST_PASSWORD)).toBe(200);
      expect((await auditOf(id, stop))[0].detail.revokedSessions).toBeGreaterThanOrEqual(1);
      expect(await auditOf(id, resume)).toHaveLength(1);
    }
  });

  it('does not let the admin lock, disable or reset its own account', async () => {
    const me = await idOf('quantri');
    for (const action of ['lock', 'disable', 'reset-password']) {
      const res = await admin.post(`/api/admin/users/${me}/${action}`);
      expect(res.status).toBe(409);
      expect(res.json.error.message).toMatch(/^Không thể/);
    }
  });
});

describe("the body's leader (Lãnh đạo cơ quan) is set and cleared on the accounts page", () => {
  const report = { progress: 'on_track', activities: 'Đã tổ chức hội nghị tuyên truyền.', obstacles: '', proposals: '' };

  it('creating with isLeader and toggling it decide who submits the body’s directive reports; audited; admins only', async () => {
    await addUser(database, 'bhxh.cv', 'social_security');
    const staff = await login(app, 'bhxh.cv');
    const draft = async (period: string) => {
      const r = await staff.post('/api/directive/reports', { dutyId: '3.4', period, ...report });
      expect(r.status, r.body).toBe(200);
      return r.json.id as number;
    };
    const created = await admin.post('/api/admin/users', { username: 'bhxh.gd', fullName: 'Giám đốc BHXH tỉnh', password: 'MatKhau456', role: 'social_security', isLeader: true });
    expect(created.status, created.body).toBe(200);
    const leaderId = created.json.id as number;
    const plain = await admin.post('/api/admin/users', { username: 'bhxh.pgd', fullName: 'Phó phòng', password: 'MatKhau456', role: 'social_security' });
    expect(plain.status, plain.body).toBe(200);
    const listed = async () => (await admin.get('/api/admin/users')).json.users as Array<{ username: string; isLeader: boolean }>;
    expect((await listed()).filter((u) => u.username.startsWith('bhxh.')).map((u) => [u.username, u.isLeader]))
      .toEqual([['bhxh.cv', false], ['bhxh.gd', true], ['bhxh.pgd', false]]);
    expect((await auditOf(leaderId, 'edit')).length).toBe(0);
    const createdAudit = (await database.pool.query(`SELECT detail FROM audit_log WHERE object_type = 'user' AND object_id = $1`, [String(leaderId)])).rows;
    expect(createdAudit).toEqual([{ detail: { created: 'bhxh.gd', role: 'social_security', isLeader: true } }]);

    const leader = await login(app, 'bhxh.gd', 'MatKhau456');
    const other = await login(app, 'bhxh.pgd', 'MatKhau456');
    const q1 = await draft('2030-Q1');
    expect((await other.post(`/api/directive/reports/${q1}/submit`)).status).toBe(403);
    expect((await leader.post(`/api/directive/reports/${q1}/submit`)).json.state).toBe('submitted');

    // Cleared: the same session may no longer submit (the flag is read on every request); set again: it may.
    const q2 = await draft('2030-Q2');
    expect((await admin.send('PATCH', `/api/admin/users/${leaderId}`, { isLeader: false })).status).toBe(200);
    expect((await leader.get('/api/directive/reports')).json.canSubmit).toBe(false);
    const refused = await leader.post(`/api/directive/reports/${q2}/submit`);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain('chỉ lãnh đạo cơ quan gửi báo cáo');
    expect((await listed()).find((u) => u.username === 'bhxh.gd')!.isLeader).toBe(false);
    expect((await admin.send('PATCH', `/api/admin/users/${leaderId}`, { isLeader: true })).status).toBe(200);
    expect((await leader.post(`/api/directive/reports/${q2}/submit`)).json.state).toBe('submitted');
    // An edit of other fields keeps the flag.
    expect((await admin.send('PATCH', `/api/admin/users/${leaderId}`, { fullName: 'Giám đốc' })).status).toBe(200);
    expect((await listed()).find((u) => u.username === 'bhxh.gd')!.isLeader).toBe(true);

    const edits = await auditOf(leaderId, 'edit');
    expect(edits.map((e) => [e.detail.isLeader, e.detail.isLeaderBefore])).toEqual([[false, true], [true, false], [true, undefined]]);
    expect(edits[0]).toMatchObject({ username: 'quantri', action: 'change' });
    const shown = (await admin.get('/api/admin/audit?pageSize=500')).json.entries.find((e: { id: number; objectLabel: string; detailText: string }) => e.objectLabel.endsWith('bhxh.gd') && e.detailText.includes('Lãnh đạo cơ quan: không;') && e.detailText.includes('Lãnh đạo cơ quan trước khi sửa: có'));
    expect(shown).toBeTruthy();

    // Nobody but the administrator sets the flag: not the staff, not the leader, not Home Affairs (who accepts reports).
    await addUser(database, 'snv.cv', 'home_affairs');
    const plainId = plain.json.id as number;
    for (const client of [staff, leader, await login(app, 'snv.cv')]) {
      expect((await client.send('PATCH', `/api/admin/users/${plainId}`, { isLeader: true })).status).toBe(403);
      expect((await client.post('/api/admin/users', { username: 'tu.phong', fullName: 'Tự phong', password: 'MatKhau456', role: 'social_security', isLeader: true })).status).toBe(403);
    }
    expect((await listed()).find((u) => u.username === 'bhxh.pgd')!.isLeader).toBe(false);
    expect((await listed()).some((u) => u.username === 'tu.phong')).toBe(false);
    const q3 = await draft('2030-Q3');
    expect((await other.post(`/api/directive/reports/${q3}/submit`)).status).toBe(403);
    expect((await admin.send('PATCH', `/api/admin/users/${plainId}`, { isLeader: 'có' })).status).toBe(400);
  });
});

describe('a reset password must be changed at the next login', () => {
  it('shows a temporary password once; the user is held to the change form until it is changed', async () => {
    await addUser(database, 'canbo4', 'social_security');
    const id = await idOf('canbo4');
    const before = await login(app, 'canbo4');
    const reset = await admin.post(`/api/admin/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary: string = reset.json.temporaryPassword;
    expect(temporary).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(await sessionsOf(id)).toBe(0);
    expect((await before.get('/api/auth/me')).status).toBe(401);
    expect(await loginStatus('canbo4', TEST_PASSWORD)).toBe(401);
    const held = await login(app, 'canbo4', temporary);
    expect((await held.get('/api/auth/me')).json.user.mustChangePassword).toBe(true);
    const elsewhere = await held.get('/api/parks');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error.message).toContain('đổi mật khẩu');
    const wrong = await held.post('/api/account/password', { currentPassword: 'SaiMatKhau1', newPassword: 'MoiHon2026x' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details.issues[0].field).toBe('currentPassword');
    const weak = await held.post('/api/account/password', { currentPassword: temporary, newPassword: 'ngan' });
    expect(weak.status).toBe(400);
    expect(weak.json.error.message).toContain('ít nhất 8 ký tự');
    const done = await held.post('/api/account/password', { currentPassword: temporary, newPassword: 'MoiHon2026x' });
    expect(done.status).toBe(200);
    expect((await held.get('/api/auth/me')).json.user.mustChangePassword).toBe(false);
    expect((await held.get('/api/parks')).status).toBe(200);
    expect(await loginStatus('canbo4', temporary)).toBe(401);
    expect(await loginStatus('canbo4', 'MoiHon2026x')).toBe(200);
    expect(await auditOf(id, 'reset_password')).toHaveLength(1);
    const changes = await auditOf(id, 'change_password');
    expect(changes.map((c) => c.detail.refused ?? 'done')).toEqual(['wrong_current_password', 'done']);
    expect(changes[1].detail.afterReset).toBe(true);
    // The temporary password is in no audit row.
    expect(Number((await database.pool.query('SELECT count(*) AS n FROM audit_log WHERE detail::text LIKE $1', [`%${temporary}%`])).rows[0].n)).toBe(0);
  });

  it('a user changes its own password: other sessions end, this one stays', async () => {
    await addUser(database, 'canbo5', 'culture');
    const id = await idOf('canbo5');
    const here = await login(app, 'canbo5');
    const other = await login(app, 'canbo5');
    const same = await here.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.status).toBe(400);
    expect(same.json.error.message).toBe('Mật khẩu mới phải khác mật khẩu hiện tại.');
    expect((await here.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'DoiRoi2026' })).status).toBe(200);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect(await sessionsOf(id)).toBe(1);
  });
});

describe('who may manage accounts (property)', () => {
  const managers = (Object.keys(ROLES) as RoleCode[]).filter((r) => ROLES[r].can.includes('users.manage'));
  const others = (Object.keys(ROLES) as RoleCode[]).filter((r) => !ROLES[r].can.includes('users.manage'));
  let n = 0;

  it('only users.manage may manage accounts; nobody changes another account’s password but through a reset', async () => {
    expect(managers).toEqual(['admin']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...others), fc.constantFrom('lock', 'unlock', 'disable', 'enable', 'reset-password', 'edit'),
        async (role, action) => {
          const actor = `p${++n}a`, target = `p${n}b`;
          await addUser(database, actor, role, ROLES[role].communeScoped ? ['05443'] : undefined);
          await addUser(database, target, 'tax');
          const targetId = await idOf(target);
          const client = await login(app, actor);
          const res = action === 'edit'
            ? await client.send('PATCH', `/api/admin/users/${targetId}`, { fullName: 'Đổi tên' })
            : await client.post(`/api/admin/users/${targetId}/${action}`);
          expect(res.status).toBe(403);
          // The own-password route changes only the caller's password, whatever names another account.
          const sneaky = await client.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'ChiemQuyen99', userId: targetId, username: target });
          expect(sneaky.status).toBe(200);
          expect(await loginStatus(target, TEST_PASSWORD)).toBe(200);
          expect(await loginStatus(target, 'ChiemQuyen99')).toBe(401);
          expect(await loginStatus(actor, 'ChiemQuyen99')).toBe(200);
          const row = (await database.pool.query('SELECT full_name, locked, active, must_change_password FROM app_user WHERE id = $1', [targetId])).rows[0];
          expect(row).toEqual({ full_name: target, locked: false, active: true, must_change_password: false });
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);
});
