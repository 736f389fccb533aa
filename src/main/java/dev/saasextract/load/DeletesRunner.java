package dev.saasextract.load;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.DeletesDecision;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.warehouse.DeletesPreview;
import dev.saasextract.warehouse.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deletes process (CONTRACT §6): export every source key (resumable like a backfill) to {@code staging/deletes/},
 * load them into {@code deletes_tap_postgres.<TARGET>}, and flag the target's rows whose key is gone with
 * {@code is_deleted}, touching only rows whose flag changes and no key above the export's highest (rows appended while
 * the export ran). Then the keys table is dropped, the files purged and the export completed.
 */
public final class DeletesRunner {
    /** Refuse to flag more than this share of the warehouse's keys unless forced: the export is probably wrong. */
    public static final double MAX_DELETED_SHARE = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(DeletesRunner.class);
    private static final List<ColumnSpec> FLAG_COLUMNS = List.of(
            new ColumnSpec(ToolColumns.IS_DELETED, ColumnType.of(ColumnType.Kind.BOOLEAN, "boolean")),
            new ColumnSpec(ToolColumns.IS_DELETED_UPDATED_AT, ColumnType.of(ColumnType.Kind.TIMESTAMPTZ, "timestamptz")));

    private final LoadContext context;
    private final WarehouseLoad load;
    private final boolean force;

    public DeletesRunner(LoadContext context, boolean force) {
        this.context = context;
        this.load = new WarehouseLoad(context);
        this.force = force;
    }

    public LoadResult run(DeletesPlan plan) {
        DeletesDecision decision = plan.decision();
        TableSpec spec = plan.spec();
        if (!decision.runs()) {
            load.purgeCompletedLoad(spec, MetadataTable.DELETES, LoadKind.DELETES);
            return new LoadResult(spec.target(), "deletes:skip", 0, 0);
        }
        if (decision.startsOver()) {
            load.purgeEarlierLoads(spec, MetadataTable.DELETES, LoadKind.DELETES,
                    decision.initialLoadStartDate().orElseThrow());
            load.recordStart(spec, MetadataTable.DELETES, decision.initialLoadStartDate().orElseThrow(),
                    plan.keyColumns(), false, UploadedAtForm.TIMESTAMP);
        }
        StagedExport staged = context.chunkedExport(false).run(new ExportRequest(spec, plan.keysQuery(),
                plan.keyColumns(), LoadKind.DELETES, MetadataTable.DELETES,
                decision.initialLoadStartDate().orElseThrow(), decision.startAfterId(), UploadedAtForm.TIMESTAMP));
        Warehouse warehouse = context.warehouse();
        String keysSchema = WarehouseSchemas.DELETES_TAP_POSTGRES;
        warehouse.createTable(keysSchema, spec.target(), context.toolColumns(false)
                .appendedTo(plan.keyColumns(), UploadedAtForm.TIMESTAMP));
        context.checkpoints().reached(Checkpoint.TABLE_CREATED);
        long keys = load.load(spec, keysSchema, spec.target(), staged);
        // With no key at all there is no bound from the export; every warehouse key counts (and the guard decides).
        long maxKey = keys == 0 ? Long.MAX_VALUE : staged.maxKey();
        try {
            takeRowsLoadedSinceTheExportStartedAsPresent(spec, keysSchema,
                    decision.initialLoadStartDate().orElseThrow());
            checkTheExportIsPlausible(spec, keys, warehouse.previewDeletes(WarehouseSchemas.TAP_POSTGRES, spec.target(),
                    keysSchema, spec.target(), spec.primaryKey(), maxKey));
            warehouse.addMissingColumns(WarehouseSchemas.TAP_POSTGRES, spec.target(), FLAG_COLUMNS);
            long changed = warehouse.markDeleted(WarehouseSchemas.TAP_POSTGRES, spec.target(), keysSchema,
                    spec.target(), spec.primaryKey(), maxKey, context.clock().instant().truncatedTo(ChronoUnit.MICROS));
            LOG.info("table {}: {} source key(s) exported; is_deleted changed on {} row(s)", spec.target(), keys,
                    changed);
            context.listener().flagged(spec.target(), changed);
            context.checkpoints().reached(Checkpoint.DELETES_MARKED);
        } finally {
            warehouse.dropIfExists(keysSchema, spec.target());
        }
        context.checkpoints().reached(Checkpoint.KEYS_TABLE_DROPPED);
        load.complete(spec, MetadataTable.DELETES, LoadKind.DELETES, staged);
        return new LoadResult(spec.target(), "deletes:" + decision.action().json(), keys, staged.files().size());
    }

    /**
     * A load that appended rows after the export started (between an interrupted export and its resume) may hold a
     * row committed after its key range was read (a long transaction), absent from the keys though it is live. Its
     * keys count as present for this pass; one among them that is really gone is flagged by the next pass. A load
     * before the export in the same run, a backfill's included, uploaded its rows before the export started.
     */
    private void takeRowsLoadedSinceTheExportStartedAsPresent(TableSpec spec, String keysSchema, Instant exportStart) {
        long added = context.warehouse().addKeysUploadedAfter(WarehouseSchemas.TAP_POSTGRES, spec.target(),
                keysSchema, spec.target(), spec.primaryKey(), exportStart);
        if (added > 0) {
            LOG.info("table {}: the keys of {} row(s) loaded since the key export started {} count as present in this"
                    + " pass", spec.target(), added, exportStart);
        }
    }

    private void checkTheExportIsPlausible(TableSpec spec, long keys, DeletesPreview preview) {
        double share = preview.liveKeys() == 0 ? 0 : (double) preview.keysAbsentFromSource() / preview.liveKeys();
        if (share <= MAX_DELETED_SHARE) {
            return;
        }
        String what = String.format(Locale.ROOT, "table %s: the key export (%d keys) would flag %d of the warehouse's"
                + " %d live keys deleted (%.0f%%, more than %.0f%%)", spec.target(), keys,
                preview.keysAbsentFromSource(), preview.liveKeys(), share * 100, MAX_DELETED_SHARE * 100);
        if (!force) {
            throw new DeletesRefusedException(what + "; nothing was marked. Check additional_filtering and the source"
                    + " database; once they are right, rerun with --restart to export the keys again (a rerun without"
                    + " it loads these staged keys again), or with --force to apply these keys");
        }
        LOG.warn("{}; applied because of --force", what);
    }
}
