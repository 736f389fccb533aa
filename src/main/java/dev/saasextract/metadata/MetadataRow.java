package dev.saasextract.metadata;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of a metadata table: the progress of one export of one warehouse table after one staged file.
 *
 * @param databaseName         the manifest's {@code import_db}, e.g. {@code GITLAB_DB}
 * @param tableName            the warehouse target, e.g. {@code GITLAB_DB_ISSUES}
 * @param initialLoadStartDate identifies the load (and its staging folder); the same for every row of one load
 * @param uploadDate           when this row's file was staged
 * @param uploadFileName       the staged file; null on the row that only marks the load completed
 * @param lastExtractedId      the highest chunking key staged so far in this load
 * @param maxId                the chunking key the load runs up to, fixed when it started
 * @param exportCompleted      true only once the warehouse load succeeded
 * @param chunkRowCount        rows in this row's file
 */
public record MetadataRow(
        String databaseName,
        String tableName,
        Instant initialLoadStartDate,
        Instant uploadDate,
        String uploadFileName,
        long lastExtractedId,
        long maxId,
        boolean exportCompleted,
        long chunkRowCount) {

    public MetadataRow {
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
    }
}
