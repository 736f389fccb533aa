package dev.saasextract.load;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.metadata.TableLockedException;
import dev.saasextract.plan.AirflowInputs;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillDecider;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.plan.BackfillReason;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.ByIdDecider;
import dev.saasextract.plan.ByIdDecision;
import dev.saasextract.plan.DeletesDecider;
import dev.saasextract.plan.DeletesDecision;
import dev.saasextract.plan.DeletesInputs;
import dev.saasextract.plan.DeletesReason;
import dev.saasextract.plan.ExportState;
import dev.saasextract.plan.IncrementalWindow;
import dev.saasextract.plan.ReplicaFreshness;
import dev.saasextract.plan.ResumeWindow;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.source.SourceReadException;
import dev.saasextract.stage.StagingLayout;
import dev.saasextract.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the facts the decisions need (metadata, warehouse catalog, source columns, replica time) and asks the pure
 * deciders of the {@code plan} package.
 */
public final class TablePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(TablePlanner.class);

    private final PostgresSource source;
    private final Warehouse warehouse;
    private final MetadataStore metadata;
    private final Clock clock;
    private final BackfillDecider decider;

    public TablePlanner(PostgresSource source, Warehouse warehouse, MetadataStore metadata, Clock clock) {
        this.source = source;
        this.warehouse = warehouse;
        this.metadata = metadata;
        this.clock = clock;
        this.decider = new BackfillDecider(clock);
    }

    public TablePlan plan(TableSpec spec, BackfillRequest request) {
        String query = SourceQueries.fullRangeQuery(spec);
        List<ColumnSpec> columns = describe(spec, query);
        Optional<Map<String, String>> target = warehouse.columnTypes(WarehouseSchemas.TAP_POSTGRES, spec.target());
        NewestExport newest = newest(MetadataTable.BACKFILL, spec,
                stagedNow(columns, spec.advancedMetadata(), uploadedAtForm(target)));
        Optional<List<String>> targetColumns = target.map(types -> List.copyOf(types.keySet()));
        List<String> queryColumns = columns.stream().map(ColumnSpec::name).toList();
        List<String> rounded = roundedColumns(target, columns);
        BackfillDecision decision = decider.decide(newest.state(), targetColumns, queryColumns, rounded, request);
        if (decision.reason() == BackfillReason.FOREIGN_BACKFILL) {
            refuseWhileGitlabsTaskMayRun(spec, "backfill", newest.state().orElseThrow(),
                    "then take it over with --restart, or wait: the backfill takes it over from ");
        }
        if (decision.reason() == BackfillReason.TYPE_CHANGED) {
            LOG.warn("table {}: the warehouse would round column(s) {}; a backfill recreates them", spec.target(),
                    String.join(", ", rounded));
        }
        List<String> deferred = decision.action() == BackfillAction.RESUME
                ? gainedSinceStart(spec, decision, queryColumns, newest.startedWith()) : List.of();
        List<ColumnSpec> exported = columns.stream().filter(column -> !deferred.contains(column.name())).toList();
        String base = deferred.isEmpty() ? query
                : SourceQueries.projection(query, exported.stream().map(ColumnSpec::name).toList());
        return new TablePlan(spec, base, exported, decision, uploadedAtForm(target), deferred);
    }

    /**
     * Refuses to take over an export GitLab's pipeline left unfinished while one of its tasks may still be writing it:
     * taking over removes its staged files and rebuilds the same {@code _TEMP} table, which that task would go on
     * filling and swap in (or, for the deletes, flag rows from an incomplete key list). Not a usage error: it passes
     * with time, or once the operator has made sure GitLab's DAGs are paused.
     */
    private void refuseWhileGitlabsTaskMayRun(TableSpec spec, String export, ExportState unfinished, String then) {
        new ResumeWindow(clock).foreignTaskMayRunUntil(unfinished).ifPresent(until -> {
            throw new TableLockedException(spec.target(), "GitLab's pipeline staged the last file of its unfinished "
                    + export + " at " + unfinished.uploadDate() + ", so its task may still be running; pause GitLab's"
                    + " DAGs and let their tasks end; " + then + until);
        });
    }

    /** The newest export of one kind, and what it started with when it is unfinished. */
    private record NewestExport(Optional<ExportState> state, Optional<ExportColumns> startedWith) {
    }

    /** @param now what a resume of the newest export would stage, compared with what its files hold */
    private NewestExport newest(MetadataTable kind, TableSpec spec, Optional<ManifestDrift.StagedNow> now) {
        Optional<MetadataRow> row = metadata.newest(kind, spec.target());
        Optional<ExportColumns> startedWith = row.flatMap(r -> metadata.startedWith(kind, r));
        return new NewestExport(row.map(r -> toState(r, drift(kind, spec, r, startedWith, now))), startedWith);
    }

    /** What a resume would stage: {@code queryColumns} and the tool's columns. */
    private static Optional<ManifestDrift.StagedNow> stagedNow(List<ColumnSpec> queryColumns, boolean advancedMetadata,
            UploadedAtForm form) {
        return Optional.of(new ManifestDrift.StagedNow(queryColumns,
                new ToolColumnValues(advancedMetadata, Optional.empty()).columns(form)));
    }

    /**
     * How the manifest moved away from what the unfinished load started with. Its progress is values of its key, and
     * its files hold its rows and columns, so it is not resumed on another key, with other rows or other columns.
     */
    private static ManifestDrift drift(MetadataTable kind, TableSpec spec, MetadataRow unfinished,
            Optional<ExportColumns> startedWith, Optional<ManifestDrift.StagedNow> now) {
        ManifestDrift drift = ManifestDrift.of(spec, startedWith, now);
        String load = kind.name().toLowerCase(Locale.ROOT);
        if (drift.columnsChanged()) {
            LOG.warn("table {}: the unfinished {} export started {} staged the columns {}; finishing it would stage {}"
                    + " (the query's columns it staged, and the tool's); it is not resumed, since the two could not be"
                    + " loaded together", spec.target(), load, unfinished.initialLoadStartDate(),
                    startedWith.get().fileColumns().orElse(startedWith.get().names()),
                    ExportColumns.describeFileColumns(ManifestDrift.resumedColumns(startedWith.get(),
                            now.orElseThrow())));
        }
        if (drift.rekeyed()) {
            LOG.warn("table {}: the unfinished {} export started {} was chunked by {}, the manifest now names {}; it is"
                    + " not resumed", spec.target(), load, unfinished.initialLoadStartDate(),
                    startedWith.get().key().get(), spec.primaryKey());
        }
        if (drift.rowsChanged()) {
            LOG.warn("table {}: the unfinished {} export started {} selected other rows than the manifest does now"
                    + " (import_query's FROM or WHERE, or additional_filtering, changed); it is not resumed, so that"
                    + " no table mixes the two. It selected: {}", spec.target(), load,
                    unfinished.initialLoadStartDate(), startedWith.get().rowSource().get());
        }
        return drift;
    }

    /**
     * The query columns a resumed backfill leaves out: it exports the columns it started with. Its staged files hold
     * only those, and loading them beside files with columns added since would leave the new columns NULL in the
     * earlier files' rows, in a target that then has every column, so nothing would ever notice. Without them, the
     * finished target lacks them and the next run's decision backfills again to add them (CONTRACT §4: the resume
     * first, then the schema addition).
     */
    private static List<String> gainedSinceStart(TableSpec spec, BackfillDecision decision, List<String> queryColumns,
            Optional<ExportColumns> startedWith) {
        List<String> added = startedWith
                .map(recorded -> BackfillDecider.addedColumns(recorded.names(), queryColumns))
                .orElse(List.of());
        if (!added.isEmpty()) {
            LOG.warn("table {}: the query has gained column(s) {} since the backfill started {}; it finishes with the"
                    + " columns it started with, and the next run backfills again to add them", spec.target(), added,
                    decision.initialLoadStartDate().orElseThrow());
        }
        return added;
    }

    /** The table's regular load: the window (by date), the start key (by id) or the whole query (snapshot). */
    public RegularPlan planRegular(TableSpec spec, AirflowInputs airflow) {
        RegularKind kind = RegularKind.of(spec);
        Optional<Map<String, String>> target = warehouse.columnTypes(WarehouseSchemas.TAP_POSTGRES, spec.target());
        if (target.isEmpty()) {
            // Retrying cannot help until a backfill has run: a usage error (exit 2), not a runtime failure.
            throw new InvalidInputException("table " + spec.target() + " is not in the warehouse yet: its first load is"
                    + " a backfill (--load-type auto or backfill)");
        }
        UploadedAtForm form = uploadedAtForm(target);
        RegularPlan plan = switch (kind) {
            case INCREMENTAL_BY_DATE -> byDate(spec, airflow, form);
            case INCREMENTAL_BY_ID -> byId(spec, form);
            case SNAPSHOT -> snapshot(spec, form);
        };
        List<String> targetColumns = List.copyOf(target.get().keySet());
        List<String> added = BackfillDecider.addedColumns(targetColumns,
                plan.columns().stream().map(ColumnSpec::name).toList());
        if (!added.isEmpty()) {
            // GitLab's incremental task skips a table in this state; appending would drop the columns (Snowflake's
            // COPY matches by name) or fail every day. Auto backfills it; a forced regular load cannot.
            throw new InvalidInputException("table " + spec.target() + " lacks the query's column(s) "
                    + String.join(", ", added) + ": a schema addition, which a backfill loads (--load-type auto or"
                    + " backfill), not a regular load");
        }
        List<String> rounded = roundedColumns(target, plan.columns());
        if (!rounded.isEmpty()) {
            throw new InvalidInputException("table " + spec.target() + ": the warehouse would round column(s) "
                    + String.join(", ", rounded) + ": a type change, which a backfill loads (--load-type auto or"
                    + " backfill), not a regular load");
        }
        warnAboutRemovedColumns(spec, targetColumns, plan.columns());
        return plan;
    }

    /**
     * The query's columns that the target's column of the same name would round, described for a message. Only for a
     * target this tool created: GitLab's pipeline typed its tables loosely (a numeric as FLOAT), and its loads
     * rounded those values all along.
     */
    private List<String> roundedColumns(Optional<Map<String, String>> target, List<ColumnSpec> columns) {
        if (target.isEmpty() || uploadedAtForm(target) != UploadedAtForm.TIMESTAMP) {
            return List.of();
        }
        Map<String, String> stored = new HashMap<>();
        target.get().forEach((name, type) -> stored.put(name.toLowerCase(Locale.ROOT), type));
        List<String> rounded = new ArrayList<>();
        for (ColumnSpec column : columns) {
            String storedType = stored.get(column.name().toLowerCase(Locale.ROOT));
            if (storedType != null && !warehouse.holdsEvery(storedType, column.type())) {
                rounded.add(column.name() + " (" + storedType + " in the warehouse, " + describe(column.type())
                        + " in the source)");
            }
        }
        return rounded;
    }

    private static String describe(ColumnType type) {
        return type.kind() == ColumnType.Kind.DECIMAL
                ? type.sourceName() + "(" + type.precision() + "," + type.scale() + ")"
                : type.sourceName();
    }

    /** As the target stores {@code _uploaded_at}; a new table, or one without it, gets the tool's timestamp. */
    private static UploadedAtForm uploadedAtForm(Optional<Map<String, String>> target) {
        Optional<String> stored = target.flatMap(types -> types.entrySet().stream()
                .filter(column -> column.getKey().equalsIgnoreCase(ToolColumns.UPLOADED_AT))
                .map(Map.Entry::getValue)
                .findFirst());
        return UploadedAtForm.following(stored);
    }

    private RegularPlan byDate(TableSpec spec, AirflowInputs airflow, UploadedAtForm form) {
        Instant replica = source.replicaTime().orElseGet(clock::instant);
        Optional<Instant> unfollowedBackfill = unfollowedBackfillStart(spec);
        IncrementalWindow window = IncrementalWindow.compute(airflow, replica, unfollowedBackfill);
        if (unfollowedBackfill.isPresent()
                && window.begin().equals(unfollowedBackfill.get().minus(IncrementalWindow.LAST_LOADED_OVERLAP))) {
            LOG.info("table {}: no regular load has followed the newest backfill yet; the window begins 30 minutes"
                    + " before {}, where that backfill's data starts", spec.target(), unfollowedBackfill.get());
        }
        String query = SourceQueries.windowedQuery(spec, window.placeholderValues());
        return fresh(spec, RegularKind.INCREMENTAL_BY_DATE, query, Optional.of(window), form);
    }

    /**
     * How far the source's data reached when the table's newest completed backfill started, when no regular load has
     * followed it yet: its start, or the replica's replay time then when the source was a replica behind it. A regular
     * load follows it by reading across that time, from 30 minutes before; one that only completed later (an Airflow
     * run of an older logical date, cleared) does not. A backfill GitLab's pipeline ran is left out: this tool's
     * regular loads never recorded the ones that followed it, and reaching back to it would reread months.
     */
    private Optional<Instant> unfollowedBackfillStart(TableSpec spec) {
        Optional<MetadataRow> backfill = metadata.newestCompleted(MetadataTable.BACKFILL, spec.target())
                .filter(row -> row.uploadFileName() == null
                        || !StagingLayout.isGitlabPipelineFile(row.uploadFileName()));
        if (backfill.isEmpty()) {
            return Optional.empty();
        }
        Instant dataStart = dataStart(spec, backfill.get().initialLoadStartDate());
        boolean followed = metadata.newestCompletedRegularLoadAcross(spec.target(), backfill.get().uploadDate(),
                dataStart.minus(IncrementalWindow.LAST_LOADED_OVERLAP), dataStart).isPresent();
        return followed ? Optional.empty() : Optional.of(dataStart);
    }

    private Instant dataStart(TableSpec spec, Instant backfillStart) {
        return metadata.columns(MetadataTable.BACKFILL, spec.target(), backfillStart)
                .flatMap(ExportColumns::sourceTime)
                .filter(sourceTime -> sourceTime.isBefore(backfillStart))
                .orElse(backfillStart);
    }

    private RegularPlan snapshot(TableSpec spec, UploadedAtForm form) {
        Optional<Instant> replicaTime = source.replicaTime();
        Optional<Duration> lag = ReplicaFreshness.excessiveLag(replicaTime, clock.instant());
        if (lag.isPresent()) {
            throw new SourceReadException("table " + spec.target() + ": the source's data reaches "
                    + replicaTime.orElseThrow() + ", " + lag.get().toHours() + " h ago, more than "
                    + ReplicaFreshness.MAX_LAG.toHours() + " h: a snapshot would append it as the table's current"
                    + " state; retry once the replica has caught up");
        }
        return fresh(spec, RegularKind.SNAPSHOT, SourceQueries.fullRangeQuery(spec), Optional.empty(), form);
    }

    private RegularPlan byId(TableSpec spec, UploadedAtForm form) {
        String query = SourceQueries.fullRangeQuery(spec);
        OptionalLong warehouseMax = warehouse.maxKey(WarehouseSchemas.TAP_POSTGRES, spec.target(), spec.primaryKey());
        List<ColumnSpec> columns = describe(spec, query);
        ByIdDecision decision = new ByIdDecider(clock).decide(newest(MetadataTable.INCREMENTAL, spec,
                stagedNow(columns, spec.advancedMetadata(), form)).state(), warehouseMax);
        return new RegularPlan(spec, RegularKind.INCREMENTAL_BY_ID, query, columns, decision.initialLoadStartDate(),
                decision.startAfter(), decision.resumes(), Optional.empty(),
                source.estimateRowsAfter(query, spec.primaryKey(), decision.startAfter()), form);
    }

    private RegularPlan fresh(TableSpec spec, RegularKind kind, String query, Optional<IncrementalWindow> window,
            UploadedAtForm form) {
        List<ColumnSpec> columns = describe(spec, query);
        return new RegularPlan(spec, kind, query, columns, new ResumeWindow(clock).newLoadStart(), OptionalLong.empty(),
                false, window, source.estimateRows(query), form);
    }

    private List<ColumnSpec> describe(TableSpec spec, String query) {
        List<ColumnSpec> columns = source.describe(spec, query);
        PostgresSource.requireKey(columns, spec);
        return columns;
    }

    private static void warnAboutRemovedColumns(TableSpec spec, List<String> targetColumns, List<ColumnSpec> columns) {
        Set<String> returned = columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> removed = targetColumns.stream()
                .filter(c -> !ToolColumns.isToolColumn(c) && !returned.contains(c.toLowerCase(Locale.ROOT)))
                .toList();
        if (!removed.isEmpty()) {
            LOG.warn("table {}: column(s) {} are no longer returned by import_query; kept in the warehouse, NULL for"
                    + " new rows", spec.target(), removed);
        }
    }

    /**
     * The deletes process's decision for {@code logicalDate} (Airflow's {@code data_interval_end}, else now).
     * Exempt tables are decided without touching the source or the warehouse.
     */
    public DeletesPlan planDeletes(TableSpec spec, Instant logicalDate, boolean forced) {
        return planDeletes(spec, logicalDate, forced, false);
    }

    /** @param restart {@code --restart}: a new key export whatever an unfinished one ({@link DeletesDecider#restart}) */
    public DeletesPlan planDeletes(TableSpec spec, Instant logicalDate, boolean forced, boolean restart) {
        Optional<List<String>> targetColumns = warehouse.columns(WarehouseSchemas.TAP_POSTGRES, spec.target());
        boolean eligible = spec.isIncremental() && !spec.deletesExempt();
        if (eligible && targetColumns.isEmpty()) {
            throw new InvalidInputException("table " + spec.target() + " is not in the warehouse yet: the deletes"
                    + " process runs after its first backfill (--load-type auto or backfill)");
        }
        boolean hasIsDeleted = targetColumns.orElse(List.of()).stream()
                .anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(ToolColumns.IS_DELETED));
        String keysQuery = eligible ? SourceQueries.keysQuery(spec) : "";
        List<ColumnSpec> keyColumns = eligible ? describe(spec, keysQuery) : List.of();
        NewestExport newest = newest(MetadataTable.DELETES, spec, eligible
                ? stagedNow(keyColumns, false, UploadedAtForm.TIMESTAMP) : Optional.empty());
        DeletesInputs inputs = new DeletesInputs(spec.isIncremental(),
                spec.deletesExempt(), hasIsDeleted,
                newest.state(),
                metadata.newestCompleted(MetadataTable.DELETES, spec.target()).map(MetadataRow::initialLoadStartDate),
                metadata.newestCompleted(MetadataTable.BACKFILL, spec.target()).map(MetadataRow::uploadDate),
                logicalDate, forced);
        DeletesDecider decider = new DeletesDecider(clock);
        DeletesDecision decision = restart ? decider.restart(inputs) : decider.decide(inputs);
        if (decision.reason() == DeletesReason.FOREIGN_DELETES) {
            refuseWhileGitlabsTaskMayRun(spec, "deletes key export", newest.state().orElseThrow(),
                    "then take it over with --restart, or wait: the deletes take it over from ");
        }
        return new DeletesPlan(spec, decision, keysQuery, keyColumns, logicalDate);
    }

    /** The decision's view of a metadata row; {@code drift}: see {@link ExportState}. */
    public static ExportState toState(MetadataRow row, ManifestDrift drift) {
        return new ExportState(row.initialLoadStartDate(), row.uploadDate(), row.lastExtractedId(),
                row.exportCompleted(),
                row.uploadFileName() != null && StagingLayout.isGitlabPipelineFile(row.uploadFileName()),
                drift.rekeyed(), drift.rowsChanged(), drift.columnsChanged());
    }
}
