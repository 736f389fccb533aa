-- The key column a load is chunked by, recorded with its query columns when it starts (backfills, incremental-by-id
-- loads, deletes key exports). Its last_extracted_id and key ranges are values of that column: a run that finds the
-- manifest naming another key does not resume it after a value of the old column on the new one. NULL for loads
-- started before this script.
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS key_column varchar;
