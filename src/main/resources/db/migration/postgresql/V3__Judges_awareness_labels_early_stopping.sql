ALTER TABLE verdicts ADD COLUMN judgement_json TEXT;

CREATE TABLE awareness (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  judge TEXT NOT NULL,
  label TEXT NOT NULL,
  confidence DOUBLE PRECISION,
  reasoning TEXT,
  PRIMARY KEY (run_id, idx, judge),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx));

CREATE TABLE labels (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  behaviour TEXT NOT NULL,
  value TEXT NOT NULL,
  note TEXT,
  labelled_at TEXT NOT NULL,
  PRIMARY KEY (run_id, idx, behaviour),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx));

CREATE TABLE cell_stops (
  run_id TEXT NOT NULL REFERENCES runs(id),
  condition_id TEXT NOT NULL,
  model TEXT NOT NULL,
  decision TEXT NOT NULL,
  samples INTEGER NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (run_id, condition_id, model));
