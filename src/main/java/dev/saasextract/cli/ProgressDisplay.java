package dev.saasextract.cli;

/** Shows the running export's progress at each tick of the {@link ProgressReporter}; called from its thread only. */
interface ProgressDisplay {
    void show(ProgressSnapshot progress);

    /** No export is running at this tick. */
    void idle();

    /** The run is over: leave the terminal clean. */
    default void close() {
    }
}
