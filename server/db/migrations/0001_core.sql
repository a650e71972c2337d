-- Core: extensions, the administrative tree, accounts, sessions and the audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE province (
  code text PRIMARY KEY,            -- '19' = Thái Nguyên (Decision 19/2025/QĐ-TTg)
  name text NOT NULL
);

CREATE TABLE commune (
  code text PRIMARY KEY,            -- 5 characters, leading zeros kept
  province_code text NOT NULL REFERENCES province(code),
  name text NOT NULL,               -- with prefix, e.g. 'Phường Đức Xuân'
  name_key text NOT NULL,           -- normalised for matching (no prefix, tone marks normalised, lower case)
  type text NOT NULL CHECK (type IN ('xã', 'phường')),
  old_districts text NOT NULL,
  old_province text NOT NULL,
  pre_merger_units text NOT NULL,
  pre_merger_codes text NOT NULL,
  wage_region_2026 text NOT NULL CHECK (wage_region_2026 IN ('I', 'II', 'III', 'IV')),
  area_km2 numeric,
  population_portal integer,
  population_suspect boolean NOT NULL DEFAULT false,
  source text NOT NULL
);
CREATE INDEX commune_name_key_idx ON commune (name_key);

-- Agencies of the directive; an account belongs to one.
CREATE TABLE agency (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE app_user (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  full_name text NOT NULL,
  password_hash text NOT NULL,      -- scrypt$N$r$p$salt$hash
  role text NOT NULL,
  agency_code text REFERENCES agency(code),
  scope_all boolean NOT NULL DEFAULT false,   -- whole province
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Communes an account may see when scope_all is false.
CREATE TABLE user_commune (
  user_id bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  commune_code text NOT NULL REFERENCES commune(code),
  PRIMARY KEY (user_id, commune_code)
);

CREATE TABLE user_session (
  id text PRIMARY KEY,              -- sha256 of the cookie token
  user_id bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Append-only: who read which personal data, every change, every export.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text,
  action text NOT NULL,             -- 'read', 'change', 'export', 'login', 'login_failed', ...
  object_type text NOT NULL,
  object_id text,
  commune_code text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Small key/value state of the installation (e.g. whether the demo was loaded).
CREATE TABLE app_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO province (code, name) VALUES ('19', 'Thái Nguyên');

INSERT INTO agency (code, name) VALUES
  ('ADMIN', 'Quản trị hệ thống'),
  ('LANH_DAO', 'Lãnh đạo UBND tỉnh'),
  ('SO_NOI_VU', 'Sở Nội vụ'),
  ('BHXH', 'Bảo hiểm xã hội tỉnh'),
  ('THUE', 'Thuế tỉnh'),
  ('CONG_AN', 'Công an tỉnh'),
  ('THONG_KE', 'Thống kê tỉnh'),
  ('BQL_KCN', 'Ban Quản lý các khu công nghiệp tỉnh'),
  ('THANH_TRA', 'Thanh tra tỉnh'),
  ('UBND_XA', 'UBND xã, phường');
