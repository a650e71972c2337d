-- The statutory retirement age before the 2021 roadmap of the Labour Code 2019 (men 60, women 55), as history rows of
-- retirement_age_months; the same rows are in reference/legal-params.csv. The demo generator reads that file (it runs
-- without a database) and dates pensions of people who reached the age before 2021 with them.
INSERT INTO legal_param (key, value, unit, effective_from, effective_to, source, status, note, label) VALUES
  ('retirement_age_months.M', 720, 'months', '1995-01-01', '2020-12-31',
   'Bộ luật Lao động 1994 Điều 145 khoản 1; Bộ luật Lao động 2012 Điều 187 khoản 1', 'law',
   'Nam: 60 tuổi (trước lộ trình tăng tuổi nghỉ hưu của Bộ luật Lao động 2019)', 'Tuổi nghỉ hưu của nam (tháng)'),
  ('retirement_age_months.F', 660, 'months', '1995-01-01', '2020-12-31',
   'Bộ luật Lao động 1994 Điều 145 khoản 1; Bộ luật Lao động 2012 Điều 187 khoản 1', 'law',
   'Nữ: 55 tuổi (trước lộ trình tăng tuổi nghỉ hưu của Bộ luật Lao động 2019)', 'Tuổi nghỉ hưu của nữ (tháng)')
ON CONFLICT (key, effective_from) DO NOTHING;
