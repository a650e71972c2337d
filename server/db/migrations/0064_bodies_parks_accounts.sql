-- Issue 14, parts 1 and 7: the directive's fifteen bodies, the industrial parks and clusters with the employers in
-- them, account states (locked, forced password change) and accounts limited to some parks.

INSERT INTO agency (code, name) VALUES
  ('SO_TAI_CHINH', 'Sở Tài chính'),
  ('SO_VHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'),
  ('SO_TU_PHAP', 'Sở Tư pháp'),
  ('SO_CONG_THUONG', 'Sở Công Thương'),
  ('MTTQ', 'Ủy ban MTTQ Việt Nam tỉnh'),
  ('BAO_PTTH', 'Báo và Phát thanh, Truyền hình Thái Nguyên')
ON CONFLICT (code) DO NOTHING;

-- Accounts: disabled = active false (existing); locked = stopped for now, unlocked by the admin; after a reset the
-- account must change its password before anything else.
ALTER TABLE app_user
  ADD COLUMN locked boolean NOT NULL DEFAULT false,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz;

-- Industrial parks (KCN) and clusters (CCN): reference data seeded from reference/industrial-parks.csv.
CREATE TABLE industrial_park (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('KCN', 'CCN')),
  area_ha numeric,
  certainty text,                   -- how sure the commune is: stated, derived, implied, not verified
  note text
);
CREATE TABLE industrial_park_commune (
  park_code text NOT NULL REFERENCES industrial_park(code) ON DELETE CASCADE,
  commune_code text NOT NULL REFERENCES commune(code),
  PRIMARY KEY (park_code, commune_code)
);

-- The key a park's name is matched on in imported files: folded, without the KCN/CCN prefix, Roman numerals
-- as digits ('Khu công nghiệp Sông Công II' = 'KCN Sông Công 2' = 'song cong 2').
CREATE FUNCTION ip_park_key(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(
           rc_fold(t), '^(khu cong nghiep|kcn|cum cong nghiep|ccn) ', ''),
           ' iii$', ' 3'), ' ii$', ' 2'), ' i$', ' 1')
$$;

-- Every spelling a park is known by (its name included), as match keys.
CREATE TABLE industrial_park_alias (
  alias_key text PRIMARY KEY,
  park_code text NOT NULL REFERENCES industrial_park(code) ON DELETE CASCADE
);

-- Accounts limited to some parks (roles with parkScoped); none = every park.
CREATE TABLE user_park (
  user_id bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  park_code text NOT NULL REFERENCES industrial_park(code) ON DELETE CASCADE,
  PRIMARY KEY (user_id, park_code)
);

INSERT INTO industrial_park (code, name, kind, area_ha, certainty, note) VALUES
  ('KCN_SONG_CONG_1', 'Sông Công I', 'KCN', 220, 'derived', 'Phường Bá Xuyên / Phường Bách Quang'),
  ('KCN_SONG_CONG_2', 'Sông Công II', 'KCN', 250, 'stated', 'phase 2: 363.7 ha; planned workforce 54 000'),
  ('KCN_YEN_BINH', 'Yên Bình', 'KCN', 200, 'not verified', 'Phường Vạn Xuân or Xã Điềm Thụy area'),
  ('KCN_YEN_BINH_2', 'Yên Bình II', 'KCN', NULL, 'implied', 'Xã Điềm Thụy area'),
  ('KCN_YEN_BINH_3', 'Yên Bình 3', 'KCN', NULL, 'implied', '>423 ha together with Thượng Đình; Xã Điềm Thụy area'),
  ('KCN_THUONG_DINH', 'Thượng Đình', 'KCN', NULL, 'implied', '>423 ha together with Yên Bình 3; Xã Điềm Thụy area'),
  ('KCN_DIEM_THUY', 'Điềm Thụy', 'KCN', 350, 'derived', 'areas A (180 ha) and B (170 ha)'),
  ('KCN_NAM_PHO_YEN', 'Nam Phổ Yên', 'KCN', 200, 'not verified', 'Phường Trung Thành / Phường Phổ Yên area'),
  ('KCN_TAY_PHO_YEN', 'Tây Phổ Yên', 'KCN', 200, 'not verified', 'Phổ Yên area (commune not known)'),
  ('KCN_QUYET_THANG', 'Quyết Thắng', 'KCN', 200, 'derived', 'Phường Quyết Thắng'),
  ('KCN_GANG_THEP', 'Gang Thép', 'KCN', 160, 'not verified', 'Thái Nguyên city area (commune not known)'),
  ('KCN_PHU_BINH', 'Phú Bình', 'KCN', 1000, 'not verified', 'complex of 900–1 000 ha; Phú Bình area (commune not known)');

INSERT INTO industrial_park_commune (park_code, commune_code) VALUES
  ('KCN_SONG_CONG_1', '05533'),
  ('KCN_SONG_CONG_1', '05528'),
  ('KCN_SONG_CONG_2', '05528'),
  ('KCN_SONG_CONG_2', '05533'),
  ('KCN_YEN_BINH', '05890'),
  ('KCN_YEN_BINH', '05941'),
  ('KCN_YEN_BINH_2', '05941'),
  ('KCN_YEN_BINH_3', '05941'),
  ('KCN_THUONG_DINH', '05941'),
  ('KCN_DIEM_THUY', '05941'),
  ('KCN_NAM_PHO_YEN', '05899'),
  ('KCN_NAM_PHO_YEN', '05860'),
  ('KCN_QUYET_THANG', '05455');

INSERT INTO industrial_park_alias (alias_key, park_code)
SELECT DISTINCT ip_park_key(a.alias), a.code FROM (VALUES
  ('KCN_SONG_CONG_1', 'Sông Công I'),
  ('KCN_SONG_CONG_1', 'Sông Công 1'),
  ('KCN_SONG_CONG_2', 'Sông Công II'),
  ('KCN_SONG_CONG_2', 'Sông Công 2'),
  ('KCN_YEN_BINH', 'Yên Bình'),
  ('KCN_YEN_BINH', 'Yên Bình I'),
  ('KCN_YEN_BINH', 'Yên Bình 1'),
  ('KCN_YEN_BINH_2', 'Yên Bình II'),
  ('KCN_YEN_BINH_2', 'Yên Bình 2'),
  ('KCN_YEN_BINH_3', 'Yên Bình 3'),
  ('KCN_YEN_BINH_3', 'Yên Bình III'),
  ('KCN_THUONG_DINH', 'Thượng Đình'),
  ('KCN_DIEM_THUY', 'Điềm Thụy'),
  ('KCN_DIEM_THUY', 'Điềm Thuỵ'),
  ('KCN_DIEM_THUY', 'Điềm Thụy A'),
  ('KCN_DIEM_THUY', 'Điềm Thụy B'),
  ('KCN_NAM_PHO_YEN', 'Nam Phổ Yên'),
  ('KCN_TAY_PHO_YEN', 'Tây Phổ Yên'),
  ('KCN_QUYET_THANG', 'Quyết Thắng'),
  ('KCN_GANG_THEP', 'Gang Thép'),
  ('KCN_PHU_BINH', 'Phú Bình')
) AS a(code, alias);

-- Employers in a park: the park named in the park board's workforce report (kcn-lao-dong), else in the social-
-- insurance unit register (bhxh-don-vi, column "Khu công nghiệp"); joined on the tax code. The commune alone does
-- not place an employer in a park (a commune holds employers outside its parks too).
CREATE VIEW park_employer AS
WITH kcn AS (
  SELECT DISTINCT ON (tax_code) tax_code, name, industrial_park, period, reported_workers
    FROM cur_kcn_lao_dong ORDER BY tax_code, period DESC, batch_id DESC, row_no
), unit AS (
  SELECT DISTINCT ON (unit_code) unit_code, tax_code, name, commune_code, industrial_park
    FROM cur_bhxh_don_vi ORDER BY unit_code, batch_id DESC, row_no
)
SELECT coalesce(ak.park_code, au.park_code) AS park_code,
       coalesce(k.tax_code, u.tax_code) AS tax_code,
       u.unit_code,
       coalesce(u.name, k.name) AS name,
       u.commune_code,
       k.period AS report_period,
       k.reported_workers,
       CASE WHEN ak.park_code IS NOT NULL THEN 'kcn-lao-dong' ELSE 'bhxh-don-vi' END AS linked_by
  FROM kcn k
  FULL JOIN unit u ON u.tax_code = k.tax_code
  LEFT JOIN industrial_park_alias ak ON ak.alias_key = ip_park_key(k.industrial_park)
  LEFT JOIN industrial_park_alias au ON au.alias_key = ip_park_key(u.industrial_park)
 WHERE coalesce(ak.park_code, au.park_code) IS NOT NULL;

-- Park names met in the files that match no park: what the park board has to add or correct.
CREATE VIEW park_name_unmatched AS
SELECT n.industrial_park AS name, count(DISTINCT n.employer) AS employers
  FROM (SELECT industrial_park, tax_code AS employer FROM cur_kcn_lao_dong
        UNION ALL SELECT industrial_park, coalesce(tax_code, unit_code) FROM cur_bhxh_don_vi WHERE btrim(coalesce(industrial_park, '')) <> '') n
 WHERE NOT EXISTS (SELECT 1 FROM industrial_park_alias a WHERE a.alias_key = ip_park_key(n.industrial_park))
 GROUP BY n.industrial_park;
