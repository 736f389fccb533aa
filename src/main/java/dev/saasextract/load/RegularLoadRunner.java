package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.stage.LoadKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a table's regular load and appends it to the target in one statement: the rows of the time window
 * (incremental by date), the keys above the warehouse's highest (incremental by id, resumable like a backfill), or the
 * whole query (snapshot). A failed run leaves the target as it was; its staged files are discarded by the next run.
 */
public final class RegularLoadRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RegularLoadRunner.class);

    private final LoadContext context;
    private final WarehouseLoad load;

    public RegularLoadRunner(LoadContext context) {
        this.context = context;
        this.load = new WarehouseLoad(context);
    }

    public LoadResult run(RegularPlan plan) {
        TableSpec spec = plan.spec();
        // The run after a completed backfill: its files are left if that run stopped before purging them.
        load.purgeCompletedLoad(spec, MetadataTable.BACKFILL, LoadKind.BACKFILL);
        LoadKind kind = plan.kind().stagingKind();
        if (!plan.resumes()) {
            load.purgeEarlierLoads(spec, MetadataTable.INCREMENTAL, kind, plan.initialLoadStart());
            if (plan.kind() != RegularKind.SNAPSHOT) {
                load.recordStart(spec, MetadataTable.INCREMENTAL, plan.initialLoadStart(), plan.columns(),
                        spec.advancedMetadata(), plan.uploadedAt(), plan.window());
            }
        }
        ExportRequest request = new ExportRequest(spec, plan.query(), plan.columns(), kind, MetadataTable.INCREMENTAL,
                plan.initialLoadStart(), plan.startAfter(), plan.uploadedAt());
        StagedExport staged = plan.kind() == RegularKind.INCREMENTAL_BY_ID
                ? context.chunkedExport(spec.advancedMetadata()).run(request)
                : context.streamedExport(spec.advancedMetadata()).run(request);
        if (spec.advancedMetadata()) {
            // advanced_metadata turned on after the table was created: its column is the tool's, so no schema addition
            // adds it, and Snowflake's COPY (by name) would leave the files' values out without a word.
            context.warehouse().addMissingColumns(WarehouseSchemas.TAP_POSTGRES, spec.target(),
                    context.toolColumns(true).columns(plan.uploadedAt()));
        }
        long rows = load.load(spec, WarehouseSchemas.TAP_POSTGRES, spec.target(), staged);
        load.complete(spec, MetadataTable.INCREMENTAL, kind, staged);
        LOG.info("table {}: {} row(s) from {} file(s) appended to {}.{}", spec.target(), rows, staged.files().size(),
                WarehouseSchemas.TAP_POSTGRES, spec.target());
        context.listener().loaded(spec.target(), rows);
        String action = plan.kind().loadType() + (plan.resumes() ? ":resume" : "");
        return new LoadResult(spec.target(), action, rows, staged.files().size());
    }
}
