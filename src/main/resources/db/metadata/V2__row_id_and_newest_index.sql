-- Two rows of one run can share a millisecond upload_date; row_id records insertion order to break the tie.
-- It is a trailing column, so GitLab's positional inserts of nine values still work. On an adopted GitLab table
-- the existing rows are numbered in physical order, which for an append-only table is their insertion order.

ALTER TABLE ${metadata_schema}.backfill_metadata ADD COLUMN IF NOT EXISTS row_id bigserial;
ALTER TABLE ${metadata_schema}.incremental_metadata ADD COLUMN IF NOT EXISTS row_id bigserial;
ALTER TABLE ${metadata_schema}.delete_metadata ADD COLUMN IF NOT EXISTS row_id bigserial;

-- Serves "newest row of a table" without scanning the whole history.
CREATE INDEX IF NOT EXISTS backfill_metadata_newest_idx
    ON ${metadata_schema}.backfill_metadata (table_name, upload_date DESC, row_id DESC);
CREATE INDEX IF NOT EXISTS incremental_metadata_newest_idx
    ON ${metadata_schema}.incremental_metadata (table_name, upload_date DESC, row_id DESC);
CREATE INDEX IF NOT EXISTS delete_metadata_newest_idx
    ON ${metadata_schema}.delete_metadata (table_name, upload_date DESC, row_id DESC);
