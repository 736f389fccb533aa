package dev.saasextract.faults;

import static dev.saasextract.faults.FaultRig.at;

import dev.saasextract.load.BackfillRunner;
import dev.saasextract.load.DeletesRunner;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.RegularLoadRunner;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.plan.AirflowInputs;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.Shard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The in-process scenarios: each load kind and way of exporting, failed at every checkpoint it passes. */
final class Scenarios {
    static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final long CHUNK_ROWS = 10;
    private static final int ROWS = 40;
    private static final int NEW_ROWS = 25;

    private Scenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                backfill("backfill", ExportParallelism.SINGLE, Duration.ofHours(1)),
                backfill("backfill restarted after 26 h", ExportParallelism.SINGLE, Duration.ofHours(27)),
                backfill("backfill --parallel 3", new ExportParallelism(3, Optional.empty()), Duration.ofHours(1)),
                shardedBackfill(),
                incrementalById(),
                deletes());
    }

    /** A new table's backfill; reruns come {@code rerunAfter} later (over 26 h: the export starts over). */
    private static Scenario backfill(String name, ExportParallelism parallelism, Duration rerunAfter) {
        return new Scenario(name, SourceTable::byDate,
                (rig, table) -> rig.sourceSql(table.createSql(ROWS)),
                (rig, table, attempt) -> backfill(rig, table, at(T0.plus(rerunAfter.multipliedBy(attempt))),
                        parallelism),
                table -> backfilled(table));
    }

    /** Two shards of one backfill, run one after the other, both again after a fault. */
    private static Scenario shardedBackfill() {
        return new Scenario("backfill in 2 shards", SourceTable::byDate,
                (rig, table) -> rig.sourceSql(table.createSql(ROWS)),
                (rig, table, attempt) -> {
                    for (int shard = 0; shard < 2; shard++) {
                        Clock clock = at(T0.plus(Duration.ofMinutes(10L * attempt + shard)));
                        new BackfillRunner(rig.context(clock, CHUNK_ROWS,
                                new ExportParallelism(1, Optional.of(new Shard(shard, 2))))).runShard(table.spec(),
                                BackfillRequest.AUTO);
                    }
                },
                table -> backfilled(table));
    }

    /** New keys after a backfill, loaded by id; more keys arrive before each rerun. */
    @SuppressWarnings("try") // the table's lock is held around the run, as the CLI holds it
    private static Scenario incrementalById() {
        return new Scenario("incremental_load_by_id", SourceTable::byId,
                (rig, table) -> {
                    rig.sourceSql(table.createSql(ROWS));
                    backfill(rig, table, at(T0), ExportParallelism.SINGLE);
                    rig.sourceSql(table.insertSql(ROWS + 1, ROWS + NEW_ROWS));
                },
                (rig, table, attempt) -> {
                    if (attempt > 0) {
                        rig.sourceSql(table.insertSql(ROWS + NEW_ROWS + 2 * attempt - 1, ROWS + NEW_ROWS + 2 * attempt));
                    }
                    Clock clock = at(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10L * attempt)));
                    try (TableLock lock = rig.metadata.lock(table.target())) {
                        new RegularLoadRunner(rig.context(clock, CHUNK_ROWS, ExportParallelism.SINGLE))
                                .run(rig.planner(clock).planRegular(table.spec(), AirflowInputs.from(Map.of())));
                    }
                },
                table -> new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty()));
    }

    /**
     * Keys deleted upstream after a backfill, flagged by the deletes process; not the highest key, which the process
     * cannot tell from a key appended while it exports.
     */
    @SuppressWarnings("try") // the table's lock is held around the run, as the CLI holds it
    private static Scenario deletes() {
        return new Scenario("deletes", SourceTable::byDate,
                (rig, table) -> {
                    rig.sourceSql(table.createSql(ROWS));
                    backfill(rig, table, at(T0), ExportParallelism.SINGLE);
                    rig.sourceSql(table.deleteSql("1, 2, 17, 30, 31"));
                },
                (rig, table, attempt) -> {
                    Clock clock = at(T0.plus(Duration.ofHours(2 + attempt)));
                    try (TableLock lock = rig.metadata.lock(table.target())) {
                        new DeletesRunner(rig.context(clock, CHUNK_ROWS, ExportParallelism.SINGLE), false)
                                .run(rig.planner(clock).planDeletes(table.spec(), clock.instant(), false));
                    }
                },
                table -> new Scenario.Expected(table.sourceRowsWithDeletes(), table.warehouseRowsWithDeletes(),
                        Optional.of(table.sourceRows())));
    }

    /** As {@code extract --load-type auto} runs a backfill: planned and run under the table's lock. */
    @SuppressWarnings("try") // the table's lock is held around the run, as the CLI holds it
    private static void backfill(FaultRig rig, SourceTable table, Clock clock, ExportParallelism parallelism) {
        try (TableLock lock = rig.metadata.lock(table.target())) {
            new BackfillRunner(rig.context(clock, CHUNK_ROWS, parallelism))
                    .run(rig.planner(clock).plan(table.spec(), BackfillRequest.AUTO));
        }
    }

    private static Scenario.Expected backfilled(SourceTable table) {
        return new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty());
    }
}
