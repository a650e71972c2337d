-- Targets (chỉ tiêu) and the pre-aggregated progress that the dashboards read.
-- See docs/progress.md for the method choices.

-- A target set is one year's targets at one level: the province line ('19') or the communes' lines.
-- The set is only an identity; its content lives in append-only versions.
CREATE TABLE target_set (
  id bigserial PRIMARY KEY,
  province_code text NOT NULL DEFAULT '19' REFERENCES province(code),
  level text NOT NULL CHECK (level IN ('province', 'commune')),
  year integer NOT NULL CHECK (year BETWEEN 2020 AND 2035),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, level, year)
);

-- Every change (edit, submit, approve, import) appends a version with who and when.
CREATE TABLE target_version (
  id bigserial PRIMARY KEY,
  set_id bigint NOT NULL REFERENCES target_set(id),
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
  source text NOT NULL CHECK (source IN ('form', 'import', 'allocation')),
  method text,                      -- allocation method when source = 'allocation'
  basis text,                       -- resolution number (Căn cứ), required once approved
  basis_date date,                  -- resolution date, required once approved
  note text,
  import_batch_id bigint,           -- the chi-tieu batch when source = 'import' (lineage, no FK)
  changed_by bigint REFERENCES app_user(id),
  changed_by_name text,
  changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (set_id, version),
  CHECK (status <> 'approved' OR (basis IS NOT NULL AND basis_date IS NOT NULL))
);

CREATE TABLE target_line (
  version_id bigint NOT NULL REFERENCES target_version(id),
  unit_code text NOT NULL,          -- a commune code, or '19' for the province line
  target_total integer NOT NULL CHECK (target_total >= 0),
  target_voluntary integer NOT NULL CHECK (target_voluntary >= 0),
  target_mandatory integer CHECK (target_mandatory >= 0),
  target_unemployment integer CHECK (target_unemployment >= 0),
  PRIMARY KEY (version_id, unit_code)
);

CREATE FUNCTION target_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'target versions are append-only';
END $$;
CREATE TRIGGER target_version_no_update BEFORE UPDATE OR DELETE ON target_version
  FOR EACH ROW EXECUTE FUNCTION target_append_only();
CREATE TRIGGER target_line_no_update BEFORE UPDATE OR DELETE ON target_line
  FOR EACH ROW EXECUTE FUNCTION target_append_only();

-- The latest version of each set.
CREATE VIEW target_latest AS
SELECT DISTINCT ON (v.set_id) s.province_code, s.level, s.year, v.*
FROM target_version v JOIN target_set s ON s.id = v.set_id
ORDER BY v.set_id, v.version DESC;

-- The version that counts for progress: the latest approved one, else the latest one (shown as not yet approved).
CREATE VIEW target_effective AS
SELECT DISTINCT ON (v.set_id) s.province_code, s.level, s.year, v.*
FROM target_version v JOIN target_set s ON s.id = v.set_id
ORDER BY v.set_id, (v.status = 'approved') DESC, v.version DESC;

CREATE VIEW target_effective_line AS
SELECT e.province_code, e.level, e.year, e.set_id, e.id AS version_id, e.version, e.status, e.basis, e.basis_date,
       l.unit_code, l.target_total, l.target_voluntary, l.target_mandatory, l.target_unemployment
FROM target_effective e JOIN target_line l ON l.version_id = e.id;

-- Person identity for progress, in one place. Until the cross-check's person-link table exists, a
-- record's person is its valid personal ID (or the ID another record with the same BHXH code carries),
-- else its BHXH code, else the record itself; its commune is the residence commune of the population
-- record with that personal ID, else the record's own commune. Migration 0031 switches this view to
-- the link table; nothing else changes.
CREATE VIEW progress_participation AS
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
resident AS (
  SELECT DISTINCT ON (person_id) person_id, commune_code FROM cur_dan_cu ORDER BY person_id, batch_id DESC, row_no
),
keyed AS (
  SELECT r.*, COALESCE(r.pid, c.pid) AS linked_pid
  FROM nguoi r LEFT JOIN code_to_id c ON r.pid IS NULL AND c.snapshot_period = r.snapshot_period AND c.bhxh_code = r.bhxh_code
)
SELECT k.snapshot_period, k.scheme, k.unemployment_insured, k.from_period, k.to_period,
       COALESCE('id:' || k.linked_pid, 'bhxh:' || k.bhxh_code, 'rec:' || k.batch_id || ':' || k.row_no) AS person_key,
       d.commune_code AS linked_commune,
       k.commune_code AS record_commune
FROM keyed k LEFT JOIN resident d ON d.person_id = k.linked_pid;

-- Monthly stocks of distinct persons per commune ('19' = the province), rebuilt by refreshProgress.
CREATE TABLE progress_monthly (
  unit_code text NOT NULL,
  period date NOT NULL,             -- first day of the month; the stock at the end of that month
  active_total integer NOT NULL,
  active_mandatory integer NOT NULL,
  active_voluntary integer NOT NULL,  -- voluntary and not also mandatory that month
  active_unemployment integer NOT NULL,
  snapshot_period date NOT NULL,    -- the bhxh-nguoi snapshot the figure comes from
  PRIMARY KEY (unit_code, period)
);

-- One row per year and unit as of the year's latest month with data (what the dashboards read).
CREATE TABLE progress_summary (
  year integer NOT NULL,
  unit_code text NOT NULL,
  as_of_period date NOT NULL,
  row jsonb NOT NULL,               -- the computed ProgressRow (server/targets/progress.ts)
  PRIMARY KEY (year, unit_code)
);

-- Each refresh appends a run; the latest tells what the figures were computed from.
CREATE TABLE progress_run (
  id bigserial PRIMARY KEY,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  fingerprint text NOT NULL,
  latest_period date,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Method settings of the forecast (not law, but kept as data with the other parameters).
INSERT INTO legal_param (key, value, unit, effective_from, source, status, note) VALUES
  ('progress.forecast_interval', 0.8, 'ratio', '2020-01-01', 'Thiết lập của BaoPhu: mức tin cậy của khoảng dự báo cuối năm', 'setting',
   'Khoảng dự báo 80 %: chỉ tiêu nằm dưới cận trên nhưng trên giá trị dự báo → "Có nguy cơ".'),
  ('progress.trend_months', 24, 'months', '2020-01-01', 'Thiết lập của BaoPhu: số tháng gần nhất dùng để ước lượng xu hướng', 'setting', NULL),
  ('progress.snapshot_window_months', 24, 'months', '2020-01-01',
   'Quy ước tệp bhxh-nguoi: bản chụp giữ các quá trình đã dừng trong 24 tháng gần nhất', 'setting',
   'Chuỗi tháng dựng lại từ một bản chụp chỉ dùng cho 24 tháng tính đến kỳ của bản chụp.')
ON CONFLICT (key, effective_from) DO NOTHING;
