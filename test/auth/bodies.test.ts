/**
 * The directive's fifteen bodies are agencies with roles (issue 14 part 1), each role's agency exists, the
 * directive capabilities sit where the shared decisions put them, and every new role has a demo account.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ROLES, type Capability, type RoleCode } from '#shared/auth/roles.ts';
import { DEMO_ACCOUNTS } from '../../server/auth/users.ts';

const BODIES = ['LANH_DAO', 'SO_NOI_VU', 'BHXH', 'SO_TAI_CHINH', 'SO_VHTTDL', 'SO_TU_PHAP', 'SO_CONG_THUONG', 'THANH_TRA', 'THUE', 'THONG_KE', 'CONG_AN', 'BQL_KCN', 'MTTQ', 'BAO_PTTH', 'UBND_XA'];
const NEW_ROLES: RoleCode[] = ['finance', 'culture', 'justice', 'industry_trade', 'fatherland_front', 'media', 'commune_police'];
const withCapability = (capability: Capability) => (Object.keys(ROLES) as RoleCode[]).filter((r) => ROLES[r].can.includes(capability)).sort();

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe('the fifteen bodies', () => {
  it('are agencies, and every role belongs to one that exists', async () => {
    const agencies = (await database.pool.query('SELECT code FROM agency')).rows.map((r) => r.code);
    expect(agencies).toEqual(expect.arrayContaining(BODIES));
    for (const [code, role] of Object.entries(ROLES)) expect(agencies, code).toContain(role.agency);
    // Every body has a role of its own.
    for (const body of BODIES) expect(Object.values(ROLES).some((r) => r.agency === body), body).toBe(true);
  });

  it('carry the directive capabilities of the shared decisions', () => {
    expect(withCapability('directive.report')).toEqual(['commune', 'culture', 'fatherland_front', 'finance', 'home_affairs', 'industry_trade', 'inspectorate', 'ip_board', 'justice', 'media', 'police', 'social_security', 'statistics', 'tax'].sort());
    expect(withCapability('directive.follow')).toEqual(['admin', 'home_affairs', 'leadership']);
    expect(withCapability('directive.accept')).toEqual(['admin', 'home_affairs']);
  });

  it('new roles see no personal data and no findings, except the commune police, scoped to communes', () => {
    for (const role of NEW_ROLES.filter((r) => r !== 'commune_police')) {
      expect(ROLES[role], role).toMatchObject({ seesPersonalData: false, findings: [], communeScoped: false });
    }
    expect(ROLES.commune_police).toMatchObject({ agency: 'CONG_AN', communeScoped: true, seesPersonalData: true, findings: ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET'] });
  });

  it('each new role has a demo account; commune-scoped ones have communes', () => {
    for (const role of NEW_ROLES) expect(DEMO_ACCOUNTS.filter((a) => a.role === role), role).toHaveLength(1);
    for (const a of DEMO_ACCOUNTS) if (ROLES[a.role].communeScoped) expect(a.communes?.length, a.username).toBeGreaterThan(0);
  });
});
