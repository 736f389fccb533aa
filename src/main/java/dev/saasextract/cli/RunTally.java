package dev.saasextract.cli;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a run has staged so far, across its steps: rows and files (counted per staged chunk) and bytes (counted as each
 * file is published). Read by the summary line, also after a failure. Updated from several threads during a parallel
 * export.
 */
final class RunTally {
    private final LongAdder rows = new LongAdder();
    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    void fileStaged(long fileRows) {
        rows.add(fileRows);
        files.increment();
    }

    void bytesPublished(long fileBytes) {
        bytes.add(fileBytes);
    }

    long rows() {
        return rows.sum();
    }

    long files() {
        return files.sum();
    }

    long bytes() {
        return bytes.sum();
    }
}
