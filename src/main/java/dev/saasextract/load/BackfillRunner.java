package dev.saasextract.load;

import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backfill: stage every chunk (resuming where the decision says), load all files of the load into
 * {@code <TARGET>_TEMP}, check the row count against the metadata, swap it into {@code <TARGET>} atomically, and only
 * then mark the export completed and purge its files. The target keeps serving until the swap.
 */
public final class BackfillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);

    private final StagingStore stage;
    private final Warehouse warehouse;
    private final MetadataStore metadata;
    private final Clock clock;
    private final ChunkedExport export;
    private final ToolColumnValues toolColumns;
    private final LoadListener listener;

    public BackfillRunner(PostgresSource source, StagingStore stage, Warehouse warehouse, MetadataStore metadata,
            Clock clock, long chunkRows, boolean advancedMetadata, Optional<String> taskInstance, LoadListener listener) {
        this.stage = stage;
        this.warehouse = warehouse;
        this.metadata = metadata;
        this.clock = clock;
        this.toolColumns = new ToolColumnValues(advancedMetadata, taskInstance);
        this.listener = listener;
        this.export = new ChunkedExport(source, stage, metadata, clock, chunkRows, toolColumns, listener);
    }

    public LoadResult run(TablePlan plan) {
        BackfillDecision decision = plan.backfill();
        String target = plan.spec().target();
        if (!decision.runs()) {
            return new LoadResult(target, "skip", 0, 0);
        }
        Instant loadStart = decision.initialLoadStartDate().orElseThrow();
        if (decision.startsOver()) {
            int removed = deletePrefix(StagingLayout.tableFolder(LoadKind.BACKFILL, target));
            if (removed > 0) {
                LOG.info("table {}: removed {} stale staged file(s) of earlier backfills", target, removed);
            }
        }
        StagedExport staged = export.run(new ExportRequest(plan.spec(), plan.fullRangeQuery(), plan.columns(),
                LoadKind.BACKFILL, MetadataTable.BACKFILL, loadStart, decision.startAfterId()));
        long rows = loadAndSwap(plan, staged);
        metadata.append(MetadataTable.BACKFILL, new MetadataRow(plan.spec().importDb(), target, loadStart,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), null, staged.lastKey(), staged.maxKey(), true, 0));
        deletePrefix(StagingLayout.loadFolder(LoadKind.BACKFILL, target, loadStart));
        listener.loaded(target, rows);
        return new LoadResult(target, "backfill:" + decision.action().json(), rows, staged.files().size());
    }

    private long loadAndSwap(TablePlan plan, StagedExport staged) {
        String schema = WarehouseSchemas.TAP_POSTGRES;
        String temp = plan.spec().tempTarget();
        warehouse.createTable(schema, temp, toolColumns.appendedTo(plan.columns()));
        List<String> uris = staged.files().stream().map(stage::uri).toList();
        long loaded = uris.isEmpty() ? 0 : warehouse.load(schema, temp, uris);
        if (loaded != staged.expectedRows()) {
            throw new IllegalStateException("table " + plan.spec().target() + ": loaded " + loaded + " rows from "
                    + uris.size() + " files but the metadata records " + staged.expectedRows()
                    + "; the target was left unchanged");
        }
        warehouse.replace(schema, temp, plan.spec().target());
        LOG.info("table {}: {} rows from {} file(s) swapped into {}.{}", plan.spec().target(), loaded, uris.size(),
                schema, plan.spec().target());
        return loaded;
    }

    private int deletePrefix(String prefix) {
        try {
            return stage.deletePrefix(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge staged files under " + prefix + ": " + e.getMessage(), e);
        }
    }
}
