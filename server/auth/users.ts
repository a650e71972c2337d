import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import type { SessionUser } from './policies.ts';

export interface NewUser {
  username: string;
  fullName: string;
  password: string;
  role: RoleCode;
  communes?: string[];
  /** The body's leader (submits its directive reports). */
  isLeader?: boolean;
  /** Parks of a park-scoped account (roles with parkScoped); none = every park. */
  parks?: string[];
}

/** Creates an account; commune accounts get their commune scope, others the whole province. */
export async function createUser(db: Kysely<DB>, input: NewUser): Promise<number> {
  const spec = ROLES[input.role];
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        full_name: input.fullName,
        password_hash: hashPassword(input.password),
        role: input.role,
        agency_code: spec.agency,
        scope_all: !spec.communeScoped,
        is_leader: input.isLeader ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (spec.communeScoped && input.communes?.length) {
      await trx.insertInto('user_commune').values(input.communes.map((c) => ({ user_id: id, commune_code: c }))).execute();
    }
    if (spec.parkScoped && input.parks?.length) {
      await trx.insertInto('user_park').values(input.parks.map((p) => ({ user_id: id, park_code: p }))).execute();
    }
    return id;
  });
}

export async function loadSessionUser(db: Kysely<DB>, userId: number): Promise<SessionUser | null> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', true).where('locked', '=', false).executeTakeFirst();
  if (!row) return null;
  const role = row.role as RoleCode;
  const communes = row.scope_all
    ? null
    : (await db.selectFrom('user_commune').select('commune_code').where('user_id', '=', userId).execute()).map((r) => r.commune_code);
  // Only park-scoped roles pay for the park query.
  let parks: string[] | null = null;
  if (ROLES[role]?.parkScoped) {
    const rows = await db.selectFrom('user_park').select('park_code').where('user_id', '=', userId).orderBy('park_code').execute();
    parks = rows.length ? rows.map((r) => r.park_code) : null;
  }
  return {
    id: row.id, username: row.username, fullName: row.full_name, role, agency: row.agency_code, communes, parks,
    mustChangePassword: row.must_change_password, isLeader: row.is_leader,
  };
}

/** Demo accounts created with the demo province; listed in README.md. */
export const DEMO_PASSWORD = 'BaoPhu@2026';
export const DEMO_ACCOUNTS: Array<Omit<NewUser, 'password'>> = [
  { username: 'admin', fullName: 'Quản trị hệ thống', role: 'admin' },
  { username: 'lanhdao', fullName: 'Lãnh đạo UBND tỉnh', role: 'leadership' },
  { username: 'sonoivu', fullName: 'Chuyên viên Sở Nội vụ', role: 'home_affairs' },
  { username: 'sonoivu.ld', fullName: 'Lãnh đạo Sở Nội vụ', role: 'home_affairs', isLeader: true },
  { username: 'bhxh', fullName: 'Chuyên viên BHXH tỉnh', role: 'social_security' },
  { username: 'bhxh.ld', fullName: 'Lãnh đạo BHXH tỉnh', role: 'social_security', isLeader: true },
  { username: 'thue', fullName: 'Chuyên viên Thuế tỉnh', role: 'tax' },
  { username: 'congan', fullName: 'Cán bộ Công an tỉnh', role: 'police' },
  { username: 'thongke', fullName: 'Chuyên viên Thống kê tỉnh', role: 'statistics' },
  { username: 'kcn', fullName: 'Chuyên viên BQL các KCN', role: 'ip_board' },
  { username: 'thanhtra', fullName: 'Thanh tra viên', role: 'inspectorate' },
  { username: 'phandinhphung', fullName: 'Cán bộ UBND phường Phan Đình Phùng', role: 'commune', communes: ['05443'] },
  { username: 'taichinh', fullName: 'Chuyên viên Sở Tài chính', role: 'finance' },
  { username: 'vanhoa', fullName: 'Chuyên viên Sở Văn hóa, Thể thao và Du lịch', role: 'culture' },
  { username: 'tuphap', fullName: 'Chuyên viên Sở Tư pháp', role: 'justice' },
  { username: 'congthuong', fullName: 'Chuyên viên Sở Công Thương', role: 'industry_trade' },
  { username: 'mttq', fullName: 'Cán bộ Ủy ban MTTQ Việt Nam tỉnh', role: 'fatherland_front' },
  { username: 'baodai', fullName: 'Phóng viên Báo và Phát thanh, Truyền hình Thái Nguyên', role: 'media' },
  { username: 'congan.xa', fullName: 'Cán bộ Công an phường Phan Đình Phùng', role: 'commune_police', communes: ['05443'] },
];
