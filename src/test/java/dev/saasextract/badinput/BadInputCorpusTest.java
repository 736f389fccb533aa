package dev.saasextract.badinput;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code badinput/cases.yaml} through the CLI, in process, against a real source Postgres, a
 * fresh metadata database and an empty folder for staging, DuckDB and return.json: each must exit 2 with one line
 * on stderr naming the file, table or key at fault, print no stack trace, and leave all of them untouched.
 */
class BadInputCorpusTest {
    /** The kinds of bad input issue 8 lists, plus argument errors. */
    private static final Set<String> REQUIRED_KINDS = Set.of("missing-key", "extra-key", "wrong-type", "empty-file",
            "yaml-bomb", "unknown-load-type", "unknown-table", "key-not-returned", "non-integer-key", "unset-env",
            "bad-url", "negative-size", "bad-date", "missing-argument", "unknown-argument");

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger EXIT_2 = new AtomicInteger();
    private static final AtomicInteger ONE_LINE = new AtomicInteger();
    private static final AtomicInteger NOTHING_WRITTEN = new AtomicInteger();

    private static DataSource source;
    private static String sourceUrl;
    private static List<String> sourceRelations;

    @BeforeAll
    static void createSource() throws SQLException {
        String database = TestPostgres.newDatabase();
        source = TestPostgres.dataSource(database);
        sourceUrl = TestPostgres.jdbcUrl(database);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE issues (id bigint PRIMARY KEY, title text, updated_at timestamp);"
                    + " INSERT INTO issues SELECT g, 'issue ' || g, now() FROM generate_series(1, 20) g;"
                    + " CREATE TABLE projects (id integer PRIMARY KEY, name text);"
                    + " INSERT INTO projects VALUES (1, 'gitlab'), (2, 'gitaly');"
                    + " CREATE TABLE canary (alive text); INSERT INTO canary VALUES ('yes')");
        }
        sourceRelations = sourceRelations();
    }

    static List<BadInputCase> corpus() {
        return BadInputCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithOneLineAndWritesNothing(BadInputCase badInput, @TempDir Path folder) {
        String metadataDatabase = TestPostgres.newDatabase();
        Map<String, String> env = badInput.environment(environment(folder, metadataDatabase));

        CapturedRun run = CapturedRun.of(env, badInput.commandLine());

        List<String> stderr = run.stderrLines();
        List<String> traces = WriteTraces.in(folder, TestPostgres.dataSource(metadataDatabase));
        boolean exit2 = run.exitCode() == 2;
        boolean oneLine = stderr.size() == 1 && stderr.get(0).contains(badInput.expectedFragment());
        boolean nothingWritten = traces.isEmpty() && sourceUntouched();
        tally(exit2, oneLine, nothingWritten);

        assertAll(
                () -> assertEquals(2, run.exitCode(), run::toString),
                () -> assertEquals(1, stderr.size(), () -> "one line on stderr\n" + run),
                () -> assertTrue(stderr.stream().anyMatch(line -> line.contains(badInput.expectedFragment())),
                        () -> "expected <" + badInput.expectedFragment() + "> in\n" + run),
                () -> assertFalse(run.everything().contains("Exception"), run::toString),
                () -> assertFalse(run.everything().contains("at dev.") || run.everything().contains("\tat "),
                        run::toString),
                () -> assertEquals(List.of(), traces, "nothing written to the folder or the metadata database"),
                () -> assertTrue(sourceUntouched(), "the source keeps its tables and its canary row"));
    }

    /** The checks above can fail: a good run, through the same harness, leaves traces everywhere they look. */
    @Test
    void aValidRunLeavesTracesTheCorpusChecksWouldSee(@TempDir Path folder) {
        String metadataDatabase = TestPostgres.newDatabase();
        BadInputCase valid = new BadInputCase("valid", "none", "none", BadInputCase.CORPUS.resolve("valid/manifest.yaml"),
                BadInputCase.CORPUS.resolve("valid/extract.yaml"), List.of("--table", "projects"), Map.of(), "");

        CapturedRun run = CapturedRun.of(environment(folder, metadataDatabase), valid.commandLine());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> traces = WriteTraces.in(folder, TestPostgres.dataSource(metadataDatabase));
        assertTrue(traces.contains("file warehouse.duckdb"), traces::toString);
        assertTrue(traces.contains("schema saas_db_metadata"), traces::toString);
        assertTrue(traces.contains("relation saas_db_metadata.backfill_metadata"), traces::toString);
        assertTrue(traces.stream().anyMatch(t -> t.startsWith("file staging")), traces::toString);
    }

    @Test
    void theCorpusCoversEveryKindOfBadInputOfIssue8() {
        List<BadInputCase> corpus = BadInputCase.all();
        Set<String> kinds = corpus.stream().map(BadInputCase::kind).collect(Collectors.toCollection(TreeSet::new));
        Set<String> names = corpus.stream().map(BadInputCase::name).collect(Collectors.toSet());

        assertTrue(corpus.size() >= 30, "cases: " + corpus.size());
        assertEquals(corpus.size(), names.size(), "case names are unique");
        assertTrue(kinds.containsAll(REQUIRED_KINDS), "missing kinds: " + REQUIRED_KINDS.stream()
                .filter(kind -> !kinds.contains(kind)).toList());
    }

    @AfterAll
    static void printSummary() {
        System.out.printf("bad-input corpus: cases=%d exit2=%d one-line=%d nothing-written=%d%n", CASES.get(),
                EXIT_2.get(), ONE_LINE.get(), NOTHING_WRITTEN.get());
    }

    private static void tally(boolean exit2, boolean oneLine, boolean nothingWritten) {
        CASES.incrementAndGet();
        if (exit2) {
            EXIT_2.incrementAndGet();
        }
        if (oneLine) {
            ONE_LINE.incrementAndGet();
        }
        if (nothingWritten) {
            NOTHING_WRITTEN.incrementAndGet();
        }
    }

    /** Where a run of a case may reach: the shared source, the case's own metadata database and folder. */
    private static Map<String, String> environment(Path folder, String metadataDatabase) {
        return Map.of(
                "SOURCE_URL", sourceUrl,
                "SOURCE_USER", "postgres",
                "SOURCE_PASSWORD", "corpus-password-never-printed",
                "METADATA_URL", TestPostgres.jdbcUrl(metadataDatabase),
                "STAGING_URI", folder.resolve("staging").toUri().toString(),
                "WAREHOUSE_URL", "jdbc:duckdb:" + folder.resolve("warehouse.duckdb"),
                "EXTRACT_XCOM_FILE", folder.resolve("return.json").toString());
    }

    private static boolean sourceUntouched() {
        return sourceRelations().equals(sourceRelations)
                && WriteTraces.rows(source, "SELECT alive FROM canary").equals(List.of("yes"));
    }

    private static List<String> sourceRelations() {
        return WriteTraces.rows(source, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                + " ORDER BY 1");
    }
}
