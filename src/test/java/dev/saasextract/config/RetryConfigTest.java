package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryConfigTest {
    @TempDir
    Path dir;

    private Path config(String retrySection) throws IOException {
        return ConfigWithSection.write(dir, retrySection);
    }

    private RetrySettings load(String retrySection, Map<String, String> env) throws IOException {
        return ExtractConfig.load(config(retrySection), env).retry();
    }

    @Test
    void fiveAttemptsFromOneSecondToThirtyUnlessWritten() throws IOException {
        assertEquals(new RetrySettings(5, Duration.ofSeconds(1), Duration.ofSeconds(30)), load("", Map.of()));
        assertEquals(RetrySettings.DEFAULT, load("", Map.of()));
    }

    @Test
    void readsEachKeyAndKeepsTheDefaultOfThoseLeftOut() throws IOException {
        assertEquals(new RetrySettings(2, Duration.ZERO, Duration.ofSeconds(30)),
                load("retry: { max_attempts: 2, initial_backoff: 0ms }", Map.of()));
        assertEquals(new RetrySettings(8, Duration.ofMillis(500), Duration.ofMinutes(2)),
                load("retry: { max_attempts: \"${RETRIES}\", initial_backoff: 500ms, max_backoff: 2min }",
                        Map.of("RETRIES", "8")));
        assertEquals(new RetrySettings(1, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                load("retry: { max_attempts: 1 }", Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "max_attempts: 0| retry.max_attempts: must be a whole number of attempts from 1 (no retries) to 100,"
                    + " got '0'",
            "max_attempts: 101| retry.max_attempts: must be a whole number of attempts from 1 (no retries) to 100,"
                    + " got '101'",
            "max_attempts: 2.5| retry.max_attempts: must be a whole number of attempts from 1 (no retries) to 100,"
                    + " got '2.5'",
            "max_attempts: many| retry.max_attempts: must be a whole number of attempts from 1 (no retries) to 100,"
                    + " got 'many'",
            "initial_backoff: 1| retry.initial_backoff: must be a duration such as 30s, 15min or 6h (units ms, s,"
                    + " min, h, d), from 0ms to 1h; got '1'",
            "max_backoff: 2h| retry.max_backoff: must be a duration such as 30s, 15min or 6h (units ms, s, min, h,"
                    + " d), from 0ms to 1h; got '2h'",
            "initial_backoff: 1min| retry.initial_backoff: must not exceed max_backoff (30s); got 1min",
            "attempts: 3| retry.attempts: unknown key (known here: initial_backoff, max_attempts, max_backoff)"})
    void aBadValueIsAOneLineConfigErrorNamingTheFileAndKey(String entry, String problem) throws IOException {
        Path file = config("retry: { " + entry + " }");

        ConfigException e = assertThrows(ConfigException.class, () -> ExtractConfig.load(file, Map.of()));

        assertEquals(file + ": " + problem, e.getMessage());
    }

    @Test
    void writtenAsYamlItLoadsBackUnchanged() throws IOException {
        ExtractConfig config = ExtractConfig.load(
                config("retry: { max_attempts: 3, initial_backoff: 250ms, max_backoff: 4s }"), Map.of());

        Path written = Files.writeString(dir.resolve("written.yaml"), config.toYaml());

        assertEquals(config.retry(), ExtractConfig.load(written, Map.of()).retry());
    }
}
