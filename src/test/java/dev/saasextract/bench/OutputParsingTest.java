package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness reads numbers out of other programs' output and out of the staging folder. */
class OutputParsingTest {
    @Test
    void peakRssIsReadFromTimeVerbose() {
        String report = "\tUser time (seconds): 1.20\n\tMaximum resident set size (kbytes): 385656\n\tExit status: 0\n";
        assertEquals(385656, TimedRun.peakRss(report, List.of("java")));
        assertThrows(IllegalStateException.class, () -> TimedRun.peakRss("Exit status: 0", List.of("java")));
    }

    @Test
    void theSummaryRowsAndTheEndOfTheExportAreReadFromTheJsonLog() {
        String output = """
                Picked up JAVA_TOOL_OPTIONS: -Dx=y
                {"time":"2026-11-26T02:18:13.695Z","level":"INFO","event":"chunk_staged","rows":100000}
                {"time":"2026-11-26T02:18:13.701Z","level":"INFO","event":"export_staged","rows":100000}
                {"time":"2026-11-26T02:18:15.848Z","level":"INFO","message":"done:","event":"summary","rows":100000}
                """;
        ExtractorLog log = ExtractorLog.parse(output);

        assertEquals(100_000, log.summaryRows());
        assertEquals(Instant.parse("2026-11-26T02:18:13.701Z"), log.exportStaged());
        assertThrows(IllegalStateException.class, () -> ExtractorLog.parse("{\"event\":\"export_staged\"}"));
        assertThrows(IllegalStateException.class, () -> ExtractorLog.parse(
                "{\"event\":\"summary\",\"rows\":1}\nextract: table 'x' is not in the manifest"));
    }

    @Test
    void theGitlabEmulationReportsRowsAndEnrichmentSecondsOnItsLastLine() {
        PandasRun run = PandasRun.parse("a pandas warning\n{\"rows\": 5000000, \"enrich_seconds\": 112.5}\n");

        assertEquals(5_000_000, run.rows());
        assertEquals(112.5, run.enrichSeconds(), 1e-9);
        assertThrows(IllegalStateException.class, () -> PandasRun.parse("5000000"));
        assertThrows(IllegalStateException.class, () -> PandasRun.parse("{\"rows\": 5000000}"));
        assertThrows(IllegalStateException.class, () -> PandasRun.parse("Traceback (most recent call last):"));
    }

    @Test
    void folderSizeCountsFilesInSubfoldersAndAMissingFolderAsEmpty(@TempDir Path dir) throws IOException {
        Files.write(Files.createDirectories(dir.resolve("backfill/t")).resolve("a.parquet"), new byte[1000]);
        Files.write(dir.resolve("b.parquet"), new byte[24]);

        assertEquals(1024, FolderPeak.size(dir));
        assertEquals(0, FolderPeak.size(dir.resolve("absent")));
    }

    @Test
    void folderPeakKeepsTheLargestSizeAfterFilesArePurged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chunk.parquet");
        Files.write(file, new byte[4096]);
        try (FolderPeak peak = new FolderPeak(dir)) {
            awaitTrue(() -> peak.peakSoFar() == 4096, "a sample of the file");
            Files.delete(file);
            long samplesBeforePurge = peak.samplesTaken();
            // one sample may have been under way before the delete; the one after it walked the empty folder
            awaitTrue(() -> peak.samplesTaken() >= samplesBeforePurge + 2, "a sample after the purge");
            assertEquals(0, FolderPeak.size(dir));
            assertEquals(4096, peak.peakBytes());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 60 s for " + what);
            Thread.sleep(10);
        }
    }
}
