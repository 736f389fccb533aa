package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.plan.AirflowInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §1's defaults of the common options: an option, else its environment variable, else the fixed default. */
class SettingsTest {
    @TempDir
    Path dir;

    private static Settings settings(CommonOptions options, Map<String, String> env) {
        return new Settings(options, env);
    }

    @Test
    void chunksAreFiveMillionRowsUnlessTold() {
        CommonOptions options = new CommonOptions();
        assertEquals(5_000_000L, settings(options, Map.of()).chunkRows());

        options.chunkRows = 1_000L;
        assertEquals(1_000L, settings(options, Map.of()).chunkRows());
    }

    /** Before the epoch or past year 9999 is a typo, which would otherwise fail in the source's SQL mid-run. */
    @Test
    void nowAndTheLogicalDateMustBeInstantsTheLoadsCanName() {
        CommonOptions options = new CommonOptions();
        options.now = "1970-01-01T00:00:00Z";
        assertEquals(java.time.Instant.EPOCH, settings(options, Map.of()).clock().instant());
        for (String bad : new String[] {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                "-0001-06-01T00:00:00+01:00"}) {
            options.now = bad;
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> settings(options, Map.of()).clock());
            assertEquals("--now: '" + bad + "' is not between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z",
                    e.getMessage());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> settings(new CommonOptions(), Map.of("DATE_INTERVAL_END", "0020-11-24T01:00:00Z"))
                        .logicalDate(Clock.systemUTC()));
        assertEquals("DATE_INTERVAL_END: '0020-11-24T01:00:00Z' is not between 1970-01-01T00:00:00Z and"
                + " 9999-12-31T23:59:59Z", e.getMessage());
    }

    @Test
    void aBlankLastLoadedIsNoPreviousLoadAsTheInputCheckReadsIt() {
        Settings settings = settings(new CommonOptions(), Map.of("LAST_LOADED", "  ", "HOURS", "12",
                "EXECUTION_DATE", "2024-01-02T00:00:00Z"));
        settings.checkRunInputs();

        AirflowInputs inputs = settings.airflowInputs(Clock.systemUTC());

        assertEquals(Optional.empty(), inputs.lastLoaded());
        assertEquals(12, inputs.requireHours());
    }

    @Test
    void theManifestIsTheOptionElseExtractManifestElseGitlabsManifestPath() {
        CommonOptions options = new CommonOptions();
        assertEquals(Path.of("manifests/gitlab_com_db_manifest.yaml"), settings(options, Map.of()).manifestPath());
        assertEquals(Path.of("manifests/gitlab_com_db_manifest.yaml"),
                settings(options, Map.of("EXTRACT_MANIFEST", " ")).manifestPath(), "blank is unset");
        assertEquals(Path.of("/etc/m.yaml"), settings(options, Map.of("EXTRACT_MANIFEST", "/etc/m.yaml")).manifestPath());

        options.manifest = Path.of("given.yaml");
        assertEquals(Path.of("given.yaml"), settings(options, Map.of("EXTRACT_MANIFEST", "/etc/m.yaml")).manifestPath());
    }

    @Test
    void theConfigIsTheOptionElseExtractConfigAndANamedOneMustExist() throws Exception {
        Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "staging: file:///tmp/x\n");
        Path fromOption = Files.writeString(dir.resolve("option.yaml"), "staging: file:///tmp/x\n");
        CommonOptions options = new CommonOptions();
        Map<String, String> env = Map.of("EXTRACT_CONFIG", fromEnv.toString());

        assertEquals(Optional.of(fromEnv), settings(options, env).configFile());
        options.config = fromOption;
        assertEquals(Optional.of(fromOption), settings(options, env).configFile(), "the option wins");

        options.config = dir.resolve("absent.yaml");
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> settings(options, env).configFile());
        assertEquals(dir.resolve("absent.yaml") + ": config file not found", missing.getMessage());
        CommonOptions unset = new CommonOptions();
        InvalidInputException missingFromEnv = assertThrows(InvalidInputException.class,
                () -> settings(unset, Map.of("EXTRACT_CONFIG", dir.resolve("gone.yaml").toString())).configFile());
        assertEquals(dir.resolve("gone.yaml") + ": config file not found", missingFromEnv.getMessage(),
                "a named config that is missing is an error, never the embedded default");
    }

    @Test
    void aTaskInstanceLongerThanSnowflakesQueryTagCanHoldIsRefusedWithTheOtherInputs() {
        InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                () -> settings(new CommonOptions(), Map.of("TASK_INSTANCE", "x".repeat(1_001))).checkRunInputs());

        assertEquals("environment variable TASK_INSTANCE is 1001 characters long; expected at most 1000",
                tooLong.getMessage());
        assertEquals(Optional.of("x".repeat(1_000)),
                settings(new CommonOptions(), Map.of("TASK_INSTANCE", "x".repeat(1_000))).taskInstance());
    }
}
