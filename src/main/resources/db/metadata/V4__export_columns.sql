-- The query columns a backfill's files hold, recorded when the backfill starts. A run that would resume it with a
-- query that has since gained columns starts over instead: the files staged so far lack them, and loading those
-- files would leave the new columns NULL in every row they hold, with nothing later to notice it.
CREATE TABLE IF NOT EXISTS ${metadata_schema}.export_columns (
    metadata_table          varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    column_names            varchar[] NOT NULL,
    PRIMARY KEY (metadata_table, table_name, initial_load_start_date)
);
