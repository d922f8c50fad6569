-- Claims (issues 12 and 15): several processes can work on one run at once. A process claims a rollout
-- (or a judge's questions about one) before it spends anything on it, for a lease it renews while it
-- runs; a killed process's leases run out and others take its work. lease_until is in epoch
-- milliseconds, NULL when nobody holds the rollout. claimed_by stays once the rollout is stored: the
-- owner that stored it, so a process whose lease ran out cannot replace what another one stored.
ALTER TABLE rollouts ADD COLUMN claimed_by TEXT;
ALTER TABLE rollouts ADD COLUMN lease_until INTEGER;

-- A judge's questions about a rollout, held while they are asked; the row goes once they are answered.
CREATE TABLE judge_claims (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  judge TEXT NOT NULL,
  claimed_by TEXT NOT NULL,
  lease_until INTEGER NOT NULL,
  PRIMARY KEY (run_id, idx, judge),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx)) WITHOUT ROWID;

PRAGMA user_version = 6;
