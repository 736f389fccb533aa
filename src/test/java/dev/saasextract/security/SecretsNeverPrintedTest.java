package dev.saasextract.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.badinput.CapturedRun;
import dev.saasextract.errors.ConfigException;
import dev.saasextract.stage.StagingStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Passwords, passphrases and key material set through {@code ${ENV}} never appear in anything a run prints: stdout,
 * stderr, the log in text and JSON (with {@code --verbose}, so stack traces too), plan/status/validate output and
 * return.json, whether the run fails at the source, the metadata database or the warehouse, or succeeds. The
 * Postgres here asks for passwords (scram-sha-256), so a wrong one really is sent and refused.
 */
class SecretsNeverPrintedTest {
    private static final String SOURCE_SECRET = "src-Secr3t-7a41";
    private static final String WRONG_SOURCE_SECRET = "wrong-src-Secr3t-2d77";
    private static final String METADATA_SECRET = "meta-Secr3t-19c2";
    private static final String WRONG_METADATA_SECRET = "wrong-meta-Secr3t-81f0";
    private static final String SNOWFLAKE_PASSPHRASE = "sf-Passphrase-55e0";
    private static final String SNOWFLAKE_KEY = Base64.getEncoder().encodeToString(
            "snowflake-key-material-3c1e".getBytes(StandardCharsets.UTF_8));
    private static final String GCS_KEY = "gcs-PrivateKey-0b9d";
    private static final List<String> SECRETS = List.of(SOURCE_SECRET, WRONG_SOURCE_SECRET, METADATA_SECRET,
            WRONG_METADATA_SECRET, SNOWFLAKE_PASSPHRASE, SNOWFLAKE_KEY, GCS_KEY);

    private static final String STACK_TRACE = "\tat dev.saasextract.";

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    private final List<String> printed = new ArrayList<>();
    private Map<String, String> env;

    @BeforeAll
    static void startPostgresThatAsksForPasswords() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(data -> writeHba(data.toPath().resolve("pg_hba.conf")))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE extractor LOGIN PASSWORD '" + SOURCE_SECRET + "'");
            s.execute("CREATE ROLE meta_writer LOGIN PASSWORD '" + METADATA_SECRET + "'");
            s.execute("CREATE DATABASE gitlab");
            s.execute("CREATE DATABASE saas_meta OWNER meta_writer");
        }
        try (Connection c = postgres.getDatabase("postgres", "gitlab").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE issues (id bigint PRIMARY KEY, title text, updated_at timestamp);"
                    + " INSERT INTO issues SELECT g, 'issue ' || g, now() FROM generate_series(1, 5) g;"
                    + " GRANT SELECT ON issues TO extractor");
        }
    }

    private static void writeHba(Path hba) {
        try {
            Files.writeString(hba, """
                    local all all                  trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128      trust
                    host  all all      127.0.0.1/32 scram-sha-256
                    host  all all      ::1/128      scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hba, e);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        Path gcsKey = Files.writeString(dir.resolve("gcs-key.json"), "{\"type\": \"service_account\","
                + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + GCS_KEY + "\\n-----END PRIVATE KEY-----\"}");
        env = new HashMap<>(Map.of("SOURCE_PASS", SOURCE_SECRET, "META_PASS", METADATA_SECRET,
                "SNOWFLAKE_KEY_PASSPHRASE", SNOWFLAKE_PASSPHRASE, "EXTRACT_GCS_KEY_FILE", gcsKey.toString(),
                "EXTRACT_XCOM_FILE", dir.resolve("return.json").toString()));
        Files.writeString(dir.resolve("manifest.yaml"), """
                tables:
                  issues:
                    export_table: issues
                    export_table_primary_key: id
                    import_db: GITLAB_DB
                    import_query: SELECT id, title, updated_at FROM issues WHERE updated_at > '{BEGIN_TIMESTAMP}'::timestamp
                """);
        Files.writeString(dir.resolve("extract.yaml"), databases() + """
                staging:   "%s"
                warehouse: { url: "jdbc:duckdb:%s" }
                """.formatted(dir.resolve("staging").toUri(), dir.resolve("warehouse.duckdb")));
        Path snowflakeKey = Files.writeString(dir.resolve("snowflake_rsa_key.p8"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + SNOWFLAKE_KEY + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("snowflake.yaml"), databases() + """
                staging:   gs://saas-extract-secrets-test
                warehouse:
                  url: "jdbc:snowflake://127.0.0.1:9/?db=RAW&warehouse=LOADING&role=LOADER&loginTimeout=5"
                  user: LOADER
                  private_key_file: "%s"
                  password: "${SNOWFLAKE_KEY_PASSPHRASE}"
                """.formatted(snowflakeKey));
    }

    private static String databases() {
        return """
                source:    { url: "jdbc:postgresql://localhost:%1$d/gitlab", user: extractor, password: "${SOURCE_PASS}" }
                metadata:  { url: "jdbc:postgresql://localhost:%1$d/saas_meta", user: meta_writer, password: "${META_PASS}" }
                """.formatted(postgres.getPort());
    }

    @AfterEach
    void restoreTextLogsAtInfo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("dev.saasextract").setLevel(null);
        if (context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")
                instanceof ConsoleAppender<ILoggingEvent> console) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
            text.start();
            console.stop();
            console.setEncoder(text);
            console.start();
        }
    }

    @Test
    void aWrongSourcePasswordIsRefusedWithoutBeingPrinted() {
        env.put("SOURCE_PASS", WRONG_SOURCE_SECRET);

        for (String format : List.of("text", "json")) {
            CapturedRun run = run("extract.yaml", format, "--table", "issues");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(errorMessage(run, format).contains("password authentication failed for user \"extractor\""),
                    run::toString);
            assertTrue(errorMessage(run, format).contains("source: cannot connect to jdbc:postgresql://localhost:"),
                    run::toString);
            assertTrue(errorMessage(run, format).contains("check source.user and source.password"), run::toString);
            assertEquals(1, run("extract.yaml", format, "plan", "--table", "issues", "--json").exitCode());
            assertNotEquals(0, run("extract.yaml", format, "validate", "--check-connections").exitCode());
        }
        assertNoSecretPrinted(STACK_TRACE);
    }

    @Test
    void aWrongMetadataPasswordIsRefusedWithoutBeingPrinted() {
        env.put("META_PASS", WRONG_METADATA_SECRET);

        for (String format : List.of("text", "json")) {
            CapturedRun run = run("extract.yaml", format, "--table", "issues");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(errorMessage(run, format).contains("password authentication failed for user \"meta_writer\""),
                    run::toString);
            assertTrue(errorMessage(run, format).contains("metadata: cannot connect to jdbc:postgresql://localhost:"),
                    run::toString);
            assertTrue(errorMessage(run, format).contains("check metadata.user and metadata.password"),
                    run::toString);
            assertEquals(1, run("extract.yaml", format, "status", "--json").exitCode());
            assertEquals(1, run("extract.yaml", format, "plan", "--table", "issues").exitCode());
        }
        assertNoSecretPrinted(STACK_TRACE);
    }

    @Test
    void aSnowflakeKeyAndPassphraseThatCannotConnectAreNotPrinted() {
        for (String format : List.of("text", "json")) {
            CapturedRun run = run("snowflake.yaml", format, "--table", "issues");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(errorMessage(run, format).contains("warehouse"), run::toString);
            assertTrue(run.log().contains("Could not extract private key"), "the driver's own log is searched too");
            assertEquals(1, run("snowflake.yaml", format, "validate", "--check-connections").exitCode());
        }
        assertNoSecretPrinted(STACK_TRACE);
    }

    @Test
    void successfulRunsPlansStatusValidateAndReturnJsonHoldNoSecret() throws IOException {
        for (String format : List.of("text", "json")) {
            assertEquals(0, run("extract.yaml", format, "--table", "issues").exitCode());
            assertEquals(0, run("extract.yaml", format, "--table", "issues", "--load-type", "incremental").exitCode());
            assertEquals(0, run("extract.yaml", format, "plan", "--table", "issues", "--json").exitCode());
            assertEquals(0, run("extract.yaml", format, "plan", "--table", "issues").exitCode());
            assertEquals(0, run("extract.yaml", format, "status").exitCode());
            assertEquals(0, run("extract.yaml", format, "validate", "--check-connections").exitCode());
        }
        String returned = Files.readString(dir.resolve("return.json"));
        assertTrue(returned.contains("\"rows_loaded\""), returned);
        printed.add(returned);
        assertNoSecretPrinted("DEBUG");
    }

    /** The staging store reached with a broken service-account key names the variable, never the key's content. */
    @Test
    void aBrokenGcsKeyFileIsNamedWithoutItsContent() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> StagingStores.open(URI.create("gs://saas-extract-secrets-test"), env));

        assertTrue(error.getMessage().startsWith("EXTRACT_GCS_KEY_FILE=" + env.get("EXTRACT_GCS_KEY_FILE")),
                error.getMessage());
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(GCS_KEY), t.toString());
        }
    }

    @Test
    void aPasswordWrittenInTheConfigIsWarnedAboutByFileAndKey() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), Files.readString(dir.resolve("extract.yaml"))
                .replace("\"${META_PASS}\"", METADATA_SECRET));

        CapturedRun run = CapturedRun.of(env, List.of("validate", "--manifest", dir.resolve("manifest.yaml").toString(),
                "--config", plain.toString()));

        assertEquals(0, run.exitCode(), run::toString);
        List<String> warnings = run.log().lines().filter(line -> line.contains("WARN")).toList();
        assertEquals(1, warnings.size(), run::toString);
        assertTrue(warnings.get(0).contains(plain + ": metadata.password: secrets should come from the environment"),
                run::toString);
        assertFalse(run.everything().contains(METADATA_SECRET), run::toString);
    }

    private CapturedRun run(String config, String logFormat, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--manifest", dir.resolve("manifest.yaml").toString(), "--config",
                dir.resolve(config).toString(), "--log-format", logFormat, "--verbose"));
        CapturedRun run = CapturedRun.of(env, all);
        printed.add(run.toString());
        restoreTextLogsAtInfo();
        return run;
    }

    /** @param verbose what shows that the runs were at their most talkative: stack traces, or debug logs */
    /**
     * The message of the run's error line; in JSON mode that line is an object whose stack trace (the runs are
     * {@code --verbose}) is a field, and whose escaped text is searched for the secrets like the rest.
     */
    private String errorMessage(CapturedRun run, String format) {
        if (format.equals("text")) {
            return run.err();
        }
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        try {
            JsonNode line = new ObjectMapper().readTree(lines.get(0));
            assertEquals(run.exitCode(), line.get("exit_code").asInt(), run::toString);
            String trace = line.get("stack_trace").asText();
            assertTrue(trace.contains(STACK_TRACE), run::toString);
            printed.add(trace);
            return line.get("message").asText();
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + run, e);
        }
    }

    private void assertNoSecretPrinted(String verbose) {
        String everything = String.join("\n", printed);
        assertTrue(everything.contains(verbose), () -> "expected <" + verbose + "> in:\n" + everything);
        for (String secret : SECRETS) {
            assertFalse(everything.contains(secret), () -> "secret " + secret + " printed in:\n" + everything);
        }
    }

}
