-- The query columns a backfill's files hold, recorded when the backfill starts. A run that resumes it after the query
-- has gained columns exports only these: files with and without the new columns, loaded together, would leave the
-- new columns NULL in the earlier files' rows, with nothing later to notice it.
CREATE TABLE IF NOT EXISTS ${metadata_schema}.export_columns (
    metadata_table          varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    column_names            varchar[] NOT NULL,
    PRIMARY KEY (metadata_table, table_name, initial_load_start_date)
);
