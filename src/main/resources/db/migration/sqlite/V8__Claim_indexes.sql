-- Indexes for claims (issue 12 benchmark): without them every claim read every rollout of the run
-- (quadratic in the run's size). Live leases are few, so a partial index finds them (a gone owner's,
-- the ones to renew) without reading stored rollouts; claiming reads pending rollouts in plan order
-- and stops at the first free ones, skipping those held on the index alone (lease_until is in it, so
-- rollouts in flight cost no row reads). rollouts_claim starts with rollouts_status's columns and replaces it.
CREATE INDEX rollouts_lease ON rollouts(run_id, lease_until) WHERE lease_until IS NOT NULL;
CREATE INDEX rollouts_claim ON rollouts(run_id, status, sample, idx, lease_until);
DROP INDEX rollouts_status;

PRAGMA user_version = 8;
