-- The PostgreSQL store mirrors the SQLite one migration by migration, so "schema N" means the same
-- tables on both and one LATEST refuses newer stores of either kind. Times stay ISO-8601 text, as in
-- SQLite, so both stores read and write rows with the same code and order runs the same way.
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
  seed BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  turns INTEGER,
  input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT,
  started_at TEXT,
  duration_ms BIGINT,
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
