-- Ingestion (issue 18): a refused file is kept in the history as a refused batch (no rows, never current), so an
-- officer sees every attempt and its reasons; the unique content index holds for accepted batches only (a file
-- refused once may be imported later, e.g. with a period or a manual column mapping). The original cells of a
-- rejected row are kept with its issues, for the reject report (officers resubmit corrected rows).

ALTER TABLE import_batch ADD COLUMN refused boolean NOT NULL DEFAULT false;
DROP INDEX import_batch_content_idx;
CREATE UNIQUE INDEX import_batch_content_idx ON import_batch (province_code, kind, content_sha256) WHERE NOT refused;

ALTER TABLE import_issue ADD COLUMN source_row jsonb;  -- the row's cells as text, in the file's column order
