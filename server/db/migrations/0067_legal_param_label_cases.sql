-- The Vietnamese names of the two rules the cases capability added (0050_cases.sql); from reference/legal-param-labels.csv.
UPDATE legal_param SET label = l.label FROM (VALUES
  ('outreach.renewal_window_months', 'Số tháng trước khi hết kỳ đã đóng để đưa người đóng tự nguyện vào danh sách vận động đóng tiếp'),
  ('police.denunciation_days', 'Thời hạn giải quyết tố giác, tin báo về tội phạm (ngày)')
) AS l(key, label) WHERE legal_param.key = l.key;
