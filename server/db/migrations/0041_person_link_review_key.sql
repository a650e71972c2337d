-- A reviewer's decision finds its record by record_key among the records in review. Without this index each
-- decision scanned the whole of person_link (measured 450 ms per lookup at demo scale 1, 712,569 links; a
-- decision makes two or three). Partial: only the records in review are ever looked up this way. The linkage
-- drops and rebuilds it with the table's other plain indexes (server/db/bulk.ts).
CREATE INDEX person_link_review_key_idx ON person_link (record_key) WHERE status = 'review';
