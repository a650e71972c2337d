-- Issue 15: the report catalogue (kinds as data), the versions of each generated report with the identifiers of the
-- data it was built from and the stored bytes of each format, and the append-only log of what was done to them.

-- A kind of report: who may generate, review and sign it, its parameters and formats, and its administrative header
-- (Decree 30/2020/NĐ-CP) as data. The wording of the body's fixed paragraphs is data too (`wording`), with its source.
CREATE TABLE report_kind (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]*$'),
  label text NOT NULL,
  description text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  -- Parameters the kind takes: year always; month/quarter (one of them when 'period' is required), commune.
  params text[] NOT NULL CHECK (params <@ ARRAY['year', 'month', 'quarter', 'commune']::text[]),
  -- A period (month or quarter) is required.
  needs_period boolean NOT NULL DEFAULT false,
  formats text[] NOT NULL CHECK (formats <@ ARRAY['docx', 'xlsx', 'pdf']::text[]),
  generate_roles text[] NOT NULL,
  review_roles text[] NOT NULL,
  sign_roles text[] NOT NULL,
  -- Roles that may read the versions besides those above (the leadership).
  read_roles text[] NOT NULL DEFAULT '{}',
  issuer_parent text NOT NULL,
  issuer text NOT NULL,
  -- "Số: …/<symbol>"
  symbol text NOT NULL,
  place text NOT NULL,
  doc_type text NOT NULL DEFAULT 'BÁO CÁO',
  -- The subject; placeholders {year}, {period}, {unit}.
  subject text NOT NULL,
  recipients text[] NOT NULL,
  copies_to text[] NOT NULL,
  signer_authority text,
  signer_title text NOT NULL,
  signer_name text NOT NULL DEFAULT '',
  -- Fixed paragraphs of the body: {"intro": [...], "closing": [...]}; placeholders as in `subject`.
  wording jsonb NOT NULL DEFAULT '{}'::jsonb,
  wording_source text NOT NULL
);

INSERT INTO report_kind (id, label, description, position, params, needs_period, formats, generate_roles, review_roles, sign_roles, read_roles,
                         issuer_parent, issuer, symbol, place, subject, recipients, copies_to, signer_authority, signer_title, wording, wording_source) VALUES
  ('annual', 'Báo cáo đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm',
   'Đánh giá kết quả phát triển đối tượng tham gia BHXH của năm (trước ngày 25/12), báo cáo Bộ Nội vụ, Bộ Tài chính và UBND tỉnh.',
   1, ARRAY['year', 'month'], false, ARRAY['docx', 'xlsx', 'pdf'],
   ARRAY['home_affairs', 'admin'], ARRAY['home_affairs'], ARRAY['home_affairs'], ARRAY['leadership', 'social_security'],
   'UBND TỈNH THÁI NGUYÊN', 'SỞ NỘI VỤ', 'BC-SNV', 'Thái Nguyên',
   'Đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm {year}',
   ARRAY['Bộ Nội vụ;', 'Bộ Tài chính;', 'Ủy ban nhân dân tỉnh Thái Nguyên.'],
   ARRAY['Như trên;', 'Bảo hiểm xã hội tỉnh;', 'Lãnh đạo Sở;', 'Lưu: VT, CCVC.'],
   'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC',
   '{"intro": ["Thực hiện Nghị quyết số 403/NQ-CP của Chính phủ và chỉ đạo của UBND tỉnh về phát triển đối tượng tham gia bảo hiểm xã hội, Sở Nội vụ chủ trì, phối hợp với Bảo hiểm xã hội tỉnh và các cơ quan, đơn vị, địa phương đánh giá kết quả năm {year} (số liệu đến tháng {period}) như sau:"], "closing": ["Trên đây là báo cáo đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm {year} trên địa bàn tỉnh Thái Nguyên. Số liệu trong báo cáo được tổng hợp từ hệ thống BaoPhu; nguồn của từng số liệu ghi tại phụ lục \"Nguồn số liệu\"."]}'::jsonb,
   'Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 2.7 (reference/directive-2026.md); thể thức theo Nghị định 30/2020/NĐ-CP'),
  ('progress', 'Báo cáo tiến độ thực hiện chỉ tiêu (tháng, quý)',
   'Tiến độ phát triển đối tượng tham gia BHXH của tỉnh hoặc một xã, phường theo tháng hoặc quý.',
   2, ARRAY['year', 'month', 'quarter', 'commune'], true, ARRAY['docx', 'xlsx', 'pdf'],
   ARRAY['home_affairs', 'social_security', 'commune', 'admin'], ARRAY['home_affairs', 'social_security', 'commune'], ARRAY['home_affairs', 'social_security', 'commune'], ARRAY['leadership'],
   'UBND TỈNH THÁI NGUYÊN', 'SỞ NỘI VỤ', 'BC-SNV', 'Thái Nguyên',
   'Tiến độ thực hiện chỉ tiêu phát triển đối tượng tham gia BHXH {period} của {unit}',
   ARRAY['Ủy ban nhân dân tỉnh Thái Nguyên.'],
   ARRAY['Như trên;', 'Sở Nội vụ;', 'Bảo hiểm xã hội tỉnh;', 'Lưu: VT.'],
   'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC',
   '{"intro": ["Báo cáo tiến độ thực hiện chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội năm {year} của {unit}, số liệu đến {period}, như sau:"], "closing": ["Nguồn của từng số liệu ghi tại phụ lục \"Nguồn số liệu\"."]}'::jsonb,
   'Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 2.6, 3.9 và 15.4 (reference/directive-2026.md)'),
  ('debts', 'Danh sách đơn vị chậm đóng, trốn đóng BHXH',
   'Các đơn vị còn nợ tiền đóng quá hạn (số tháng, số tiền nợ, lãi chậm đóng, ngày đôn đốc), như danh sách kiểm tra, đôn đốc hiện nay.',
   3, ARRAY['year', 'month', 'commune'], false, ARRAY['docx', 'xlsx', 'pdf'],
   ARRAY['social_security', 'admin'], ARRAY['social_security'], ARRAY['social_security'], ARRAY['home_affairs', 'inspectorate'],
   'BẢO HIỂM XÃ HỘI VIỆT NAM', 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'BC-BHXH', 'Thái Nguyên',
   'Danh sách đơn vị chậm đóng, trốn đóng BHXH, BHYT, BHTN {period}',
   ARRAY['Ủy ban nhân dân tỉnh Thái Nguyên;', 'Sở Nội vụ;', 'Thanh tra tỉnh.'],
   ARRAY['Như trên;', 'Lưu: VT, QLT.'],
   'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC',
   '{"intro": ["Bảo hiểm xã hội tỉnh báo cáo danh sách các đơn vị còn nợ tiền đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp quá hạn, số liệu đến {period}, của {unit}. Các trường hợp trong danh sách là đầu mối cần xác minh, không phải kết luận vi phạm."], "closing": []}'::jsonb,
   'Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 38, 39, 40); Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 3.6'),
  ('outreach', 'Danh sách vận động tham gia BHXH tự nguyện',
   'Những người có thể vận động tham gia BHXH tự nguyện của một xã, phường (hoặc cả tỉnh), như danh sách vận động hiện nay.',
   4, ARRAY['year', 'month', 'commune'], false, ARRAY['docx', 'xlsx', 'pdf'],
   ARRAY['commune', 'social_security', 'admin'], ARRAY['commune', 'social_security'], ARRAY['commune', 'social_security'], ARRAY['home_affairs'],
   'UBND TỈNH THÁI NGUYÊN', 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'BC-BHXH', 'Thái Nguyên',
   'Danh sách người có thể vận động tham gia BHXH tự nguyện của {unit}',
   ARRAY['Ủy ban nhân dân {unit}.'],
   ARRAY['Như trên;', 'Lưu: VT.'],
   NULL, 'GIÁM ĐỐC',
   '{"intro": ["Danh sách những người có thể vận động tham gia bảo hiểm xã hội tự nguyện của {unit}, số liệu đến {period}. Mức đóng tối thiểu = 22 % chuẩn nghèo nông thôn trừ phần Nhà nước hỗ trợ. Các trường hợp trong danh sách là đầu mối cần xác minh, không phải kết luận vi phạm."], "closing": []}'::jsonb,
   'Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 31, 36); Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 15.2');

-- One generated report. A draft and a reviewed version can be returned (state back to draft is not allowed: a
-- returned version stays 'returned' and a new generate makes a new version). A signed version is frozen.
CREATE TABLE report_version (
  id bigserial PRIMARY KEY,
  kind text NOT NULL REFERENCES report_kind(id),
  params jsonb NOT NULL,
  -- The canonical text of params (sorted keys): versions of the same parameters are numbered 1, 2, … by it.
  params_key text NOT NULL,
  version integer NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'failed', 'draft', 'reviewed', 'signed', 'returned')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error text,
  -- The document number once signed ("12/BC-SNV"); the sequence is per kind and year.
  number text,
  commune_code text REFERENCES commune(code),
  formats text[] NOT NULL,
  -- import batches, reconciliation run, progress run, target versions: {"importBatches": [..], "reconcileRun": n, ...}
  data_ids jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The document model as built (ReportDocument), kept so a signed version can be rendered again identically.
  document jsonb,
  created_by bigint REFERENCES app_user(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by bigint REFERENCES app_user(id),
  reviewed_by_name text,
  reviewed_at timestamptz,
  signed_by bigint REFERENCES app_user(id),
  signed_by_name text,
  signed_at timestamptz,
  UNIQUE (kind, params_key, version)
);
CREATE INDEX report_version_kind_idx ON report_version (kind, created_at DESC);

-- The stored bytes of each format of a version (a signed version downloads these, byte for byte).
CREATE TABLE report_file (
  version_id bigint NOT NULL REFERENCES report_version(id),
  format text NOT NULL CHECK (format IN ('docx', 'xlsx', 'pdf')),
  bytes bytea NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (version_id, format)
);

-- The files of a signed version cannot change.
CREATE FUNCTION report_file_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM report_version v WHERE v.id = OLD.version_id AND v.state = 'signed') THEN
    RAISE EXCEPTION 'report_file of a signed version is frozen';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER report_file_no_change BEFORE UPDATE OR DELETE ON report_file
  FOR EACH ROW EXECUTE FUNCTION report_file_frozen();

-- A signed version's identifiers, document and number cannot change either.
CREATE FUNCTION report_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'signed' THEN
    RAISE EXCEPTION 'a signed report_version is frozen';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER report_version_no_change BEFORE UPDATE OR DELETE ON report_version
  FOR EACH ROW EXECUTE FUNCTION report_version_frozen();

-- Everything done to a version, append-only.
CREATE TABLE report_action (
  id bigserial PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES report_version(id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text NOT NULL,
  action text NOT NULL CHECK (action IN ('generate', 'built', 'fail', 'review', 'sign', 'return', 'download')),
  from_state text,
  to_state text,
  comment text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX report_action_version_idx ON report_action (version_id, at);
CREATE FUNCTION report_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_action is append-only';
END $$;
CREATE TRIGGER report_action_no_update BEFORE UPDATE OR DELETE ON report_action
  FOR EACH ROW EXECUTE FUNCTION report_action_append_only();
