-- The time window a regular load by date read, from its begin to its end (UTC). The first regular load after a
-- backfill must read from before the backfill's data start to after it; only a completed load whose window did so
-- has followed the backfill. A load that merely completed later (an Airflow run of an older logical date) has not.
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS window_begin timestamp;
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS window_end timestamp;
-- Every column of a load's staged files, the tool's included, as "name type" (ColumnType.stagedForm): a resumed load
-- must stage the same, or its files could not be loaded together (a column gone from the query, another type, the
-- advanced_metadata flag or the target's _uploaded_at type changed since it started).
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS file_columns varchar[];
