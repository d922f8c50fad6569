-- Indexes for claims (issue 12 benchmark), as in SQLite's V8: live leases through a partial index,
-- pending rollouts in plan order; rollouts_claim starts with rollouts_status's columns and replaces it.
CREATE INDEX rollouts_lease ON rollouts(run_id, lease_until) WHERE lease_until IS NOT NULL;
CREATE INDEX rollouts_claim ON rollouts(run_id, status, sample, idx, lease_until);
DROP INDEX rollouts_status;
