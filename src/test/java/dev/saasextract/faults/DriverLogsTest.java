package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snowflake-jdbc logs through java.util.logging, straight to stderr, unless told otherwise: past {@code --log-format
 * json}, the levels and whatever the tool keeps out of its lines. The driver picks its logger once per process, when
 * its first class loads, so only a fresh process shows which one it took.
 */
class DriverLogsTest {
    @TempDir
    Path dir;

    @Test
    void theSnowflakeDriversLinesAreTheToolsJsonLogLines() throws Exception {
        SourceTable table = SourceTable.byDate("driver_logs");
        ChildRig rig = new ChildRig(dir, table);
        rig.sourceSql(table.createSql(10));
        // nothing listens on 127.0.0.1:1: the driver logs its refused login, with no DNS or outside network involved
        Files.writeString(rig.config, Files.readString(rig.config)
                .replaceFirst("staging: .*", "staging: gs://saas-extract-driver-logs-test")
                .replaceFirst("warehouse: \\{[^}]*}", "warehouse: { url: \"jdbc:snowflake://"
                        + "127.0.0.1:1/?account=account&loginTimeout=1\", user: LOADER, password: not-a-secret }"));

        ChildExtract.Outcome run = ChildExtract.run(rig.config, rig.manifest,
                List.of("--table", table.spec().key(), "--log-format", "json"), 0);

        String output = String.join("\n", run.output());
        assertNotEquals(0, run.exitCode(), output);
        List<String> foreign = run.output().stream()
                .filter(line -> !line.startsWith("{\"") && !line.startsWith("extract: "))
                .toList();
        assertEquals(List.of(), foreign, output);
        assertTrue(output.contains("\"logger\":\"net.snowflake."), "the driver's warning is a log line: " + output);
    }
}
