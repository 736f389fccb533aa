package dev.saasextract.faults;

import java.util.List;

/**
 * One kill -9 scenario: a table, how it is set up before the first killed run, what changes upstream before each
 * round (a round is reruns until a run completes), and the extract arguments of every run.
 *
 * @param setup      runs before the first round; may run extract to completion (no kills)
 * @param round      the upstream change before round {@code n} (0 is the first)
 * @param loadType   the {@code --load-type} of every run
 * @param withDeletes compare with the deletes flag: present rows unflagged, deleted rows flagged
 */
record KillScenario(String name, SourceTable table, Change setup, Round round, String loadType,
        boolean withDeletes) {

    @FunctionalInterface
    interface Change {
        void apply(ChildRig rig) throws Exception;
    }

    @FunctionalInterface
    interface Round {
        void before(ChildRig rig, int round) throws Exception;
    }

    List<String> args(String now) {
        return List.of("--table", table.spec().key(), "--load-type", loadType, "--now", now, "--chunk-rows", "10");
    }
}
