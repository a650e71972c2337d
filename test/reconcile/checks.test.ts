import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, EXPECT, AS_OF, PERIOD, R, S, E, U } from './world.ts';
import { detailVi } from '../../server/reconcile/presenters.ts';

let database: TestDatabase;
let present: Map<string, any>;

async function presentFindings() {
  const { rows } = await database.pool.query(`SELECT * FROM finding WHERE resolved_run_id IS NULL`);
  return new Map(rows.map((r) => [`${r.code}|${r.subject_id}`, r]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  const result = await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  expect(result.period).toBe(PERIOD);
  present = await presentFindings();
});
afterAll(async () => {
  await database.destroy();
});

describe('the 12 checks at their boundaries (docs/spec/findings.md)', () => {
  for (const e of EXPECT) {
    it(`${e.code} ${e.raised ? 'raised' : 'not raised'}: ${e.why}`, () => {
      expect(present.has(`${e.code}|${e.subject}`)).toBe(e.raised);
    });
  }
});

describe('amounts and evidence', () => {
  const f = (code: string, subject: string) => present.get(`${code}|${subject}`);

  it('late interest is 0.03 %/day per arrears month up to as_of, fines from legal_param', () => {
    const late = f('DN_CHAM_DONG', U.late);
    expect(late.amount_vnd).toBe(1_000_000);
    expect(late.amounts.interest).toBe(7_500); // 1.000.000 × 0,0003 × 25 days (31/10 → 25/11)
    expect(late.amounts.fineMin).toBe(240_000); // 12 % × 1.000.000 × 2 (organisation)
    expect(late.amounts.fineMax).toBe(300_000);
    expect(late.evidence.months[0].daysLate).toBe(25);
    expect(late.commune_code).toBe('05443');
    expect(late.related_id).toBe('0400000002');
  });

  it('evasion carries the Art. 216 screening flag as needs verification', () => {
    const ev = f('DN_TRON_DONG', U.evaded);
    expect(ev.amount_vnd).toBe(20_000_000);
    expect(ev.amounts.interest).toBe(516_000); // 20.000.000 × 0,0003 × 86
    expect(ev.amounts.criminalScreening.status).toBe('needs_verification');
    expect(ev.amounts.criminalScreening.flag).toBe(false); // 1 month < 6
    expect(ev.amounts.criminalScreening.evadedMonths).toBe(1);
    expect(ev.legal_basis).toContain('Điều 216');
    // The numbers its words quote are the run's rules: the evasion threshold and the interest rate of legal_param.
    expect(ev.amounts.evasionDays).toBe(60);
    expect(ev.legal_basis).toContain('(trốn đóng: quá 60 ngày sau hạn, đã đôn đốc bằng văn bản)');
    expect(detailVi(ev, { role: 'admin' })).toMatch(/^1 tháng còn nợ quá 60 ngày sau hạn đóng dù đã có văn bản đôn đốc\./);
    expect(f('DN_CHAM_DONG', U.late).legal_basis).toContain('Điều 40 (lãi 0,03 %/ngày)');
  });

  it('voluntary potential: support group and net minimum monthly payment', () => {
    expect(f('TIEM_NANG_TU_NGUYEN', R.other).amounts).toMatchObject({ supportGroup: 'other', supportRate: 0.2, netMinimumMonthly: 264_000 }); // 22 % × 1.500.000 × (1 − 20 %)
    expect(f('TIEM_NANG_TU_NGUYEN', R.poor).amounts).toMatchObject({ supportGroup: 'poor', netMinimumMonthly: 165_000 });
    expect(f('TIEM_NANG_TU_NGUYEN', R.nearPoor).amounts).toMatchObject({ supportGroup: 'near_poor', netMinimumMonthly: 198_000 });
    expect(f('TIEM_NANG_TU_NGUYEN', R.ethnic).amounts).toMatchObject({ supportGroup: 'ethnic_minority', netMinimumMonthly: 231_000 });
    expect(f('TIEM_NANG_TU_NGUYEN', R.poor).commune_code).toBe('05716');
  });

  it('unemployment benefit to recover from the new job to the last benefit month', () => {
    expect(f('BHTN_TRUC_LOI', R.bhtnNewJob).amount_vnd).toBe(9_000_000); // 07, 08, 09 × 3.000.000
    expect(f('BHTN_TRUC_LOI', R.bhtnLastMonth).amount_vnd).toBe(3_000_000);
  });

  it('worker and employer findings name each other', () => {
    const w = f('NLD_CHUA_THAM_GIA', R.worker3m);
    expect(w.related_id).toBe(E.registered);
    expect(w.amount_vnd).toBe(Math.round(8_000_000 * 0.32)); // all funds, employee + employer, from legal_param
    const e = f('DN_KHAI_THIEU_LAO_DONG', E.registered);
    expect(e.evidence.unregisteredWorkers).toBe(2);
    const low = f('DN_KHAI_THAP_LUONG', R.belowMinWage);
    expect(low.evidence).toMatchObject({ wageRegion: 'II', regionalMinWage: 4_730_000, belowMinWage: true });
    expect(f('DN_KHAI_THAP_LUONG', R.belowHalfIncome).evidence.belowIncomeShare).toBe(true);
  });

  it('records how a person was linked', () => {
    const fz = f('NTG_SAI_THONG_TIN', S.notInExtract);
    expect(fz.link_method).toBe('probabilistic');
    expect(Number(fz.link_score)).toBeGreaterThanOrEqual(16);
    expect(fz.evidence.linkedToOtherId).toBe(true);
    expect(fz.evidence.resident.personId).toBe(R.fuzzyTarget);
    expect(f('NTG_SAI_THONG_TIN', S.blankId).evidence.idProblems).toEqual(['blank']);
    expect(f('NTG_SAI_THONG_TIN', S.contradicting).evidence.idProblems).toEqual(['century_sex']);
  });

  it('counts IDs absent from the extract separately', async () => {
    const { rows } = await database.pool.query(`SELECT stats FROM reconcile_run ORDER BY id DESC LIMIT 1`);
    // S.absent and the 130 industrial-park workers from another province.
    expect(rows[0].stats.absentIds).toBe(131);
  });
});
