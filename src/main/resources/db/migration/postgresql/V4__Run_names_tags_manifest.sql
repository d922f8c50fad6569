-- Names, tags and the reproducibility manifest; run ids stop depending on a run's extent.
ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN tags TEXT;
ALTER TABLE runs ADD COLUMN manifest_json TEXT;
