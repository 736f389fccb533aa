package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillDecider;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.plan.ExportState;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.warehouse.Warehouse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Gathers the facts the backfill decision needs (metadata, warehouse catalog, source columns) and asks it. */
public final class TablePlanner {
    private final PostgresSource source;
    private final Warehouse warehouse;
    private final MetadataStore metadata;
    private final BackfillDecider decider;

    public TablePlanner(PostgresSource source, Warehouse warehouse, MetadataStore metadata, Clock clock) {
        this.source = source;
        this.warehouse = warehouse;
        this.metadata = metadata;
        this.decider = new BackfillDecider(clock);
    }

    public TablePlan plan(TableSpec spec, boolean forceBackfill) {
        String query = SourceQueries.fullRangeQuery(spec);
        List<ColumnSpec> columns = source.describe(query);
        PostgresSource.requireKey(columns, spec);
        Optional<ExportState> newest = metadata.newest(MetadataTable.BACKFILL, spec.target())
                .map(TablePlanner::toState);
        Optional<List<String>> targetColumns = warehouse.columns(WarehouseSchemas.TAP_POSTGRES, spec.target());
        List<String> queryColumns = columns.stream().map(ColumnSpec::name).toList();
        BackfillDecision decision = decider.decide(newest, targetColumns, queryColumns, forceBackfill);
        return new TablePlan(spec, query, columns, decision);
    }

    static ExportState toState(MetadataRow row) {
        return new ExportState(row.initialLoadStartDate(), row.uploadDate(), row.lastExtractedId(),
                row.exportCompleted());
    }
}
