package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract demo --dir}: only a folder the demo or the embedded default made is emptied. */
class DemoFolderTest {
    @TempDir
    Path tmp;

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewOrEmptyFolderIsMadeTheDemos() throws IOException {
        Path missing = tmp.resolve("a/demo");
        Path empty = Files.createDirectory(tmp.resolve("empty"));

        DemoFolder.reset(missing);
        DemoFolder.reset(empty);

        assertEquals(List.of(DemoFolder.MARKER), entries(missing));
        assertEquals(List.of(DemoFolder.MARKER), entries(empty));
    }

    @Test
    void aFolderAnEarlierDemoMadeIsEmptied() throws IOException {
        Path dir = tmp.resolve("demo");
        DemoFolder.reset(dir);
        Files.createDirectories(dir.resolve("staging/backfill"));
        Files.writeString(dir.resolve("staging/backfill/1.parquet"), "rows");
        Files.writeString(dir.resolve("notes.txt"), "anything the demo's own folder holds");

        DemoFolder.reset(dir);

        assertEquals(List.of(DemoFolder.MARKER), entries(dir));
    }

    @Test
    void aFolderTheEmbeddedDefaultMadeBeforeMarkersIsEmptied() throws IOException {
        Path dir = tmp.resolve("demo");
        Files.createDirectories(dir.resolve("postgres"));
        Files.writeString(dir.resolve("postgres/PG_VERSION"), "17\n");
        Files.createDirectories(dir.resolve("staging"));
        Files.writeString(dir.resolve("warehouse.duckdb"), "db");

        DemoFolder.reset(dir);

        assertEquals(List.of(DemoFolder.MARKER), entries(dir));
    }

    @Test
    void theFolderItselfStaysSoThatTheCurrentOneCanBeTheDemos() throws IOException {
        Path dir = tmp.resolve("demo");
        DemoFolder.reset(dir);
        Files.writeString(dir.resolve("notes.txt"), "from the last demo");
        Path dot = dir.resolve(".");

        DemoFolder.reset(dot);

        assertEquals(List.of(DemoFolder.MARKER), entries(dir));
    }

    @Test
    void aFileIsRefusedAndKept() throws IOException {
        Path file = Files.writeString(tmp.resolve("passwd"), "root:x:0:0");

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> DemoFolder.reset(file));

        assertEquals("--dir " + file + ": is not a folder; the demo empties its folder before every run, so it takes"
                + " only a new or empty folder, or one an earlier demo made", refused.getMessage());
        assertEquals("root:x:0:0", Files.readString(file));
    }

    @Test
    void someoneElsesFolderIsRefusedAndKept() throws IOException {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(home.resolve("extract.yaml"), "mine");
        Files.writeString(home.resolve("thesis.tex"), "mine too");
        Path lookalike = Files.createDirectory(tmp.resolve("configs"));
        Files.writeString(lookalike.resolve("extract.yaml"), "a real config");
        Files.writeString(lookalike.resolve("manifest.yaml"), "a real manifest");

        InvalidInputException foreign = assertThrows(InvalidInputException.class, () -> DemoFolder.reset(home));
        InvalidInputException noPostgres = assertThrows(InvalidInputException.class,
                () -> DemoFolder.reset(lookalike));

        assertTrue(foreign.getMessage().startsWith("--dir " + home + ": holds 'thesis.tex', which the demo did not"
                + " write;"), foreign.getMessage());
        assertTrue(noPostgres.getMessage().startsWith("--dir " + lookalike + ": holds no embedded Postgres of an"
                + " earlier run;"), noPostgres.getMessage());
        assertEquals(List.of("extract.yaml", "thesis.tex"), entries(home));
        assertEquals(List.of("extract.yaml", "manifest.yaml"), entries(lookalike));
    }
}
