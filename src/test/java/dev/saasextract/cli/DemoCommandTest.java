package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, small: the whole job on embedded parts, two days, then verify and the deletes flags. */
class DemoCommandTest {
    private static final Pattern DELETED_AT_SOURCE = Pattern.compile("inserted and ([0-9,]+) deleted;");
    private static final Pattern FLAGGED = Pattern.compile("(?m)^true \\| (\\d+) \\| (\\d+) \\|");
    private static final Pattern STEP_LINE = Pattern.compile("(?m)^done: table=\\S+ action=\\S+ rows=\\d+ files=\\d+");

    @TempDir
    Path dir;

    @Test
    void aSmallDemoRunsBothDaysAndEveryTableVerifiesEqual() throws Exception {
        CliRun run = CliRun.of(Map.of(), "demo", "--rows", "3000", "--dir", dir.toString());

        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.startsWith("== saas-extract demo under " + dir + ": "), out);
        for (String table : List.of("ci_job_artifacts -> GITLAB_DB_CI_JOB_ARTIFACTS",
                "merge_request_diff_commits -> GITLAB_DB_MERGE_REQUEST_DIFF_COMMITS",
                "ci_build_trace_chunks -> GITLAB_DB_CI_BUILD_TRACE_CHUNKS")) {
            assertTrue(out.contains(table + ": equal"), table + " is verified equal to its source:\n" + out);
        }
        Matcher deleted = DELETED_AT_SOURCE.matcher(out);
        Matcher flagged = FLAGGED.matcher(out);
        assertTrue(deleted.find() && flagged.find(), out);
        long deletedAtSource = Long.parseLong(deleted.group(1).replace(",", ""));
        assertTrue(deletedAtSource > 0, out);
        assertEquals(deletedAtSource, Long.parseLong(flagged.group(2)),
                "every deleted artifact is flagged, once (at 3,000 rows all of them were loaded on day 1)");

        Matcher steps = STEP_LINE.matcher(out);
        int stepLines = 0;
        while (steps.find()) {
            stepLines++;
        }
        assertEquals(8, stepLines, "day 1: three backfills and the artifacts' deletes; day 2: three loads and deletes");
        assertTrue(out.contains("  backfill: no backfill needed"), "day 2's plans: " + out);
        assertTrue(Files.isRegularFile(dir.resolve("warehouse.duckdb")) && Files.isRegularFile(dir.resolve("extract.yaml")),
                "the demo keeps its warehouse and config under --dir");

        CliRun validate = CliRun.of(Map.of(), "validate", "--check-connections", "--config",
                dir.resolve("extract.yaml").toString(), "--manifest", dir.resolve("manifest.yaml").toString());
        assertEquals(0, validate.exitCode(), "every query of the shipped manifest is described: " + validate);
        assertTrue(validate.out().contains("connections: source, metadata, staging and warehouse reachable"),
                validate.out());
    }
}
