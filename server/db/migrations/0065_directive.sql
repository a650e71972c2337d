-- The directive's own follow-up: its duties per body (data, editable by the secretariat), the bodies' periodic
-- reports with their workflow and history. See docs/directive.md.

-- The body's leader submits its reports.
ALTER TABLE app_user ADD COLUMN is_leader boolean NOT NULL DEFAULT false;

-- The six bodies that had no agency are added by 0064_bodies_parks_accounts.sql.

-- One duty of a directive: its clause and item, the body, lead or support, the text as issued and its due rule
-- (grammar in shared/directive/calendar.ts). Loaded from reference/directive-duties.csv.
CREATE TABLE directive_duty (
  id text PRIMARY KEY,              -- '<clause>.<item>', e.g. '2.7'
  directive text NOT NULL DEFAULT '2026',
  clause integer NOT NULL CHECK (clause BETWEEN 1 AND 99),
  item integer NOT NULL CHECK (item BETWEEN 1 AND 99),
  agency_code text NOT NULL REFERENCES agency(code),
  lead boolean NOT NULL,            -- true: chủ trì / own duty; false: phối hợp
  due_rule text NOT NULL CHECK (due_rule ~ '^(yearly:\d{2}-\d{2}|quarterly:\+\d{1,2}|monthly:\+\d{1,2}|event)$'),
  text text NOT NULL CHECK (length(text) BETWEEN 5 AND 4000),
  active boolean NOT NULL DEFAULT true,
  source text NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (directive, clause, item)
);
CREATE INDEX directive_duty_agency_idx ON directive_duty (agency_code);

-- A body's report on one duty for one period; its state moves draft → submitted → accepted | returned → submitted …
CREATE TABLE directive_report (
  id bigserial PRIMARY KEY,
  duty_id text NOT NULL REFERENCES directive_duty(id),
  period text NOT NULL CHECK (period ~ '^\d{4}(-Q[1-4]|-\d{2})?$'),
  agency_code text NOT NULL REFERENCES agency(code),
  due_date date,                    -- from the duty's rule when filed; null for an 'event' duty
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
  progress text NOT NULL CHECK (progress IN ('done', 'on_track', 'delayed', 'blocked')),
  activities text NOT NULL DEFAULT '',
  figures jsonb NOT NULL DEFAULT '[]'::jsonb,   -- [{key, label, value}] drawn from BaoPhu's tables
  obstacles text NOT NULL DEFAULT '',
  proposals text NOT NULL DEFAULT '',
  answer text,                      -- Home Affairs' answer to the obstacles and proposals
  answered_by text,
  answered_at timestamptz,
  return_comment text,              -- the comment of the last return
  version integer NOT NULL DEFAULT 1,
  created_by bigint REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  first_submitted_at timestamptz,   -- what on-time is judged by
  submitted_at timestamptz,
  accepted_at timestamptz,
  UNIQUE (duty_id, period)
);
CREATE INDEX directive_report_agency_idx ON directive_report (agency_code, period);

-- Every transition and edit of a report, append-only.
CREATE TABLE directive_report_event (
  id bigserial PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES directive_report(id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'save', 'submit', 'accept', 'return', 'answer')),
  from_state text,
  to_state text NOT NULL,
  comment text
);
CREATE INDEX directive_report_event_report_idx ON directive_report_event (report_id, at);
CREATE FUNCTION directive_report_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'directive_report_event is append-only';
END $$;
CREATE TRIGGER directive_report_event_no_update BEFORE UPDATE OR DELETE ON directive_report_event
  FOR EACH ROW EXECUTE FUNCTION directive_report_event_append_only();
