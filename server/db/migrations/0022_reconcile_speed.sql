-- Reconciliation at province scale (docs/reconcile.md, "Speed"):
-- * name parts by string positions instead of regular expressions (same results on the single-spaced keys
--   rc_fold and rc_tone produce; a test compares them with shared/identity/names.ts);
-- * rc_resident and rc_finding_stage are derived working data: UNLOGGED (no WAL; after a crash PostgreSQL
--   empties them and the next run rebuilds them), without secondary indexes (blocking uses hash joins);
-- * residents carry their birth month as integers so that ages are integer arithmetic;
-- * folded keys lower-case after unaccent, when only ASCII letters are left: the "C" collation's lower() is
--   several times faster than a UTF-8 locale's and gives the same key.
CREATE OR REPLACE FUNCTION rc_given(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT split_part(k, ' ', -1)
$$;
CREATE OR REPLACE FUNCTION rc_middle(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN position(' ' IN k) > 1 AND split_part(k, ' ', -1) <> ''
                   AND length(k) - length(split_part(k, ' ', 1)) - length(split_part(k, ' ', -1)) > 2
              THEN substr(k, length(split_part(k, ' ', 1)) + 2,
                          length(k) - length(split_part(k, ' ', 1)) - length(split_part(k, ' ', -1)) - 2)
              ELSE '' END
$$;

CREATE OR REPLACE FUNCTION rc_fold(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(lower(unaccent(coalesce(t, '')) COLLATE "C"), '[\s.,;:''"()_/\\-]+', ' ', 'g'))
$$;
CREATE OR REPLACE FUNCTION rc_first_key(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN position(' ' IN btrim(coalesce(t, ''))) > 0 THEN lower(unaccent(split_part(btrim(t), ' ', 1)) COLLATE "C") ELSE '' END
$$;
CREATE OR REPLACE FUNCTION rc_last_key(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT lower(unaccent(split_part(btrim(coalesce(t, '')), ' ', -1)) COLLATE "C")
$$;

TRUNCATE rc_resident;
DELETE FROM app_state WHERE key = 'reconcile.resident_batches';
DROP INDEX IF EXISTS rc_resident_block1_idx;
DROP INDEX IF EXISTS rc_resident_block2_idx;
-- minority: any ethnicity other than Kinh (voluntary support group), decided once per resident.
ALTER TABLE rc_resident ADD COLUMN birth_ym integer NOT NULL, ADD COLUMN birth_day integer NOT NULL, ADD COLUMN minority boolean NOT NULL;
ALTER TABLE rc_resident SET UNLOGGED;

TRUNCATE rc_finding_stage;
DROP INDEX IF EXISTS rc_finding_stage_key_idx;
ALTER TABLE rc_finding_stage SET UNLOGGED;

-- A finding's content as one hash, so that a run compares 900,000 findings by a narrow key instead of by
-- every column (NULL for findings written before: they are rewritten once).
ALTER TABLE finding ADD COLUMN content_hash text;
ALTER TABLE rc_finding_stage ADD COLUMN content_hash text GENERATED ALWAYS AS (md5(
  quote_nullable(subject_name) || '|' || subject_kind || '|' || quote_nullable(commune_code) || '|' || quote_nullable(related_id) || '|' ||
  amount_vnd::text || '|' || amounts::text || '|' || evidence::text || '|' || quote_nullable(legal_basis) || '|' ||
  quote_nullable(link_method) || '|' || quote_nullable(link_score::text))) STORED;
