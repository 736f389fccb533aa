package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.warehouse.Warehouse;
import java.time.Clock;
import java.util.Optional;

/**
 * What every load runs against: the four backends, the clock every time rule reads, the rows per staged file, the
 * Airflow task instance for {@code _task_instance}, and who hears about progress.
 */
public record LoadContext(PostgresSource source, StagingStore stage, Warehouse warehouse, MetadataStore metadata,
        Clock clock, long chunkRows, Optional<String> taskInstance, LoadListener listener) {
    public LoadContext {
        requireNonNull(source, "source is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(taskInstance, "taskInstance is null");
        requireNonNull(listener, "listener is null");
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
    }

    StagedFiles stagedFiles(boolean advancedMetadata) {
        return new StagedFiles(stage, metadata, clock, toolColumns(advancedMetadata));
    }

    ToolColumnValues toolColumns(boolean advancedMetadata) {
        return new ToolColumnValues(advancedMetadata, taskInstance);
    }

    ChunkedExport chunkedExport(boolean advancedMetadata) {
        return new ChunkedExport(source, stagedFiles(advancedMetadata), clock, chunkRows, listener);
    }

    StreamedExport streamedExport(boolean advancedMetadata) {
        return new StreamedExport(source, stagedFiles(advancedMetadata), clock, chunkRows, listener);
    }
}
