/**
 * Property: over roles × communes × stages, nobody but the stage's owner role, within its communes, may act on a
 * case. Checked on the pure policy with the real workflow (read from the migrated database), and through the API:
 * a case is put at a random stage and commune, a random account sends an outcome that does not exist — the owner in
 * scope gets the validation error (400: it was allowed to act), everyone else 403 or 404, and the case is unchanged.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, A, B } from '../reconcile/world.ts';
import { loadWorkflow } from '../../server/cases/service.ts';
import { canActOnStage, type SessionUser } from '../../server/auth/policies.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import type { Workflow } from '../../server/cases/rules.ts';

const ALL_ROLES = Object.keys(ROLES) as RoleCode[];
const COMMUNES = [A, B, '05500'];

let database: TestDatabase;
let app: FastifyInstance;
let workflow: Workflow;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  workflow = await loadWorkflow(database);
  app = await testApp(database);
  for (const role of ALL_ROLES) {
    if (ROLES[role].communeScoped) {
      // Commune-scoped roles (the commune officers, the commune police): one account in each of two communes.
      for (const c of [A, B]) {
        await addUser(database, `${role}_${c}`, role, [c]);
        clients.set(`${role}:${c}`, await login(app, `${role}_${c}`));
      }
    } else {
      await addUser(database, `u_${role}`, role);
      clients.set(`${role}:*`, await login(app, `u_${role}`));
    }
  }
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const stageList = () => workflow.types.flatMap((t) => t.stages.map((s) => ({ type: t.code, stage: s.code, owner: s.ownerRole })));

describe('only the stage owner in scope acts', () => {
  it('holds for the policy over every role, commune scope and stage', () => {
    const user = (role: RoleCode, communes: string[] | null): SessionUser => ({ id: 1, username: 'u', fullName: 'u', role, agency: null, communes, isLeader: false });
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_ROLES),
        fc.option(fc.subarray(COMMUNES), { nil: null }),
        fc.constantFrom(...stageList()),
        fc.option(fc.constantFrom(...COMMUNES), { nil: null }),
        (role, anyScope, st, caseCommune) => {
          // A commune-scoped account always has its communes (possibly none); the others see the province.
          const scope = ROLES[role].communeScoped ? anyScope ?? [] : anyScope;
          const allowed = canActOnStage(user(role, scope), st.owner, caseCommune);
          const inScope = scope === null || (caseCommune !== null && scope.includes(caseCommune));
          expect(allowed).toBe(role === st.owner && inScope);
        },
      ),
      { numRuns: 2000 },
    );
    // Every stage has exactly one owner, a role that works cases; the leadership and the administrator own none.
    for (const st of stageList()) expect(ROLES[st.owner as RoleCode].can).toContain('cases.work');
    expect(stageList().some((s) => s.owner === 'leadership' || s.owner === 'admin')).toBe(false);
    // Identity verification belongs to the commune police (within their communes), not the provincial police.
    expect(stageList().find((s) => s.type === 'identity' && s.stage === 'police_verify')!.owner).toBe('commune_police');
    expect(canActOnStage(user('commune_police', [A]), 'commune_police', A)).toBe(true);
    expect(canActOnStage(user('commune_police', [A]), 'commune_police', B)).toBe(false);
    expect(canActOnStage(user('commune_police', [A]), 'commune_police', null)).toBe(false);
    expect(canActOnStage(user('police', null), 'commune_police', A)).toBe(false);
  });

  it('holds through the API', async () => {
    const cases = (await database.pool.query(`SELECT id, case_type FROM work_case`)).rows;
    const opened = (await database.pool.query(`SELECT id FROM finding WHERE code IN ('NTG_SAI_THONG_TIN', 'BHTN_TRUC_LOI') AND resolved_run_id IS NULL`)).rows;
    const admin = clients.get('admin:*')!;
    await admin.post('/api/cases/open', { findingIds: opened.map((r) => Number(r.id)) });
    const all = (await database.pool.query(`SELECT id, case_type FROM work_case WHERE status = 'open'`)).rows;
    expect(all.length).toBeGreaterThan(cases.length);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(...COMMUNES),
        fc.constantFrom(...clients.keys()),
        async (c, stageIndex, commune, who) => {
          const stages = workflow.types.find((t) => t.code === c.case_type)!.stages;
          const st = stages[stageIndex % stages.length];
          await database.pool.query(`UPDATE work_case SET stage = $2, commune_code = $3 WHERE id = $1`, [c.id, st.code, commune]);
          const [role, scope] = who.split(':');
          const r = await clients.get(who)!.post(`/api/cases/${c.id}/advance`, { outcome: 'khong_co' });
          const mayAct = role === st.ownerRole && (scope === '*' || scope === commune);
          if (mayAct) expect(r.status, `${who} ${st.code} ${commune}`).toBe(400);
          else expect([403, 404], `${who} ${st.code} ${commune}`).toContain(r.status);
          const after = (await database.pool.query(`SELECT stage, status FROM work_case WHERE id = $1`, [c.id])).rows[0];
          expect(after).toEqual({ stage: st.code, status: 'open' });
        },
      ),
      { numRuns: 150 },
    );
  });
});
