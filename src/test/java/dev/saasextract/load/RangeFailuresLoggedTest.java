package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.config.LogCapture;
import dev.saasextract.plan.KeyRange;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** When one key range fails, what the others failed of is logged too, unless the stop itself made them fail. */
class RangeFailuresLoggedTest {
    private static final KeyRange RANGE = new KeyRange(1, OptionalLong.of(0), 10);

    @Test
    void anotherRangesOwnFailureIsLoggedAndTheStopsConsequencesAreNot() {
        RuntimeException first = new IllegalStateException("first");
        List<Future<KeyRange>> ranges = List.of(
                CompletableFuture.failedFuture(first),
                CompletableFuture.failedFuture(new RangeExportException("T", RANGE,
                        new IllegalStateException("disk full"))),
                CompletableFuture.failedFuture(new RangeExportException("T", RANGE,
                        new IllegalStateException("stopped while reading", new InterruptedException()))),
                CompletableFuture.failedFuture(new CancellationException("export stopped after another range failed")),
                CompletableFuture.completedFuture(RANGE),
                new CompletableFuture<>());

        try (LogCapture log = LogCapture.of(ChunkedExport.class)) {
            ChunkedExport.logOtherFailures(ranges, first, "T");

            assertEquals(List.of("table T: another key range failed too: table T, " + RANGE + ": disk full"),
                    log.warnings());
        }
    }
}
