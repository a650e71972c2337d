-- The law as data: every rate, base, deadline and threshold with its validity and legal source.
-- Rows are loaded by 0005_legal_params.sql (generated from reference/legal-params.csv).
CREATE TABLE legal_param (
  id bigserial PRIMARY KEY,
  key text NOT NULL,                -- e.g. 'reference_level', 'regional_min_wage.II', 'rate.voluntary'
  value numeric NOT NULL,
  unit text NOT NULL,               -- 'VND', 'ratio', 'days', 'months', 'count'
  effective_from date NOT NULL,
  effective_to date,                -- inclusive; null = still in force
  source text NOT NULL,             -- document and article
  status text NOT NULL DEFAULT 'law' CHECK (status IN ('law', 'press', 'derived', 'unverified', 'setting')),
  note text,
  UNIQUE (key, effective_from),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

-- Public holidays (for working-day deadlines such as the unemployment benefit start).
CREATE TABLE public_holiday (
  day date PRIMARY KEY,
  name text NOT NULL,
  source text NOT NULL
);
