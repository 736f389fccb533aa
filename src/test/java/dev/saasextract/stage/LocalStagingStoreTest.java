package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStagingStoreTest {
    @TempDir
    Path dir;

    private StagingStore store() {
        return StagingStores.open(dir.toUri(), Map.of());
    }

    private static void put(StagingStore store, String key, String content) throws IOException {
        try (StagedOutputStream out = store.create(key)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(StagingStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fileAppearsOnlyWhenClosedAndPositionCountsBytes() throws IOException {
        StagingStore store = store();
        StagedOutputStream out = store.create("staging/backfill/t/a.parquet");
        out.write(new byte[] {1, 2, 3});

        assertEquals(3, out.position());
        assertEquals(List.of(), store.list("staging/"), "a file being written is not listed");

        out.close();
        assertEquals(List.of("staging/backfill/t/a.parquet"), store.list("staging/"));
        try (InputStream in = store.open("staging/backfill/t/a.parquet")) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    @Test
    void abortLeavesNothingBehind() throws IOException {
        StagingStore store = store();
        StagedOutputStream out = store.create("staging/backfill/t/a.parquet");
        out.write(42);
        out.abort();
        out.close();

        assertEquals(List.of(), store.list(""));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void aRetriedKeyOverwritesItsEarlierAttempt() throws IOException {
        StagingStore store = store();
        put(store, "staging/x/k.parquet", "first");
        put(store, "staging/x/k.parquet", "second");

        assertEquals("second", read(store, "staging/x/k.parquet"));
        assertEquals(1, store.list("staging/").size());
    }

    @Test
    void listAndDeleteByPrefix() throws IOException {
        StagingStore store = store();
        put(store, "staging/backfill/t/f1/a.parquet", "a");
        put(store, "staging/backfill/t/f1/b.parquet", "b");
        put(store, "staging/backfill/t/f2/c.parquet", "c");
        put(store, "staging/backfill/u/f1/d.parquet", "d");

        assertEquals(List.of("staging/backfill/t/f1/a.parquet", "staging/backfill/t/f1/b.parquet"),
                store.list("staging/backfill/t/f1/"));
        assertTrue(store.exists("staging/backfill/t/f2/c.parquet"));

        assertEquals(3, store.deletePrefix("staging/backfill/t/"));
        assertEquals(List.of("staging/backfill/u/f1/d.parquet"), store.list("staging/"));
        assertFalse(Files.exists(dir.resolve("staging/backfill/t")), "emptied folders are removed too");
        assertEquals(dir.resolve("staging/backfill/u/f1/d.parquet").toString(), store.uri("staging/backfill/u/f1/d.parquet"));
    }

    @Test
    void keysCannotEscapeTheStagingFolder() {
        assertThrows(IllegalArgumentException.class, () -> store().create("../outside.parquet"));
    }

    @Test
    void unknownSchemeIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StagingStores.open(URI.create("s3://bucket/x"), Map.of()));
        assertTrue(e.getMessage().contains("s3://bucket/x"), e.getMessage());
    }
}
