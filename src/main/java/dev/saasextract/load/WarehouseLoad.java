package dev.saasextract.load;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.IncrementalWindow;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.source.SourceReadException;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ends of every resumable load. At its start, what it exports and the key it is chunked by are recorded; at its
 * end, the staged files go into a warehouse table in one statement, the loaded row count must equal what the metadata
 * recorded, and only then is the export marked completed and its files purged.
 */
final class WarehouseLoad {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLoad.class);

    private final LoadContext context;

    WarehouseLoad(LoadContext context) {
        this.context = context;
    }

    /**
     * Records the columns a new load's files will hold (the tool's too, as {@code advancedMetadata} and {@code form}
     * add them), the key it is chunked by and the rows it selects: a later run resumes it only on the same key, with
     * the same rows and staging the same columns, and a resumed backfill with only these query columns. For a
     * backfill, also how far a replica's data reached: the regular load after it reaches back to that; no other
     * load's is ever read.
     */
    void recordStart(TableSpec spec, MetadataTable metadataTable, Instant initialLoadStart, List<ColumnSpec> columns,
            boolean advancedMetadata, UploadedAtForm form) {
        recordStart(spec, metadataTable, initialLoadStart, columns, advancedMetadata, form, Optional.empty());
    }

    /**
     * As {@link #recordStart(TableSpec, MetadataTable, Instant, List, boolean, UploadedAtForm)}, with the time window
     * of a regular load by date: only a load that read across a backfill's data start has followed that backfill.
     */
    void recordStart(TableSpec spec, MetadataTable metadataTable, Instant initialLoadStart, List<ColumnSpec> columns,
            boolean advancedMetadata, UploadedAtForm form, Optional<IncrementalWindow> window) {
        context.metadata().saveColumns(metadataTable, spec.target(), initialLoadStart,
                new ExportColumns(columns.stream().map(ColumnSpec::name).toList(), Optional.of(spec.primaryKey()),
                        Optional.of(SourceQueries.rowSource(spec)),
                        metadataTable == MetadataTable.BACKFILL ? sourceTime(spec) : Optional.empty(),
                        window.map(w -> new ExportColumns.Window(w.begin(), w.end())),
                        Optional.of(ExportColumns.describeFileColumns(
                                context.toolColumns(advancedMetadata).appendedTo(columns, form)))));
    }

    /** The replica's time, when it can be read: the backfill does not need it to run. */
    private Optional<Instant> sourceTime(TableSpec spec) {
        try {
            return context.source().replicaTime();
        } catch (SourceReadException e) {
            LOG.warn("table {}: the source's replica time cannot be read ({}); the first regular load after this load"
                    + " reaches back to its start only", spec.target(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Loads the export's files into {@code schema.table}; all or nothing. */
    long load(TableSpec spec, String schema, String table, StagedExport staged) {
        List<String> uris = staged.files().stream().map(context.stage()::uri).toList();
        long loaded = uris.isEmpty() ? 0
                : context.warehouse().load(schema, table, uris, OptionalLong.of(staged.expectedRows()));
        if (loaded != staged.expectedRows()) {
            throw new IllegalStateException("table " + spec.target() + ": loaded " + loaded + " rows from "
                    + uris.size() + " files into " + schema + "." + table + " but the metadata records "
                    + staged.expectedRows());
        }
        context.checkpoints().reached(Checkpoint.FILES_LOADED);
        return loaded;
    }

    /**
     * Writes the completion row ({@code is_export_completed = true}), then purges the load's files and those of the
     * loads of this kind it replaced (see {@link #purgeEarlierLoads}).
     */
    void complete(TableSpec spec, MetadataTable metadataTable, LoadKind kind, StagedExport staged) {
        context.metadata().append(metadataTable, new MetadataRow(spec.importDb(), spec.target(),
                staged.initialLoadStart(), context.clock().instant().truncatedTo(ChronoUnit.MILLIS), null,
                staged.lastKey(), staged.maxKey(), true, 0));
        context.checkpoints().reached(Checkpoint.COMPLETION_RECORDED);
        purgeAllLoads(spec, kind);
    }

    /**
     * Purges the files of the table's newest load of this kind if that load is completed: a run stopped between the
     * completion row and the purge left them, and the decision skips a completed load, so nothing else would. Only
     * that load's folder: a newer load writes no metadata row before its first file, and some callers (a shard that
     * skips) hold no writer lock, so another folder may belong to a load still running. The folders of loads it
     * replaced go with the next load's start or completion.
     */
    void purgeCompletedLoad(TableSpec spec, MetadataTable metadataTable, LoadKind kind) {
        context.metadata().newest(metadataTable, spec.target())
                .filter(MetadataRow::exportCompleted)
                .ifPresent(row -> purge(StagingLayout.loadFolder(kind, spec.target(), row.initialLoadStartDate())));
    }

    /**
     * Removes the files of every earlier load of this kind of the table, before a load starts over or anew: runs
     * that did not finish left them, and a new load never reads them. The newest unfinished load's files stay until
     * this one completes: its metadata row stays the newest until this load records its first file, so a run stopped
     * before that resumes it (or starts over again), which needs its files. Unless it has this load's folder (a
     * clock fixed with {@code --now} names both alike): its files would be taken for this load's.
     */
    void purgeEarlierLoads(TableSpec spec, MetadataTable metadataTable, LoadKind kind, Instant initialLoadStart) {
        Optional<String> newestUnfinished = context.metadata().newest(metadataTable, spec.target())
                .filter(row -> !row.exportCompleted())
                .filter(row -> !row.initialLoadStartDate().equals(initialLoadStart))
                .map(row -> StagingLayout.loadFolder(kind, spec.target(), row.initialLoadStartDate()));
        int removed = 0;
        for (String folder : StagingLayout.foldersOfEarlierLoads(kind, spec.target())) {
            removed += newestUnfinished.isPresent() && newestUnfinished.get().startsWith(folder)
                    ? purgeExcept(folder, newestUnfinished.get())
                    : purge(folder);
        }
        if (removed > 0) {
            LOG.info("table {}: removed {} staged file(s) of earlier {} loads that did not finish", spec.target(),
                    removed, kind.folder());
        }
    }

    private void purgeAllLoads(TableSpec spec, LoadKind kind) {
        StagingLayout.foldersOfEarlierLoads(kind, spec.target()).forEach(this::purge);
    }

    private int purgeExcept(String prefix, String kept) {
        try {
            int removed = 0;
            for (String key : context.stage().list(prefix)) {
                if (!key.startsWith(kept)) {
                    context.stage().delete(key);
                    removed++;
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge staged files under " + prefix + ": " + e.getMessage(), e);
        }
    }

    int purge(String prefix) {
        try {
            return context.stage().deletePrefix(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge staged files under " + prefix + ": " + e.getMessage(), e);
        }
    }
}
