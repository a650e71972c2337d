-- The administrator records the legal document behind a parameter (number, date, article) and marks it verified.
-- The citation becomes the parameter's `source` and its status 'law'; who verified it and when is kept here, and
-- the previous source and status are in the audit log (server/calc/legal-params.ts).
ALTER TABLE legal_param
  ADD COLUMN document_number text,
  ADD COLUMN document_date date,
  ADD COLUMN document_article text,
  ADD COLUMN verified_by bigint REFERENCES app_user (id),
  ADD COLUMN verified_by_name text,
  ADD COLUMN verified_at timestamptz;
