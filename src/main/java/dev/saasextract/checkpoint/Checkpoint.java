package dev.saasextract.checkpoint;

/**
 * The step boundaries of a load, in the order a load passes them. Each names what has just happened and what has not
 * happened yet, which is where a crash leaves the metadata, the staging folder and the warehouse.
 */
public enum Checkpoint {
    /** A chunk's key bounds are known; nothing of it is written yet. */
    CHUNK_BOUNDARY_FOUND,
    /** The first row of a file is written; the file exists only under its temporary name. */
    FILE_PARTLY_WRITTEN,
    /** Every row of a file is read and written; the file is not yet published. */
    CHUNK_READ,
    /** A file is published under its key; its metadata row is not yet written. */
    FILE_PUBLISHED,
    /** A file's metadata row is written; the next chunk (or the warehouse load) has not started. */
    FILE_RECORDED,
    /** A key range ended without rows and its progress row is written. */
    RANGE_PROGRESS_RECORDED,
    /** The table the files load into is created; nothing is loaded into it. */
    TABLE_CREATED,
    /** One load statement ran inside the load's transaction, which is not yet committed (mid-COPY). */
    LOAD_STATEMENT_RUN,
    /** The files are loaded and committed; the load is not yet completed in the metadata. */
    FILES_LOADED,
    /** A backfill's temp table took over the target's extra columns and rows; the swap has not run. */
    TARGET_KEPT,
    /** One statement of a table swap ran inside its transaction, which is not yet committed (mid-swap). */
    SWAP_STATEMENT_RUN,
    /** The backfilled table is swapped into the target; the load is not yet completed in the metadata. */
    SWAPPED,
    /** The deletes process set is_deleted; its keys table still exists. */
    DELETES_MARKED,
    /** The deletes process dropped its keys table; the export is not yet completed in the metadata. */
    KEYS_TABLE_DROPPED,
    /** The completion row is written; the load's staged files are not yet purged. */
    COMPLETION_RECORDED
}
