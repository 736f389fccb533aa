package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.LoadListener;
import dev.saasextract.load.LoadResult;
import dev.saasextract.load.TablePlan;
import dev.saasextract.load.TablePlanner;
import dev.saasextract.manifest.TableSpec;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One table's run for {@code extract --table T}: decide, then run what the decision and the load type call for. */
final class TableJob {
    private static final Logger LOG = LoggerFactory.getLogger(TableJob.class);

    private final Wiring wiring;
    private final Settings settings;
    private final Clock clock;
    private final LoadListener listener;

    TableJob(Wiring wiring, Settings settings, Clock clock, LoadListener listener) {
        this.wiring = wiring;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    LoadResult run(TableSpec spec, LoadType loadType) {
        switch (loadType) {
            case auto:
            case backfill:
                break;
            default:
                throw new InvalidInputException("--load-type " + loadType + ": not implemented yet in this version"
                        + " (available: auto, backfill)");
        }
        try (AutoCloseable lock = wiring.metadata().lock(spec.target())) {
            TablePlan plan = planner(wiring, clock).plan(spec, loadType == LoadType.backfill);
            LOG.info("table {}: backfill {} ({})", spec.target(), plan.backfill().action().json(),
                    plan.backfill().reason().json());
            if (plan.backfill().runs()) {
                return backfill(spec).run(plan);
            }
            LOG.info("table {}: no backfill needed; the regular load is not implemented yet in this version,"
                    + " nothing to do", spec.target());
            return new LoadResult(spec.target(), "skip", 0, 0);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("table " + spec.target() + ": cannot release the table lock: "
                    + e.getMessage(), e);
        }
    }

    static TablePlanner planner(Wiring wiring, Clock clock) {
        return new TablePlanner(wiring.source(), wiring.warehouse(), wiring.metadata(), clock);
    }

    private BackfillRunner backfill(TableSpec spec) {
        return new BackfillRunner(wiring.source(), wiring.stage(), wiring.warehouse(), wiring.metadata(), clock,
                settings.chunkRows(), spec.advancedMetadata(), settings.taskInstance(), listener);
    }
}
