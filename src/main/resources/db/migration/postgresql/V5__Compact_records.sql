-- Compact storage, as in SQLite's V5: a rollout's record moves from record_json to record (its JSON
-- with every string of 128 characters or more replaced by a reference to texts, deflated behind a
-- format byte). SQLite's V5 also rebuilt verdicts WITHOUT ROWID; PostgreSQL tables have no rowid,
-- so verdicts stay as they are (keyed by their primary key).
CREATE TABLE texts (
  hash TEXT PRIMARY KEY,      -- the first 128 bits of the SHA-256 of the text's UTF-8, in hex
  deflated INTEGER NOT NULL,  -- 1: body is the zlib-deflated UTF-8; 0: body is the UTF-8 itself
  body BYTEA NOT NULL);

ALTER TABLE rollouts ADD COLUMN record BYTEA;
-- PostgreSQL would compress the already deflated bytes again (TOAST); store them as they are.
ALTER TABLE rollouts ALTER COLUMN record SET STORAGE EXTERNAL;
ALTER TABLE texts ALTER COLUMN body SET STORAGE EXTERNAL;
