package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/bench.d/gitlab_chunks.py} does GitLab's per-chunk work; runs where Debian's pandas is installed. */
class GitlabEmulationScriptTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("scripts/bench.d/gitlab_chunks.py");

    @TempDir
    Path dir;

    @BeforeAll
    static void pandasIsInstalled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import pandas")).exitCode == 0,
                "Debian's python3-pandas is not installed (scripts/bench installs it)");
    }

    @Test
    void reportsEveryRowReadAndTheTimeSpentEnriching() throws Exception {
        Path csv = csv("id,file\n1,a\n2,b\n3,c\n");

        Result result = run(List.of(PYTHON, SCRIPT.toString(), csv.toString()));

        assertEquals(0, result.exitCode, result.output);
        PandasRun run = PandasRun.parse(result.output);
        assertEquals(3, run.rows());
        assertTrue(Double.isFinite(run.enrichSeconds()) && run.enrichSeconds() >= 0, result.output);
    }

    @Test
    void enrichmentReplacesTabsInStringsAndAddsTheUploadTime() throws Exception {
        Path csv = csv("id,file\n1,\"a\tb\"\n2,plain\n");

        Result result = run(List.of(PYTHON, SCRIPT.toString(), "--show", csv.toString()));

        assertEquals(0, result.exitCode, result.output);
        List<String> lines = result.output.strip().lines().toList();
        assertEquals("id,file,_uploaded_at", lines.get(0));
        assertTrue(lines.get(1).startsWith("1,a    b,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,plain,"), lines.get(2));
        double uploadedAt = Double.parseDouble(lines.get(1).substring(lines.get(1).lastIndexOf(',') + 1));
        assertEquals(System.currentTimeMillis() / 1000.0, uploadedAt, 600);
    }

    private Path csv(String content) throws IOException {
        return Files.writeString(dir.resolve("spooled.csv"), content, StandardCharsets.UTF_8);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python did not finish: " + command);
        return new Result(process.exitValue(), output);
    }
}
