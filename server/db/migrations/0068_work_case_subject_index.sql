-- A park's page reads the cases of its employers by subject or related party (server/parks/service.ts parkCases):
-- with related_id indexed since 0050, an index on subject_id lets that OR be two index scans instead of a full scan.
CREATE INDEX work_case_subject_idx ON work_case (subject_id);
