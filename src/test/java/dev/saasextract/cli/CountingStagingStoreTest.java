package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.stage.StagingStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's bytes are the sizes of the files the run published, on a real staging folder. */
class CountingStagingStoreTest {
    @TempDir
    Path dir;

    @Test
    void publishedFilesCountWithTheirSizeAbortedOnesNot() throws Exception {
        RunTally tally = new RunTally();
        try (StagingStore store = new CountingStagingStore(StagingStores.open(dir.toUri(), Map.of()), tally)) {
            write(store, "staging/backfill/t/a.parquet", new byte[1000], false);
            write(store, "staging/backfill/t/b.parquet", new byte[24], false);
            write(store, "staging/backfill/t/c.parquet", new byte[500], true);

            assertEquals(List.of("staging/backfill/t/a.parquet", "staging/backfill/t/b.parquet"),
                    store.list("staging/"));
        }
        assertEquals(Files.size(dir.resolve("staging/backfill/t/a.parquet"))
                + Files.size(dir.resolve("staging/backfill/t/b.parquet")), tally.bytes());
        assertEquals(1024, tally.bytes());
    }

    private static void write(StagingStore store, String key, byte[] content, boolean abort) throws Exception {
        StagedOutputStream out = store.create(key);
        out.write(content, 0, content.length / 2);
        out.write(content, content.length / 2, content.length - content.length / 2);
        assertEquals(content.length, out.position());
        if (abort) {
            out.abort();
        }
        out.close();
        out.close();
    }
}
