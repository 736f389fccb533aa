package dev.saasextract.metadata;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One row of a metadata table: the progress of one export of one warehouse table after one staged file.
 *
 * @param databaseName         the manifest's {@code import_db}, e.g. {@code GITLAB_DB}
 * @param tableName            the warehouse target, e.g. {@code GITLAB_DB_ISSUES}
 * @param initialLoadStartDate identifies the load (and its staging folder); the same for every row of one load
 * @param uploadDate           when this row's file was staged
 * @param uploadFileName       the staged file; null on a row that only records progress: the load completed, a
 *                             ranged load started, or a key range finished without rows
 * @param lastExtractedId      the highest chunking key staged so far in this load
 * @param maxId                the chunking key the load runs up to, fixed when it started
 * @param exportCompleted      true only once the warehouse load succeeded
 * @param chunkRowCount        rows in this row's file
 * @param rangeIndex           the key range of a ranged load ({@code --parallel}, {@code --shard}) this row belongs
 *                             to; empty for single-range loads and rows about the whole load
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
        long chunkRowCount,
        OptionalInt rangeIndex) {

    public MetadataRow {
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(initialLoadStartDate, "initialLoadStartDate is null");
        requireNonNull(uploadDate, "uploadDate is null");
        requireNonNull(rangeIndex, "rangeIndex is null");
    }

    /** A row of a single-range load, or about the whole load. */
    public MetadataRow(String databaseName, String tableName, Instant initialLoadStartDate, Instant uploadDate,
            String uploadFileName, long lastExtractedId, long maxId, boolean exportCompleted, long chunkRowCount) {
        this(databaseName, tableName, initialLoadStartDate, uploadDate, uploadFileName, lastExtractedId, maxId,
                exportCompleted, chunkRowCount, OptionalInt.empty());
    }
}
