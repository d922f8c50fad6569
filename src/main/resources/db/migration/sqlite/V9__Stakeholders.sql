-- Model-played stakeholders (living worlds). Their answers are cached by the SHA-256 of everything that
-- determines them (model, answer-shaping parameters, prompt, messages, seed, attempt), so a rollout run again
-- with the same seed replays them without a model call; the cache is shared by every run of the store.
-- What they used and cost is kept apart from the agent's, in its own columns of the rollout.
CREATE TABLE stakeholder_replies (
  key TEXT PRIMARY KEY,       -- the SHA-256 in hex
  reply TEXT NOT NULL,        -- the model's answer as it came
  model TEXT,
  created_at TEXT) WITHOUT ROWID;

ALTER TABLE rollouts ADD COLUMN stakeholder_input_tokens INTEGER;
ALTER TABLE rollouts ADD COLUMN stakeholder_output_tokens INTEGER;
ALTER TABLE rollouts ADD COLUMN stakeholder_cost_usd REAL;

PRAGMA user_version = 9;
