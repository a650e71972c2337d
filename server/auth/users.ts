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
    return id;
  });
}

export async function loadSessionUser(db: Kysely<DB>, userId: number): Promise<SessionUser | null> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', true).executeTakeFirst();
  if (!row) return null;
  const communes = row.scope_all
    ? null
    : (await db.selectFrom('user_commune').select('commune_code').where('user_id', '=', userId).execute()).map((r) => r.commune_code);
  return { id: row.id, username: row.username, fullName: row.full_name, role: row.role as RoleCode, agency: row.agency_code, communes, isLeader: row.is_leader };
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
];
