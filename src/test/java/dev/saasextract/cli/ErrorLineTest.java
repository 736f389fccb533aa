package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line that ends a refused run, in both log formats (exit-1 failures: {@code SecretsNeverPrintedTest}). */
class ErrorLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void inJsonModeARefusalIsOneJsonObjectWithItsLevelAndExitCode() throws Exception {
        Path manifest = dir.resolve("absent.yaml");
        CliRun run = CliRun.of(Map.of(), "--table", "issues", "--manifest", manifest.toString(), "--log-format",
                "json");

        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run::toString);
        JsonNode line = onlyLine(run);
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("exit", line.get("event").asText());
        assertEquals(2, line.get("exit_code").asInt());
        assertEquals("extract: " + manifest + ": no such file", line.get("message").asText());
        assertTrue(Instant.parse(line.get("time").asText()).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
        assertNull(line.get("stack_trace"), "no stack trace without --verbose");
    }

    @Test
    void withVerboseTheStackTraceIsAFieldOfTheSameLine() throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), "tables: [");
        CliRun run = CliRun.of(Map.of(), "--table", "issues", "--manifest", manifest.toString(), "--log-format",
                "json", "--verbose");

        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run::toString);
        JsonNode line = onlyLine(run);
        assertTrue(line.get("message").asText().startsWith("extract: " + manifest), line::toString);
        assertEquals("ManifestException", line.get("error_class").asText(), line::toString);
        assertTrue(line.get("stack_trace").asText().contains("\tat dev.saasextract."), line::toString);
    }

    @Test
    void aYamlSyntaxErrorSaysWhereAndWhatOnceWithoutTheParsersReportAfterIt() throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.yaml"), "tables:\n  issues:\n    import_query: [\n");
        CliRun run = CliRun.of(Map.of(), "--table", "issues", "--manifest", manifest.toString());

        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run::toString);
        assertEquals("extract: " + manifest + ": line 4: expected the node content, but found '<stream end>'",
                run.err().strip());
    }

    @Test
    void aUsageErrorIsJsonWhateverWayTheFormatIsGiven() throws Exception {
        for (List<String> format : List.of(List.of("--log-format", "json"), List.of("--log-format=JSON"))) {
            List<String> args = new ArrayList<>(List.of("status", "--no-such-option"));
            args.addAll(format);
            CliRun run = CliRun.of(Map.of(), args.toArray(String[]::new));

            assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run::toString);
            JsonNode line = onlyLine(run);
            assertTrue(line.get("message").asText().contains("--no-such-option"), line::toString);
            assertEquals(2, line.get("exit_code").asInt());
        }
    }

    @Test
    void inTextModeTheLineIsPlain() {
        CliRun run = CliRun.of(Map.of(), "--table", "issues", "--manifest", dir.resolve("absent.yaml").toString());

        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run::toString);
        assertEquals("extract: " + dir.resolve("absent.yaml") + ": no such file", run.errorLine());
        assertFalse(run.err().contains("{"), run::toString);
    }

    private static JsonNode onlyLine(CliRun run) throws Exception {
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        return JSON.readTree(lines.get(0));
    }
}
