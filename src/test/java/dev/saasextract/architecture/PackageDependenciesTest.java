package dev.saasextract.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dependency rules of the package layout, checked on the sources. */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/saasextract");

    private static List<String> violations(String pkg, Pattern forbidden) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .filter(line -> forbidden.matcher(line).find())
                                    .map(line -> p.getFileName() + ": " + line.strip());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    @Test
    void planIsPureNoJdbcNoIoNoSystemClock() throws IOException {
        assertFalse(Files.list(MAIN.resolve("plan")).findAny().isEmpty(), "the plan package exists");
        assertEquals(List.of(), violations("plan",
                Pattern.compile("import java\\.(sql|io|nio)\\.|Instant\\.now\\(|Clock\\.system|System\\.currentTimeMillis")));
    }

    @Test
    void adaptersDoNotImportEachOtherNorTheOrchestration() throws IOException {
        Pattern orchestration = Pattern.compile("import dev\\.saasextract\\.(cli|load|status|demo)\\.");
        for (String adapter : List.of("source", "parquet", "stage", "metadata", "warehouse", "manifest", "config", "plan")) {
            assertEquals(List.of(), violations(adapter, orchestration), adapter);
        }
        assertEquals(List.of(), violations("source", Pattern.compile("import dev\\.saasextract\\.(parquet|stage|metadata|warehouse)\\.")));
        assertEquals(List.of(), violations("warehouse", Pattern.compile("import dev\\.saasextract\\.(source|parquet|stage|metadata)\\.")));
        assertEquals(List.of(), violations("metadata", Pattern.compile("import dev\\.saasextract\\.(source|parquet|stage|warehouse)\\.")));
        assertEquals(List.of(), violations("parquet", Pattern.compile("import dev\\.saasextract\\.(source|metadata|warehouse)\\.")));
    }

    @Test
    void onlyTheFactoriesNameConcreteBackends() throws IOException {
        assertEquals(List.of(), violations("load", Pattern.compile("DuckDbDialect|LocalStagingStore|EmbeddedPostgres")));
    }
}
