-- Issue 15: no lost report builds. Which process builds a version (host:pid) and when it last showed life, so that a
-- version left 'queued' or 'running' by a process that stopped is built again (server/reports/recovery.ts) while a
-- build another live process is running is left alone.
ALTER TABLE report_version ADD COLUMN worker text;
ALTER TABLE report_version ADD COLUMN heartbeat_at timestamptz;
CREATE INDEX report_version_unfinished_idx ON report_version (id) WHERE state IN ('queued', 'running');

-- A version built again after a restart says so in its log ('resume').
ALTER TABLE report_action DROP CONSTRAINT report_action_action_check;
ALTER TABLE report_action ADD CONSTRAINT report_action_action_check
  CHECK (action IN ('generate', 'built', 'fail', 'review', 'sign', 'return', 'download', 'resume'));
