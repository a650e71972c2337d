-- Issue 17: linkage on messy data — an ID is evidence, not proof (docs/reconcile.md, "Identity linkage").

-- Two folded names ('nguyen van hung') that differ by no more than a slip: equal; the same family and given name
-- (the middle name left out or misspelt on one side); or at most `d` edits (a dropped, doubled, swapped or wrong
-- letter) with the same number of words and the same first letter of each word (Hùng/Dũng are two names, not a
-- slip). Tone and diacritic slips vanish in the folded key. Same rule as nameSlip() in shared/identity/compare.ts.
CREATE FUNCTION rc_name_slip(a text, b text, d integer) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a = b
      OR (split_part(a, ' ', 1) = split_part(b, ' ', 1) AND split_part(a, ' ', -1) = split_part(b, ' ', -1)
          AND position(' ' IN a) > 0 AND position(' ' IN b) > 0)
      OR (length(a) - length(replace(a, ' ', '')) = length(b) - length(replace(b, ' ', ''))
          AND regexp_replace(a, '(\S)\S*', '\1', 'g') = regexp_replace(b, '(\S)\S*', '\1', 'g')
          AND abs(length(a) - length(b)) <= d AND levenshtein(a, b) <= d)
$$;

-- A record's birth date (with its precision) against a resident's, within a slip: equal, day and month swapped,
-- one of day/month/year off, or equal at the coarser precision. Same rule as birthSlip() in compare.ts.
CREATE FUNCTION rc_birth_slip(a date, pa text, b date, pb text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a IS NULL OR b IS NULL THEN true
    WHEN coalesce(pa, 'D') = 'Y' OR coalesce(pb, 'D') = 'Y' THEN extract(year FROM a) = extract(year FROM b)
    WHEN coalesce(pa, 'D') = 'M' OR coalesce(pb, 'D') = 'M' THEN extract(year FROM a) = extract(year FROM b)
    ELSE a = b
      OR (extract(year FROM a) = extract(year FROM b) AND extract(month FROM a) = extract(day FROM b) AND extract(day FROM a) = extract(month FROM b))
      OR ((extract(year FROM a) = extract(year FROM b))::int + (extract(month FROM a) = extract(month FROM b))::int
          + (extract(day FROM a) = extract(day FROM b))::int) >= 2
  END
$$;

-- The method of a link may now be the income-tax record's employer context; the ID's own resident is kept.
ALTER TABLE person_link DROP CONSTRAINT IF EXISTS person_link_method_check;
ALTER TABLE person_link ADD CONSTRAINT person_link_method_check
  CHECK (method IN ('id', 'probabilistic', 'review_accepted', 'employer', 'none'));
ALTER TABLE person_link ADD COLUMN id_resident text;

INSERT INTO reconcile_setting (key, value, default_value, unit, label, source) VALUES
  ('link.id_weight', 15, 15, 'score', 'Điểm cộng cho ứng viên trùng số định danh ghi trên hồ sơ (số định danh là một bằng chứng, không phải kết luận)', 'docs/reconcile.md (hiệu chỉnh trên dữ liệu mẫu có lỗi nhập liệu)'),
  ('link.slip_edits', 2, 2, 'count', 'Số ký tự sai lệch tối đa giữa hai họ tên (không dấu) vẫn coi là lỗi gõ của cùng một người', 'docs/reconcile.md (hiệu chỉnh trên dữ liệu mẫu có lỗi nhập liệu)')
ON CONFLICT (key) DO NOTHING;
