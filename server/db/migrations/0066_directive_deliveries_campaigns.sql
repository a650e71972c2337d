-- Issue 14 parts 5 and 6: the delivery calendar of the directive's data sharing, and the bodies' communication
-- campaigns against their annual plans.

-- Which body must deliver which file kind, how often and by when (reference/delivery-calendar.csv, with the clause
-- of the directive that asks for it). Edited by the secretariat (directive.accept).
CREATE TABLE delivery_calendar (
  id bigserial PRIMARY KEY,
  agency_code text NOT NULL REFERENCES agency(code),
  kind text NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'yearly')),
  due_day integer NOT NULL CHECK (due_day BETWEEN 1 AND 31),
  due_month_offset integer NOT NULL CHECK (due_month_offset BETWEEN -12 AND 24),  -- months after the period's first month
  clause text NOT NULL,
  clause_text text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  UNIQUE (kind)
);
INSERT INTO delivery_calendar (agency_code, kind, frequency, due_day, due_month_offset, clause, clause_text) VALUES
  ('CONG_AN', 'dan-cu', 'monthly', 10, 1, '§11', 'Chỉ đạo Công an cấp xã phối hợp với UBND cấp xã chia sẻ, kết nối dữ liệu dân cư để rà soát, xác minh và hoàn thành làm sạch, cập nhật đồng bộ đối với người tham gia BHXH'),
  ('SO_NOI_VU', 'ho-ngheo', 'yearly', 31, 12, '§1', 'Tăng cường phối hợp liên ngành, chia sẻ thông tin, dữ liệu trong quản lý lao động, dân cư, doanh nghiệp để rà soát, phát triển đối tượng tham gia'),
  ('THONG_KE', 'lao-dong', 'yearly', 31, 14, '§10', 'Cung cấp, chia sẻ số liệu thống kê về dân số, lực lượng lao động của tỉnh khi được Cục Thống kê công bố'),
  ('THUE', 'dn-thue', 'quarterly', 15, 3, '§9', 'Chia sẻ thông tin đăng ký thuế của người nộp thuế'),
  ('THUE', 'thue-tncn', 'monthly', 20, 1, '§9', 'Chia sẻ thông tin trích và khấu trừ các khoản đóng BHXH của tổ chức trả thu nhập'),
  ('BHXH', 'bhxh-don-vi', 'monthly', 10, 1, '§3', 'Kết nối thông tin, dữ liệu quản lý, theo dõi tình hình biến động lao động tại doanh nghiệp'),
  ('BHXH', 'bhxh-thu', 'monthly', 10, 1, '§3', 'Kết nối thông tin, dữ liệu quản lý, theo dõi tình hình biến động lao động tại doanh nghiệp'),
  ('BHXH', 'bhxh-nguoi', 'monthly', 10, 1, '§3', 'Kết nối thông tin, dữ liệu quản lý, theo dõi tình hình biến động lao động tại doanh nghiệp'),
  ('BHXH', 'bhxh-huong', 'quarterly', 15, 3, '§3', 'Kết nối thông tin, dữ liệu quản lý, theo dõi tình hình biến động lao động tại doanh nghiệp'),
  ('SO_NOI_VU', 'bhtn-huong', 'monthly', 10, 1, '§2', 'Chỉ đạo Trung tâm Dịch vụ việc làm tỉnh tiếp nhận và giải quyết kịp thời chế độ bảo hiểm thất nghiệp; kiểm soát chặt chẽ hồ sơ hưởng'),
  ('BQL_KCN', 'kcn-lao-dong', 'quarterly', 15, 3, '§12', 'Đôn đốc các doanh nghiệp trong khu công nghiệp thực hiện nghiêm việc đăng ký tham gia BHXH đầy đủ cho người lao động'),
  ('SO_NOI_VU', 'chi-tieu', 'yearly', 31, -1, '§2', 'Hằng năm, chủ trì nghiên cứu, xây dựng chỉ tiêu phát triển đối tượng tham gia BHXH tham mưu UBND tỉnh trình HĐND tỉnh');

-- A body's planned number of activities per channel and year (unit = '' for the body, or a commune code for a
-- commune's own plan).
CREATE TABLE campaign_plan (
  agency_code text NOT NULL REFERENCES agency(code),
  unit text NOT NULL DEFAULT '',
  year integer NOT NULL CHECK (year BETWEEN 2020 AND 2035),
  channel text NOT NULL CHECK (channel IN ('press', 'broadcast', 'conference', 'loudspeaker', 'social_media', 'door_to_door')),
  planned_count integer NOT NULL CHECK (planned_count BETWEEN 0 AND 100000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (agency_code, unit, year, channel)
);

-- One communication activity of a body.
CREATE TABLE campaign_activity (
  id bigserial PRIMARY KEY,
  agency_code text NOT NULL REFERENCES agency(code),
  held_on date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('press', 'broadcast', 'conference', 'loudspeaker', 'social_media', 'door_to_door')),
  title text NOT NULL,
  audience text NOT NULL,
  commune_codes text[] NOT NULL DEFAULT '{}',
  parks text[] NOT NULL DEFAULT '{}',
  attendees integer CHECK (attendees >= 0),
  articles integer CHECK (articles >= 0),
  minutes integer CHECK (minutes >= 0),
  cost_vnd bigint CHECK (cost_vnd >= 0),
  created_by bigint,
  created_by_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_activity_agency_idx ON campaign_activity (agency_code, held_on);
CREATE INDEX campaign_activity_communes_idx ON campaign_activity USING gin (commune_codes);
