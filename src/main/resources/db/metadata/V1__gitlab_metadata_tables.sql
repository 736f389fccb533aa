-- GitLab's three metadata tables, column for column in GitLab's order (its tests insert positionally).
-- Times are UTC in "timestamp without time zone". On a schema adopted from GitLab (baselined at version 0)
-- this script runs too and only creates the tables that are missing; existing ones are left exactly as they are.

CREATE TABLE IF NOT EXISTS ${metadata_schema}.backfill_metadata (
    database_name           varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    upload_date             timestamp NOT NULL,
    upload_file_name        varchar,
    last_extracted_id       bigint    NOT NULL,
    max_id                  bigint    NOT NULL,
    is_export_completed     boolean   NOT NULL,
    chunk_row_count         bigint    NOT NULL
);

CREATE TABLE IF NOT EXISTS ${metadata_schema}.incremental_metadata (
    database_name           varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    upload_date             timestamp NOT NULL,
    upload_file_name        varchar,
    last_extracted_id       bigint    NOT NULL,
    max_id                  bigint    NOT NULL,
    is_export_completed     boolean   NOT NULL,
    chunk_row_count         bigint    NOT NULL
);

CREATE TABLE IF NOT EXISTS ${metadata_schema}.delete_metadata (
    database_name           varchar   NOT NULL,
    table_name              varchar   NOT NULL,
    initial_load_start_date timestamp NOT NULL,
    upload_date             timestamp NOT NULL,
    upload_file_name        varchar,
    last_extracted_id       bigint    NOT NULL,
    max_id                  bigint    NOT NULL,
    is_export_completed     boolean   NOT NULL,
    chunk_row_count         bigint    NOT NULL
);
