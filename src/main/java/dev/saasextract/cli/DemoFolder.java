package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo's folder, emptied before every demo run. Only a folder the demo or the embedded default made is emptied:
 * {@code --dir} names any path, and a typo must not delete someone's files.
 */
final class DemoFolder {
    /** Written into every folder the demo makes. */
    static final String MARKER = ".saas-extract-demo";
    /** What the embedded default writes under its folder (ExtractConfig.embeddedDefault), before demos left a marker. */
    private static final Set<String> EMBEDDED_DEFAULT_ENTRIES = Set.of("postgres", "staging", "warehouse.duckdb",
            "warehouse.duckdb.wal", "extract.yaml", "manifest.yaml");

    private DemoFolder() {
    }

    /**
     * Empties {@code dir} if it is the demo's, creates it if missing, and marks it as the demo's. The folder itself
     * stays: it may be the current one ({@code --dir .}), which cannot be deleted.
     */
    static void reset(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            refuseUnlessTheDemos(dir);
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    if (!path.equals(dir)) {
                        Files.delete(path);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(MARKER));
    }

    private static void refuseUnlessTheDemos(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(dir, "is not a folder");
        }
        if (Files.exists(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> entries;
        try (Stream<Path> children = Files.list(dir)) {
            entries = children.map(child -> child.getFileName().toString()).sorted().toList();
        }
        if (entries.isEmpty()) {
            return;
        }
        Optional<String> foreign = entries.stream().filter(name -> !EMBEDDED_DEFAULT_ENTRIES.contains(name)).findFirst();
        if (foreign.isPresent()) {
            throw refused(dir, "holds '" + foreign.get() + "', which the demo did not write");
        }
        if (!Files.isRegularFile(dir.resolve("postgres").resolve("PG_VERSION"), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(dir, "holds no embedded Postgres of an earlier run");
        }
    }

    private static InvalidInputException refused(Path dir, String why) {
        return new InvalidInputException("--dir " + dir + ": " + why + "; the demo empties its folder before every"
                + " run, so it takes only a new or empty folder, or one an earlier demo made");
    }
}
