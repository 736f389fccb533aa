package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a kill -9 scenario: rounds of child extract runs, each run SIGKILLed a few output lines into its work until
 * the scenario has survived {@code kills} kills, each round rerun until a run completes and then checked like the
 * in-process scenarios.
 */
final class KillNineFaults {
    private static final Logger LOG = LoggerFactory.getLogger(KillNineFaults.class);
    /** Lines after the export starts at which successive runs are killed: early, mid-chunk, late, in the load. */
    private static final int[] KILL_AFTER_LINES = {3, 9, 1, 14, 6, 22, 2, 11, 5, 17, 8, 30, 4, 13, 7, 19};
    private static final int MAX_RUNS = 80;
    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");

    private final FaultTally tally;

    KillNineFaults(FaultTally tally) {
        this.tally = tally;
    }

    /** Returns the kills survived. */
    int run(KillScenario scenario, ChildRig rig, int kills) throws Exception {
        scenario.setup().apply(rig);
        int killed = 0;
        int round = 0;
        List<String> killedAfter = new ArrayList<>();
        scenario.round().before(rig, round);
        for (int run = 0; run < MAX_RUNS; run++) {
            int killAfter = killed < kills ? KILL_AFTER_LINES[killed % KILL_AFTER_LINES.length] : 0;
            String now = T0.plus(Duration.ofMinutes(run + 1)).toString();
            ChildExtract.Outcome outcome = ChildExtract.run(rig.config, rig.manifest, scenario.args(now), killAfter);
            if (outcome.killed()) {
                killed++;
                tally.killed();
                killedAfter.add(outcome.lastLine());
                continue;
            }
            assertEquals(0, outcome.exitCode(), scenario.name() + ": run " + run + " failed after " + killed
                    + " kills:\n" + String.join("\n", tail(outcome.output())));
            tally.scenario();
            EndState.assertConsistent(scenario.name() + ", round " + round + " after " + killed + " kills", tally,
                    rig.sourceAdmin, rig.metadataAdmin, rig.warehouseFile, rig.stagingRoot, scenario.table().target(),
                    expected(scenario));
            if (killed >= kills) {
                LOG.info("{}: {} kills survived in {} rounds; killed after: {}", scenario.name(), killed, round + 1,
                        killedAfter);
                return killed;
            }
            round++;
            scenario.round().before(rig, round);
        }
        throw new AssertionError(scenario.name() + ": not done after " + MAX_RUNS + " runs");
    }

    private static Scenario.Expected expected(KillScenario scenario) {
        SourceTable table = scenario.table();
        return scenario.withDeletes()
                ? new Scenario.Expected(table.sourceRowsWithDeletes(), table.warehouseRowsWithDeletes(),
                        java.util.Optional.of(table.sourceRows()))
                : new Scenario.Expected(table.sourceRows(), table.warehouseRows(), java.util.Optional.empty());
    }

    private static List<String> tail(List<String> output) {
        return output.subList(Math.max(0, output.size() - 15), output.size());
    }
}
