package dev.saasextract.load;

import dev.saasextract.plan.KeyRange;

/** One key range of a parallel export failed; says which, so the log shows where the load stopped. */
final class RangeExportException extends RuntimeException {
    RangeExportException(String table, KeyRange range, RuntimeException cause) {
        super("table " + table + ", " + range + ": " + cause.getMessage(), cause);
    }
}

