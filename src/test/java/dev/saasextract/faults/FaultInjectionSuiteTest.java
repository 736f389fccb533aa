package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's fault-injection suite: every load kind failed at every checkpoint in process, and killed with SIGKILL
 * at 20 points each as a child process; after each, the load is rerun to completion and checked. Prints one summary
 * line at the end and fails if any comparison lost or duplicated a row.
 */
class FaultInjectionSuiteTest {
    private static final int KILLS_PER_SCENARIO = 20;
    private static final FaultTally TALLY = new FaultTally();

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> aFaultAtEveryCheckpointOfEveryScenario() {
        return Scenarios.all().stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            try (FaultRig rig = new FaultRig(dir.resolve(folder(scenario.name())))) {
                new ExhaustiveFaults(rig, TALLY).run(scenario, "t");
            }
        }));
    }

    /** The three kill -9 scenarios run side by side: each child JVM mostly waits for its own I/O. */
    @Test
    void killNineAtTwentyPointsOfEachScenario() throws Exception {
        List<KillScenario> scenarios = KillScenarios.all();
        ExecutorService pool = Executors.newFixedThreadPool(scenarios.size());
        try {
            List<Future<Integer>> kills = scenarios.stream()
                    .map(scenario -> pool.submit(() -> new KillNineFaults(TALLY).run(scenario,
                            new ChildRig(dir.resolve(folder(scenario.name())), scenario.table()),
                            KILLS_PER_SCENARIO)))
                    .toList();
            for (Future<Integer> survived : kills) {
                assertEquals(KILLS_PER_SCENARIO, survived.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void summary() {
        System.out.println(TALLY.summary());
        assertEquals(0, TALLY.losses(), TALLY.summary());
        assertEquals(0, TALLY.duplicates(), TALLY.summary());
    }

    private static String folder(String name) {
        return name.replaceAll("[^a-z0-9]+", "_");
    }
}
