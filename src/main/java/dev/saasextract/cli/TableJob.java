package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.DeletesPlan;
import dev.saasextract.load.DeletesRunner;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.LoadContext;
import dev.saasextract.load.LoadListener;
import dev.saasextract.load.LoadResult;
import dev.saasextract.load.RegularLoadRunner;
import dev.saasextract.load.RegularPlan;
import dev.saasextract.load.TablePlan;
import dev.saasextract.load.TablePlanner;
import dev.saasextract.load.WarehouseSchemas;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.DeletesDecider;
import dev.saasextract.plan.DeletesDecision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One table's run for {@code extract --table T}: under the table's lock, decide, then run what the decision and the
 * load type call for, and report back to Airflow.
 */
final class TableJob {
    private static final Logger LOG = LoggerFactory.getLogger(TableJob.class);

    private final Wiring wiring;
    private final Settings settings;
    private final Clock clock;
    private final LoadListener listener;
    private final boolean forceDeletes;
    private final ExportParallelism parallelism;
    private final RunTally tally;
    private boolean restart;

    /** @param forceDeletes apply the deletes even when the key export looks wrong ({@code --force}) */
    TableJob(Wiring wiring, Settings settings, Clock clock, LoadListener listener, boolean forceDeletes) {
        this(wiring, settings, clock, listener, forceDeletes, ExportParallelism.SINGLE, new RunTally());
    }

    /**
     * @param parallelism how backfills spread their export ({@code --parallel}, {@code --shard})
     * @param tally       where the bytes of the files this run publishes are counted
     */
    TableJob(Wiring wiring, Settings settings, Clock clock, LoadListener listener, boolean forceDeletes,
            ExportParallelism parallelism, RunTally tally) {
        this.wiring = wiring;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.forceDeletes = forceDeletes;
        this.parallelism = parallelism;
        this.tally = tally;
    }

    /**
     * {@code --restart}: the backfill step ({@code --load-type backfill}), or the deletes key export
     * ({@code --load-type deletes}), starts over in a new folder even when an unfinished one could be resumed.
     */
    TableJob restarting() {
        restart = true;
        return this;
    }

    static TablePlanner planner(Wiring wiring, Clock clock) {
        return new TablePlanner(wiring.source(), wiring.warehouse(), wiring.metadata(), clock);
    }

    /** Refuses a load type the table cannot have before anything is touched. */
    static void checkLoadType(TableSpec spec, LoadType loadType) {
        switch (loadType) {
            case incremental -> {
                if (!spec.isIncremental()) {
                    throw new InvalidInputException("--load-type incremental: table '" + spec.key()
                            + "' is not incremental (its import_query has no time window and no incremental_type);"
                            + " use --load-type scd");
                }
            }
            case scd -> {
                if (spec.isIncremental()) {
                    throw new InvalidInputException("--load-type scd: table '" + spec.key()
                            + "' is incremental; use --load-type incremental");
                }
            }
            case deletes -> {
                if (!spec.isIncremental() || spec.deletesExempt()) {
                    throw new InvalidInputException("--load-type deletes: table '" + spec.key() + "' is "
                            + (spec.deletesExempt() ? "deletes_exempt" : "not incremental")
                            + "; the deletes process never runs for it");
                }
            }
            default -> {
            }
        }
    }

    /** {@code --restart} asks for a new key export now, {@code --if-due} for none unless due: they contradict. */
    static void checkRestartWithIfDue(boolean restart, boolean ifDue) {
        if (restart && ifDue) {
            throw new InvalidInputException("--restart: not with --if-due; --restart runs a new deletes key export now");
        }
    }

    /** {@code --if-due} means something only for the deletes pass, which auto already runs only when due. */
    static void checkIfDue(boolean ifDue, LoadType loadType) {
        if (ifDue && loadType != LoadType.deletes) {
            throw new InvalidInputException("--if-due: only with --load-type deletes (auto runs the deletes only when"
                    + " they are due anyway), not with --load-type " + loadType);
        }
    }

    /**
     * {@code --restart} runs the backfill step alone, and never for a shard: each shard would start the load the
     * others work on over. Returns the load type to run.
     */
    static LoadType checkRestart(boolean restart, LoadType loadType, ExportParallelism parallelism) {
        if (!restart) {
            return loadType;
        }
        if (loadType == LoadType.deletes) {
            return loadType;
        }
        if (loadType != LoadType.auto && loadType != LoadType.backfill) {
            throw new InvalidInputException("--restart: it starts a backfill or a deletes key export over; use it with"
                    + " --load-type backfill or deletes, not " + loadType);
        }
        if (parallelism.shard().isPresent()) {
            throw new InvalidInputException("--restart: not with --shard, since each shard would start the load over;"
                    + " restart with one run (--parallel N if you like), or let the stale load restart after 26 h");
        }
        return LoadType.backfill;
    }

    List<LoadResult> run(TableSpec spec, LoadType loadType) {
        return run(spec, loadType, false);
    }

    /**
     * Runs the steps the load type calls for; one result per step that ran or was considered. A shard
     * ({@code --shard}) runs only the backfill, under its shard's lock instead of the table's: shards of one table
     * export side by side, and the one that completes the last range takes the table's lock to load.
     *
     * @param deletesIfDue with {@code --load-type deletes}: run the deletes only when due, as auto does, and otherwise
     *                     touch nothing ({@code --if-due})
     */
    @SuppressWarnings("try") // the writer lock is held for the block's duration; context() checks it is still held
    List<LoadResult> run(TableSpec spec, LoadType loadType, boolean deletesIfDue) {
        checkLoadType(spec, loadType);
        wiring.preloadWarehouseDriver();
        SourceCheck.requireUsable(wiring.source(), spec);
        // after the source check: a refused table's run touches nothing, a warehouse file included, and prints only
        // its error line
        logStart(spec);
        wiring.openWarehouseAhead();
        if (parallelism.shard().isPresent()) {
            startStep(spec, LoadType.backfill);
            return List.of(timed(() -> new BackfillRunner(context()).runShard(spec, backfillRequest(loadType))));
        }
        try (TableLock lock = wiring.metadata().lock(spec.target())) {
            List<LoadResult> results = new ArrayList<>();
            startStep(spec, loadType);
            switch (loadType) {
                case auto -> {
                    results.add(timed(() -> auto(spec)));
                    if (spec.isIncremental() && !spec.deletesExempt()) {
                        startStep(spec, LoadType.deletes);
                        results.add(timed(() -> deletes(planDeletes(spec, false))));
                    }
                }
                case backfill -> results.add(timed(() -> new BackfillRunner(context())
                        .run(planBackfill(spec, backfillRequest(loadType)))));
                case deletes -> results.add(timed(() -> deletesIfDue ? deletesWhenDue(spec)
                        : deletes(planDeletes(spec, true, restart))));
                default -> results.add(timed(() -> regular(spec)));
            }
            return results;
        }
    }

    /** The run's first line: which build, table, manifest and config, for whoever reads the log of a failed run. */
    private void logStart(TableSpec spec) {
        LoggingEventBuilder line = LOG.atInfo().setMessage("saas-extract {}: table {} -> {}")
                .addArgument(ExtractCommand.VERSION).addArgument(spec.key()).addArgument(spec.target())
                .addKeyValue(LogValues.EVENT, "run_started")
                .addKeyValue("version", ExtractCommand.VERSION)
                .addKeyValue("manifest", settings.manifestPath())
                .addKeyValue("config", settings.configFile().map(Path::toString).orElse("embedded default"));
        parallelism.shard().ifPresent(shard -> line.addKeyValue("shard", shard));
        if (parallelism.readers() > 1) {
            line.addKeyValue("parallel", parallelism.readers());
        }
        line.log();
    }

    /**
     * Names the step in the log's MDC ({@code load_type}) and in Snowflake's QUERY_TAG, so the warehouse's query
     * history says which table and step ran each statement. An auto run names the step it decided on once it has.
     */
    private void startStep(TableSpec spec, LoadType step) {
        if (step.name().equals(MDC.get(RunContext.LOAD_TYPE))) {
            return;
        }
        MDC.put(RunContext.LOAD_TYPE, step.name());
        tagWarehouseSession(spec, step.name());
    }

    private void tagWarehouseSession(TableSpec spec, String step) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("app", "saas-extract");
        tag.put("table", spec.target());
        tag.put("load_type", step);
        settings.taskInstance().ifPresent(task -> tag.put("task_instance", task));
        wiring.warehouse().tagSession(Json.write(tag));
    }

    private DeletesPlan planDeletes(TableSpec spec, boolean forced) {
        return planDeletes(spec, forced, false);
    }

    private DeletesPlan planDeletes(TableSpec spec, boolean forced, boolean restartExport) {
        DeletesPlan plan = planner(wiring, clock).planDeletes(spec, settings.logicalDate(clock), forced,
                restartExport);
        DeletesDecision d = plan.decision();
        LoadEventLog.decision(spec.target(), LoadType.deletes, d.action().json(), d.reason().json(), d.startAfterId(),
                List.of());
        return plan;
    }

    private LoadResult deletes(DeletesPlan plan) {
        return new DeletesRunner(context(), forceDeletes).run(plan);
    }

    /** The deletes when due, as the auto run decides; otherwise nothing at all, not even a purge of old files. */
    private LoadResult deletesWhenDue(TableSpec spec) {
        DeletesPlan plan = planDeletes(spec, false);
        if (plan.decision().runs()) {
            return deletes(plan);
        }
        LOG.atInfo().setMessage("table {}: the deletes are not due; nothing done").addArgument(spec.target())
                .addKeyValue(LogValues.EVENT, "deletes_not_due")
                .addKeyValue("reason", plan.decision().reason().json())
                .addKeyValue("next_window", Json.instant(DeletesDecider.nextRefreshWindowStart(plan.logicalDate())))
                .log();
        return new LoadResult(spec.target(), "deletes:" + plan.decision().action().json(), 0, 0);
    }

    private LoadResult auto(TableSpec spec) {
        TablePlan plan = planBackfill(spec, BackfillRequest.AUTO);
        if (!plan.backfill().runs()) {
            return regular(spec);
        }
        startStep(spec, LoadType.backfill);
        return new BackfillRunner(context()).run(plan);
    }

    private BackfillRequest backfillRequest(LoadType loadType) {
        return backfillRequest(restart, loadType);
    }

    /** What the backfill step is asked: {@code --restart}, else forced by {@code --load-type backfill}, else auto. */
    static BackfillRequest backfillRequest(boolean restart, LoadType loadType) {
        if (restart) {
            return BackfillRequest.RESTART;
        }
        return loadType == LoadType.backfill ? BackfillRequest.FORCED : BackfillRequest.AUTO;
    }

    private TablePlan planBackfill(TableSpec spec, BackfillRequest request) {
        TablePlan plan = planner(wiring, clock).plan(spec, request);
        BackfillDecision d = plan.backfill();
        LoadEventLog.decision(spec.target(), LoadType.backfill, d.action().json(), d.reason().json(),
                d.startAfterId(), d.newColumns());
        return plan;
    }

    /** Runs a step, timed, and logs its result: with auto's two steps, the run's summary line adds them up. */
    private static LoadResult timed(Supplier<LoadResult> step) {
        long started = System.nanoTime();
        LoadResult result = step.get().took(Duration.ofNanos(System.nanoTime() - started));
        LOG.atInfo().setMessage("table {}: step finished").addArgument(result.table())
                .addKeyValue(LogValues.EVENT, "step_finished")
                .addKeyValue("action", result.action())
                .addKeyValue("rows", result.rows())
                .addKeyValue("files", result.files())
                .addKeyValue("duration_s", Seconds.of(result.took()))
                .log();
        return result;
    }

    private LoadResult regular(TableSpec spec) {
        RegularPlan plan = planner(wiring, clock).planRegular(spec, settings.airflowInputs(clock));
        startStep(spec, LoadType.valueOf(plan.kind().loadType()));
        plan.window().ifPresent(w -> LOG.atInfo().setMessage("table {}: incremental window").addArgument(spec.target())
                .addKeyValue(LogValues.EVENT, "window")
                .addKeyValue("begin", Json.instant(w.begin()))
                .addKeyValue("end", Json.instant(w.end()))
                .log());
        listener.rowsExpected(spec.target(), plan.estimatedRows());
        LoadResult result = new RegularLoadRunner(context()).run(plan);
        reportToAirflow(spec, result, plan);
        return result;
    }

    private void reportToAirflow(TableSpec spec, LoadResult result, RegularPlan plan) {
        XcomFile.location(settings.env()).ifPresent(file -> {
            Map<String, Object> values = new LinkedHashMap<>();
            plan.window().ifPresent(w -> values.put("max_data_available", w.maxDataAvailable()));
            values.put(spec.target(), wiring.warehouse().count(WarehouseSchemas.TAP_POSTGRES, spec.target()));
            values.put("rows_loaded", result.rows());
            values.put("load_ran", true);
            XcomFile.merge(file, values);
        });
    }

    /**
     * Built when a step needs it, so a backend is opened only once the steps before it went through. At every step
     * boundary it checks that the run still holds its writer lock (a shard: its shard's lock, then the table's for the
     * load), so a run whose lock session ended stops before it changes the warehouse while another run may hold it.
     */
    private LoadContext context() {
        return new LoadContext(wiring.source(), new CountingStagingStore(wiring.stage(), tally), wiring.warehouse(),
                wiring.metadata(), clock, settings.chunkRows(), settings.taskInstance(), listener, parallelism,
                point -> wiring.metadata().ensureLocksHeld());
    }
}
