package dev.saasextract.cli;

import org.slf4j.MDC;

/**
 * The run's MDC: the table and the load type (the step, once one runs) on every JSON log line of the run's thread.
 * Closing it clears both, so an in-process run leaves nothing to the next.
 */
final class RunContext implements AutoCloseable {
    static final String TABLE = "table";
    static final String LOAD_TYPE = "load_type";

    private RunContext() {
    }

    static RunContext open(String table, LoadType loadType) {
        MDC.put(TABLE, table);
        MDC.put(LOAD_TYPE, loadType.name());
        return new RunContext();
    }

    @Override
    public void close() {
        MDC.remove(TABLE);
        MDC.remove(LOAD_TYPE);
    }
}
