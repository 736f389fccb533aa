package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario once cleanly to count the checkpoints its step passes, then once per checkpoint k with a fault
 * injected at the k-th, each on a table of its own; after a fault the step is rerun without one, which must complete
 * the load, and the end state is checked.
 */
final class ExhaustiveFaults {
    private static final Logger LOG = LoggerFactory.getLogger(ExhaustiveFaults.class);

    private final FaultRig rig;
    private final FaultTally tally;

    ExhaustiveFaults(FaultRig rig, FaultTally tally) {
        this.rig = rig;
        this.tally = tally;
    }

    /** Returns the number of checkpoints the step passes when nothing fails, each of which was failed once. */
    int run(Scenario scenario, String tablePrefix) throws Exception {
        SourceTable clean = scenario.table().apply(tablePrefix + "_clean");
        scenario.prepare().run(rig, clean);
        rig.injector.disarm();
        scenario.step().run(rig, clean, 0);
        int hits = rig.injector.hits();
        LOG.info("{}: a clean run passes {} checkpoints: {}", scenario.name(), hits, rig.injector.hitsByPoint());
        check(scenario, clean, "clean run");
        for (int k = 1; k <= hits; k++) {
            SourceTable table = scenario.table().apply(tablePrefix + "_k" + k);
            rig.injector.disarm();
            scenario.prepare().run(rig, table);
            rig.injector.arm(k);
            try {
                scenario.step().run(rig, table, 0);
            } catch (Exception e) {
                requireInjected(scenario, k, e);
            }
            String firedAt = rig.injector.firedAt();
            assertTrue(firedAt != null || rig.injector.hits() < k,
                    scenario.name() + ": the fault at checkpoint " + k + " did not fire");
            if (firedAt != null) {
                tally.injected();
                rig.injector.disarm();
                scenario.step().run(rig, table, 1);
            }
            tally.scenario();
            check(scenario, table, "fault at checkpoint " + k + " (" + firedAt + ")");
        }
        return hits;
    }

    private void check(Scenario scenario, SourceTable table, String what) throws Exception {
        EndState.assertConsistent(scenario.name() + ", " + what, tally, rig.sourceAdmin, rig.metadataAdmin,
                rig.warehouseFile, rig.stagingRoot, table.target(), scenario.expected().apply(table));
    }

    private static void requireInjected(Scenario scenario, int k, Exception failure) throws Exception {
        if (InjectedFault.causedIt(failure)) {
            return;
        }
        throw new AssertionError(scenario.name() + ": with a fault at checkpoint " + k + " the run failed otherwise",
                failure);
    }
}
