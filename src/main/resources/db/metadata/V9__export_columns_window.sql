-- The time window a regular load by date read, from its begin to its end (UTC). The first regular load after a
-- backfill must read from before the backfill's data start to after it; only a completed load whose window did so
-- has followed the backfill. A load that merely completed later (an Airflow run of an older logical date) has not.
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS window_begin timestamp;
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS window_end timestamp;
