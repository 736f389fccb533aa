-- The rows a load selects, recorded with its columns and key when it starts: the manifest query's FROM and WHERE with
-- additional_filtering applied (time-window predicates removed), printed as SELECT * over them. A run that finds the
-- manifest selecting other rows does not resume the load: its staged files were filtered the old way, and finishing
-- it would mix two filters in one table (rows a new filter excludes, or rows a removed one dropped). NULL for loads
-- started before this script.
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS row_source varchar;
