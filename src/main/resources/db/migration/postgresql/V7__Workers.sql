-- Workers (issue 12), as in SQLite's V7: each `mirage worker` process records itself here and beats
-- every few seconds, so `mirage runs` shows who is working on what. A worker is live while its
-- heartbeat is fresh; a killed one simply stops beating. Times are epoch milliseconds.
CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  current_run TEXT,
  rollouts_done INTEGER NOT NULL DEFAULT 0);
