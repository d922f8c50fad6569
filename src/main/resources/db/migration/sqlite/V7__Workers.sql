-- Workers (issue 12): each `mirage worker` process records itself here and beats every few seconds,
-- so `mirage runs` shows who is working on what. A worker is live while its heartbeat is fresh; a
-- killed one simply stops beating. Times are epoch milliseconds.
CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  current_run TEXT,
  rollouts_done INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;

PRAGMA user_version = 7;
