package dev.saasextract.faults;

import java.util.Optional;
import java.util.function.Function;

/**
 * One in-process fault scenario: how a table is set up before the step under test, the step itself (rerun after a
 * fault), and the state it must end in.
 *
 * @param prepare  creates the source and runs every load before the step; no fault is armed
 * @param step     runs the step once; {@code attempt} 0 is the first run, later ones are reruns after a fault
 * @param expected the rows source and warehouse must agree on, and the metadata tables the step writes
 */
record Scenario(String name, Function<String, SourceTable> table, Setup prepare, Step step,
        Function<SourceTable, Expected> expected) {

    @FunctionalInterface
    interface Setup {
        void run(FaultRig rig, SourceTable table) throws Exception;
    }

    @FunctionalInterface
    interface Step {
        void run(FaultRig rig, SourceTable table, int attempt) throws Exception;
    }

    /**
     * @param sourceRows    the source query whose rows the warehouse must hold, key first
     * @param warehouseRows the same columns of the warehouse table
     * @param exportedKeys  for the deletes process, the source query whose row count its completed export recorded
     */
    record Expected(String sourceRows, String warehouseRows, Optional<String> exportedKeys) {
    }
}
