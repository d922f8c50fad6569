-- Compact storage. A rollout's record (system prompt, transcript, events, calls, parameters, note)
-- moves from record_json to record: its JSON with every string of 128 characters or more replaced
-- by a reference to texts, deflated (zlib) behind a format byte. Rows written before keep record_json.
CREATE TABLE texts (
  hash TEXT PRIMARY KEY,      -- the first 128 bits of the SHA-256 of the text's UTF-8, in hex
  deflated INTEGER NOT NULL,  -- 1: body is the zlib-deflated UTF-8; 0: body is the UTF-8 itself
  body BLOB NOT NULL);

ALTER TABLE rollouts ADD COLUMN record BLOB;

-- Verdicts are small rows looked up by their key: keyed by it alone (WITHOUT ROWID), not by a rowid
-- plus an index that repeats the key, which took a third of a scripted rollout's bytes.
CREATE TABLE verdicts_by_key (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  behaviour TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  evidence_json TEXT NOT NULL,
  judgement_json TEXT,
  PRIMARY KEY (run_id, idx, behaviour, source),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx)) WITHOUT ROWID;
INSERT INTO verdicts_by_key(run_id, idx, behaviour, source, outcome, reason, evidence_json, judgement_json)
  SELECT run_id, idx, behaviour, source, outcome, reason, evidence_json, judgement_json FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_by_key RENAME TO verdicts;

PRAGMA user_version = 5;
