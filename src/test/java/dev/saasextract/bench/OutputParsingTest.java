package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void loadedRowsAreReadFromTheExtractorSummary() {
        String output = "ci_job_artifacts: staged 1.parquet (100 rows)\n"
                + "done: table=ci_job_artifacts action=backfill:start rows=100000 files=1 duration=6.1s rate=16393 rows/s\n";
        assertEquals(100_000, Bench.loadedRows(output));
        assertThrows(IllegalStateException.class, () -> Bench.loadedRows("nothing staged"));
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
            Thread.sleep(300);
            Files.delete(file);
            Thread.sleep(300);
            assertEquals(4096, peak.peakBytes());
        }
    }
}
