-- Incremental reconciliation (issue 16): each run records its inputs (server/reconcile/inputs.ts): `inputs_hash` and
-- `inputs` ({context, batches}). A run whose inputs equal the latest finished run's reuses that run's findings and
-- names it in `reused_run_id`; a run where only contributions changed redoes the arrears checks alone.
ALTER TABLE reconcile_run ADD COLUMN inputs_hash text;
ALTER TABLE reconcile_run ADD COLUMN inputs jsonb;
ALTER TABLE reconcile_run ADD COLUMN reused_run_id bigint REFERENCES reconcile_run (id);
