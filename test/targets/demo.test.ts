/**
 * `baophu progress` on a generated demo province (generate → import the 12 files → reconcile →
 * refreshProgress) against the generator's own count of active participants (manifest.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { importDemoProvince } from '../helpers/demo.ts';
import { runCli } from '../helpers/cli.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';

interface Counts { mandatory: number; voluntary: number; unemployment: number; total: number }
let database: TestDatabase;
let manifest: { period: string; activeParticipants: { byCommune: Record<string, Counts>; residents: Counts; notLinkedToResident: Counts } };

beforeAll(async () => {
  database = await createTestDatabase();
  const outDir = path.join(database.config.dataDir, 'demo');
  const { manifestPath } = await importDemoProvince(database, { scale: 0.01, seed: 7, outDir });
  await runReconciliation(database, {});
  await refreshProgress(database);
  manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
});
afterAll(async () => {
  await database.destroy();
});

describe('baophu progress on the demo province', () => {
  it('matches the generator’s count of active participants in P', async () => {
    const P = manifest.period; // 'YYYY-MM'
    const r = runCli(['progress', '--year', P.slice(0, 4), '--month', P.slice(5, 7), '--format', 'json'], envFor(database));
    expect(r.code).toBe(0);
    const rows: Array<Record<string, number | string | null>> = JSON.parse(r.stdout);
    expect(rows).toHaveLength(93);
    const byCode = new Map(rows.map((x) => [x.commune_code as string, x]));
    const { residents, notLinkedToResident: outside, byCommune } = manifest.activeParticipants;

    // Province: every person, linked to a resident or not.
    const province = byCode.get('19')!;
    expect(province.as_of_period).toBe(`${P}-01`);
    expect(province.active_total).toBe(residents.total + outside.total);
    expect(province.active_mandatory).toBe(residents.mandatory + outside.mandatory);
    expect(province.active_unemployment).toBe(residents.unemployment + outside.unemployment);
    expect(Number(province.active_mandatory) + Number(province.active_voluntary)).toBe(province.active_total);
    expect(Number(province.active_voluntary)).toBeLessThanOrEqual(residents.voluntary + outside.voluntary);

    // Communes: the generator counts persons linked to a resident by the resident's commune; persons
    // that link to no resident count here in their BHXH record's commune (docs/progress.md). Those
    // are counted straight from the imported rows and the cross-check's links.
    const unlinked = await database.pool.query(
      `SELECT n.commune_code AS c, count(DISTINCT COALESCE(NULLIF(n.person_id, ''), n.bhxh_code))::int AS n
       FROM cur_bhxh_nguoi n
       WHERE n.from_period <= $1 AND (n.to_period IS NULL OR n.to_period >= $1) AND n.commune_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM person_link l WHERE l.source = 'bhxh-nguoi' AND l.batch_id = n.batch_id AND l.row_no = n.row_no AND l.status = 'linked')
         AND NOT EXISTS (SELECT 1 FROM cur_dan_cu d WHERE d.person_id = n.person_id)
       GROUP BY n.commune_code`,
      [`${P}-01`],
    );
    const extra = new Map<string, number>(unlinked.rows.map((x) => [x.c, x.n]));
    let exact = 0;
    for (const [code, counts] of Object.entries(byCommune)) {
      const row = byCode.get(code)!;
      expect(Number(row.active_total) - (extra.get(code) ?? 0), `commune ${code}`).toBe(counts.total);
      if (!extra.has(code)) {
        exact++;
        expect(row.active_mandatory, `commune ${code}`).toBe(counts.mandatory);
        expect(row.active_unemployment, `commune ${code}`).toBe(counts.unemployment);
      }
    }
    expect(Object.keys(byCommune)).toHaveLength(92);
    expect(exact).toBeGreaterThan(60);
    // The demo's chi-tieu file became targets: province line and commune lines.
    expect(Number(province.target_total)).toBeGreaterThan(0);
    expect(rows.filter((x) => x.commune_code !== '19' && x.target_total != null).length).toBe(92);
  });
});
