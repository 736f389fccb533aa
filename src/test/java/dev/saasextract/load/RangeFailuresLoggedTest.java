package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.config.LogCapture;
import dev.saasextract.plan.KeyRange;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** When one key range fails, what the others failed of is logged too, unless the stop itself made them fail. */
class RangeFailuresLoggedTest {
    private static final KeyRange RANGE = new KeyRange(1, OptionalLong.of(0), 10);

    /** A range's task as the pool runs it: done, not cancelled, its failure the cause of an ExecutionException. */
    private static Future<KeyRange> failedWith(RuntimeException failure) {
        FutureTask<KeyRange> task = new FutureTask<>(() -> {
            throw failure;
        });
        task.run();
        return task;
    }

    @Test
    void anotherRangesOwnFailureIsLoggedAndTheStopsConsequencesAreNot() {
        RuntimeException first = new IllegalStateException("first");
        List<Future<KeyRange>> ranges = List.of(
                CompletableFuture.failedFuture(first),
                failedWith(new RangeExportException("T", RANGE, new IllegalStateException("disk full"))),
                failedWith(new RangeExportException("T", RANGE,
                        new IllegalStateException("stopped while reading", new InterruptedException()))),
                failedWith(new CancellationException("export stopped after another range failed")),
                CompletableFuture.completedFuture(RANGE),
                new CompletableFuture<>());

        try (LogCapture log = LogCapture.of(ChunkedExport.class)) {
            ChunkedExport.logOtherFailures(ranges, first, "T");

            assertEquals(List.of("table T: another key range failed too: table T, " + RANGE + ": disk full"),
                    log.warnings());
        }
    }
}
