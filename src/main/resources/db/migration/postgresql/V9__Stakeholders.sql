-- Model-played stakeholders (living worlds), as in SQLite's V9. Their answers are cached by the SHA-256 of
-- everything that determines them (model, answer-shaping parameters, prompt, messages, seed, attempt), so a rollout
-- run again with the same seed replays them without a model call; the cache is shared by every run of the store.
-- What they used and cost is kept apart from the agent's, in its own columns of the rollout.
CREATE TABLE stakeholder_replies (
  key TEXT PRIMARY KEY,
  reply TEXT NOT NULL,
  model TEXT,
  created_at TEXT);

ALTER TABLE rollouts ADD COLUMN stakeholder_input_tokens BIGINT;
ALTER TABLE rollouts ADD COLUMN stakeholder_output_tokens BIGINT;
ALTER TABLE rollouts ADD COLUMN stakeholder_cost_usd DOUBLE PRECISION;
