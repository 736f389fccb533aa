-- row_id keeps its default, so every insert into these tables still numbers its row. It may be NULL so that a copy
-- made with CREATE TABLE ... (LIKE ...), which keeps NOT NULL but not the default, still takes GitLab's positional
-- inserts of nine values, as GitLab's own metadata tests make them.
ALTER TABLE ${metadata_schema}.backfill_metadata ALTER COLUMN row_id DROP NOT NULL;
ALTER TABLE ${metadata_schema}.incremental_metadata ALTER COLUMN row_id DROP NOT NULL;
ALTER TABLE ${metadata_schema}.delete_metadata ALTER COLUMN row_id DROP NOT NULL;
