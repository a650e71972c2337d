/**
 * Access over the commune tree, as properties:
 *  1. no API route answers without login (except the public ones);
 *  2. a commune account never receives another commune's personal data (IDs or names) from any GET
 *     route, whatever commune, id or filter it asks for.
 * Personal data is seeded per commune into the source tables, then the real reconciliation and
 * progress refresh run, so findings, links and aggregates exist for every commune.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';

const COMMUNES = ['05443', '01840', '02143', '05665', '05722', '01864'];
interface Person { id: string; name: string; commune: string }
const people: Person[] = [];

let database: TestDatabase;
let app: FastifyInstance;
const clients = new Map<string, TestClient>();

/** Distinctive names so a leak cannot be a coincidence. */
function seedPeople() {
  const given = ['Quỳnh', 'Khuê', 'Thoa', 'Diệp', 'Lụa', 'Nhạn'];
  COMMUNES.forEach((commune, ci) => {
    for (let k = 0; k < 4; k++) {
      const serial = String(100000 + ci * 10 + k);
      people.push({ id: `019${k % 2 ? '1' : '0'}85${serial}`, name: `Xuyến ${['Bảo', 'Ngọc', 'Hạ', 'Thục'][k]} ${given[ci]}`, commune });
    }
  });
}

async function seedSources(db: TestDatabase['db']) {
  const batch = async (kind: string) =>
    (await db.insertInto('import_batch').values({ kind, file_name: `${kind}.csv`, content_sha256: `seed-${kind}`, file_size: 1, header_mapping: '{}', rejects: '[]' }).returning('id').executeTakeFirstOrThrow()).id;
  const danCu = await batch('dan-cu');
  const nguoi = await batch('bhxh-nguoi');
  const tncn = await batch('thue-tncn');
  await db.insertInto('src_dan_cu').values(people.map((p, i) => ({
    batch_id: danCu, row_no: i + 2, person_id: p.id, full_name: p.name, birth_date: '1985-03-0' + ((i % 9) + 1),
    sex: p.id[3] === '1' ? 'F' as const : 'M' as const, commune_code: p.commune, deceased: i % 4 === 3, death_date: i % 4 === 3 ? '2025-01-10' : null,
  }))).execute();
  // Half of them participate (voluntary); one per commune is paid wages without being insured.
  await db.insertInto('src_bhxh_nguoi').values(people.filter((_, i) => i % 4 !== 0).map((p, i) => ({
    batch_id: nguoi, row_no: i + 2, person_id: p.id, person_id_valid: true, full_name: p.name, birth_date: '1985-03-0' + ((i % 9) + 1),
    sex: p.id[3] === '1' ? 'F' as const : 'M' as const, commune_code: p.commune, scheme: 'TN' as const, contribution_base: 1_500_000,
    from_period: '2025-01-01', snapshot_period: '2026-10-01', support_group: 'other' as const, payment_mode: '1',
  }))).execute();
  await db.insertInto('src_thue_tncn').values(people.filter((_, i) => i % 4 === 0).map((p, i) => ({
    batch_id: tncn, row_no: i + 2, payer_tax_code: '0100109106', person_id: p.id, full_name: p.name, period: '2026-10-01', taxable_income: 9_000_000, contract_type: '3m_plus' as const,
  }))).execute();
}

async function runDownstream() {
  // The real reconciliation and aggregate refresh: findings and aggregates are what the routes show.
  await runReconciliation(database, { asOf: '2026-11-15', period: '2026-10' });
  await refreshProgress(database);
}

beforeAll(async () => {
  seedPeople();
  database = await createTestDatabase();
  await seedSources(database.db);
  await runDownstream();
  app = await testApp(database);
  for (const c of COMMUNES) {
    await addUser(database, `xa_${c}`, 'commune', [c]);
    clients.set(c, await login(app, `xa_${c}`));
  }
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

/** Values to put into a route's path parameters and filters, aimed at another commune. */
async function probesFor(other: string): Promise<string[]> {
  const ids = new Set<string>(['1', '2', '3']);
  const rows = await sql<{ id: string }>`SELECT id::text AS id FROM finding WHERE commune_code = ${other} LIMIT 5`.execute(database.db);
  rows.rows.forEach((r) => ids.add(r.id));
  people.filter((p) => p.commune === other).forEach((p) => ids.add(p.id));
  return [other, ...ids];
}

function fill(url: string, value: string): string {
  return url.replace(/:[A-Za-z_]+/g, encodeURIComponent(value)).replace(/\*$/, '');
}

describe('access over the commune tree', () => {
  it('has findings of every seeded commune to probe with (the probes are not only made-up ids)', async () => {
    const { rows } = await sql<{ commune_code: string; n: number }>`
      SELECT commune_code, count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL GROUP BY commune_code`.execute(database.db);
    const byCommune = new Map(rows.map((r) => [r.commune_code, r.n]));
    for (const c of COMMUNES) expect(byCommune.get(c) ?? 0, c).toBeGreaterThan(0);
  });

  it('refuses every non-public API route without login', async () => {
    const routes = app.routeList.filter((r) => r.url.startsWith('/api/') && !r.public);
    expect(routes.length).toBeGreaterThan(3);
    for (const route of routes) {
      const res = await app.inject({ method: route.method as 'GET', url: fill(route.url, '1'), payload: route.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('never shows a commune account the personal data of another commune', async () => {
    const getRoutes = app.routeList.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.public);
    const filters = ['', '?commune=', '?communeCode=', '?commune_code=', '?communes=', '?code='];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COMMUNES),
        fc.constantFrom(...COMMUNES),
        fc.constantFrom(...getRoutes),
        fc.constantFrom(...filters),
        async (viewer, other, route, filter) => {
          fc.pre(viewer !== other);
          const client = clients.get(viewer)!;
          const foreign = people.filter((p) => p.commune === other);
          for (const probe of await probesFor(other)) {
            const url = fill(route.url, probe) + (filter ? filter + other : '');
            const res = await client.get(url);
            for (const p of foreign) {
              expect(res.body.includes(p.id), `${url} leaked an ID of ${other} to ${viewer}`).toBe(false);
              expect(res.body.normalize('NFC').includes(p.name), `${url} leaked a name of ${other} to ${viewer}`).toBe(false);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    // Every GET route of the API is a candidate: the test grows with the product (15+ capabilities' routes).
  }, 300_000);

  it('lets a commune account see its own people where a route lists people', async () => {
    // Guards against a vacuous pass: the seeded personal data must be reachable by its own commune.
    const getRoutes = app.routeList.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.public && !r.url.includes(':'));
    const own = people.filter((p) => p.commune === COMMUNES[0]);
    let seen = false;
    for (const route of getRoutes) {
      const res = await clients.get(COMMUNES[0])!.get(route.url);
      if (own.some((p) => res.body.normalize('NFC').includes(p.name))) seen = true;
    }
    expect(seen).toBe(true);
  });
});
