package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backfill: stage every chunk (resuming where the decision says), load all files of the load into
 * {@code <TARGET>_TEMP}, check the row count against the metadata, swap it into {@code <TARGET>} atomically, and only
 * then mark the export completed and purge its files. The target keeps serving until the swap, and keeps its columns
 * that the query no longer returns as well as the rows regular loads appended while the backfill ran.
 */
public final class BackfillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);
    private static final String SCHEMA = WarehouseSchemas.TAP_POSTGRES;

    private final LoadContext context;
    private final WarehouseLoad load;

    public BackfillRunner(LoadContext context) {
        this.context = context;
        this.load = new WarehouseLoad(context);
    }

    public LoadResult run(TablePlan plan) {
        BackfillDecision decision = plan.backfill();
        TableSpec spec = plan.spec();
        if (!decision.runs()) {
            return new LoadResult(spec.target(), "skip", 0, 0);
        }
        Instant loadStart = decision.initialLoadStartDate().orElseThrow();
        if (decision.startsOver()) {
            int removed = load.purge(StagingLayout.tableFolder(LoadKind.BACKFILL, spec.target()));
            if (removed > 0) {
                LOG.info("table {}: removed {} stale staged file(s) of earlier backfills", spec.target(), removed);
            }
        }
        StagedExport staged = context.chunkedExport(spec.advancedMetadata()).run(new ExportRequest(spec,
                plan.fullRangeQuery(), plan.columns(), LoadKind.BACKFILL, MetadataTable.BACKFILL, loadStart,
                decision.startAfterId()));
        Warehouse warehouse = context.warehouse();
        String temp = spec.tempTarget();
        warehouse.createTable(SCHEMA, temp,
                context.toolColumns(spec.advancedMetadata()).appendedTo(plan.columns()));
        long rows = load.load(spec, SCHEMA, temp, staged);
        warehouse.columns(SCHEMA, spec.target()).ifPresent(columns -> keepWhatTheTargetHas(spec, staged, columns));
        warehouse.replace(SCHEMA, temp, spec.target());
        LOG.info("table {}: {} rows from {} file(s) swapped into {}.{}", spec.target(), rows, staged.files().size(),
                SCHEMA, spec.target());
        load.complete(spec, MetadataTable.BACKFILL, LoadKind.BACKFILL, staged);
        context.listener().loaded(spec.target(), rows);
        return new LoadResult(spec.target(), "backfill:" + decision.action().json(), rows, staged.files().size());
    }

    /**
     * Before the swap, the temp table takes over the target's columns the query no longer returns (CONTRACT §8) and
     * the rows that regular loads appended to the target since this backfill started, which the export may predate.
     * For insert-only tables only keys beyond the backfill's are carried, so none is loaded twice.
     */
    private void keepWhatTheTargetHas(TableSpec spec, StagedExport staged, List<String> targetColumns) {
        Warehouse warehouse = context.warehouse();
        List<String> kept = warehouse.keepColumns(SCHEMA, spec.target(), spec.tempTarget()).stream()
                .filter(column -> !ToolColumns.isToolColumn(column))
                .toList();
        if (!kept.isEmpty()) {
            LOG.warn("table {}: column(s) {} are no longer returned by import_query; kept in the warehouse, NULL"
                    + " for the backfilled rows", spec.target(), kept);
        }
        boolean hasUploadedAt = targetColumns.stream()
                .anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(ToolColumns.UPLOADED_AT));
        if (hasUploadedAt) {
            OptionalLong keyAbove = spec.isLoadById() ? OptionalLong.of(staged.lastKey()) : OptionalLong.empty();
            long carried = warehouse.carryOver(SCHEMA, spec.target(), spec.tempTarget(), ToolColumns.UPLOADED_AT,
                    staged.initialLoadStart(), spec.primaryKey(), keyAbove);
            if (carried > 0) {
                LOG.info("table {}: carried over {} row(s) loaded into the target while the backfill ran",
                        spec.target(), carried);
            }
        }
    }
}
