-- Calculators and the provincial top-up simulator: saved scenarios (docs/calculators.md).
-- A scenario keeps only its inputs; results are computed from the current data and rules when shown.
CREATE TABLE calc_scenario (
  id bigserial PRIMARY KEY,
  province_code text NOT NULL DEFAULT '19' REFERENCES province(code),
  name text NOT NULL,
  params jsonb NOT NULL,            -- {topup: {poor, near_poor, ethnic_minority, other}, maternity_topup, year_from, year_to, uptake: {...}}
  created_by bigint REFERENCES app_user(id),
  created_by_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calc_scenario_province_idx ON calc_scenario (province_code, updated_at DESC);

-- Two reference scenarios to start from: no top-up, and the Hà Nội (2025) precedent of the rules file.
INSERT INTO calc_scenario (name, params, created_by_name) VALUES
  ('Không hỗ trợ thêm (chỉ mức Nhà nước hỗ trợ)',
   '{"topup": {"poor": 0, "near_poor": 0, "ethnic_minority": 0, "other": 0}, "maternity_topup": 0, "year_from": 2026, "year_to": 2030, "uptake": {}}', 'BaoPhu'),
  ('Tiền lệ Hà Nội 2025 (+50 % hộ nghèo, +60 % cận nghèo, +10 % khác)',
   '{"topup": {"poor": 50, "near_poor": 60, "ethnic_minority": 10, "other": 10}, "maternity_topup": 0, "year_from": 2026, "year_to": 2030, "uptake": {}}', 'BaoPhu');
