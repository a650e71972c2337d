-- Reconciliation: identity linkage of person records to the population extract, and the cross-check
-- findings of docs/spec/findings.md with their stable identity, status and action log.
-- Method: docs/reconcile.md. The name keys mirror shared/identity/names.ts (a test checks both agree).

-- Name keys. Fold: lower case, no diacritics (đ → d), punctuation as spaces, single spaces.
CREATE FUNCTION rc_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
           translate(regexp_replace(normalize(lower(coalesce(t, '')), NFD), U&'[\0300-\036F]', '', 'g'), 'đ', 'd'),
           '[\s.,;:''"()_/\\-]+', ' ', 'g'))
$$;

-- Tone key: diacritics kept, each syllable's tone mark moved to the syllable's end (old/new placement agree).
CREATE FUNCTION rc_tone(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT normalize(regexp_replace(
           btrim(regexp_replace(normalize(lower(coalesce(t, '')), NFD), '[\s.,;:''"()_/\\-]+', ' ', 'g')),
           U&'([^ \0300\0301\0303\0309\0323]*)([\0300\0301\0303\0309\0323])([^ ]*)', '\1\3\2', 'g'), NFC)
$$;

-- Family name = first word, given name = last word, middle = the words between ('' when absent).
CREATE FUNCTION rc_family(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN position(' ' in k) > 0 THEN split_part(k, ' ', 1) ELSE '' END
$$;
CREATE FUNCTION rc_given(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(k, '^.* ', '')
$$;
CREATE FUNCTION rc_middle(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN k ~ '^[^ ]+ .+ [^ ]+$' THEN regexp_replace(regexp_replace(k, '^[^ ]+ ', ''), ' [^ ]+$', '') ELSE '' END
$$;
-- The words of a key in sorted order (a name written in another order).
CREATE FUNCTION rc_sorted(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((SELECT string_agg(w, ' ' ORDER BY w COLLATE "C") FROM unnest(string_to_array(k, ' ')) AS w), '')
$$;

-- Problems of a personal ID against the record's birth date and sex (shared/identity/personal-id.ts).
CREATE FUNCTION rc_pid_problems(pid text, birth date, sex text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN pid IS NULL OR btrim(pid) = '' THEN ARRAY['blank']
    WHEN btrim(pid) !~ '^[0-9]+$' THEN ARRAY['not_digits']
    WHEN length(btrim(pid)) NOT IN (11, 12) THEN ARRAY['length']
    ELSE array_remove(ARRAY[
      CASE WHEN substr(lpad(btrim(pid), 12, '0'), 1, 3) <> ALL (ARRAY['001','002','004','006','008','010','011','012','014','015','017',
        '019','020','022','024','025','026','027','030','031','033','034','035','036','037','038','040','042','044','045','046','048',
        '049','051','052','054','056','058','060','062','064','066','067','068','070','072','074','075','077','079','080','082','083',
        '084','086','087','089','091','092','093','094','095','096']) THEN 'province' END,
      CASE WHEN (birth IS NOT NULL AND (ARRAY[1900,1900,2000,2000,2100,2100,2200,2200,1800,1800])[substr(lpad(btrim(pid), 12, '0'), 4, 1)::int + 1]
                   <> (extract(year FROM birth)::int / 100) * 100)
             OR (sex IS NOT NULL AND (substr(lpad(btrim(pid), 12, '0'), 4, 1)::int % 2 = 0) <> (sex = 'M')) THEN 'century_sex' END,
      CASE WHEN birth IS NOT NULL AND substr(lpad(btrim(pid), 12, '0'), 5, 2)::int <> extract(year FROM birth)::int % 100 THEN 'birth_year' END
    ], NULL)
  END
$$;

-- Thresholds of the checks and of linkage: settings with the spec's defaults, editable by an administrator.
CREATE TABLE reconcile_setting (
  key text PRIMARY KEY,
  value numeric NOT NULL,
  default_value numeric NOT NULL,
  unit text NOT NULL,
  label text NOT NULL,              -- Vietnamese, shown in the UI
  source text NOT NULL,             -- where the default comes from
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
INSERT INTO reconcile_setting (key, value, default_value, unit, label, source) VALUES
  ('link.upper', 16, 16, 'score', 'Điểm tối thiểu để tự động liên kết hồ sơ không có số định danh', 'docs/reconcile.md (hiệu chỉnh trên dữ liệu mẫu)'),
  ('link.lower', 10, 10, 'score', 'Điểm tối thiểu để đưa vào danh sách cần xem xét (dưới mức này: không liên kết)', 'docs/reconcile.md'),
  ('link.margin', 4, 4, 'score', 'Khoảng cách tối thiểu giữa ứng viên tốt nhất và ứng viên thứ hai để tự động liên kết', 'docs/reconcile.md'),
  ('kcn.min_gap_workers', 5, 5, 'count', 'KCN: số lao động báo cáo vượt số tham gia tối thiểu (người)', 'docs/spec/findings.md'),
  ('kcn.min_gap_ratio', 0.10, 0.10, 'ratio', 'KCN: tỷ lệ chênh lệch tối thiểu so với số đang tham gia', 'docs/spec/findings.md'),
  ('wage.min_income_ratio', 0.5, 0.5, 'ratio', 'Khai thấp lương: mức đóng dưới tỷ lệ này của thu nhập chịu thuế', 'docs/spec/findings.md');

-- One reconciliation run.
CREATE TABLE reconcile_run (
  id bigserial PRIMARY KEY,
  as_of date NOT NULL,
  period date NOT NULL,             -- first day of month P
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  started_by text,
  total integer,
  per_code jsonb NOT NULL DEFAULT '[]'::jsonb,   -- [{code, count, ms}]
  stats jsonb NOT NULL DEFAULT '{}'::jsonb,      -- linkage counts, IDs absent from the extract, …
  params jsonb NOT NULL DEFAULT '{}'::jsonb,     -- legal parameters and settings used, with sources
  error text
);

-- Residents of the population extract with their name keys (rebuilt when the current dan-cu batches change).
CREATE TABLE rc_resident (
  person_id text PRIMARY KEY,
  full_name text NOT NULL,
  fold text NOT NULL,
  tone text NOT NULL,
  fam text NOT NULL, mid text NOT NULL, giv text NOT NULL,
  fam_t text NOT NULL, mid_t text NOT NULL, giv_t text NOT NULL,
  birth_date date NOT NULL,
  birth_precision char(1) NOT NULL,
  birth_year integer NOT NULL,
  sex char(1) NOT NULL,
  ethnicity text,
  commune_code text NOT NULL,
  deceased boolean NOT NULL,
  death_date date
);
CREATE INDEX rc_resident_block1_idx ON rc_resident (birth_year, giv);
CREATE INDEX rc_resident_block2_idx ON rc_resident (birth_date, commune_code);

-- Shares of name parts among residents (term-frequency adjustment).
CREATE TABLE rc_name_freq (
  part char(1) NOT NULL,            -- 'F' family, 'M' middle, 'G' given
  token text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (part, token)
);

-- How each person record of a source links to a resident, for the latest run.
CREATE TABLE person_link (
  run_id bigint NOT NULL,
  source text NOT NULL,             -- 'bhxh-nguoi', 'bhxh-huong', 'bhtn-huong', 'ho-ngheo'
  batch_id bigint NOT NULL,
  row_no integer NOT NULL,
  record_key text NOT NULL,         -- stable across re-imports: hash of the record's identifying values
  raw_id text,                      -- the personal ID as written (repaired)
  full_name text NOT NULL,
  birth_date date,
  birth_precision char(1),
  sex char(1),
  commune_code text,
  resident_id text,                 -- linked resident (dan-cu personal ID)
  method text NOT NULL CHECK (method IN ('id', 'probabilistic', 'review_accepted', 'none')),
  score numeric,
  status text NOT NULL CHECK (status IN ('linked', 'review', 'unlinked')),
  candidates jsonb NOT NULL DEFAULT '[]'::jsonb,  -- best candidates with score components
  PRIMARY KEY (source, batch_id, row_no)
);
CREATE INDEX person_link_resident_idx ON person_link (resident_id);
CREATE INDEX person_link_status_idx ON person_link (status) WHERE status = 'review';

-- Decisions of reviewers on uncertain links; they survive re-runs and re-imports (keyed by record_key).
CREATE TABLE person_link_review (
  record_key text NOT NULL,
  resident_id text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  decided_by bigint,
  decided_by_name text,
  decided_at timestamptz NOT NULL DEFAULT now(),
  note text,
  PRIMARY KEY (record_key, resident_id)
);

-- Findings: one per (code, subject), kept across runs; a run updates, re-opens or resolves them.
-- "Raised by the latest run" = resolved_run_id IS NULL (a dismissed finding keeps its status either way).
CREATE TABLE finding (
  id bigserial PRIMARY KEY,
  code text NOT NULL,
  subject_id text NOT NULL,
  subject_name text,
  subject_kind text NOT NULL CHECK (subject_kind IN ('person', 'employer', 'unit')),
  commune_code text,
  period date NOT NULL,             -- P of the run that raised or last changed it
  related_id text,
  amount_vnd bigint NOT NULL DEFAULT 0,
  amounts jsonb NOT NULL DEFAULT '{}'::jsonb,
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  legal_basis text NOT NULL,
  link_method text,
  link_score numeric,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'resolved', 'dismissed')),
  dismiss_reason text,
  first_run_id bigint NOT NULL,
  updated_run_id bigint NOT NULL,   -- the last run that raised it anew or changed its values
  resolved_run_id bigint,           -- set when a run no longer raises it (null = raised by the latest run)
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, subject_id)
);
CREATE INDEX finding_commune_idx ON finding (commune_code, code);
CREATE INDEX finding_code_status_idx ON finding (code, status);
CREATE INDEX finding_present_idx ON finding (code) WHERE resolved_run_id IS NULL;

-- Append-only action log per finding: status changes (by people and by runs) and notes.
CREATE TABLE finding_action (
  id bigserial PRIMARY KEY,
  finding_id bigint NOT NULL REFERENCES finding(id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text,                    -- null for a run
  run_id bigint,
  action text NOT NULL CHECK (action IN ('status', 'note', 'reopened_by_run', 'resolved_by_run')),
  from_status text,
  to_status text,
  note text
);
CREATE INDEX finding_action_finding_idx ON finding_action (finding_id, at);
CREATE FUNCTION finding_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'finding_action is append-only';
END $$;
CREATE TRIGGER finding_action_no_update BEFORE UPDATE OR DELETE ON finding_action
  FOR EACH ROW EXECUTE FUNCTION finding_action_append_only();

-- Findings of the run in progress, before they are merged into `finding`.
CREATE TABLE rc_finding_stage (
  code text NOT NULL,
  subject_id text NOT NULL,
  subject_name text,
  subject_kind text NOT NULL,
  commune_code text,
  related_id text,
  amount_vnd bigint NOT NULL DEFAULT 0,
  amounts jsonb NOT NULL DEFAULT '{}'::jsonb,
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  legal_basis text NOT NULL,
  link_method text,
  link_score numeric
);
