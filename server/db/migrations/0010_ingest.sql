-- Ingestion (server/ingest): every problem found in the rows of a batch (rejections and warnings),
-- so that the reject report of any import can be downloaded later; the commune scope of a batch
-- imported by a commune account (its snapshot replaces only batches of the same scope); and how
-- the file was read (format, encoding, separator, sheet, header rows, ignored columns, duration).

CREATE TABLE import_issue (
  batch_id bigint NOT NULL REFERENCES import_batch(id),
  row_no integer NOT NULL,            -- row number as the spreadsheet shows it
  severity text NOT NULL CHECK (severity IN ('error', 'warning')),  -- error = row rejected
  column_name text NOT NULL,
  value text,
  message text NOT NULL               -- Vietnamese
);
CREATE INDEX import_issue_batch_idx ON import_issue (batch_id, row_no);

ALTER TABLE import_batch ADD COLUMN scope_communes text[];          -- null = the whole province
ALTER TABLE import_batch ADD COLUMN detail jsonb NOT NULL DEFAULT '{}'::jsonb;
