-- Imported agency data (docs/spec/source-files.md). One file = one batch; rows keep their batch
-- and spreadsheet row number (lineage). Values are normalised on import: personal IDs repaired,
-- commune codes resolved, dates as date, periods as the first day of the month, enumerations as
-- English codes (Vietnamese labels live in presenters). Every table that grows with population
-- carries province_code so that a national deployment can partition or distribute by it.

CREATE TABLE import_batch (
  id bigserial PRIMARY KEY,
  province_code text NOT NULL DEFAULT '19' REFERENCES province(code),
  kind text NOT NULL,               -- 'dan-cu', 'ho-ngheo', ... (file kind of the spec)
  period date,                      -- snapshot period (first day of month) or year start; null = whole kind
  file_name text NOT NULL,
  content_sha256 text NOT NULL,
  file_size bigint NOT NULL,
  raw_path text,                    -- where the raw file is kept (relative to the data directory)
  imported_by bigint REFERENCES app_user(id),
  imported_by_name text,
  imported_at timestamptz NOT NULL DEFAULT now(),
  rows_total integer NOT NULL DEFAULT 0,
  rows_accepted integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  warnings integer NOT NULL DEFAULT 0,
  header_mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
  rejects jsonb NOT NULL DEFAULT '[]'::jsonb,  -- [{row, column, value, message}]
  is_current boolean NOT NULL DEFAULT true,    -- false once a newer snapshot of (kind, period) replaced it
  replaced_by bigint REFERENCES import_batch(id)
);
CREATE UNIQUE INDEX import_batch_content_idx ON import_batch (province_code, kind, content_sha256);
CREATE INDEX import_batch_current_idx ON import_batch (kind, period) WHERE is_current;

-- Birth dates may be partial: birth_date holds the first day of what is known and
-- birth_precision says how much is known: 'D' day, 'M' month/year, 'Y' year only.

CREATE TABLE src_dan_cu (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  person_id text NOT NULL,          -- 12 digits (repaired) or 9-digit legacy ID
  full_name text NOT NULL,
  birth_date date NOT NULL,
  birth_precision char(1) NOT NULL DEFAULT 'D',
  sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
  ethnicity text,
  commune_code text NOT NULL,
  address text,
  deceased boolean NOT NULL DEFAULT false,
  death_date date
);
CREATE INDEX src_dan_cu_batch_idx ON src_dan_cu (batch_id);
CREATE INDEX src_dan_cu_person_idx ON src_dan_cu (person_id);

CREATE TABLE src_ho_ngheo (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  person_id text NOT NULL,
  full_name text NOT NULL,
  birth_date date,
  birth_precision char(1),
  commune_code text NOT NULL,
  household_type text NOT NULL CHECK (household_type IN ('poor', 'near_poor')),
  year integer NOT NULL
);
CREATE INDEX src_ho_ngheo_batch_idx ON src_ho_ngheo (batch_id);
CREATE INDEX src_ho_ngheo_person_idx ON src_ho_ngheo (person_id);

CREATE TABLE src_lao_dong (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  commune_code text NOT NULL,
  year integer NOT NULL,
  population integer,
  labour_force integer NOT NULL,
  labour_force_working_age integer NOT NULL
);
CREATE INDEX src_lao_dong_batch_idx ON src_lao_dong (batch_id);

CREATE TABLE src_dn_thue (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  tax_code text NOT NULL,           -- 10 digits, 10+'-'+3 for a branch, or a 12-digit personal ID
  name text NOT NULL,
  taxpayer_type text NOT NULL CHECK (taxpayer_type IN ('enterprise', 'branch', 'household', 'other')),
  commune_code text NOT NULL,
  address text,
  founded_on date,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed', 'absent')),
  industry text,
  tax_method text CHECK (tax_method IN ('declaration', 'lump_sum')),
  owner_person_id text,
  declared_workers integer,
  industrial_park text
);
CREATE INDEX src_dn_thue_batch_idx ON src_dn_thue (batch_id);
CREATE INDEX src_dn_thue_tax_idx ON src_dn_thue (tax_code);

CREATE TABLE src_thue_tncn (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  payer_tax_code text NOT NULL,
  person_id text NOT NULL,
  full_name text NOT NULL,
  period date NOT NULL,
  taxable_income bigint NOT NULL,
  tax_withheld bigint,
  contract_type text CHECK (contract_type IN ('3m_plus', 'under_3m', 'none'))
);
CREATE INDEX src_thue_tncn_batch_idx ON src_thue_tncn (batch_id);
CREATE INDEX src_thue_tncn_person_idx ON src_thue_tncn (person_id);

CREATE TABLE src_bhxh_don_vi (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  unit_code text NOT NULL,
  tax_code text,
  name text NOT NULL,
  commune_code text NOT NULL,
  unit_type text CHECK (unit_type IN ('state_enterprise', 'private_enterprise', 'fdi_enterprise', 'public_body', 'household', 'other')),
  industrial_park text,
  joined_on date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'terminated'))
);
CREATE INDEX src_bhxh_don_vi_batch_idx ON src_bhxh_don_vi (batch_id);
CREATE INDEX src_bhxh_don_vi_unit_idx ON src_bhxh_don_vi (unit_code);

CREATE TABLE src_bhxh_thu (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  unit_code text NOT NULL,
  period date NOT NULL,
  workers integer NOT NULL,
  wage_fund bigint NOT NULL,
  amount_due bigint NOT NULL,
  amount_paid bigint NOT NULL,
  paid_on date,
  reminded_on date
);
CREATE INDEX src_bhxh_thu_batch_idx ON src_bhxh_thu (batch_id);
CREATE INDEX src_bhxh_thu_unit_idx ON src_bhxh_thu (unit_code, period);

CREATE TABLE src_bhxh_nguoi (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  person_id text,                   -- as written (a lost leading zero repaired); may be blank or invalid
  person_id_valid boolean NOT NULL DEFAULT false,
  bhxh_code text,
  full_name text NOT NULL,
  birth_date date NOT NULL,
  birth_precision char(1) NOT NULL DEFAULT 'D',
  sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
  commune_code text,
  scheme text NOT NULL CHECK (scheme IN ('BB', 'TN')),   -- mandatory / voluntary
  unemployment_insured boolean NOT NULL DEFAULT false,
  unit_code text,
  contribution_base bigint NOT NULL,
  from_period date NOT NULL,
  to_period date,
  payment_mode text,                -- '1', '3', '6', '12', 'lump_sum'
  support_group text CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'other')),
  snapshot_period date NOT NULL
);
CREATE INDEX src_bhxh_nguoi_batch_idx ON src_bhxh_nguoi (batch_id);
CREATE INDEX src_bhxh_nguoi_person_idx ON src_bhxh_nguoi (person_id);

CREATE TABLE src_bhxh_huong (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  person_id text NOT NULL,
  full_name text NOT NULL,
  birth_date date NOT NULL,
  birth_precision char(1) NOT NULL DEFAULT 'D',
  benefit_type text NOT NULL CHECK (benefit_type IN ('pension', 'monthly_allowance', 'other')),
  from_period date NOT NULL
);
CREATE INDEX src_bhxh_huong_batch_idx ON src_bhxh_huong (batch_id);
CREATE INDEX src_bhxh_huong_person_idx ON src_bhxh_huong (person_id);

CREATE TABLE src_bhtn_huong (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  person_id text NOT NULL,
  full_name text NOT NULL,
  birth_date date,
  birth_precision char(1),
  decision_no text NOT NULL,
  decision_date date,
  start_date date NOT NULL,
  end_date date NOT NULL,
  months integer NOT NULL,
  monthly_amount bigint NOT NULL
);
CREATE INDEX src_bhtn_huong_batch_idx ON src_bhtn_huong (batch_id);
CREATE INDEX src_bhtn_huong_person_idx ON src_bhtn_huong (person_id);

CREATE TABLE src_kcn_lao_dong (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  tax_code text NOT NULL,
  name text NOT NULL,
  industrial_park text NOT NULL,
  period date NOT NULL,
  reported_workers integer NOT NULL
);
CREATE INDEX src_kcn_lao_dong_batch_idx ON src_kcn_lao_dong (batch_id);

CREATE TABLE src_chi_tieu (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,
  province_code text NOT NULL DEFAULT '19',
  year integer NOT NULL,
  commune_code text NOT NULL,       -- a commune, or '19' for the province line
  target_total integer NOT NULL,
  target_voluntary integer NOT NULL,
  target_mandatory integer,
  target_unemployment integer,
  basis text
);
CREATE INDEX src_chi_tieu_batch_idx ON src_chi_tieu (batch_id);

-- The rows of current batches only: what every check and dashboard reads.
CREATE VIEW cur_dan_cu AS SELECT s.* FROM src_dan_cu s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_ho_ngheo AS SELECT s.* FROM src_ho_ngheo s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_lao_dong AS SELECT s.* FROM src_lao_dong s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_dn_thue AS SELECT s.* FROM src_dn_thue s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_thue_tncn AS SELECT s.* FROM src_thue_tncn s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_bhxh_don_vi AS SELECT s.* FROM src_bhxh_don_vi s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_bhxh_thu AS SELECT s.* FROM src_bhxh_thu s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_bhxh_nguoi AS SELECT s.* FROM src_bhxh_nguoi s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_bhxh_huong AS SELECT s.* FROM src_bhxh_huong s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_bhtn_huong AS SELECT s.* FROM src_bhtn_huong s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_kcn_lao_dong AS SELECT s.* FROM src_kcn_lao_dong s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
CREATE VIEW cur_chi_tieu AS SELECT s.* FROM src_chi_tieu s JOIN import_batch b ON b.id = s.batch_id AND b.is_current;
