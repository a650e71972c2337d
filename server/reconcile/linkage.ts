/**
 * Identity linkage, set-based: every person record of the sources is linked to a resident of the
 * population extract (dan-cu) by personal ID first; records without a usable ID, or whose ID is not in the
 * extract, are matched on name + birth date + sex (+ commune) with the weights of shared/identity/match.ts.
 * Method: docs/reconcile.md.
 */
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Queryable } from './sql.ts';
import { dropPlainIndexes, rebuildIndexes } from '../db/bulk.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights, type LinkThresholds } from '#shared/identity/match.ts';
import { DEFAULT_LINK_EVIDENCE, type LinkEvidence } from '#shared/identity/compare.ts';

/**
 * Rebuilds rc_resident and rc_name_freq when the current dan-cu batches changed since the last build.
 * Returns whether it rebuilt.
 */
export async function refreshResidents(q: Queryable, force = false): Promise<boolean> {
  const { rows } = await q.query<{ sig: string }>(
    `SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') AS sig FROM import_batch WHERE kind = 'dan-cu' AND is_current`,
  );
  const sig = rows[0].sig;
  const prev = await q.query<{ value: { sig?: string } | null }>(`SELECT value FROM app_state WHERE key = 'reconcile.resident_batches'`);
  const count = await q.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM rc_resident) AS any');
  if (!force && prev.rows[0] && prev.rows[0].value?.sig === sig && (count.rows[0].any || sig === '')) return false;
  await q.query('TRUNCATE rc_resident');
  // Bulk load without the primary key, then build it (faster than maintaining it row by row).
  await q.query('ALTER TABLE rc_resident DROP CONSTRAINT IF EXISTS rc_resident_pkey');
  const batches = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_batch WHERE kind = 'dan-cu' AND is_current`);
  // One current extract has unique IDs (the importer rejects duplicates); several may overlap: keep the newest row.
  const source = batches.rows[0].n > 1
    ? 'SELECT DISTINCT ON (person_id) * FROM cur_dan_cu ORDER BY person_id, batch_id DESC, row_no'
    : 'SELECT * FROM cur_dan_cu';
  // Only cheap keys for 1.8 million residents: the folded first, middle and last words (blocking and name
  // frequencies). Full name keys are computed later for candidate residents only. OFFSET 0 keeps the folded
  // name a computed column: flattened, unaccent would run once per use.
  await q.query(`
    INSERT INTO rc_resident (person_id, full_name, fam_key, mid_key, giv_key, birth_date, birth_precision, birth_year, birth_ym, birth_day,
                             sex, ethnicity, minority, commune_code, deceased, death_date)
    SELECT person_id, full_name, fam, CASE WHEN mid LIKE '%  %' THEN regexp_replace(mid, ' +', ' ', 'g') ELSE mid END, giv,
           birth_date, birth_precision, by, by * 12 + bm, bday, sex, ethnicity, minority, commune_code, deceased, death_date
      FROM (SELECT y.*, CASE WHEN length(n) > length(fam) + length(giv) + 1 THEN btrim(substr(n, length(fam) + 1, length(n) - length(fam) - length(giv))) ELSE '' END AS mid
              FROM (SELECT x.*, CASE WHEN position(' ' IN n) > 0 THEN split_part(n, ' ', 1) ELSE '' END AS fam, split_part(n, ' ', -1) AS giv
                      FROM (SELECT d.person_id, d.full_name, d.birth_date, d.birth_precision, d.sex, d.ethnicity, d.commune_code, d.deceased, d.death_date,
                                   lower(unaccent(btrim(d.full_name)) COLLATE "C") AS n, date_part('year', d.birth_date)::int AS by,
                                   date_part('month', d.birth_date)::int AS bm, date_part('day', d.birth_date)::int AS bday,
                                   -- Ethnic minority: any ethnicity other than Kinh (most rows say 'Kinh': tested first).
                                   CASE WHEN d.ethnicity IS NULL OR d.ethnicity = 'Kinh' THEN false
                                        ELSE btrim(d.ethnicity) <> '' AND lower(btrim(d.ethnicity)) <> 'kinh' END AS minority
                              FROM (${source}) d
                            OFFSET 0) x) y) z`);
  await q.query('ALTER TABLE rc_resident ADD PRIMARY KEY (person_id)');
  await q.query('TRUNCATE rc_name_freq');
  await q.query(`
    INSERT INTO rc_name_freq (part, token, n)
    SELECT 'F', fam_key, count(*) FROM rc_resident WHERE fam_key <> '' GROUP BY fam_key
    UNION ALL SELECT 'M', mid_key, count(*) FROM rc_resident WHERE mid_key <> '' GROUP BY mid_key
    UNION ALL SELECT 'G', giv_key, count(*) FROM rc_resident WHERE giv_key <> '' GROUP BY giv_key`);
  await q.query('ANALYZE rc_resident');
  await q.query(
    `INSERT INTO app_state (key, value) VALUES ('reconcile.resident_batches', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [JSON.stringify({ sig })],
  );
  return true;
}

/**
 * Links the person records of the run: exact personal ID, then reviewers' accepted decisions, then the
 * probabilistic match of the rest. Returns counts per source and status.
 */
export async function linkPersons(
  q: Queryable,
  runId: number,
  period: string,
  thresholds: LinkThresholds,
  w: MatchWeights = DEFAULT_MATCH_WEIGHTS,
  evidence: LinkEvidence = DEFAULT_LINK_EVIDENCE,
): Promise<{ bySource: Array<{ source: string; method: string; status: string; n: number }> }> {
  await q.query('TRUNCATE person_link');
  // Bulk load without indexes, then build them (faster than maintaining them row by row).
  await q.query('ALTER TABLE person_link DROP CONSTRAINT IF EXISTS person_link_pkey');
  const deferred = await dropPlainIndexes(q, 'person_link');
  // 1. Every record, linked by exact personal ID where the ID is in the extract, else by a reviewer's accepted
  //    decision. record_key identifies the record by its values (not its batch), so reviewers' decisions
  //    survive re-imports.
  // 1b. An ID is evidence, not proof: a record whose ID's resident has another name, birth date or sex beyond a
  //     slip is not linked by the ID. It is scored below against that resident (with the ID's weight) and against
  //     the candidates its other fields find; the best wins only when clearly best. A reviewer's accepted decision
  //     for the record wins over both. Checked in the same statement as the ID join (cheap equalities first: most
  //     records agree exactly), so the 1,8 million residents are joined once.
  await q.query(
    `INSERT INTO person_link (run_id, source, batch_id, row_no, record_key, raw_id, full_name, birth_date, birth_precision, sex,
                              commune_code, resident_id, method, status, id_resident)
     SELECT $1, x.source, x.batch_id, x.row_no, x.record_key, x.person_id, x.full_name, x.birth_date, x.birth_precision, x.sex,
            x.commune_code, CASE WHEN x.id_ok THEN x.rid ELSE x.vid END,
            CASE WHEN x.id_ok THEN 'id' WHEN x.vid IS NOT NULL THEN 'review_accepted' ELSE 'none' END,
            CASE WHEN x.id_ok OR x.vid IS NOT NULL THEN 'linked' ELSE 'unlinked' END, x.rid
       FROM (
         SELECT s.*, r.person_id AS rid, v.resident_id AS vid,
                r.person_id IS NOT NULL
                AND ((s.sex IS NULL OR s.sex = r.sex::text)
                     AND (s.birth_date = r.birth_date OR rc_birth_slip(s.birth_date, s.birth_precision, r.birth_date, r.birth_precision))
                     AND (s.full_name = r.full_name
                          OR (rc_first_key(s.full_name) = r.fam_key AND rc_last_key(s.full_name) = r.giv_key)
                          OR rc_name_slip(rc_fold(s.full_name), rc_fold(r.full_name), $3))) IS NOT FALSE AS id_ok
           FROM (
             SELECT u.*, md5(concat_ws('|', u.source, u.person_id, u.extra, u.full_name, u.birth_date::text, u.sex, u.commune_code)) AS record_key
               FROM (
                 SELECT 'bhxh-nguoi' AS source, batch_id, row_no, person_id, full_name, birth_date, birth_precision, sex::text AS sex,
                        commune_code, bhxh_code AS extra
                   FROM cur_bhxh_nguoi WHERE snapshot_period = $2::date
                 UNION ALL
                 SELECT 'bhxh-huong', batch_id, row_no, person_id, full_name, birth_date, birth_precision, NULL, NULL, benefit_type
                   FROM cur_bhxh_huong
                 UNION ALL
                 SELECT 'bhtn-huong', batch_id, row_no, person_id, full_name, birth_date, birth_precision, NULL, NULL, decision_no
                   FROM cur_bhtn_huong
                 UNION ALL
                 SELECT 'ho-ngheo', batch_id, row_no, person_id, full_name, birth_date, birth_precision, NULL, commune_code, year::text
                   FROM cur_ho_ngheo
               ) u
             OFFSET 0
           ) s
           LEFT JOIN rc_resident r ON r.person_id = s.person_id
           LEFT JOIN (SELECT DISTINCT ON (v.record_key) v.record_key, v.resident_id
                        FROM person_link_review v
                       WHERE v.decision = 'accepted' AND EXISTS (SELECT 1 FROM rc_resident x WHERE x.person_id = v.resident_id)
                       ORDER BY v.record_key, v.decided_at DESC, v.resident_id) v ON v.record_key = s.record_key
       ) x`,
    [runId, period, evidence.slipEdits],
  );

  // 2. Probabilistic match of the records still unlinked that carry a name and a birth date, with the
  //    agreement weights of each record's own name parts: log2(m / u), u = share among residents, capped.
  //    (OFFSET 0 computes each name key once instead of once per use.)
  const total = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM rc_resident');
  const nRes = Math.max(1, total.rows[0].n);
  await q.query('DROP TABLE IF EXISTS rc_fz');
  await q.query(
    `CREATE TEMP TABLE rc_fz AS
     SELECT z.*,
            least($2::float8, (ln($5::float8 / greatest(coalesce(ff.n, 0)::float8 / $1, $8::float8)) / ln(2))) AS fw,
            least($3::float8, (ln($6::float8 / greatest(coalesce(fm.n, 0)::float8 / $1, $8::float8)) / ln(2))) AS mw,
            least($4::float8, (ln($7::float8 / greatest(coalesce(fg.n, 0)::float8 / $1, $8::float8)) / ln(2))) AS gw
       FROM (SELECT l.source, l.batch_id, l.row_no, l.record_key, l.id_resident, l.birth_date AS bd, l.birth_precision AS bp,
                    date_part('year', l.birth_date)::int AS by,
                    (date_part('year', l.birth_date) * 12 + date_part('month', l.birth_date))::int AS bym, l.sex, l.commune_code, x.f, x.t,
                    rc_family(x.f) AS fam, rc_middle(x.f) AS mid, rc_given(x.f) AS giv,
                    rc_family(x.t) AS fam_t, rc_middle(x.t) AS mid_t, rc_given(x.t) AS giv_t,
                    rc_first_key(l.full_name) AS fk, rc_last_key(l.full_name) AS gk
               FROM person_link l, LATERAL (SELECT rc_fold(l.full_name) AS f, rc_tone(l.full_name) AS t OFFSET 0) x
              WHERE l.status = 'unlinked' AND l.birth_date IS NOT NULL AND x.f <> '') z
       LEFT JOIN rc_name_freq ff ON ff.part = 'F' AND ff.token = z.fam
       LEFT JOIN rc_name_freq fm ON fm.part = 'M' AND fm.token = z.mid
       LEFT JOIN rc_name_freq fg ON fg.part = 'G' AND fg.token = z.giv`,
    [nRes, w.capFamily, w.capMiddle, w.capGiven, w.mFamily, w.mMiddle, w.mGiven, w.uFloor],
  );
  await q.query('ANALYZE rc_fz');

  const part = (a: string, at: string, b: string, bt: string, agree: string, disagree: string) => `
    CASE WHEN ${a} = '' OR ${b} = '' THEN 0
         WHEN ${at} = ${bt} THEN ${agree}
         WHEN ${a} = ${b} THEN CASE WHEN ${at} <> ${a} AND ${bt} <> ${b} THEN $1::float8 ELSE ${agree} - $2::float8 END
         WHEN least(length(${a}), length(${b})) >= 4 AND levenshtein(${a}, ${b}) <= 1 THEN $3::float8
         ELSE ${disagree} END`;
  const reorder = `(z.t <> r.tone AND length(z.t) = length(r.tone) AND rc_sorted(z.t) = rc_sorted(r.tone))`;
  const birth = `
    CASE WHEN z.bp = 'Y' OR r.birth_precision = 'Y' THEN CASE WHEN z.by = r.birth_year THEN $11::float8 ELSE $12::float8 END
         WHEN z.bp = 'M' OR r.birth_precision = 'M' THEN
           CASE WHEN date_trunc('month', z.bd) = date_trunc('month', r.birth_date) THEN $10::float8 WHEN z.by = r.birth_year THEN 0 ELSE $12::float8 END
         WHEN z.bd = r.birth_date THEN $13::float8
         WHEN z.by = r.birth_year AND extract(month FROM z.bd) = extract(day FROM r.birth_date)
              AND extract(day FROM z.bd) = extract(month FROM r.birth_date) THEN $14::float8
         WHEN abs(z.by - r.birth_year) = 1 AND to_char(z.bd, 'MMDD') = to_char(r.birth_date, 'MMDD') THEN $15::float8
         WHEN date_trunc('month', z.bd) = date_trunc('month', r.birth_date) THEN $16::float8
         WHEN z.by = r.birth_year THEN $17::float8
         ELSE $12::float8 END`;
  await q.query('DROP TABLE IF EXISTS rc_pair');
  await q.query('DROP TABLE IF EXISTS rc_cand');
  await q.query('DROP TABLE IF EXISTS rc_cres');
  // Blocking: (birth month — the year when only the year is known —, folded family and given name[, sex]) and
  // (birth date, commune). Candidates outside these blocks could not reach the automatic threshold anyway.
  await q.query(`
    CREATE TEMP TABLE rc_cand AS
    SELECT z.source, z.batch_id, z.row_no, r.person_id FROM rc_fz z
      JOIN rc_resident r ON r.birth_year = z.by AND r.giv_key = z.gk AND r.fam_key = z.fk AND (z.sex IS NULL OR r.sex = z.sex)
                        AND (z.bp = 'Y' OR r.birth_precision = 'Y' OR r.birth_ym = z.bym)
    UNION
    SELECT z.source, z.batch_id, z.row_no, r.person_id FROM rc_fz z
      JOIN rc_resident r ON r.birth_date = z.bd AND r.commune_code = z.commune_code WHERE z.bp = 'D'
    UNION
    SELECT z.source, z.batch_id, z.row_no, z.id_resident FROM rc_fz z WHERE z.id_resident IS NOT NULL`);
  await q.query('ANALYZE rc_cand');
  // Full name keys of the candidate residents only.
  await q.query(`
    CREATE TEMP TABLE rc_cres AS
    SELECT r.person_id, r.birth_date, r.birth_precision, r.birth_year, r.sex, r.commune_code, x.f AS fold, x.t AS tone,
           rc_family(x.f) AS fam, rc_middle(x.f) AS mid, rc_given(x.f) AS giv,
           rc_family(x.t) AS fam_t, rc_middle(x.t) AS mid_t, rc_given(x.t) AS giv_t
      FROM (SELECT DISTINCT person_id FROM rc_cand) c JOIN rc_resident r ON r.person_id = c.person_id,
           LATERAL (SELECT rc_fold(r.full_name) AS f, rc_tone(r.full_name) AS t OFFSET 0) x`);
  await q.query('ANALYZE rc_cres');
  await q.query(
    `CREATE TEMP TABLE rc_pair AS
     WITH cand AS (SELECT * FROM rc_cand     ), scored AS (
       SELECT z.source, z.batch_id, z.row_no, z.record_key, r.person_id, ${reorder} AS reorder,
              ${part('z.fam', 'z.fam_t', 'r.fam', 'r.fam_t', 'z.fw', '$4::float8')} AS s_fam,
              ${part('z.mid', 'z.mid_t', 'r.mid', 'r.mid_t', 'z.mw', '$5::float8')} AS s_mid,
              ${part('z.giv', 'z.giv_t', 'r.giv', 'r.giv_t', 'z.gw', '$6::float8')} AS s_giv,
              ${birth} AS s_birth,
              CASE WHEN z.sex IS NULL THEN 0 WHEN z.sex = r.sex THEN $7::float8 ELSE $8::float8 END AS s_sex,
              CASE WHEN z.commune_code IS NULL THEN 0 WHEN z.commune_code = r.commune_code THEN $9::float8
                   WHEN nb.neighbour_code IS NOT NULL THEN $21::float8 ELSE $18::float8 END AS s_commune,
              z.fw, z.mw, z.gw, z.mid AS z_mid,
              CASE WHEN r.person_id = z.id_resident THEN $20::float8 ELSE 0 END AS s_id,
              (z.f = r.fold AND z.bd = r.birth_date AND z.bp = 'D' AND r.birth_precision = 'D' AND z.sex = r.sex) AS same_key
         FROM cand c
         JOIN rc_fz z ON z.source = c.source AND z.batch_id = c.batch_id AND z.row_no = c.row_no
         JOIN rc_cres r ON r.person_id = c.person_id
         -- equal / neighbouring / elsewhere: a person who moved is more likely in a commune next door
         LEFT JOIN commune_neighbour nb ON nb.commune_code = z.commune_code AND nb.neighbour_code = r.commune_code
        WHERE NOT EXISTS (SELECT 1 FROM person_link_review v WHERE v.record_key = z.record_key AND v.resident_id = r.person_id AND v.decision = 'rejected')
     )
     SELECT source, batch_id, row_no, record_key, person_id, reorder,
            CASE WHEN reorder THEN fw - $19::float8 ELSE s_fam END AS s_fam,
            CASE WHEN reorder THEN CASE WHEN z_mid <> '' THEN mw ELSE 0 END ELSE s_mid END AS s_mid,
            CASE WHEN reorder THEN gw ELSE s_giv END AS s_giv,
            s_birth, s_sex, s_commune, s_id, same_key
       FROM scored`,
    [
      w.diacriticConflict, w.plainPenalty, w.fuzzyName, w.disagreeFamily, w.disagreeMiddle, w.disagreeGiven,
      w.sexAgree, w.sexDisagree, w.communeAgree, w.dobMonthPrecision, w.dobYearPrecision, w.dobDisagree,
      w.dobExact, w.dobTransposed, w.dobYearOff, w.dobSameMonth, w.dobSameYearOnly, w.communeDisagree, w.reorderPenalty,
      evidence.idWeight, w.communeNeighbour,
    ],
  );
  await q.query(
    `WITH s AS (
       SELECT p.*, round((s_fam + s_mid + s_giv + s_birth + s_sex + s_commune + s_id)::numeric, 2) AS score
         FROM rc_pair p
     ), ranked AS (
       SELECT s.*, row_number() OVER (PARTITION BY source, batch_id, row_no ORDER BY score DESC, person_id) AS rn
         FROM s
     ), top AS (
       SELECT source, batch_id, row_no,
              max(score) FILTER (WHERE rn = 1) AS best,
              max(score) FILTER (WHERE rn = 2) AS second,
              max(person_id) FILTER (WHERE rn = 1) AS best_id,
              -- Name, birth date and sex all equal and unique among the candidates (which hold every resident with
              -- that name and birth month): the record's commune may be an old one (a person who moved).
              bool_or(same_key) FILTER (WHERE rn = 1) AND count(*) FILTER (WHERE same_key) = 1 AS unique_key,
              jsonb_agg(jsonb_build_object('residentId', person_id, 'score', score,
                'components', jsonb_build_object('family', round(s_fam::numeric, 2), 'middle', round(s_mid::numeric, 2),
                  'given', round(s_giv::numeric, 2), 'birth', s_birth, 'sex', s_sex, 'commune', s_commune, 'reorder', reorder, 'id', s_id))
                ORDER BY rn) FILTER (WHERE rn <= 3) AS candidates
         FROM ranked GROUP BY source, batch_id, row_no
     )
     UPDATE person_link l SET
       score = t.best,
       candidates = coalesce(t.candidates, '[]'::jsonb),
       status = CASE WHEN t.clear THEN 'linked' WHEN t.best >= $2 OR l.id_resident IS NOT NULL THEN 'review' ELSE 'unlinked' END,
       method = CASE WHEN NOT t.clear THEN 'none' WHEN t.best_id = l.id_resident THEN 'id' ELSE 'probabilistic' END,
       resident_id = CASE WHEN t.clear THEN t.best_id END
      FROM (SELECT top.*, (second IS NULL OR best - second >= $3) AND (best >= $1 OR (unique_key AND best >= $2)) AS clear FROM top) t
     WHERE l.source = t.source AND l.batch_id = t.batch_id AND l.row_no = t.row_no`,
    [thresholds.upper, thresholds.lower, thresholds.margin],
  );
  for (const t of ['rc_pair', 'rc_cand', 'rc_cres', 'rc_fz']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  await linkIncomeRecords(q, runId, period, evidence);
  await q.query('ALTER TABLE person_link ADD PRIMARY KEY (source, batch_id, row_no)');
  await rebuildIndexes(q, deferred);
  // The checks join person_link on these columns; names, dates and candidates need no statistics.
  await q.query('ANALYZE person_link (source, batch_id, row_no, status, method, resident_id, id_resident, raw_id)');
  const { rows } = await q.query<Pick<Selectable<DB['person_link']>, 'source' | 'method' | 'status'> & { n: number }>(
    `SELECT source, method, status, count(*)::int AS n FROM person_link GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return { bySource: rows };
}

/**
 * 3. Income-tax workers (thue-tncn of P; P-1 gives context): no birth date, sex or commune, but an employer.
 *    The ID is trusted when its resident's name agrees within a slip (or the ID is not a resident's and the name
 *    meets no one else at the employer). Otherwise the record is compared by name with the people of the same
 *    employer (its participation records of P and its other income-tax rows whose ID is trusted; a branch counts
 *    with its parent company): one best candidate → linked (method `employer`); several equally good → review;
 *    none → for an ID of another resident, the one resident province-wide with exactly that name, else review.
 *    The result is the temporary `rc_tn_key` (record → person key, status) the checks read; records not linked by
 *    a trusted ID are also written to person_link (source `thue-tncn`) so reviewers see them.
 */
async function linkIncomeRecords(q: Queryable, runId: number, period: string, evidence: LinkEvidence): Promise<void> {
  for (const t of ['rc_tn', 'rc_tn_cand', 'rc_tn_pair', 'rc_tn_match', 'rc_tn_key', 'rc_tn_own', 'rc_tn_x', 'rc_tn_seen']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  await q.query(
    `CREATE TEMP TABLE rc_tn AS
     SELECT t.batch_id, t.row_no, t.person_id AS raw_id, t.payer_tax_code AS payer, split_part(t.payer_tax_code, '-', 1) AS company,
            t.full_name, t.period = $2::date AS in_p, r.person_id AS id_res,
            md5(concat_ws('|', 'thue-tncn', t.person_id, t.payer_tax_code, t.full_name, t.period::text)) AS record_key,
            CASE WHEN r.person_id IS NULL THEN NULL
                 WHEN t.full_name = r.full_name THEN true
                 WHEN rc_first_key(t.full_name) = r.fam_key AND rc_last_key(t.full_name) = r.giv_key THEN true
                 ELSE rc_name_slip(rc_fold(t.full_name), rc_fold(r.full_name), $1) END AS id_ok
       FROM cur_thue_tncn t LEFT JOIN rc_resident r ON r.person_id = t.person_id
      WHERE t.period >= ($2::date - interval '1 month') AND t.period <= $2::date`,
    [evidence.slipEdits, period],
  );
  // Statistics of the join and filter columns only (names and record keys are long and never joined on).
  await q.query('ANALYZE rc_tn (batch_id, row_no, company, payer, in_p, id_ok, id_res, raw_id)');
  // The people of each employer that has a record to resolve, with their cheap blocking keys only (the folded first
  // and last word; a linked resident's come with rc_resident): full name keys are computed later for the
  // candidates a record's blocks reach.
  await q.query(`
    CREATE TEMP TABLE rc_tn_cand AS
    SELECT DISTINCT x.company, x.key, x.name, x.fam, x.giv
      FROM (SELECT split_part(u.tax_code, '-', 1) AS company,
                   coalesce(l.resident_id, CASE WHEN l.id_resident IS NULL AND l.status = 'unlinked' THEN l.raw_id END) AS key,
                   coalesce(r.full_name, l.full_name) AS name,
                   CASE WHEN r.person_id IS NOT NULL THEN r.fam_key ELSE rc_first_key(l.full_name) END AS fam,
                   CASE WHEN r.person_id IS NOT NULL THEN r.giv_key ELSE rc_last_key(l.full_name) END AS giv
              FROM person_link l
              JOIN cur_bhxh_nguoi n ON n.batch_id = l.batch_id AND n.row_no = l.row_no
              JOIN (SELECT DISTINCT unit_code, tax_code FROM cur_bhxh_don_vi WHERE tax_code IS NOT NULL) u ON u.unit_code = n.unit_code
              LEFT JOIN rc_resident r ON r.person_id = l.resident_id
             WHERE l.source = 'bhxh-nguoi' AND split_part(u.tax_code, '-', 1) IN (SELECT company FROM rc_tn WHERE in_p AND id_ok IS NOT TRUE)
            UNION ALL
            SELECT t.company, t.id_res, r.full_name, r.fam_key, r.giv_key
              FROM rc_tn t JOIN rc_resident r ON r.person_id = t.id_res
             WHERE t.id_ok AND t.company IN (SELECT company FROM rc_tn WHERE in_p AND id_ok IS NOT TRUE)) x
     WHERE x.key IS NOT NULL AND x.key <> ''`);
  await q.query('ANALYZE rc_tn_cand (company, fam, giv)');
  // Keys that already have a row of their own at that payer in P: a record is one job-month, so such a person is
  // not the one behind another row of the same payer.
  await q.query(`
    CREATE TEMP TABLE rc_tn_own AS
    SELECT DISTINCT payer, CASE WHEN id_ok THEN id_res ELSE raw_id END AS key FROM rc_tn
     WHERE in_p AND (id_ok OR id_ok IS NULL) AND raw_id IS NOT NULL`);
  // Name level of each candidate: 3 same letters and tones, 2 same letters, 1 a slip apart. A slip changes one
  // word, so a candidate shares the family or the given name (blocking keeps the comparison small at big employers).
  // An ID in no resident's that the employer's records use elsewhere (P-1, a participation) is a worker from
  // another province, written the same way twice: a mistyped ID is in no other record.
  await q.query(`
    CREATE TEMP TABLE rc_tn_seen AS
    SELECT company, raw_id FROM rc_tn WHERE id_res IS NULL AND raw_id IS NOT NULL GROUP BY company, raw_id HAVING count(*) > 1
    UNION SELECT company, key FROM rc_tn_cand`);
  await q.query(`
    CREATE TEMP TABLE rc_tn_x AS
    SELECT t.batch_id, t.row_no, t.raw_id, t.id_ok, t.payer, t.company, x.f, x.t, rc_first_key(t.full_name) AS fam, rc_last_key(t.full_name) AS giv
      FROM (SELECT t.* FROM rc_tn t LEFT JOIN rc_tn_seen s ON s.company = t.company AND s.raw_id = t.raw_id
             WHERE t.in_p AND (t.id_ok = false OR (t.id_ok IS NULL AND s.raw_id IS NULL))) t
     CROSS JOIN LATERAL (SELECT rc_fold(t.full_name) AS f, rc_tone(t.full_name) AS t OFFSET 0) x`);
  await q.query('ANALYZE rc_tn_x');
  // Blocked pairs first (cheap keys), then the full name keys of the distinct candidate names they reach: the
  // tone key only where the folded names are equal (it decides between levels 3 and 2).
  await q.query(`
    CREATE TEMP TABLE rc_tn_pair AS
    SELECT p.* FROM (
      -- a slip keeps each word's first letter (rc_name_slip), so the family name and the given name's initial, or
      -- the given name, block without losing a candidate
      SELECT x.batch_id, x.row_no, x.raw_id, x.id_ok, x.payer, x.f, x.t, c.key, c.name
        FROM rc_tn_x x JOIN rc_tn_cand c ON c.company = x.company AND c.fam = x.fam AND left(c.giv, 1) = left(x.giv, 1)
      UNION
      SELECT x.batch_id, x.row_no, x.raw_id, x.id_ok, x.payer, x.f, x.t, c.key, c.name
        FROM rc_tn_x x JOIN rc_tn_cand c ON c.company = x.company AND c.giv = x.giv) p
     WHERE p.key = p.raw_id OR NOT EXISTS (SELECT 1 FROM rc_tn_own o WHERE o.payer = p.payer AND o.key = p.key)`);
  // A wrong ID carries its own evidence: a mistyped ID is one slip from the right one (rc_id_slip). So a candidate
  // whose ID is one slip from the written one ranks first (rank = level + 10); an ID in no one's matches no one
  // else (a worker from elsewhere, new at the employer, keeps the ID as written even when a namesake works there);
  // an ID of another resident matches others only by the same letters (level ≥ 2: two slips, in the ID and in the
  // name, are not assumed). A blank ID has no such evidence: the name decides.
  await q.query(
    `CREATE TEMP TABLE rc_tn_match AS
     SELECT m.batch_id, m.row_no, m.key, m.lvl, m.own, m.lvl + CASE WHEN m.near THEN 10 ELSE 0 END AS rank
       FROM (SELECT p.batch_id, p.row_no, p.raw_id, p.id_ok, p.key, p.key = p.raw_id AS own,
                    coalesce(p.raw_id, '') = '' OR rc_id_slip(p.raw_id, p.key) AS near,
                    CASE WHEN n.f = p.f THEN CASE WHEN rc_tone(p.name) = p.t THEN 3 ELSE 2 END
                         WHEN rc_name_slip(p.f, n.f, $1) THEN 1 ELSE 0 END AS lvl
               FROM rc_tn_pair p
               JOIN (SELECT name, rc_fold(name) AS f FROM (SELECT DISTINCT name FROM rc_tn_pair) d OFFSET 0) n ON n.name = p.name) m
      WHERE m.lvl > 0 AND (m.own OR m.near OR (m.id_ok = false AND m.lvl >= 2))`,
    [evidence.slipEdits],
  );
  await q.query(`
    CREATE TEMP TABLE rc_tn_key AS
    WITH seen AS (SELECT * FROM rc_tn_seen), best AS (
      SELECT batch_id, row_no, bool_or(own) AS own, max(rank) AS rank FROM rc_tn_match GROUP BY batch_id, row_no
    ), top AS (
      SELECT b.batch_id, b.row_no, b.own, count(DISTINCT m.key) AS n, min(m.key) AS key,
             jsonb_agg(DISTINCT jsonb_build_object('residentId', m.key, 'score', m.lvl, 'components', jsonb_build_object('employer', true, 'idSlip', m.rank > 3))) AS candidates
        FROM best b JOIN rc_tn_match m ON m.batch_id = b.batch_id AND m.row_no = b.row_no AND m.rank = b.rank
       GROUP BY b.batch_id, b.row_no, b.own
    ), named AS (
      -- An ID of another resident and no one alike at the employer: the one resident with exactly that name.
      SELECT t.batch_id, t.row_no, count(*) AS n, min(r.person_id) AS key
        FROM rc_tn t
        JOIN rc_resident r ON r.fam_key = rc_first_key(t.full_name) AND r.giv_key = rc_last_key(t.full_name)
       WHERE t.in_p AND t.id_ok = false AND NOT EXISTS (SELECT 1 FROM rc_tn_match m WHERE m.batch_id = t.batch_id AND m.row_no = t.row_no)
         AND rc_fold(r.full_name) = rc_fold(t.full_name)
       GROUP BY t.batch_id, t.row_no
    )
    SELECT t.batch_id, t.row_no, t.record_key, t.raw_id, t.full_name, t.id_res, p.candidates,
           CASE WHEN t.id_ok THEN t.id_res
                WHEN v.resident_id IS NOT NULL THEN v.resident_id
                WHEN p.own OR sn.raw_id IS NOT NULL THEN t.raw_id
                WHEN p.n = 1 THEN p.key
                WHEN p.n > 1 THEN NULL
                WHEN t.id_ok IS NULL THEN t.raw_id
                WHEN nm.n = 1 THEN nm.key END AS key,
           CASE WHEN t.id_ok THEN 'id'
                WHEN v.resident_id IS NOT NULL THEN 'review_accepted'
                WHEN p.own OR sn.raw_id IS NOT NULL OR (p.n IS NULL AND t.id_ok IS NULL) THEN 'none'
                WHEN p.n = 1 THEN 'employer'
                WHEN p.n IS NULL AND nm.n = 1 THEN 'probabilistic'
                ELSE 'review' END AS method
      FROM rc_tn t
      LEFT JOIN top p ON p.batch_id = t.batch_id AND p.row_no = t.row_no
      LEFT JOIN named nm ON nm.batch_id = t.batch_id AND nm.row_no = t.row_no
      LEFT JOIN seen sn ON t.id_ok IS NULL AND sn.company = t.company AND sn.raw_id = t.raw_id
      LEFT JOIN (SELECT DISTINCT ON (record_key) record_key, resident_id FROM person_link_review
                  WHERE decision = 'accepted' ORDER BY record_key, decided_at DESC, resident_id) v ON v.record_key = t.record_key
     WHERE t.in_p`);
  await q.query('ANALYZE rc_tn_key (batch_id, row_no, key)');
  await q.query(
    `INSERT INTO person_link (run_id, source, batch_id, row_no, record_key, raw_id, full_name, resident_id, method, status, candidates, id_resident)
     SELECT $1, 'thue-tncn', k.batch_id, k.row_no, k.record_key, k.raw_id, k.full_name,
            CASE WHEN k.method <> 'review' THEN k.key END,
            CASE WHEN k.method = 'review' THEN 'none' ELSE k.method END,
            CASE WHEN k.method = 'review' THEN 'review' WHEN k.method = 'none' THEN 'unlinked' ELSE 'linked' END,
            coalesce(k.candidates, '[]'::jsonb), k.id_res
       FROM rc_tn_key k WHERE k.method NOT IN ('id', 'none')`,
    [runId],
  );
  for (const t of ['rc_tn', 'rc_tn_cand', 'rc_tn_pair', 'rc_tn_match', 'rc_tn_own', 'rc_tn_x', 'rc_tn_seen']) await q.query(`DROP TABLE IF EXISTS ${t}`);
}
