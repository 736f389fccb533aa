package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void theDemoSaysItIgnoresTheConfigurationAndManifestItWritesItself() {
        CliRun run = CliRun.of(Map.of(), "demo", "--config", "/nonexistent/extract.yaml", "--manifest", "m.yaml",
                "--dir", "/nonexistent/demo", "--rows", "-1");

        assertEquals(List.of(
                "extract demo: --config /nonexistent/extract.yaml is ignored: the demo writes its own configuration to"
                        + " /nonexistent/demo/extract.yaml",
                "extract demo: --manifest m.yaml is ignored: the demo writes its own manifest to"
                        + " /nonexistent/demo/manifest.yaml",
                "extract: --rows: must not be negative, got -1"), run.err().lines().toList());
        assertEquals(ExtractCli.INVALID_INPUT, run.exitCode());
    }

    @Test
    void aFileSystemFailureWhoseMessageIsOnlyItsPathSaysWhatWentWrong() {
        RuntimeException staging = new java.io.UncheckedIOException("table T: cannot stage k.parquet: /proc/nope",
                new java.nio.file.NoSuchFileException("/proc/nope"));
        RuntimeException denied = new RuntimeException("cannot purge staged files under staging/",
                new java.nio.file.AccessDeniedException("/var/lib/saas-extract/staging"));
        RuntimeException withReason = new RuntimeException("cannot stage",
                new java.nio.file.FileSystemException("/d", null, "Read-only file system"));

        assertEquals("table T: cannot stage k.parquet: /proc/nope (no such file or directory)",
                ExtractCli.oneLine(staging));
        assertEquals("cannot purge staged files under staging/: /var/lib/saas-extract/staging (permission denied)",
                ExtractCli.oneLine(denied));
        assertEquals("cannot stage: /d: Read-only file system", ExtractCli.oneLine(withReason), "its reason says it");
    }

    @Test
    void aDriverMessageThatGoesOnAfterItsFirstLineIsNotRepeated() {
        Exception driver = new Exception("ERROR: relation \"issues\" does not exist\n  Position: 507");
        RuntimeException wrapped = new RuntimeException("ERROR: relation \"issues\" does not exist", driver);

        assertEquals("ERROR: relation \"issues\" does not exist", ExtractCli.oneLine(wrapped));
        assertTrue(ExtractCli.oneLine(new RuntimeException("table t: cannot read", driver))
                .endsWith("cannot read: ERROR: relation \"issues\" does not exist Position: 507"));
    }

    @Test
    void anExceptionWithoutAMessageIsNamedByItsClass() {
        assertEquals("IllegalStateException", ExtractCli.oneLine(new IllegalStateException()));
        assertEquals("IllegalStateException", ExtractCli.oneLine(new IllegalStateException(" ")), "never a blank line");
    }
}
