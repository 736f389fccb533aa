package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** The kill -9 scenarios: a backfill, an incremental-by-id load and a deletes pass, each run by the real CLI. */
final class KillScenarios {
    private static final int ROWS = 200;
    private static final int NEW_ROWS_PER_ROUND = 60;

    private KillScenarios() {
    }

    static List<KillScenario> all() {
        return List.of(backfill(), incrementalById(), deletes());
    }

    /** Each round is a new backfill of the same table (forced), the first because the table is new. */
    private static KillScenario backfill() {
        SourceTable table = SourceTable.byDate("kill_backfill");
        return new KillScenario("kill -9 backfill", table, rig -> rig.sourceSql(table.createSql(ROWS)),
                (rig, round) -> {
                }, "backfill", false);
    }

    /** After a clean backfill, each round loads the keys added since, with more added between killed runs. */
    private static KillScenario incrementalById() {
        SourceTable table = SourceTable.byId("kill_by_id");
        return new KillScenario("kill -9 incremental_load_by_id", table,
                rig -> {
                    rig.sourceSql(table.createSql(ROWS));
                    completeBackfill(rig, table);
                },
                (rig, round) -> rig.sourceSql(table.insertSql(ROWS + round * NEW_ROWS_PER_ROUND + 1,
                        ROWS + (round + 1) * NEW_ROWS_PER_ROUND)),
                "incremental", false);
    }

    /** After a clean backfill, each round deletes a few keys upstream and runs the deletes process. */
    private static KillScenario deletes() {
        SourceTable table = SourceTable.byDate("kill_deletes");
        return new KillScenario("kill -9 deletes", table,
                rig -> {
                    rig.sourceSql(table.createSql(ROWS));
                    completeBackfill(rig, table);
                },
                (rig, round) -> rig.sourceSql(table.deleteSql((round * 10 + 1) + ", " + (round * 10 + 4) + ", "
                        + (round * 10 + 5) + ", " + (ROWS / 2 + round))),
                "deletes", true);
    }

    private static void completeBackfill(ChildRig rig, SourceTable table) throws Exception {
        ChildExtract.Outcome outcome = ChildExtract.run(rig.config, rig.manifest,
                List.of("--table", table.spec().key(), "--load-type", "backfill", "--now", "2026-11-24T00:00:00Z",
                        "--chunk-rows", "50"), 0);
        assertEquals(0, outcome.exitCode(), String.join("\n", outcome.output()));
    }
}
