import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { useBulkPlanner } from '../db/bulk.ts';

/**
 * Rebuilds progress_monthly from the current bhxh-nguoi snapshot(s), set-based.
 *
 * For each snapshot S the months S−(window−1)..S are rebuilt (older months lose records that ended
 * before the snapshot's retention window). Per person (progress_participation.person_key) and class
 * (BB mandatory, TN voluntary, UI unemployment insurance) the records' month intervals are merged
 * into disjoint islands (gaps and islands), so a person with several overlapping contracts counts
 * once. A person active in both BB and TN in a month counts as mandatory (the BOTH class is the
 * intersection of their BB and TN islands). Each island adds +1 in its first month and −1 in the
 * month after its last; a running sum over a month grid gives the end-of-month stock per commune and
 * for the province. Each month is taken from the latest snapshot that covers it.
 *
 * Runs in the caller's transaction, in stages: the records, the persons' communes and the islands go
 * into temporary tables (dropped at commit) that are ANALYZEd before the next stage, so every join is
 * planned on real row counts. As one statement of CTEs the planner guessed a few hundred islands
 * where there are hundreds of thousands and joined them by nested loops: minutes at scale 0.1.
 */
export async function rebuildMonthly(trx: Transaction<DB>, opts: { provinceCode: string; windowMonths: number }) {
  const w = opts.windowMonths;
  // Batch work of one transaction over whole tables (the view's CTEs give the planner default row guesses,
  // e.g. 200 persons where there are 300 000, and a nested loop on such a guess is the slow failure mode).
  await useBulkPlanner((text) => sql.raw(text).execute(trx), '64MB');
  await sql`DROP TABLE IF EXISTS pm_rec, pm_person, pm_island`.execute(trx);

  // 1. Each current record once: snapshot, person, class and its month interval clipped to the window.
  await sql`
    CREATE TEMP TABLE pm_rec ON COMMIT DROP AS
    SELECT snapshot_period AS s, person_key, scheme, unemployment_insured, from_period, to_period, linked_commune, record_commune,
           GREATEST(from_period, (snapshot_period - make_interval(months => ${w - 1}::int))::date) AS f,
           LEAST(COALESCE(to_period, snapshot_period), snapshot_period) AS t
    FROM progress_participation
  `.execute(trx);
  await sql`ANALYZE pm_rec`.execute(trx);

  // 2. The commune of each person in each snapshot (linked resident's, else the latest record's).
  await sql`
    CREATE TEMP TABLE pm_person ON COMMIT DROP AS
    SELECT DISTINCT ON (r.s, r.person_key) r.s, r.person_key, c.code AS commune_code
    FROM pm_rec r
    LEFT JOIN commune c ON c.code = COALESCE(r.linked_commune, r.record_commune) AND c.province_code = ${opts.provinceCode}
    ORDER BY r.s, r.person_key, (r.linked_commune IS NULL), r.from_period DESC, r.to_period DESC NULLS FIRST
  `.execute(trx);
  await sql`ANALYZE pm_person`.execute(trx);

  // 3. Disjoint islands per person and class (touching or overlapping intervals merge).
  await sql`
    CREATE TEMP TABLE pm_island ON COMMIT DROP AS
    WITH iv AS (
      SELECT s, person_key, scheme AS cls, f, t FROM pm_rec WHERE f <= t
      UNION ALL
      SELECT s, person_key, 'UI', f, t FROM pm_rec WHERE scheme = 'BB' AND unemployment_insured AND f <= t
    ),
    marked AS (
      SELECT s, person_key, cls, f, t,
             CASE WHEN f <= (MAX(t) OVER prev) + interval '1 month' THEN 0 ELSE 1 END AS starts
      FROM iv
      WINDOW prev AS (PARTITION BY s, person_key, cls ORDER BY f, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ),
    numbered AS (
      SELECT *, SUM(starts) OVER (PARTITION BY s, person_key, cls ORDER BY f, t ROWS UNBOUNDED PRECEDING) AS island FROM marked
    )
    SELECT s, person_key, cls, MIN(f) AS f, MAX(t) AS t FROM numbered GROUP BY s, person_key, cls, island
  `.execute(trx);
  await sql`ANALYZE pm_island`.execute(trx);

  // 4. Events per commune and month, running sums over the month grid, latest snapshot per month.
  await sql`DELETE FROM progress_monthly`.execute(trx);
  await sql`
    INSERT INTO progress_monthly (unit_code, period, active_total, active_mandatory, active_voluntary, active_unemployment, snapshot_period)
    WITH snaps AS (
      SELECT s, (s - make_interval(months => ${w - 1}::int))::date AS w_start FROM (SELECT DISTINCT s FROM pm_person) x
    ),
    both_schemes AS (
      SELECT b.s, b.person_key, 'BOTH' AS cls, GREATEST(b.f, v.f) AS f, LEAST(b.t, v.t) AS t
      FROM pm_island b JOIN pm_island v ON v.s = b.s AND v.person_key = b.person_key AND v.cls = 'TN'
      WHERE b.cls = 'BB' AND GREATEST(b.f, v.f) <= LEAST(b.t, v.t)
    ),
    spans AS (
      SELECT a.s, a.cls, a.f, a.t, p.commune_code
      FROM (SELECT s, person_key, cls, f, t FROM pm_island UNION ALL SELECT s, person_key, cls, f, t FROM both_schemes) a
      JOIN pm_person p ON p.s = a.s AND p.person_key = a.person_key
    ),
    events AS (
      SELECT s, cls, commune_code, f AS m, 1 AS d FROM spans
      UNION ALL
      SELECT s, cls, commune_code, (t + interval '1 month')::date, -1 FROM spans WHERE t < s
    ),
    deltas AS (
      SELECT s, m, commune_code, GROUPING(commune_code) AS is_province,
             SUM(d) FILTER (WHERE cls = 'BB') AS bb, SUM(d) FILTER (WHERE cls = 'TN') AS tn,
             SUM(d) FILTER (WHERE cls = 'UI') AS ui, SUM(d) FILTER (WHERE cls = 'BOTH') AS both_
      FROM events
      GROUP BY GROUPING SETS ((s, m, commune_code), (s, m))
    ),
    unit_deltas AS (
      SELECT s, m, CASE WHEN is_province = 1 THEN ${opts.provinceCode} ELSE commune_code END AS unit, bb, tn, ui, both_
      FROM deltas WHERE is_province = 1 OR commune_code IS NOT NULL
    ),
    grid AS (
      SELECT sn.s, u.unit, g::date AS m
      FROM snaps sn
      CROSS JOIN (SELECT code AS unit FROM commune WHERE province_code = ${opts.provinceCode} UNION ALL SELECT ${opts.provinceCode}) u
      CROSS JOIN LATERAL generate_series(sn.w_start::timestamp, sn.s::timestamp, interval '1 month') g
    ),
    running AS (
      SELECT g.s, g.unit, g.m,
             SUM(COALESCE(d.bb, 0)) OVER run AS bb, SUM(COALESCE(d.tn, 0)) OVER run AS tn,
             SUM(COALESCE(d.ui, 0)) OVER run AS ui, SUM(COALESCE(d.both_, 0)) OVER run AS both_
      FROM grid g LEFT JOIN unit_deltas d ON d.s = g.s AND d.unit = g.unit AND d.m = g.m
      WINDOW run AS (PARTITION BY g.s, g.unit ORDER BY g.m ROWS UNBOUNDED PRECEDING)
    )
    SELECT DISTINCT ON (unit, m) unit, m, (bb + tn - both_)::int, bb::int, (tn - both_)::int, ui::int, s
    FROM running
    ORDER BY unit, m, s DESC
  `.execute(trx);
  await sql`DROP TABLE pm_rec, pm_person, pm_island`.execute(trx);
}
