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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** @param forceDeletes apply the deletes even when the key export looks wrong ({@code --force}) */
    TableJob(Wiring wiring, Settings settings, Clock clock, LoadListener listener, boolean forceDeletes) {
        this(wiring, settings, clock, listener, forceDeletes, ExportParallelism.SINGLE);
    }

    /** @param parallelism how backfills spread their export ({@code --parallel}, {@code --shard}) */
    TableJob(Wiring wiring, Settings settings, Clock clock, LoadListener listener, boolean forceDeletes,
            ExportParallelism parallelism) {
        this.wiring = wiring;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.forceDeletes = forceDeletes;
        this.parallelism = parallelism;
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

    /**
     * Runs the steps the load type calls for; one result per step that ran or was considered. A shard
     * ({@code --shard}) runs only the backfill, under its shard's lock instead of the table's: shards of one table
     * export side by side, and the one that completes the last range takes the table's lock to load.
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, not used inside it
    List<LoadResult> run(TableSpec spec, LoadType loadType) {
        checkLoadType(spec, loadType);
        SourceCheck.requireUsable(wiring.source(), spec);
        if (parallelism.shard().isPresent()) {
            tagWarehouseSession(spec, LoadType.backfill.name());
            return List.of(new BackfillRunner(context()).runShard(spec, loadType == LoadType.backfill));
        }
        try (TableLock lock = wiring.metadata().lock(spec.target())) {
            List<LoadResult> results = new ArrayList<>();
            tagWarehouseSession(spec, loadType.name());
            switch (loadType) {
                case auto -> {
                    results.add(auto(spec));
                    if (spec.isIncremental() && !spec.deletesExempt()) {
                        tagWarehouseSession(spec, LoadType.deletes.name());
                        results.add(deletes(spec, false));
                    }
                }
                case backfill -> results.add(new BackfillRunner(context()).run(planner(wiring, clock).plan(spec, true)));
                case deletes -> results.add(deletes(spec, true));
                default -> results.add(regular(spec));
            }
            return results;
        }
    }

    /** Snowflake's QUERY_TAG, so the warehouse's query history says which table and step ran each statement. */
    private void tagWarehouseSession(TableSpec spec, String step) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("app", "saas-extract");
        tag.put("table", spec.target());
        tag.put("load_type", step);
        settings.taskInstance().ifPresent(task -> tag.put("task_instance", task));
        wiring.warehouse().tagSession(Json.write(tag));
    }

    private LoadResult deletes(TableSpec spec, boolean forced) {
        DeletesPlan plan = planner(wiring, clock).planDeletes(spec, settings.logicalDate(clock), forced);
        LOG.info("table {}: deletes {} ({})", spec.target(), plan.decision().action().json(),
                plan.decision().reason().json());
        return new DeletesRunner(context(), forceDeletes).run(plan);
    }

    private LoadResult auto(TableSpec spec) {
        TablePlan plan = planner(wiring, clock).plan(spec, false);
        LOG.info("table {}: backfill {} ({})", spec.target(), plan.backfill().action().json(),
                plan.backfill().reason().json());
        return plan.backfill().runs() ? new BackfillRunner(context()).run(plan) : regular(spec);
    }

    private LoadResult regular(TableSpec spec) {
        RegularPlan plan = planner(wiring, clock).planRegular(spec, settings.airflowInputs(clock));
        plan.window().ifPresent(w -> LOG.info("table {}: incremental window {} to {}", spec.target(), w.begin(),
                w.end()));
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

    private LoadContext context() {
        return new LoadContext(wiring.source(), wiring.stage(), wiring.warehouse(), wiring.metadata(), clock,
                settings.chunkRows(), settings.taskInstance(), listener, parallelism);
    }
}
