-- Work: findings become cases that the responsible office carries to an outcome (docs/cases.md).
-- Case types, their stages and the outcomes that end each stage are data: the code reads them, it has no
-- per-type paths. Deadlines are working days (public_holiday) or a legal_param key (calendar days, with source).

-- The law's numbers used by the stages (added here; ON CONFLICT keeps a row that reference/legal-params.csv may add).
INSERT INTO legal_param (key, value, unit, effective_from, effective_to, source, status, note) VALUES
  ('police.denunciation_days', 20, 'days', '2018-01-01', NULL, 'Bộ luật Tố tụng hình sự 2015 Điều 147 khoản 1', 'law',
   'Cơ quan điều tra giải quyết tố giác, tin báo về tội phạm trong 20 ngày kể từ ngày nhận'),
  ('outreach.renewal_window_months', 2, 'months', '2025-07-01', NULL, 'Thiết lập của BaoPhu (docs/cases.md)', 'setting',
   'Danh sách vận động đóng tiếp: người tham gia tự nguyện có kỳ đã đóng kết thúc trong số tháng này')
ON CONFLICT (key, effective_from) DO NOTHING;

CREATE TABLE case_type (
  code text PRIMARY KEY,
  label text NOT NULL,
  finding_codes text[] NOT NULL,
  position integer NOT NULL
);

CREATE TABLE case_stage (
  case_type text NOT NULL REFERENCES case_type(code),
  code text NOT NULL,
  position integer NOT NULL,
  label text NOT NULL,
  owner_role text NOT NULL,
  -- Exactly one deadline rule: a number of working days from the stage's start, or a legal_param key (calendar days).
  deadline_working_days integer CHECK (deadline_working_days > 0),
  deadline_param text,
  documents text[] NOT NULL DEFAULT '{}',
  hint text NOT NULL DEFAULT '',
  PRIMARY KEY (case_type, code),
  UNIQUE (case_type, position),
  CHECK ((deadline_working_days IS NULL) <> (deadline_param IS NULL))
);

CREATE TABLE case_outcome (
  case_type text NOT NULL,
  stage text NOT NULL,
  code text NOT NULL,
  label text NOT NULL,
  position integer NOT NULL,
  next_stage text,                  -- null: the outcome closes the case with close_result
  close_result text CHECK (close_result IN ('paid', 'registered', 'sanctioned', 'referred', 'dismissed', 'corrected', 'recovered')),
  needs_decision boolean NOT NULL DEFAULT false,   -- number and date of a decision
  -- An amount in VND that the outcome records: the fine imposed, the benefit to recover, or the amount recovered.
  amount_kind text CHECK (amount_kind IN ('fine', 'to_recover', 'recovered')),
  needs_reason boolean NOT NULL DEFAULT false,
  PRIMARY KEY (case_type, stage, code),
  FOREIGN KEY (case_type, stage) REFERENCES case_stage(case_type, code),
  FOREIGN KEY (case_type, next_stage) REFERENCES case_stage(case_type, code),
  CHECK ((next_stage IS NULL) <> (close_result IS NULL))
);

INSERT INTO case_type (code, label, finding_codes, position) VALUES
  ('enforcement', 'Đôn đốc, thanh tra, xử lý đơn vị', ARRAY['DN_CHAM_DONG','DN_TRON_DONG','DN_KHAI_THIEU_LAO_DONG','DN_KHAI_THAP_LUONG','DN_CHUA_DANG_KY','KCN_LECH_LAO_DONG'], 1),
  ('identity', 'Làm sạch thông tin người tham gia', ARRAY['NTG_SAI_THONG_TIN','NTG_DA_CHET'], 2),
  ('benefit_recovery', 'Thu hồi trợ cấp thất nghiệp hưởng sai', ARRAY['BHTN_TRUC_LOI'], 3);

INSERT INTO case_stage (case_type, code, position, label, owner_role, deadline_working_days, deadline_param, documents, hint) VALUES
  ('enforcement', 'reminder', 1, 'Nhắc nợ, nhắc đăng ký', 'social_security', 10, NULL, '{}', 'BHXH nhắc đơn vị đóng đủ hoặc đăng ký (điện thoại, thông báo hằng tháng).'),
  ('enforcement', 'written_reminder', 2, 'Đôn đốc bằng văn bản', 'social_security', NULL, 'late.evasion_days', '{written_reminder}', 'Gửi văn bản đôn đốc kèm bảng nợ; quá hạn mà chưa đóng thì là trốn đóng (Luật BHXH Điều 39).'),
  ('enforcement', 'inspection_list', 3, 'Đưa vào danh sách thanh tra, kiểm tra', 'social_security', 10, NULL, '{inspection_list}', 'Gửi danh sách đơn vị chậm đóng, trốn đóng cho Thanh tra.'),
  ('enforcement', 'inspection', 4, 'Thanh tra, kiểm tra', 'inspectorate', 30, NULL, '{}', 'Ghi số, ngày quyết định thanh tra và kết luận.'),
  ('enforcement', 'sanction', 5, 'Xử phạt vi phạm hành chính', 'inspectorate', 20, NULL, '{}', 'Mức phạt gợi ý theo máy tính phạt (Nghị định 12/2022/NĐ-CP Điều 39).'),
  ('enforcement', 'referral', 6, 'Chuyển hồ sơ sang cơ quan Công an', 'social_security', 10, NULL, '{referral_letter,referral_workbook}', 'Sàng lọc Điều 216 Bộ luật Hình sự: cần xác minh, không phải kết luận.'),
  ('enforcement', 'police_ack', 7, 'Công an tiếp nhận hồ sơ', 'police', 5, NULL, '{}', 'Ghi số, ngày văn bản tiếp nhận.'),
  ('enforcement', 'police_outcome', 8, 'Công an giải quyết', 'police', NULL, 'police.denunciation_days', '{}', 'Ghi kết quả giải quyết tố giác, tin báo.'),
  ('identity', 'ss_review', 1, 'BHXH rà soát hồ sơ', 'social_security', 5, NULL, '{}', 'Đối chiếu hồ sơ và gửi Công an xác minh.'),
  ('identity', 'police_verify', 2, 'Công an xác minh với CSDL quốc gia về dân cư', 'police', 10, NULL, '{}', 'Ghi thông tin đúng theo CSDL dân cư.'),
  ('identity', 'correction', 3, 'BHXH điều chỉnh hồ sơ', 'social_security', 5, NULL, '{}', 'Điều chỉnh trên hệ thống của BHXH.'),
  ('benefit_recovery', 'check', 1, 'Trung tâm Dịch vụ việc làm kiểm tra', 'home_affairs', 5, NULL, '{}', 'Đối chiếu quyết định hưởng và ngày bắt đầu làm việc mới.'),
  ('benefit_recovery', 'decision', 2, 'Quyết định dừng hưởng và thu hồi', 'home_affairs', 10, NULL, '{}', 'Ghi số, ngày quyết định và số tiền phải thu hồi.'),
  ('benefit_recovery', 'recovery', 3, 'Thu hồi tiền trợ cấp', 'home_affairs', 30, NULL, '{}', 'Ghi số tiền đã thu hồi.');

INSERT INTO case_outcome (case_type, stage, code, label, position, next_stage, close_result, needs_decision, amount_kind, needs_reason) VALUES
  ('enforcement', 'reminder', 'escalate', 'Chưa khắc phục: đôn đốc bằng văn bản', 1, 'written_reminder', NULL, false, NULL, false),
  ('enforcement', 'reminder', 'paid', 'Đơn vị đã đóng đủ', 2, NULL, 'paid', false, NULL, false),
  ('enforcement', 'reminder', 'registered', 'Đơn vị đã đăng ký, khai đủ', 3, NULL, 'registered', false, NULL, false),
  ('enforcement', 'reminder', 'dismissed', 'Không vi phạm (ghi lý do)', 4, NULL, 'dismissed', false, NULL, true),
  ('enforcement', 'written_reminder', 'escalate', 'Quá hạn chưa khắc phục: đưa vào danh sách thanh tra', 1, 'inspection_list', NULL, true, NULL, false),
  ('enforcement', 'written_reminder', 'paid', 'Đơn vị đã đóng đủ', 2, NULL, 'paid', false, NULL, false),
  ('enforcement', 'written_reminder', 'registered', 'Đơn vị đã đăng ký, khai đủ', 3, NULL, 'registered', false, NULL, false),
  ('enforcement', 'written_reminder', 'dismissed', 'Không vi phạm (ghi lý do)', 4, NULL, 'dismissed', false, NULL, true),
  ('enforcement', 'inspection_list', 'listed', 'Đã gửi danh sách cho Thanh tra', 1, 'inspection', NULL, false, NULL, false),
  ('enforcement', 'inspection_list', 'paid', 'Đơn vị đã đóng đủ', 2, NULL, 'paid', false, NULL, false),
  ('enforcement', 'inspection', 'violation', 'Có vi phạm: xử phạt', 1, 'sanction', NULL, true, NULL, false),
  ('enforcement', 'inspection', 'paid', 'Đơn vị đã khắc phục trong thanh tra', 2, NULL, 'paid', true, NULL, false),
  ('enforcement', 'inspection', 'dismissed', 'Không vi phạm (ghi lý do)', 3, NULL, 'dismissed', true, NULL, true),
  ('enforcement', 'sanction', 'sanctioned', 'Đã xử phạt, kết thúc', 1, NULL, 'sanctioned', true, 'fine', false),
  ('enforcement', 'sanction', 'refer', 'Đã xử phạt, vẫn trốn đóng: chuyển Công an', 2, 'referral', NULL, true, 'fine', false),
  ('enforcement', 'referral', 'sent', 'Đã gửi hồ sơ cho Công an', 1, 'police_ack', NULL, true, NULL, false),
  ('enforcement', 'police_ack', 'received', 'Đã tiếp nhận hồ sơ', 1, 'police_outcome', NULL, true, NULL, false),
  ('enforcement', 'police_outcome', 'prosecuted', 'Khởi tố vụ án', 1, NULL, 'referred', true, NULL, false),
  ('enforcement', 'police_outcome', 'not_prosecuted', 'Không khởi tố (ghi lý do)', 2, NULL, 'referred', true, NULL, true),
  ('identity', 'ss_review', 'to_police', 'Gửi Công an xác minh', 1, 'police_verify', NULL, false, NULL, false),
  ('identity', 'ss_review', 'dismissed', 'Hồ sơ đúng (ghi lý do)', 2, NULL, 'dismissed', false, NULL, true),
  ('identity', 'police_verify', 'wrong', 'Thông tin sai: BHXH điều chỉnh', 1, 'correction', NULL, false, NULL, true),
  ('identity', 'police_verify', 'dismissed', 'Thông tin đúng với CSDL dân cư (ghi lý do)', 2, NULL, 'dismissed', false, NULL, true),
  ('identity', 'correction', 'corrected', 'Đã điều chỉnh hồ sơ', 1, NULL, 'corrected', false, NULL, false),
  ('benefit_recovery', 'check', 'confirmed', 'Có việc làm mới khi đang hưởng: ra quyết định', 1, 'decision', NULL, false, NULL, false),
  ('benefit_recovery', 'check', 'dismissed', 'Không hưởng sai (ghi lý do)', 2, NULL, 'dismissed', false, NULL, true),
  ('benefit_recovery', 'decision', 'decided', 'Đã ra quyết định dừng hưởng, thu hồi', 1, 'recovery', NULL, true, 'to_recover', false),
  ('benefit_recovery', 'recovery', 'recovered', 'Đã thu hồi', 1, NULL, 'recovered', false, 'recovered', false);

-- Finding codes whose findings open a case automatically after each reconciliation (administrator's choice).
CREATE TABLE case_auto_open (
  finding_code text PRIMARY KEY,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
INSERT INTO case_auto_open (finding_code, enabled) VALUES ('DN_TRON_DONG', true);

-- The n-th working day after `start` (Monday–Friday, not a public holiday).
CREATE FUNCTION case_add_working_days(start date, n integer) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT d::date FROM generate_series(start + 1, start + n * 2 + 40, interval '1 day') AS d
   WHERE extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM public_holiday h WHERE h.day = d::date)
   ORDER BY d OFFSET n - 1 LIMIT 1
$$;

-- The due date of a stage started on `start`, from the stage's rule.
CREATE FUNCTION case_stage_due(ctype text, stage text, start date) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN s.deadline_working_days IS NOT NULL THEN case_add_working_days(start, s.deadline_working_days)
              ELSE start + (SELECT p.value::int FROM legal_param p
                             WHERE p.key = s.deadline_param AND p.effective_from <= start AND (p.effective_to IS NULL OR p.effective_to >= start)
                             ORDER BY p.effective_from DESC LIMIT 1) END
    FROM case_stage s WHERE s.case_type = ctype AND s.code = stage
$$;

CREATE TABLE work_case (
  id bigserial PRIMARY KEY,
  case_type text NOT NULL REFERENCES case_type(code),
  finding_id bigint NOT NULL REFERENCES finding(id),
  finding_code text NOT NULL,
  subject_id text NOT NULL,
  subject_name text,
  subject_kind text NOT NULL,
  commune_code text,
  related_id text,
  stage text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  stage_started_on date NOT NULL,
  due_date date,
  assignee_id bigint,
  assignee_name text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_by text,
  opened_via text NOT NULL CHECK (opened_via IN ('single', 'bulk', 'auto', 'cli')),
  -- The finding as it was at opening (the live finding stays linked through finding_id).
  frozen_period date NOT NULL,
  frozen_amount_vnd bigint NOT NULL,
  frozen_amounts jsonb NOT NULL,
  frozen_evidence jsonb NOT NULL,
  frozen_legal_basis text NOT NULL,
  fine_vnd bigint,
  to_recover_vnd bigint,
  recovered_vnd bigint NOT NULL DEFAULT 0,
  -- Set when a later reconciliation no longer raises the finding (the cause is gone in the data).
  data_resolved_run_id bigint,
  data_resolved_at timestamptz,
  data_evidence jsonb,
  close_result text,
  close_reason text,
  closed_at timestamptz,
  closed_by text,
  FOREIGN KEY (case_type, stage) REFERENCES case_stage(case_type, code),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- One open case per finding.
CREATE UNIQUE INDEX work_case_one_open_idx ON work_case (finding_id) WHERE status = 'open';
-- The queues read open cases most urgent first (listCases' ORDER BY).
CREATE INDEX work_case_queue_idx ON work_case (status DESC, due_date NULLS LAST, id);
-- A commune's cases in queue order (commune accounts always filter by their communes).
CREATE INDEX work_case_commune_idx ON work_case (commune_code, status DESC, due_date NULLS LAST, id);
CREATE INDEX work_case_related_idx ON work_case (related_id);

-- A counter bumped by every statement that changes cases: the work queues cache their counts per version.
CREATE TABLE case_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO case_version VALUES (true, 0);
CREATE FUNCTION case_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_version SET version = version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER work_case_version AFTER INSERT OR UPDATE OR DELETE ON work_case FOR EACH STATEMENT EXECUTE FUNCTION case_version_bump();

-- Append-only log of every action on a case.
CREATE TABLE case_log (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES work_case(id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text,                    -- null for a reconciliation run
  role text,
  agency text,
  run_id bigint,
  action text NOT NULL CHECK (action IN ('open', 'advance', 'close', 'assign', 'note', 'attach', 'data_resolved', 'data_reopened', 'confirm_close')),
  stage text,
  outcome text,
  due_date date,
  timeliness text CHECK (timeliness IN ('early', 'on_time', 'late')),
  before jsonb,
  after jsonb,
  note text
);
CREATE INDEX case_log_case_idx ON case_log (case_id, at);
CREATE FUNCTION case_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_log is append-only';
END $$;
CREATE TRIGGER case_log_no_update BEFORE UPDATE OR DELETE ON case_log FOR EACH ROW EXECUTE FUNCTION case_log_append_only();

-- Decisions recorded on a case (inspection, sanction, referral, police receipt, stop-and-recover…).
CREATE TABLE case_decision (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES work_case(id),
  stage text NOT NULL,
  outcome text NOT NULL,
  number text NOT NULL,
  decided_on date NOT NULL,
  amount_vnd bigint,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_decision_case_idx ON case_decision (case_id);

-- Attachments, kept like raw import files: <data dir>/files/<sha256>.
CREATE TABLE case_attachment (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES work_case(id),
  file_name text NOT NULL,
  content_sha256 text NOT NULL,
  file_size bigint NOT NULL,
  content_type text,
  stored_path text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachment_case_idx ON case_attachment (case_id);

-- Outreach: a contact log on the outreach list (no case per person).
CREATE TABLE outreach_contact (
  id bigserial PRIMARY KEY,
  finding_id bigint REFERENCES finding(id),
  subject_id text NOT NULL,
  list_kind text NOT NULL CHECK (list_kind IN ('potential', 'renewal')),
  commune_code text NOT NULL,
  contact_date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('visit', 'meeting', 'phone', 'zalo', 'loudspeaker')),
  outcome text NOT NULL CHECK (outcome IN ('advised', 'will_register', 'refused', 'registered')),
  refused_reason text,
  follow_up_date date,
  officer_id bigint NOT NULL,
  officer_name text NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome <> 'refused' OR refused_reason IS NOT NULL)
);
CREATE INDEX outreach_contact_commune_idx ON outreach_contact (commune_code, contact_date);
CREATE INDEX outreach_contact_subject_idx ON outreach_contact (subject_id);

-- Document templates (Decree 30/2020 administrative format): the text is data; the layout is the generator's.
CREATE TABLE doc_template (
  code text PRIMARY KEY,
  label text NOT NULL,
  issuer text NOT NULL,             -- the issuing body (second line of the issuer block)
  issuer_parent text NOT NULL,      -- the body above it (first line)
  symbol text NOT NULL,             -- number and symbol after "Số: …/"
  place text NOT NULL,
  subject text NOT NULL,            -- "V/v …"; placeholders {name}
  recipient text NOT NULL,          -- "Kính gửi: …"
  paragraphs text[] NOT NULL,       -- body; placeholders {name}
  copies_to text[] NOT NULL,        -- "Nơi nhận"
  signer_title text NOT NULL,
  signer_name text NOT NULL DEFAULT ''
);
INSERT INTO doc_template (code, label, issuer, issuer_parent, symbol, place, subject, recipient, paragraphs, copies_to, signer_title) VALUES
  ('written_reminder', 'Văn bản đôn đốc', 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'BẢO HIỂM XÃ HỘI VIỆT NAM', 'BHXH-QLT', 'Thái Nguyên',
   'V/v đôn đốc đóng BHXH, BHYT, BHTN của {subjectName}', '{subjectName} (mã đơn vị {subjectId}, mã số thuế {taxCode})',
   ARRAY[
     'Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 34, Điều 38, Điều 39, Điều 40);',
     'Theo dữ liệu của cơ quan Bảo hiểm xã hội tính đến ngày {asOf}, đơn vị còn nợ tiền đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp số tiền {arrears} đồng, tiền lãi chậm đóng tạm tính {interest} đồng (chi tiết tại bảng kèm theo).',
     'Bảo hiểm xã hội tỉnh đề nghị đơn vị nộp đủ số tiền còn nợ và tiền lãi chậm đóng trong thời hạn {deadlineDays} ngày kể từ ngày nhận văn bản này. Quá thời hạn trên mà đơn vị không đóng thì bị xác định là trốn đóng theo Điều 39 Luật Bảo hiểm xã hội và bị xử lý theo quy định của pháp luật.'
   ],
   ARRAY['Như trên;', 'UBND {communeName};', 'Thanh tra tỉnh;', 'Lưu: VT, QLT.'], 'GIÁM ĐỐC'),
  ('inspection_list', 'Danh sách đề nghị thanh tra, kiểm tra', 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'BẢO HIỂM XÃ HỘI VIỆT NAM', 'BHXH-TTKT', 'Thái Nguyên',
   'V/v đề nghị thanh tra, kiểm tra việc chấp hành pháp luật về BHXH, BHYT, BHTN', 'Thanh tra tỉnh Thái Nguyên',
   ARRAY[
     'Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 và quy trình thu của Bảo hiểm xã hội Việt Nam;',
     'Bảo hiểm xã hội tỉnh đã nhắc nợ và đôn đốc bằng văn bản nhưng các đơn vị sau chưa khắc phục. Bảo hiểm xã hội tỉnh đề nghị Thanh tra tỉnh đưa các đơn vị vào kế hoạch thanh tra, kiểm tra (kể cả thanh tra đột xuất phối hợp với cơ quan Bảo hiểm xã hội):'
   ],
   ARRAY['Như trên;', 'Sở Nội vụ;', 'Lưu: VT, TTKT.'], 'GIÁM ĐỐC'),
  ('referral_letter', 'Văn bản chuyển hồ sơ sang cơ quan Công an', 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'BẢO HIỂM XÃ HỘI VIỆT NAM', 'BHXH-TTKT', 'Thái Nguyên',
   'V/v chuyển hồ sơ vụ việc có dấu hiệu tội phạm trốn đóng BHXH của {subjectName}', 'Cơ quan Cảnh sát điều tra Công an tỉnh Thái Nguyên',
   ARRAY[
     'Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 39, Điều 41) và Điều 216 Bộ luật Hình sự;',
     'Đơn vị {subjectName} (mã đơn vị {subjectId}, mã số thuế {taxCode}) trốn đóng {evadedMonths} tháng, số tiền trốn đóng {evadedAmount} đồng, liên quan đến {workers} người lao động; đã bị xử phạt vi phạm hành chính theo quyết định số {sanctionDecision} (mức phạt {fineAmount} đồng) nhưng chưa khắc phục.',
     'Sàng lọc theo Điều 216 Bộ luật Hình sự: {screening}. Đây là kết quả sàng lọc từ dữ liệu, cần cơ quan có thẩm quyền xác minh, không phải kết luận.',
     'Bảo hiểm xã hội tỉnh chuyển hồ sơ (kèm sổ dữ liệu chứng cứ) để Cơ quan Cảnh sát điều tra xem xét, giải quyết theo thẩm quyền và thông báo kết quả.'
   ],
   ARRAY['Như trên;', 'Viện kiểm sát nhân dân tỉnh;', 'Thanh tra tỉnh;', 'Lưu: VT, TTKT.'], 'GIÁM ĐỐC');
