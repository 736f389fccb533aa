-- Parallel and sharded exports (--parallel, --shard) split one load into key ranges. Each staged file's row says
-- which range it belongs to; NULL is a load exported as a single range, as GitLab's pipeline and earlier versions
-- write them. A trailing nullable column, so GitLab's positional inserts of nine values still work.
ALTER TABLE ${metadata_schema}.backfill_metadata ADD COLUMN IF NOT EXISTS range_index integer;
ALTER TABLE ${metadata_schema}.incremental_metadata ADD COLUMN IF NOT EXISTS range_index integer;
ALTER TABLE ${metadata_schema}.delete_metadata ADD COLUMN IF NOT EXISTS range_index integer;

-- The ranges of a load, written once when the load starts, so every later run and every shard reads the same plan.
CREATE TABLE IF NOT EXISTS ${metadata_schema}.export_ranges (
    metadata_table          varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    range_index             integer   NOT NULL,
    range_count             integer   NOT NULL,
    lower_exclusive         bigint,             -- NULL: the range starts at the smallest bigint
    upper_inclusive         bigint    NOT NULL,
    shard_count             integer   NOT NULL,
    PRIMARY KEY (metadata_table, table_name, initial_load_start_date, range_index),
    CHECK (range_index >= 0 AND range_index < range_count),
    CHECK (shard_count >= 1),
    CHECK (lower_exclusive IS NULL OR lower_exclusive < upper_inclusive)
);
