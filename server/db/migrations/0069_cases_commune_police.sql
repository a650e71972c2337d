-- Identity correction: the commune police verify against the population database (issue 13), within their
-- communes. The stage was owned by the province-wide `police` role while there was no commune police role; the
-- provincial police keep reading these cases (they see the NTG_* finding codes) but no longer act on them.
UPDATE case_stage
   SET owner_role = 'commune_police',
       label = 'Công an xã/phường xác minh với CSDL quốc gia về dân cư',
       hint = 'Công an xã/phường nơi người tham gia cư trú đối chiếu với CSDL quốc gia về dân cư và ghi thông tin đúng.'
 WHERE case_type = 'identity' AND code = 'police_verify';
UPDATE case_stage SET hint = 'Đối chiếu hồ sơ và gửi Công an xã/phường xác minh.'
 WHERE case_type = 'identity' AND code = 'ss_review';
UPDATE case_outcome SET label = 'Gửi Công an xã/phường xác minh'
 WHERE case_type = 'identity' AND stage = 'ss_review' AND code = 'to_police';

-- A commune account's list of one case type (its identity cases: `/api/cases?type=identity`) in queue order. With
-- work_case_commune_idx alone the query read every case of the commune (~650 heap pages at scale 1, ~80 % of them
-- enforcement cases that the type filter then dropped); this index reads only the type's cases (docs/cases.md,
-- Performance).
CREATE INDEX work_case_commune_type_idx ON work_case (commune_code, case_type, status DESC, due_date NULLS LAST, id);
