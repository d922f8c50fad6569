-- Claims (issues 12 and 15), as in SQLite's V6: a process claims a rollout (or a judge's questions
-- about one) before it spends anything on it, for a lease it renews while it runs; a killed
-- process's leases run out and others take its work. lease_until is in epoch milliseconds, NULL
-- when nobody holds the rollout; claimed_by stays once the rollout is stored.
ALTER TABLE rollouts ADD COLUMN claimed_by TEXT;
ALTER TABLE rollouts ADD COLUMN lease_until BIGINT;

CREATE TABLE judge_claims (
  run_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  judge TEXT NOT NULL,
  claimed_by TEXT NOT NULL,
  lease_until BIGINT NOT NULL,
  PRIMARY KEY (run_id, idx, judge),
  FOREIGN KEY (run_id, idx) REFERENCES rollouts(run_id, idx));
