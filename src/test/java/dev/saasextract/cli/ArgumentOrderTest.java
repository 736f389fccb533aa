package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentOrderTest {

    @Test
    void anOptionBeforeTheCommandNameIsRefusedInsteadOfSilentlyIgnored() {
        CliRun run = CliRun.of(Map.of(), "--config", "/nonexistent/extract.yaml", "status");

        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode(), run.err());
        assertEquals("extract: --config must follow the command name: extract status --config … (see 'extract"
                + " --help')", run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void aDriverMessageThatGoesOnAfterItsFirstLineIsNotRepeated() {
        Exception driver = new Exception("ERROR: relation \"issues\" does not exist\n  Position: 507");
        RuntimeException wrapped = new RuntimeException("ERROR: relation \"issues\" does not exist", driver);

        assertEquals("ERROR: relation \"issues\" does not exist", ExtractCli.oneLine(wrapped));
        assertTrue(ExtractCli.oneLine(new RuntimeException("table t: cannot read", driver))
                .endsWith("cannot read: ERROR: relation \"issues\" does not exist Position: 507"));
    }
}
