package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import dev.saasextract.stage.StagingStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression: a process killed while writing a staged file left its temporary file in the staging folder forever. */
class LeftoverStagedWritesTest {
    @TempDir
    Path dir;

    @Test
    void purgingALoadFolderRemovesTheTemporaryFilesOfWritesThatNeverFinished() throws Exception {
        StagingStore store = StagingStores.open(dir.toUri(), Map.of());
        String folder = "staging/backfill/gitlab_db_issues/initial_load_start_2026-11-24t01:00:00.000/";
        try (StagedOutputStream published = store.create(folder + "keys_from_start.parquet")) {
            published.write(1);
        }
        StagedOutputStream killed = store.create(folder + "keys_after_00000000000000000030.parquet");
        killed.write(new byte[] {1, 2, 3});
        killed.flush();
        StagedOutputStream otherLoad = store.create("staging/backfill/gitlab_db_issues/other/keys_from_start.parquet");
        otherLoad.write(4);

        int deleted = store.deletePrefix(folder);

        assertEquals(1, deleted, "only published files count as deleted keys");
        try (Stream<Path> left = Files.walk(dir)) {
            List<String> files = left.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
            assertEquals(1, files.size(), "only the other folder's unfinished write is left: " + files);
            assertEquals(true, files.get(0).startsWith("staging/backfill/gitlab_db_issues/other/"), files.get(0));
        }
        otherLoad.abort();
        killed.abort();
    }
}
