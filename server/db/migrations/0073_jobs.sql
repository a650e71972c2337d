-- Issue 15 item 4: scheduled jobs (server/jobs, docs/jobs.md). A schedule names a job kind ('report', whose handler
-- builds a report of the catalogue), its cron rule (5 fields, Asia/Ho_Chi_Minh) with a Vietnamese label, and its
-- parameters. A due time runs once, whatever number of processes claim it: job_run is unique on (schedule, due time).

CREATE TABLE scheduled_job (
  id bigserial PRIMARY KEY,
  -- The handler registered under this name runs it (registerJobHandler).
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
  label text NOT NULL CHECK (length(label) BETWEEN 3 AND 300),
  -- Cron text: minute hour day-of-month month day-of-week, in Việt Nam time.
  rule text NOT NULL CHECK (length(rule) BETWEEN 9 AND 100),
  -- The rule in Vietnamese ("06:00 ngày 01 tháng 12 hằng năm").
  rule_label text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  enabled boolean NOT NULL DEFAULT true,
  -- Where the schedule comes from (a directive's clause, or who made it).
  source text NOT NULL,
  -- The next due time (the first occurrence after the latest one claimed, or after the rule changed).
  next_run_at timestamptz,
  -- The due time of the latest claimed run and how it ended.
  last_run_at timestamptz,
  last_state text CHECK (last_state IN ('queued', 'running', 'done', 'failed')),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_job_due_idx ON scheduled_job (next_run_at) WHERE enabled;

-- One run of a schedule for one due time.
CREATE TABLE job_run (
  id bigserial PRIMARY KEY,
  schedule_id bigint NOT NULL REFERENCES scheduled_job(id),
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  -- Which process claimed it ("host:pid"), and when it started and finished (the clock of that process).
  claimed_by text,
  started_at timestamptz,
  finished_at timestamptz,
  -- The failure in Vietnamese.
  error text,
  -- What the handler returned (for 'report': the report version made) and whom it told.
  result jsonb,
  UNIQUE (schedule_id, due_at)
);
CREATE INDEX job_run_state_idx ON job_run (state, due_at);
CREATE INDEX job_run_finished_idx ON job_run (finished_at DESC);

-- The two schedules of the reports (issue 15 item 4). next_run_at is left null: the scheduler sets it from the rule
-- on its first tick (the first occurrence after that tick), so a new install does not run a year's past occurrence.
INSERT INTO scheduled_job (kind, label, rule, rule_label, params, enabled, source) VALUES
  ('report', 'Dự thảo báo cáo đánh giá kết quả thực hiện Nghị quyết 403/NQ-CP năm',
   '0 6 1 12 *', '06:00 ngày 01 tháng 12 hằng năm',
   '{"report": "annual", "year": "current", "month": "previous"}'::jsonb, true,
   'Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 2.7: Sở Nội vụ đánh giá kết quả hằng năm trước ngày 25/12 (reference/directive-2026.md); dự thảo lập ngày 01/12 để kịp rà soát, ký'),
  ('report', 'Báo cáo tiến độ thực hiện chỉ tiêu hằng tháng (toàn tỉnh)',
   '0 6 5 * *', '06:00 ngày 05 hằng tháng',
   '{"report": "progress", "year": "current", "month": "previous"}'::jsonb, true,
   'Văn bản số /UBND-NC năm 2026 của UBND tỉnh Thái Nguyên, mục 3.9 (reference/directive-2026.md): tổng hợp kết quả định kỳ, hạn 5 ngày sau khi hết tháng (reference/directive-duties.csv); số liệu đến hết tháng trước');
