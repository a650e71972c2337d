-- progress_participation (0031) with the same rows, cheaper: the population record of a person is looked up
-- only for the personal IDs that bhxh-nguoi records point to, instead of ordering every resident of the
-- province (1.8 million rows at demo scale 1, most of the view's time and a sort spilled to disk).
CREATE OR REPLACE VIEW progress_participation AS
WITH nguoi AS (
  SELECT n.batch_id, n.row_no, n.snapshot_period, n.scheme, n.unemployment_insured, n.from_period, n.to_period,
         CASE WHEN n.person_id_valid AND n.person_id IS NOT NULL AND n.person_id <> '' THEN n.person_id END AS pid,
         NULLIF(n.bhxh_code, '') AS bhxh_code,
         n.commune_code
  FROM cur_bhxh_nguoi n
),
code_to_id AS (
  SELECT DISTINCT ON (snapshot_period, bhxh_code) snapshot_period, bhxh_code, pid
  FROM nguoi WHERE pid IS NOT NULL AND bhxh_code IS NOT NULL
  ORDER BY snapshot_period, bhxh_code, pid
),
keyed AS (
  SELECT r.*, COALESCE(l.resident_id, r.pid, c.pid) AS linked_pid
  FROM nguoi r
  LEFT JOIN person_link l ON l.source = 'bhxh-nguoi' AND l.batch_id = r.batch_id AND l.row_no = r.row_no
                          AND l.status = 'linked' AND l.resident_id IS NOT NULL
  LEFT JOIN code_to_id c ON r.pid IS NULL AND c.snapshot_period = r.snapshot_period AND c.bhxh_code = r.bhxh_code
),
resident AS (
  SELECT DISTINCT ON (d.person_id) d.person_id, d.commune_code
  FROM cur_dan_cu d
  WHERE d.person_id IN (SELECT linked_pid FROM keyed WHERE linked_pid IS NOT NULL)
  ORDER BY d.person_id, d.batch_id DESC, d.row_no
)
SELECT k.snapshot_period, k.scheme, k.unemployment_insured, k.from_period, k.to_period,
       COALESCE('id:' || k.linked_pid, 'bhxh:' || k.bhxh_code, 'rec:' || k.batch_id || ':' || k.row_no) AS person_key,
       d.commune_code AS linked_commune,
       k.commune_code AS record_commune
FROM keyed k LEFT JOIN resident d ON d.person_id = k.linked_pid;
