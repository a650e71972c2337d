/**
 * The 12 cross-checks of docs/spec/findings.md, each one set-based SQL that inserts its findings into
 * rc_finding_stage. Legal figures come from RunParams (legal_param), thresholds from reconcile_setting.
 * Every statement runs unchanged on PostgreSQL 15 and on PGlite.
 */
import { run, type Queryable } from './sql.ts';
import { val, mandatoryRateTotal, type RunParams } from './params.ts';
import type { FileKind, FindingCode } from '#shared/auth/roles.ts';
import { FINDINGS } from '#shared/vocabulary.ts';
import { ruleText } from '#shared/calc/rule-text.ts';

/**
 * Legal basis of a finding (article and document), shown with the finding and in exports (shared/vocabulary.ts),
 * with the legal numbers it quotes taken from the rules the run used (in force at as_of).
 */
export function legalBasis(code: FindingCode, p: RunParams): string {
  return ruleText(FINDINGS[code].legalBasis, (key) => p.atAsOf.get(key)?.value);
}

export interface CheckContext {
  q: Queryable;
  p: RunParams;
}

interface Check {
  code: FindingCode;
  run(ctx: CheckContext): Promise<void>;
}

const INSERT = `INSERT INTO rc_finding_stage (code, subject_id, subject_name, subject_kind, commune_code, related_id, amount_vnd,
                                      amounts, evidence, legal_basis, link_method, link_score)`;

/** Parameters shared by most statements. */
function common(p: RunParams) {
  const rate = mandatoryRateTotal(p);
  const cap = val(p.atPeriod, 'reference_level') * val(p.atPeriod, 'mandatory.base_cap_multiple');
  return {
    period: p.period,
    asOf: p.asOf,
    rate,
    baseCap: cap,
    minWage: JSON.stringify({
      I: val(p.atPeriod, 'regional_min_wage.I'), II: val(p.atPeriod, 'regional_min_wage.II'),
      III: val(p.atPeriod, 'regional_min_wage.III'), IV: val(p.atPeriod, 'regional_min_wage.IV'),
    }),
  };
}

/**
 * Working tables of the run (temporary, on the run's connection): participation records of snapshot P with
 * their links, the keys of active participants, employers, incomes of P.
 */
export async function prepare({ q, p }: CheckContext): Promise<void> {
  for (const t of ['rc_part', 'rc_active_key', 'rc_unit', 'rc_tax', 'rc_income', 'rc_nld', 'rc_part_key', 'rc_unit_by_tax', 'rc_review_cand']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  await run(q, `
    CREATE TEMP TABLE rc_part AS
    SELECT n.batch_id, n.row_no, n.person_id AS raw_id, n.bhxh_code, n.full_name, n.birth_date, n.birth_precision, n.sex,
           n.commune_code, n.scheme, n.unit_code, n.contribution_base, n.from_period, n.to_period,
           (n.from_period <= :period::date AND (n.to_period IS NULL OR n.to_period >= :period::date)) AS active,
           CASE WHEN l.status = 'linked' THEN l.resident_id END AS resident_id, l.method AS link_method, l.score AS link_score,
           l.status AS link_status,
           r.person_id AS r_id, r.full_name AS r_name, r.birth_date AS r_bd, r.birth_precision AS r_bp, r.sex AS r_sex,
           r.commune_code AS r_commune, r.deceased AS r_deceased, r.death_date AS r_death,
           -- The resident the ID as written names (it may not be the person the record is linked to).
           i.person_id AS i_id, i.full_name AS i_name, i.birth_date AS i_bd, i.birth_precision AS i_bp, i.sex AS i_sex,
           i.commune_code AS i_commune,
           -- The ID as written names the person unless it is another resident's.
           CASE WHEN l.id_resident IS NULL OR l.id_resident = l.resident_id THEN n.person_id END AS raw_key
      FROM cur_bhxh_nguoi n
      JOIN person_link l ON l.source = 'bhxh-nguoi' AND l.batch_id = n.batch_id AND l.row_no = n.row_no
      LEFT JOIN rc_resident r ON l.status = 'linked' AND r.person_id = l.resident_id
      LEFT JOIN rc_resident i ON i.person_id = l.id_resident
     WHERE n.snapshot_period = :period::date`, { period: p.period });
  await q.query(`
    CREATE TEMP TABLE rc_active_key AS
    SELECT k, bool_or(scheme = 'BB') AS bb
      FROM (SELECT resident_id AS k, scheme FROM rc_part WHERE active AND resident_id IS NOT NULL
            UNION ALL
            SELECT raw_key, scheme FROM rc_part WHERE active AND raw_key IS NOT NULL AND raw_key <> '') x
     GROUP BY k`);
  await prepareUnits(q);
  await q.query(`
    CREATE TEMP TABLE rc_tax AS
    SELECT DISTINCT ON (tax_code) tax_code, name, taxpayer_type, commune_code, status, tax_method, owner_person_id,
           declared_workers, industrial_park
      FROM cur_dn_thue ORDER BY tax_code, batch_id DESC, row_no`);
  await q.query('CREATE INDEX ON rc_tax (tax_code)');
  // Incomes of P by the person each record was linked to (rc_tn_key of the linkage: the ID when trusted, else the
  // employer's person of that name); a record waiting for review keeps a key of its own and raises no finding.
  await run(q, `
    CREATE TEMP TABLE rc_income AS
    SELECT coalesce(k.key, 'review:' || k.record_key) AS person_id, t.payer_tax_code, sum(t.taxable_income) AS income,
           bool_or(t.contract_type IS NULL OR t.contract_type = '3m_plus') AS long_contract, max(t.full_name) AS full_name,
           bool_or(k.key IS NULL) AS in_review
      FROM cur_thue_tncn t JOIN rc_tn_key k ON k.batch_id = t.batch_id AND k.row_no = t.row_no
     WHERE t.period = :period::date GROUP BY 1, t.payer_tax_code`, { period: p.period });
  // Residents that a participation record waiting for review belongs to as well as the record's other candidates
  // (namesakes: each scores ≥ link.upper, within link.margin of the best): no finding that rests on their not
  // participating is raised until a reviewer decides.
  await run(q, `
    CREATE TEMP TABLE rc_review_cand AS
    SELECT DISTINCT c->>'residentId' AS k
      FROM person_link l CROSS JOIN LATERAL jsonb_array_elements(l.candidates) c
     WHERE l.source = 'bhxh-nguoi' AND l.status = 'review' AND (c->>'score')::numeric >= coalesce(l.score, 0) - :margin::numeric
       AND (c->>'score')::numeric >= :upper::numeric`,
    { margin: p.settings.get('link.margin'), upper: p.settings.get('link.upper') });
  // Mandatory participations with an employer, by every key that names the person (linked resident, ID as
  // written), for the persons who receive unemployment benefit (BHTN_TRUC_LOI).
  await q.query(`
    CREATE TEMP TABLE rc_part_key AS
    SELECT k, from_period, unit_code FROM (
      SELECT resident_id AS k, from_period, unit_code FROM rc_part WHERE scheme = 'BB' AND unit_code IS NOT NULL AND resident_id IS NOT NULL
      UNION ALL
      SELECT raw_key, from_period, unit_code FROM rc_part WHERE scheme = 'BB' AND unit_code IS NOT NULL AND raw_key IS NOT NULL AND raw_key <> '') x
     WHERE k IN (SELECT unnest(ARRAY[l.resident_id, l.raw_id]) FROM person_link l WHERE l.source = 'bhtn-huong')
     GROUP BY k, from_period, unit_code`);
  // One unit per tax code (an active one first) for employer-level findings.
  await q.query(`
    CREATE TEMP TABLE rc_unit_by_tax AS
    SELECT DISTINCT ON (tax_code) * FROM rc_unit WHERE tax_code IS NOT NULL AND tax_code <> '' ORDER BY tax_code, status <> 'active', unit_code`);
  // Temporary tables have no statistics until analysed: without them the planner picks nested loops over aggregates.
  for (const t of ['rc_part', 'rc_active_key', 'rc_unit', 'rc_tax', 'rc_income', 'rc_part_key', 'rc_unit_by_tax', 'rc_review_cand']) await q.query(`ANALYZE ${t}`);
}

/** Employers of bhxh-don-vi, one row per unit code (the latest batch's). */
async function prepareUnits(q: Queryable): Promise<void> {
  await q.query('DROP TABLE IF EXISTS rc_unit');
  await q.query(`
    CREATE TEMP TABLE rc_unit AS
    SELECT DISTINCT ON (unit_code) unit_code, tax_code, name, commune_code, unit_type, industrial_park, status
      FROM cur_bhxh_don_vi ORDER BY unit_code, batch_id DESC, row_no`);
  await q.query('CREATE INDEX ON rc_unit (unit_code)');
  await q.query('CREATE INDEX ON rc_unit (tax_code)');
}

/**
 * Checks that can be redone alone when the only source kind that changed since the latest run is the key: they read
 * that kind and the employers (rc_unit), nothing the linkage builds. A new month of contributions (bhxh-thu) redoes
 * the arrears checks and keeps every other finding as it is (service.ts).
 */
export const CHECKS_REDONE_ALONE: Partial<Record<FileKind, readonly FindingCode[]>> = {
  'bhxh-thu': ['DN_TRON_DONG', 'DN_CHAM_DONG'],
};

/** The working tables the checks of CHECKS_REDONE_ALONE need (their own are built by the check). */
export async function prepareAlone({ q }: CheckContext): Promise<void> {
  await prepareUnits(q);
  await q.query('ANALYZE rc_unit');
}

const checks: Check[] = [
  {
    code: 'DN_CHUA_DANG_KY',
    async run({ q, p }) {
      const c = common(p);
      await run(q, `${INSERT}
        SELECT 'DN_CHUA_DANG_KY', t.tax_code, t.name, 'employer', t.commune_code,
               CASE WHEN t.tax_code LIKE '%-%' THEN split_part(t.tax_code, '-', 1) END,
               round(est.monthly), jsonb_build_object('estimatedMonthlyContributions', round(est.monthly), 'rate', :rate::numeric,
                 'basis', est.basis),
               jsonb_build_object('taxpayerType', t.taxpayer_type, 'declaredWorkers', t.declared_workers,
                 'workersInTncn', coalesce(w.workers, 0), 'incomeInTncn', coalesce(w.income, 0),
                 'parentTaxCode', CASE WHEN t.tax_code LIKE '%-%' THEN split_part(t.tax_code, '-', 1) END,
                 'terminatedUnits', (SELECT jsonb_agg(u.unit_code) FROM rc_unit u WHERE u.tax_code = t.tax_code)),
               :legal, NULL, NULL
          FROM rc_tax t
          LEFT JOIN (SELECT payer_tax_code, count(DISTINCT person_id) AS workers, sum(least(income, :baseCap::numeric)) AS income
                       FROM rc_income GROUP BY payer_tax_code) w ON w.payer_tax_code = t.tax_code
          LEFT JOIN commune cm ON cm.code = t.commune_code
          CROSS JOIN LATERAL (SELECT CASE WHEN coalesce(w.income, 0) > 0 THEN w.income * :rate::numeric
                                          ELSE coalesce(t.declared_workers, 0) * coalesce((:minWage::jsonb ->> cm.wage_region_2026)::numeric, 0) * :rate::numeric END AS monthly,
                                     CASE WHEN coalesce(w.income, 0) > 0 THEN 'thue-tncn' ELSE 'declared_workers' END AS basis) est
         WHERE t.taxpayer_type IN ('enterprise', 'branch', 'other') AND t.status = 'active'
           AND (coalesce(w.workers, 0) >= 1 OR coalesce(t.declared_workers, 0) > 0)
           AND NOT EXISTS (SELECT 1 FROM rc_unit u WHERE u.tax_code = t.tax_code AND u.status <> 'terminated')`,
        { rate: c.rate, baseCap: c.baseCap, minWage: c.minWage, legal: legalBasis('DN_CHUA_DANG_KY', p) });
    },
  },
  {
    code: 'HKD_CHUA_THAM_GIA',
    async run({ q, p }) {
      const monthly = (val(p.atPeriod, 'rate.household_owner.si') + val(p.atPeriod, 'rate.household_owner.health')) * val(p.atPeriod, 'reference_level');
      await run(q, `${INSERT}
        SELECT DISTINCT ON (o.owner) 'HKD_CHUA_THAM_GIA', o.owner, coalesce(r.full_name, o.name), 'person', coalesce(r.commune_code, o.commune_code),
               o.tax_code, round(:monthly::numeric),
               jsonb_build_object('minimumMonthlyContribution', round(:monthly::numeric), 'siRate', :siRate::numeric, 'healthRate', :healthRate::numeric,
                 'base', :refLevel::numeric),
               jsonb_build_object('taxCode', o.tax_code, 'businessName', o.name, 'taxMethod', o.tax_method, 'businessCommune', o.commune_code,
                 'ownerInExtract', r.person_id IS NOT NULL),
               :legal, CASE WHEN r.person_id IS NOT NULL THEN 'id' END, NULL
          FROM (SELECT t.*, coalesce(nullif(btrim(t.owner_person_id), ''), CASE WHEN t.tax_code ~ '^[0-9]{12}$' THEN t.tax_code END, t.tax_code) AS owner
                  FROM rc_tax t
                 WHERE t.taxpayer_type = 'household' AND t.status = 'active' AND t.tax_method = 'declaration') o
          LEFT JOIN rc_resident r ON r.person_id = o.owner
         WHERE NOT EXISTS (SELECT 1 FROM rc_active_key k WHERE k.k = o.owner)
         ORDER BY o.owner, o.tax_code`,
        {
          monthly, siRate: val(p.atPeriod, 'rate.household_owner.si'), healthRate: val(p.atPeriod, 'rate.household_owner.health'),
          refLevel: val(p.atPeriod, 'reference_level'), legal: legalBasis('HKD_CHUA_THAM_GIA', p),
        });
    },
  },
  {
    code: 'NLD_CHUA_THAM_GIA',
    async run({ q, p }) {
      const c = common(p);
      // Worker–employer pairs of P not covered by an active mandatory participation (also used by DN_KHAI_THIEU_LAO_DONG).
      await q.query('DROP TABLE IF EXISTS rc_nld');
      await q.query(`
        CREATE TEMP TABLE rc_nld AS
        SELECT i.* FROM rc_income i
         WHERE i.long_contract AND NOT i.in_review AND NOT EXISTS (SELECT 1 FROM rc_active_key k WHERE k.k = i.person_id AND k.bb)
           AND NOT EXISTS (SELECT 1 FROM rc_review_cand c WHERE c.k = i.person_id)`);
      await q.query('ANALYZE rc_nld');
      await run(q, `${INSERT}
        SELECT 'NLD_CHUA_THAM_GIA', w.person_id, coalesce(r.full_name, w.full_name), 'person',
               coalesce(r.commune_code, w.employer_commune), w.top_employer, round(w.est),
               jsonb_build_object('estimatedMonthlyContributions', round(w.est), 'rate', :rate::numeric, 'income', w.income),
               jsonb_build_object('employers', w.employers, 'inExtract', r.person_id IS NOT NULL),
               :legal, CASE WHEN r.person_id IS NOT NULL THEN 'id' END, NULL
          FROM (SELECT n.person_id, max(n.full_name) AS full_name, sum(n.income) AS income,
                       sum(least(n.income, :baseCap::numeric)) * :rate::numeric AS est,
                       (array_agg(n.payer_tax_code ORDER BY n.income DESC, n.payer_tax_code))[1] AS top_employer,
                       (array_agg(coalesce(u.commune_code, t.commune_code) ORDER BY n.income DESC, n.payer_tax_code))[1] AS employer_commune,
                       jsonb_agg(jsonb_build_object('taxCode', n.payer_tax_code, 'name', coalesce(t.name, u.name), 'income', n.income,
                                  'registered', u.unit_code IS NOT NULL) ORDER BY n.income DESC) AS employers
                  FROM rc_nld n
                  LEFT JOIN rc_tax t ON t.tax_code = n.payer_tax_code
                  LEFT JOIN rc_unit_by_tax u ON u.tax_code = n.payer_tax_code
                 GROUP BY n.person_id) w
          LEFT JOIN rc_resident r ON r.person_id = w.person_id`,
        { rate: c.rate, baseCap: c.baseCap, legal: legalBasis('NLD_CHUA_THAM_GIA', p) });
    },
  },
  {
    code: 'DN_KHAI_THIEU_LAO_DONG',
    async run({ q, p }) {
      const c = common(p);
      const mult = val(p.atAsOf, 'fine.organisation_multiplier');
      await run(q, `${INSERT}
        SELECT 'DN_KHAI_THIEU_LAO_DONG', e.tax_code, e.name, 'employer', e.commune_code, e.unit_code, round(e.est),
               jsonb_build_object('estimatedMonthlyContributions', round(e.est), 'rate', :rate::numeric,
                 'fineMin', round(least(e.est * :fMin::numeric, :fCap::numeric) * :mult::numeric),
                 'fineMax', round(least(e.est * :fMax::numeric, :fCap::numeric) * :mult::numeric)),
               jsonb_build_object('unregisteredWorkers', e.workers, 'unitCode', e.unit_code, 'unitStatus', e.status),
               :legal, NULL, NULL
          FROM (SELECT u.tax_code, u.name, u.commune_code, u.unit_code, u.status, count(DISTINCT n.person_id) AS workers,
                       sum(least(n.income, :baseCap::numeric)) * :rate::numeric AS est
                  FROM rc_unit_by_tax u
                  JOIN rc_nld n ON n.payer_tax_code = u.tax_code
                 GROUP BY u.tax_code, u.name, u.commune_code, u.unit_code, u.status) e
         WHERE e.workers >= 1`,
        {
          rate: c.rate, baseCap: c.baseCap, mult, fMin: val(p.atAsOf, 'fine.unpaid_all.min_rate'), fMax: val(p.atAsOf, 'fine.unpaid_all.max_rate'),
          fCap: val(p.atAsOf, 'fine.unpaid_all.cap'), legal: legalBasis('DN_KHAI_THIEU_LAO_DONG', p),
        });
    },
  },
  {
    code: 'DN_KHAI_THAP_LUONG',
    async run({ q, p }) {
      const c = common(p);
      await run(q, `${INSERT}
        SELECT DISTINCT ON (x.subject) 'DN_KHAI_THAP_LUONG', x.subject, coalesce(x.r_name, x.full_name), 'person', coalesce(x.r_commune, x.commune_code, x.u_commune),
               x.tax_code, round(x.shortfall * :rate::numeric),
               jsonb_build_object('estimatedMonthlyShortfall', round(x.shortfall * :rate::numeric), 'requiredBase', x.required_base,
                 'declaredBase', x.contribution_base, 'rate', :rate::numeric),
               jsonb_build_object('unitCode', x.unit_code, 'employerTaxCode', x.tax_code, 'employerName', x.u_name,
                 'employerCommune', x.u_commune, 'wageRegion', x.region, 'regionalMinWage', x.min_wage, 'declaredBase', x.contribution_base,
                 'income', x.income, 'incomeRatio', :ratio::numeric, 'belowMinWage', x.contribution_base < x.min_wage,
                 'belowIncomeShare', x.income IS NOT NULL AND x.contribution_base < :ratio::numeric * x.income),
               :legal, x.link_method, x.link_score
          FROM (SELECT pt.*, u.tax_code, u.name AS u_name, u.commune_code AS u_commune, cm.wage_region_2026 AS region,
                       (:minWage::jsonb ->> cm.wage_region_2026)::numeric AS min_wage, inc.income,
                       coalesce(pt.resident_id, nullif(pt.raw_id, ''), pt.bhxh_code, pt.batch_id || ':' || pt.row_no) AS subject,
                       greatest((:minWage::jsonb ->> cm.wage_region_2026)::numeric, least(coalesce(inc.income, 0), :baseCap::numeric))
                         - pt.contribution_base AS shortfall,
                       greatest((:minWage::jsonb ->> cm.wage_region_2026)::numeric, least(coalesce(inc.income, 0), :baseCap::numeric)) AS required_base
                  FROM rc_part pt
                  JOIN rc_unit u ON u.unit_code = pt.unit_code
                  JOIN commune cm ON cm.code = u.commune_code
                  -- The income this employer paid the person, under the linked resident's ID and the ID as written.
                  LEFT JOIN rc_income i1 ON i1.payer_tax_code = u.tax_code AND i1.person_id = pt.resident_id
                  LEFT JOIN rc_income i2 ON i2.payer_tax_code = u.tax_code AND i2.person_id = pt.raw_key
                                        AND pt.raw_key IS DISTINCT FROM pt.resident_id
                  CROSS JOIN LATERAL (SELECT CASE WHEN i1.income IS NULL AND i2.income IS NULL THEN NULL
                                                  ELSE coalesce(i1.income, 0) + coalesce(i2.income, 0) END AS income) inc
                 WHERE pt.active AND pt.scheme = 'BB') x
         WHERE x.contribution_base < x.min_wage OR (x.income IS NOT NULL AND x.contribution_base < :ratio::numeric * x.income)
         ORDER BY x.subject, x.shortfall DESC`,
        { rate: c.rate, baseCap: c.baseCap, minWage: c.minWage, ratio: p.settings.get('wage.min_income_ratio'), legal: legalBasis('DN_KHAI_THAP_LUONG', p) });
    },
  },
  {
    code: 'DN_TRON_DONG',
    async run(ctx) {
      await arrears(ctx);
      const { q, p } = ctx;
      const mult = val(p.atAsOf, 'fine.organisation_multiplier');
      await run(q, `${INSERT}
        SELECT 'DN_TRON_DONG', a.unit_code, u.name, 'unit', u.commune_code, u.tax_code, a.arrears,
               jsonb_build_object('arrears', a.arrears, 'evadedArrears', a.evaded_arrears, 'interest', round(a.interest),
                 'interestPerDay', :ipd::numeric, 'evasionDays', :evasionDays::int,
                 'fineMin', round(:eMin::numeric * :mult::numeric), 'fineMax', round(:eMax::numeric * :mult::numeric),
                 'criminalScreening', jsonb_build_object(
                   'flag', a.evaded_months >= :crMonths AND ((a.evaded_arrears >= :crAmtMin AND a.evaded_arrears < :crAmtMax)
                                                           OR (a.max_workers >= :crWMin AND a.max_workers < :crWMax)),
                   'status', 'needs_verification', 'evadedMonths', a.evaded_months, 'evadedAmount', a.evaded_arrears,
                   'workers', a.max_workers)),
               jsonb_build_object('months', a.months, 'unitStatus', u.status),
               :legal, NULL, NULL
          FROM rc_arrears_unit a LEFT JOIN rc_unit u ON u.unit_code = a.unit_code
         WHERE a.evaded_months > 0`,
        {
          ipd: val(p.atAsOf, 'late.interest_per_day'), evasionDays: val(p.atAsOf, 'late.evasion_days'), mult,
          eMin: val(p.atAsOf, 'fine.evasion.min'), eMax: val(p.atAsOf, 'fine.evasion.max'),
          crMonths: val(p.atAsOf, 'criminal.min_months'), crAmtMin: val(p.atAsOf, 'criminal.amount_min'), crAmtMax: val(p.atAsOf, 'criminal.amount_max'),
          crWMin: val(p.atAsOf, 'criminal.workers_min'), crWMax: val(p.atAsOf, 'criminal.workers_max'), legal: legalBasis('DN_TRON_DONG', p),
        });
    },
  },
  {
    code: 'DN_CHAM_DONG',
    async run({ q, p }) {
      const mult = val(p.atAsOf, 'fine.organisation_multiplier');
      await run(q, `${INSERT}
        SELECT 'DN_CHAM_DONG', a.unit_code, u.name, 'unit', u.commune_code, u.tax_code, a.arrears,
               jsonb_build_object('arrears', a.arrears, 'interest', round(a.interest), 'interestPerDay', :ipd::numeric,
                 'fineMin', round(least(a.arrears * :fMin::numeric, :fCap::numeric) * :mult::numeric),
                 'fineMax', round(least(a.arrears * :fMax::numeric, :fCap::numeric) * :mult::numeric)),
               jsonb_build_object('months', a.months, 'unitStatus', u.status),
               :legal, NULL, NULL
          FROM rc_arrears_unit a LEFT JOIN rc_unit u ON u.unit_code = a.unit_code
         WHERE a.evaded_months = 0`,
        {
          ipd: val(p.atAsOf, 'late.interest_per_day'), mult, fMin: val(p.atAsOf, 'fine.late.min_rate'), fMax: val(p.atAsOf, 'fine.late.max_rate'),
          fCap: val(p.atAsOf, 'fine.late.cap'), legal: legalBasis('DN_CHAM_DONG', p),
        });
    },
  },
  {
    code: 'NTG_SAI_THONG_TIN',
    async run({ q, p }) {
      await q.query(`${INSERT}
        SELECT DISTINCT ON (x.subject) 'NTG_SAI_THONG_TIN', x.subject, x.full_name, 'person', coalesce(x.r_commune, x.commune_code),
               x.unit_code, 0, '{}'::jsonb,
               jsonb_build_object('idAsWritten', x.raw_id, 'bhxhCode', x.bhxh_code, 'idProblems', to_jsonb(x.problems),
                 'record', jsonb_build_object('name', x.full_name, 'birthDate', x.birth_date, 'birthPrecision', x.birth_precision, 'sex', x.sex,
                   'commune', x.commune_code, 'scheme', x.scheme, 'unitCode', x.unit_code),
                 'resident', CASE WHEN x.i_id IS NOT NULL THEN jsonb_build_object('personId', x.i_id, 'name', x.i_name, 'birthDate', x.i_bd,
                   'birthPrecision', x.i_bp, 'sex', x.i_sex, 'commune', x.i_commune)
                                  WHEN x.r_id IS NOT NULL THEN jsonb_build_object('personId', x.r_id, 'name', x.r_name, 'birthDate', x.r_bd,
                   'birthPrecision', x.r_bp, 'sex', x.r_sex, 'commune', x.r_commune) END,
                 'linkedResident', CASE WHEN x.r_id IS DISTINCT FROM x.i_id AND x.r_id IS NOT NULL THEN x.r_id END,
                 'nameDiffers', x.name_diff, 'birthDiffers', x.birth_diff, 'sexDiffers', x.sex_diff, 'linkedToOtherId', x.other_id),
               $1, x.link_method, x.link_score
          FROM (SELECT y.*,
                       cardinality(y.problems) > 0 AS bad_id,
                       coalesce(y.by_id AND y.full_name <> y.i_name AND rc_fold(y.full_name) <> rc_fold(y.i_name), false) AS name_diff,
                       coalesce(y.by_id AND NOT (CASE WHEN y.birth_precision = 'Y' OR y.i_bp = 'Y' THEN extract(year FROM y.birth_date) = extract(year FROM y.i_bd)
                                                     WHEN y.birth_precision = 'M' OR y.i_bp = 'M' THEN date_trunc('month', y.birth_date) = date_trunc('month', y.i_bd)
                                                     ELSE y.birth_date = y.i_bd END), false) AS birth_diff,
                       coalesce(y.by_id AND y.sex <> y.i_sex, false) AS sex_diff,
                       coalesce(NOT y.by_id AND cardinality(y.problems) = 0
                                AND ((y.link_method IN ('probabilistic', 'review_accepted') AND y.r_id <> y.raw_id)
                                     -- in review between residents who all match well (namesakes): each has another ID
                                     OR (y.link_status = 'review' AND y.link_score >= $2::numeric)), false) AS other_id
                  -- by_id: the ID as written is a resident's; the record is compared with that resident, whoever it is linked to.
                  FROM (SELECT pt.*, rc_pid_problems(pt.raw_id, pt.birth_date, pt.sex) AS problems, pt.i_id IS NOT NULL AS by_id,
                               CASE WHEN pt.raw_id ~ '^[0-9]{12}$' THEN pt.raw_id
                                    ELSE coalesce(nullif(btrim(pt.bhxh_code), ''), 'BHXH-dong-' || pt.batch_id || '-' || pt.row_no) END AS subject
                          FROM rc_part pt
                         WHERE pt.active) y) x
         WHERE x.bad_id OR x.name_diff OR x.birth_diff OR x.sex_diff OR x.other_id
         ORDER BY x.subject, x.batch_id, x.row_no`, [legalBasis('NTG_SAI_THONG_TIN', p), p.settings.get('link.upper')]);
    },
  },
  {
    code: 'NTG_DA_CHET',
    async run({ q, p }) {
      await run(q, `${INSERT}
        SELECT 'NTG_DA_CHET', d.person_id, max(d.full_name), 'person', max(d.commune_code), max(d.related),
               coalesce(sum(d.recover), 0),
               jsonb_build_object('unemploymentBenefitToRecover', coalesce(sum(d.recover), 0)),
               jsonb_build_object('deathDate', max(d.death_date), 'records', jsonb_agg(d.ev)),
               :legal, min(d.link_method), min(d.link_score)
          FROM (
            SELECT pt.r_id AS person_id, pt.r_name AS full_name, pt.r_commune AS commune_code, pt.r_death AS death_date, pt.unit_code AS related, NULL::numeric AS recover,
                   jsonb_build_object('source', 'bhxh-nguoi', 'scheme', pt.scheme, 'unitCode', pt.unit_code, 'fromPeriod', pt.from_period,
                     'name', pt.full_name, 'idAsWritten', pt.raw_id) AS ev, pt.link_method, pt.link_score
              FROM rc_part pt
             WHERE pt.active AND pt.r_deceased AND (pt.r_death IS NULL OR pt.r_death < :period::date)
            UNION ALL
            SELECT r.person_id, r.full_name, r.commune_code, r.death_date, b.decision_no,
                   b.monthly_amount * greatest(0,
                     (extract(year FROM least(b.end_date, :asOf::date)) * 12 + extract(month FROM least(b.end_date, :asOf::date)))
                     - (extract(year FROM greatest(b.start_date, coalesce(r.death_date, b.start_date))) * 12
                        + extract(month FROM greatest(b.start_date, coalesce(r.death_date, b.start_date))))
                     + CASE WHEN r.death_date IS NULL OR r.death_date < date_trunc('month', b.start_date) THEN 1 ELSE 0 END),
                   jsonb_build_object('source', 'bhtn-huong', 'decisionNo', b.decision_no, 'startDate', b.start_date, 'endDate', b.end_date,
                     'monthlyAmount', b.monthly_amount, 'name', b.full_name, 'idAsWritten', b.person_id),
                   l.method, l.score
              FROM person_link l
              JOIN cur_bhtn_huong b ON b.batch_id = l.batch_id AND b.row_no = l.row_no
              JOIN rc_resident r ON r.person_id = l.resident_id
             WHERE l.source = 'bhtn-huong' AND l.status = 'linked' AND r.deceased AND (r.death_date IS NULL OR r.death_date < :period::date)
               AND b.start_date < (:period::date + interval '1 month') AND b.end_date >= :period::date
          ) d
         GROUP BY d.person_id`, { period: p.period, asOf: p.asOf, legal: legalBasis('NTG_DA_CHET', p) });
    },
  },
  {
    code: 'BHTN_TRUC_LOI',
    async run({ q, p }) {
      await q.query(`${INSERT}
        SELECT 'BHTN_TRUC_LOI', m.subject, max(m.full_name), 'person', max(m.commune_code), max(m.unit_code),
               sum(m.recover), jsonb_build_object('benefitToRecover', sum(m.recover), 'months', sum(m.months)),
               jsonb_build_object('benefits', jsonb_agg(m.ev ORDER BY m.start_date)),
               $1, min(m.link_method), min(m.link_score)
          FROM (
            SELECT DISTINCT ON (b.batch_id, b.row_no)
                   coalesce(l.resident_id, l.raw_id) AS subject, coalesce(r.full_name, b.full_name) AS full_name, r.commune_code,
                   pt.unit_code, b.start_date, l.method AS link_method, l.score AS link_score,
                   (extract(year FROM b.end_date) * 12 + extract(month FROM b.end_date))
                     - (extract(year FROM pt.from_period) * 12 + extract(month FROM pt.from_period)) + 1 AS months,
                   b.monthly_amount * ((extract(year FROM b.end_date) * 12 + extract(month FROM b.end_date))
                     - (extract(year FROM pt.from_period) * 12 + extract(month FROM pt.from_period)) + 1) AS recover,
                   jsonb_build_object('decisionNo', b.decision_no, 'startDate', b.start_date, 'endDate', b.end_date, 'monthlyAmount', b.monthly_amount,
                     'newJobFrom', pt.from_period, 'unitCode', pt.unit_code) AS ev
              FROM person_link l
              JOIN cur_bhtn_huong b ON b.batch_id = l.batch_id AND b.row_no = l.row_no
              LEFT JOIN rc_resident r ON r.person_id = l.resident_id
              -- Every key that names the benefit's recipient: the linked resident and the ID as written.
              JOIN (SELECT DISTINCT x.batch_id, x.row_no, x.k
                      FROM (SELECT batch_id, row_no, resident_id AS k FROM person_link WHERE source = 'bhtn-huong'
                            UNION ALL
                            SELECT batch_id, row_no, raw_id FROM person_link WHERE source = 'bhtn-huong') x
                     WHERE x.k IS NOT NULL AND x.k <> '') bk ON bk.batch_id = l.batch_id AND bk.row_no = l.row_no
              JOIN rc_part_key pt ON pt.k = bk.k
                               AND pt.from_period > date_trunc('month', b.start_date) AND pt.from_period <= date_trunc('month', b.end_date)
             WHERE l.source = 'bhtn-huong' AND coalesce(l.resident_id, l.raw_id) IS NOT NULL
             ORDER BY b.batch_id, b.row_no, pt.from_period
          ) m
         GROUP BY m.subject`, [legalBasis('BHTN_TRUC_LOI', p)]);
    },
  },
  {
    code: 'KCN_LECH_LAO_DONG',
    async run({ q, p }) {
      const c = common(p);
      await run(q, `${INSERT}
        SELECT 'KCN_LECH_LAO_DONG', k.tax_code, k.name, 'employer', coalesce(u.commune_code, t.commune_code), u.unit_code,
               round((k.reported_workers - coalesce(a.active, 0)) * coalesce((:minWage::jsonb ->> cm.wage_region_2026)::numeric, 0) * :rate::numeric),
               jsonb_build_object('estimatedMonthlyContributions',
                 round((k.reported_workers - coalesce(a.active, 0)) * coalesce((:minWage::jsonb ->> cm.wage_region_2026)::numeric, 0) * :rate::numeric),
                 'basis', 'regional_min_wage', 'rate', :rate::numeric),
               jsonb_build_object('industrialPark', k.industrial_park, 'reportedWorkers', k.reported_workers, 'activeParticipants', coalesce(a.active, 0),
                 'gap', k.reported_workers - coalesce(a.active, 0)),
               :legal, NULL, NULL
          FROM (SELECT DISTINCT ON (tax_code) * FROM cur_kcn_lao_dong WHERE period = :period::date ORDER BY tax_code, batch_id DESC, row_no) k
          LEFT JOIN (SELECT u.tax_code, count(DISTINCT coalesce(pt.resident_id, nullif(pt.raw_id, ''), pt.bhxh_code, pt.batch_id || ':' || pt.row_no)) AS active
                       FROM rc_part pt JOIN rc_unit u ON u.unit_code = pt.unit_code
                      WHERE pt.active AND pt.scheme = 'BB' GROUP BY u.tax_code) a ON a.tax_code = k.tax_code
          LEFT JOIN rc_unit_by_tax u ON u.tax_code = k.tax_code
          LEFT JOIN rc_tax t ON t.tax_code = k.tax_code
          LEFT JOIN commune cm ON cm.code = coalesce(u.commune_code, t.commune_code)
         WHERE k.reported_workers - coalesce(a.active, 0) >= :gapWorkers::numeric
           AND k.reported_workers - coalesce(a.active, 0) >= :gapRatio::numeric * coalesce(a.active, 0)`,
        {
          period: p.period, rate: c.rate, minWage: c.minWage, gapWorkers: p.settings.get('kcn.min_gap_workers'),
          gapRatio: p.settings.get('kcn.min_gap_ratio'), legal: legalBasis('KCN_LECH_LAO_DONG', p),
        });
    },
  },
  {
    code: 'TIEM_NANG_TU_NGUYEN',
    async run({ q, p }) {
      const gross = val(p.atAsOf, 'rate.voluntary') * val(p.atAsOf, 'rural_poverty_line');
      await run(q, `${INSERT}
        SELECT 'TIEM_NANG_TU_NGUYEN', y.person_id, y.full_name, 'person', y.commune_code, NULL, g.net, g.amounts, '{}'::jsonb, NULL, NULL, NULL
          -- The support group of each (household, ethnic minority) combination, computed once, not per resident.
          FROM (SELECT h.household, e.ethnic, round(:gross::numeric * (1 - g0.support_rate)) AS net,
                       jsonb_build_object('supportGroup', g0.grp, 'supportRate', g0.support_rate,
                                          'netMinimumMonthly', round(:gross::numeric * (1 - g0.support_rate))) AS amounts
                  FROM (VALUES ('poor'), ('near_poor'), ('none')) h (household)
                 CROSS JOIN (VALUES (true), (false)) e (ethnic)
                 CROSS JOIN LATERAL (SELECT
                       greatest(CASE WHEN h.household = 'poor' THEN :rPoor::numeric END, CASE WHEN h.household = 'near_poor' THEN :rNear::numeric END,
                                CASE WHEN e.ethnic THEN :rEthnic::numeric END, :rOther::numeric) AS support_rate,
                       CASE WHEN h.household = 'poor' AND :rPoor::numeric >= greatest(:rNear::numeric, :rEthnic::numeric, :rOther::numeric) THEN 'poor'
                            WHEN h.household = 'near_poor' AND :rNear::numeric >= greatest(:rEthnic::numeric, :rOther::numeric) THEN 'near_poor'
                            WHEN e.ethnic AND :rEthnic::numeric >= :rOther::numeric THEN 'ethnic_minority'
                            WHEN h.household = 'poor' THEN 'poor' WHEN h.household = 'near_poor' THEN 'near_poor'
                            WHEN e.ethnic THEN 'ethnic_minority' ELSE 'other' END AS grp) g0) g
          JOIN (SELECT r.person_id, r.full_name, r.commune_code,
                       r.minority AS ethnic,
                       coalesce(hn.household, 'none') AS household
                          FROM rc_resident r
                          -- Whole months completed at as_of, in integers (months are whole: compare with the ceiling).
                          CROSS JOIN LATERAL (SELECT :asOfYm::int - r.birth_ym - CASE WHEN :asOfDay::int < r.birth_day THEN 1 ELSE 0 END AS months) age
                          LEFT JOIN rc_hn hn ON hn.resident_id = r.person_id
                         WHERE NOT r.deceased
                           AND age.months >= ceil(:minAge::numeric * 12)::int
                           AND age.months < CASE r.sex WHEN 'M' THEN ceil(:retM::numeric)::int ELSE ceil(:retF::numeric)::int END
                           AND NOT EXISTS (SELECT 1 FROM rc_active_key k WHERE k.k = r.person_id)
                           AND NOT EXISTS (SELECT 1 FROM rc_excluded e WHERE e.k = r.person_id)) y
            ON y.household = g.household AND y.ethnic = g.ethnic`,
        {
          gross, volRate: val(p.atAsOf, 'rate.voluntary'), povLine: val(p.atAsOf, 'rural_poverty_line'),
          rPoor: val(p.atAsOf, 'voluntary.support_rate.poor'), rNear: val(p.atAsOf, 'voluntary.support_rate.near_poor'),
          rEthnic: val(p.atAsOf, 'voluntary.support_rate.ethnic_minority'), rOther: val(p.atAsOf, 'voluntary.support_rate.other'),
          asOfYm: Number(p.asOf.slice(0, 4)) * 12 + Number(p.asOf.slice(5, 7)), asOfDay: Number(p.asOf.slice(8, 10)),
          minAge: val(p.atAsOf, 'voluntary.min_age_years'), retM: val(p.atAsOf, 'retirement_age_months.M'),
          retF: val(p.atAsOf, 'retirement_age_months.F'), legal: legalBasis('TIEM_NANG_TU_NGUYEN', p),
        });
    },
  },
];

/** Late months per unit (deadline before as_of), with the evasion test per month. */
async function arrears({ q, p }: CheckContext) {
  await q.query('DROP TABLE IF EXISTS rc_arrears_unit');
  await run(q, `
    CREATE TEMP TABLE rc_arrears_unit AS
    SELECT m.unit_code, sum(m.arrears)::bigint AS arrears, sum(m.interest) AS interest,
           count(*) FILTER (WHERE m.evaded)::int AS evaded_months,
           coalesce(sum(m.arrears) FILTER (WHERE m.evaded), 0)::bigint AS evaded_arrears,
           coalesce(max(m.workers) FILTER (WHERE m.evaded), 0) AS max_workers,
           jsonb_agg(jsonb_build_object('period', m.period, 'due', m.amount_due, 'paid', m.amount_paid, 'arrears', m.arrears,
             'deadline', m.deadline, 'daysLate', m.days_late, 'remindedOn', m.reminded_on, 'evaded', m.evaded,
             'interest', round(m.interest), 'workers', m.workers) ORDER BY m.period) AS months
      FROM (SELECT t.*, t.amount_due - t.amount_paid AS arrears, d.deadline, (:asOf::date - d.deadline) AS days_late,
                   (t.amount_due - t.amount_paid) * :ipd::numeric * (:asOf::date - d.deadline) AS interest,
                   ((:asOf::date - d.deadline) >= :evasionDays::int + 1 AND t.reminded_on IS NOT NULL) AS evaded
              FROM cur_bhxh_thu t
              CROSS JOIN LATERAL (SELECT (t.period + make_interval(months => :dueAfter::int + 1) - interval '1 day')::date AS deadline) d
             WHERE t.amount_paid < t.amount_due AND d.deadline < :asOf::date) m
     GROUP BY m.unit_code`,
    {
      asOf: p.asOf, ipd: val(p.atAsOf, 'late.interest_per_day'), evasionDays: val(p.atAsOf, 'late.evasion_days'),
      dueAfter: val(p.atAsOf, 'contribution.due_months_after'),
    });
  await q.query('ANALYZE rc_arrears_unit');
}

/** Persons excluded from TIEM_NANG_TU_NGUYEN besides participants: benefits, and NLD/HKD findings. */
async function voluntaryExclusions({ q, p }: CheckContext) {
  for (const t of ['rc_excluded', 'rc_hn']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  await run(q, `
    CREATE TEMP TABLE rc_excluded AS
    SELECT DISTINCT k FROM (
      SELECT l.resident_id AS k FROM person_link l WHERE l.source = 'bhxh-huong' AND l.status = 'linked'
      UNION ALL SELECT l.raw_id FROM person_link l WHERE l.source = 'bhxh-huong' AND (l.id_resident IS NULL OR l.id_resident = l.resident_id)
      UNION ALL
      SELECT unnest(ARRAY[CASE WHEN l.status = 'linked' THEN l.resident_id END,
                          CASE WHEN l.id_resident IS NULL OR l.id_resident = l.resident_id THEN l.raw_id END])
        FROM person_link l JOIN cur_bhtn_huong b ON b.batch_id = l.batch_id AND b.row_no = l.row_no
       WHERE l.source = 'bhtn-huong' AND b.start_date <= :asOf::date AND b.end_date >= :asOf::date
      UNION ALL SELECT subject_id FROM rc_finding_stage WHERE code IN ('NLD_CHUA_THAM_GIA', 'HKD_CHUA_THAM_GIA')
      UNION ALL SELECT k FROM rc_review_cand
    ) x WHERE k IS NOT NULL`, { asOf: p.asOf });
  await q.query('CREATE INDEX ON rc_excluded (k)');
  await q.query('ANALYZE rc_excluded');
  // Poor / near-poor household membership of the latest list year not after as_of.
  await run(q, `
    CREATE TEMP TABLE rc_hn AS
    SELECT l.resident_id, CASE WHEN bool_or(h.household_type = 'poor') THEN 'poor' ELSE 'near_poor' END AS household
      FROM person_link l JOIN cur_ho_ngheo h ON h.batch_id = l.batch_id AND h.row_no = l.row_no
     WHERE l.source = 'ho-ngheo' AND l.status = 'linked'
       AND h.year = (SELECT max(year) FROM cur_ho_ngheo WHERE year <= extract(year FROM :asOf::date))
     GROUP BY l.resident_id`, { asOf: p.asOf });
  await q.query('CREATE INDEX ON rc_hn (resident_id)');
  await q.query('ANALYZE rc_hn');
}

/** The checks in dependency order: DN_TRON_DONG before DN_CHAM_DONG, NLD before DN_KHAI_THIEU, TIEM_NANG last. */
export const CHECKS: readonly Check[] = checks;

export async function runCheck(ctx: CheckContext, check: Check): Promise<number> {
  if (check.code === 'TIEM_NANG_TU_NGUYEN') await voluntaryExclusions(ctx);
  await check.run(ctx);
  const after = await ctx.q.query<{ n: number }>('SELECT count(*)::int AS n FROM rc_finding_stage WHERE code = $1', [check.code]);
  return after.rows[0].n;
}
