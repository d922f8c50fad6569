-- Each migration also sets PRAGMA user_version, which releases before Flyway read to refuse newer stores.
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  scenario TEXT NOT NULL,
  pack_hash TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  planned INTEGER NOT NULL);

CREATE TABLE rollouts (
  run_id TEXT NOT NULL REFERENCES runs(id),
  idx INTEGER NOT NULL,
  condition_id TEXT NOT NULL,
  model TEXT NOT NULL,
  sample INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  turns INTEGER,
  input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,
  started_at TEXT,
  duration_ms INTEGER,
  record_json TEXT,
  PRIMARY KEY (run_id, idx));

CREATE TABLE verdicts (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  behaviour TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  evidence_json TEXT NOT NULL,
  PRIMARY KEY (run_id, idx, behaviour, source),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx));

CREATE INDEX rollouts_status ON rollouts(run_id, status);

PRAGMA user_version = 1;
