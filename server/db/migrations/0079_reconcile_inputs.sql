-- Incremental reconciliation (issue 16): each run records the fingerprint of its inputs (server/reconcile/inputs.ts);
-- a run whose inputs equal the latest finished run's reuses that run's findings and names it.
ALTER TABLE reconcile_run ADD COLUMN inputs_hash text;
ALTER TABLE reconcile_run ADD COLUMN reused_run_id bigint REFERENCES reconcile_run (id);
