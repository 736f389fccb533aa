package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken extract.yaml under config/bad/ is refused with one line naming the file and the key path. */
class BadConfigTest {

    private static final Path BAD = Path.of("src/test/resources/config/bad");
    private static final Map<String, String> ENV = Map.of(
            "GITLAB_COM_DB_USER", "extractor",
            "GITLAB_COM_DB_PASS", "s3cret-from-env");

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("empty.yaml", ": is empty"),
                Arguments.of("syntax-error.yaml", ": line 2: expected ',' or '}'"),
                Arguments.of("unquoted-reference-in-flow-mapping.yaml", ": line 1: expected ',' or '}', but got {;"
                        + " quote ${NAME} references inside { } or [ ]: user: \"${NAME}\""),
                Arguments.of("duplicate-key.yaml", ": line 5: Duplicate field 'staging'"),
                Arguments.of("unknown-top-level-key.yaml",
                        ": stageing: unknown key (known here: internal_lists, metadata, retry, source, staging, warehouse)"),
                Arguments.of("unknown-source-key.yaml", ": source.username: unknown key (known here: database, "
                        + "embedded, password, statement_timeout, url, user)"),
                Arguments.of("metadata-missing.yaml", ": metadata: is required"),
                Arguments.of("source-not-mapping.yaml", ": source: must be a mapping, got \"jdbc:postgresql:"),
                Arguments.of("source-url-not-postgres.yaml", ": source.url: must start with jdbc:postgresql:"),
                Arguments.of("source-url-and-embedded.yaml",
                        ": source: takes url or embedded, not both"),
                Arguments.of("metadata-neither-url-nor-embedded.yaml",
                        ": metadata: needs url (jdbc:postgresql://...) or embedded (a folder for an embedded Postgres)"),
                Arguments.of("source-url-without-database.yaml", ": source.url: must name the database"),
                Arguments.of("password-in-url.yaml", ": source.url: must not carry a password"),
                Arguments.of("credentials-before-host.yaml", ": source.url: must not carry credentials before the host"),
                Arguments.of("snowflake-credentials-before-host.yaml",
                        ": warehouse.url: must not carry credentials before the host"),
                Arguments.of("snowflake-token-in-url.yaml", ": warehouse.url: must not carry a password or token"),
                Arguments.of("staging-signed-url.yaml", ": staging: must be a gs:// or file:// URI, got"
                        + " 'https://storage.googleapis.com/saas-pipeline-backfills…'"),
                Arguments.of("staging-gs-with-query.yaml", ": staging: must not have a ?query or #fragment"),
                Arguments.of("staging-invalid-uri.yaml", ": staging: is not a valid URI: Illegal character in query at"
                        + " character 49"),
                Arguments.of("two-users.yaml", ": source.url: names user 'readonly' but source.user is 'extractor'; the"
                        + " URL's would win: keep one"),
                Arguments.of("embedded-with-password.yaml", ": source.password: is not used with embedded"),
                Arguments.of("embedded-without-database.yaml", ": source.database: is required"),
                Arguments.of("password-number.yaml",
                        ": source.password: must be a string such as \"${NAME}\", got a number"),
                Arguments.of("staging-s3.yaml",
                        ": staging: must be a gs:// or file:// URI, got 's3://saas-pipeline-backfills'"),
                Arguments.of("staging-gs-without-bucket.yaml", ": staging: gs:// needs a bucket"),
                Arguments.of("staging-relative-file.yaml", ": staging: file:// needs an absolute local path"),
                Arguments.of("staging-with-credentials.yaml", ": staging: must not carry credentials"),
                Arguments.of("embedded-blank.yaml", ": metadata.embedded: must not be empty"),
                Arguments.of("staging-list.yaml", ": staging: must be a string, got a list"),
                Arguments.of("duckdb-with-gcs-staging.yaml", ": staging: DuckDB (warehouse.url jdbc:duckdb:...) reads"
                        + " staged files from a local folder only; use file:///some/dir"),
                Arguments.of("snowflake-with-local-staging.yaml",
                        ": staging: Snowflake loads staged files from GCS only; use gs://bucket"),
                Arguments.of("duckdb-with-user.yaml",
                        ": warehouse.user: is not used with DuckDB, which takes no credentials"),
                Arguments.of("snowflake-without-user.yaml",
                        ": warehouse.user: is required for Snowflake (or user= in the url)"),
                Arguments.of("snowflake-without-password.yaml", ": warehouse.password: is required for Snowflake,"
                        + " as \"${NAME}\" (or private_key_file, or an authenticator= in the url)"),
                Arguments.of("snowflake-port-abc.yaml",
                        ": warehouse.url: port must be a number from 1 to 65535, got 'abc'"),
                Arguments.of("snowflake-no-host.yaml", ": warehouse.url: must name the account's host:"
                        + " jdbc:snowflake://<account>.snowflakecomputing.com/?db=RAW&..."),
                Arguments.of("duckdb-in-memory.yaml", ": warehouse.url: names an in-memory DuckDB, which keeps nothing"
                        + " after the run; name a file, e.g. jdbc:duckdb:warehouse.duckdb"),
                Arguments.of("duckdb-in-memory-named.yaml", ": warehouse.url: names an in-memory DuckDB"),
                Arguments.of("warehouse-url-not-supported.yaml",
                        ": warehouse.url: must start with jdbc:duckdb: or jdbc:snowflake:"),
                Arguments.of("unset-variable.yaml",
                        ": source.password: environment variable GITLAB_COM_DB_PASSWORD is not set"),
                Arguments.of("unclosed-reference.yaml", ": staging: ${ is not closed (write $${ for a literal ${)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void isRefusedWithOneLineNamingFileAndKey(String fixture, String expected) {
        Path file = BAD.resolve(fixture);

        ConfigException error = assertThrows(ConfigException.class, () -> ExtractConfig.load(file, ENV));

        String message = error.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains(expected), () -> "expected <" + expected + "> in <" + message + ">");
        assertEquals(1, message.lines().count(), message);
        // --verbose prints the causes too
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage());
            assertFalse(text.contains("hunter2") || text.contains("12345") || text.contains("s3cret"), text);
        }
    }

    /** A config given as a pipe (--config <(...)) can be read once only, also when it is refused. */
    @Test
    // a second open of the pipe would wait for a writer for ever, in a read no interrupt ends
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRefusedConfigReadFromAPipeIsNotOpenedAgain(@TempDir Path dir) throws Exception {
        Path pipe = dir.resolve("extract.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(pipe)) {
                Files.copy(BAD.resolve("unquoted-reference-in-flow-mapping.yaml"), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();

        ConfigException error = assertThrows(ConfigException.class, () -> ExtractConfig.load(pipe, ENV));

        assertTrue(error.getMessage().endsWith("quote ${NAME} references inside { } or [ ]: user: \"${NAME}\""),
                error.getMessage());
        writer.join();
    }

    @Test
    void everyFixtureIsCovered() throws IOException {
        Set<String> covered = badConfigs().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(BAD)) {
            assertEquals(files.map(path -> path.getFileName().toString()).collect(Collectors.toSet()), covered);
        }
    }
}
