package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.checkpoint.Checkpoints;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.parquet.ParquetChunkWriter;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.warehouse.Warehouse;
import java.time.Clock;
import java.util.Optional;

/**
 * What every load runs against: the four backends, the clock every time rule reads, the rows per staged file, the
 * Airflow task instance for {@code _task_instance}, who hears about progress (from several threads during a parallel
 * export), how a backfill's export is spread over readers and shards, and who hears each step boundary passed (only
 * the fault-injection tests listen).
 */
public record LoadContext(PostgresSource source, StagingStore stage, Warehouse warehouse, MetadataStore metadata,
        Clock clock, long chunkRows, Optional<String> taskInstance, LoadListener listener,
        ExportParallelism parallelism, Checkpoints checkpoints) {
    public LoadContext {
        requireNonNull(source, "source is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(taskInstance, "taskInstance is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(parallelism, "parallelism is null");
        requireNonNull(checkpoints, "checkpoints is null");
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
    }

    /** A production context: no one hears the step boundaries. */
    public LoadContext(PostgresSource source, StagingStore stage, Warehouse warehouse, MetadataStore metadata,
            Clock clock, long chunkRows, Optional<String> taskInstance, LoadListener listener,
            ExportParallelism parallelism) {
        this(source, stage, warehouse, metadata, clock, chunkRows, taskInstance, listener, parallelism,
                Checkpoints.NONE);
    }

    /** A context whose backfills export as a single range. */
    public LoadContext(PostgresSource source, StagingStore stage, Warehouse warehouse, MetadataStore metadata,
            Clock clock, long chunkRows, Optional<String> taskInstance, LoadListener listener) {
        this(source, stage, warehouse, metadata, clock, chunkRows, taskInstance, listener, ExportParallelism.SINGLE);
    }

    TablePlanner planner() {
        return new TablePlanner(source, warehouse, metadata, clock);
    }

    /** Each reader has a file being written and the previous one publishing ({@link FilePublisher}). */
    StagedFiles stagedFiles(boolean advancedMetadata) {
        return new StagedFiles(stage, metadata, clock, toolColumns(advancedMetadata),
                ParquetChunkWriter.rowGroupBytes(2 * parallelism.readers()), checkpoints);
    }

    ToolColumnValues toolColumns(boolean advancedMetadata) {
        return new ToolColumnValues(advancedMetadata, taskInstance);
    }

    ChunkedExport chunkedExport(boolean advancedMetadata) {
        return new ChunkedExport(exportParts(advancedMetadata));
    }

    StreamedExport streamedExport(boolean advancedMetadata) {
        return new StreamedExport(exportParts(advancedMetadata));
    }

    private ExportParts exportParts(boolean advancedMetadata) {
        return new ExportParts(source, stagedFiles(advancedMetadata), clock, chunkRows, listener);
    }
}
