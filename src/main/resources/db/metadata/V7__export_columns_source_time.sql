-- How far the source's data reached when a backfill started: the replica's replay time when the source is a replica,
-- NULL on a primary (the start itself) and for other loads. A backfill read from a replica hours behind holds each row
-- as of then, so the first regular load after it must reach back to this time, not to the backfill's start.
ALTER TABLE ${metadata_schema}.export_columns ADD COLUMN IF NOT EXISTS source_time timestamp;
