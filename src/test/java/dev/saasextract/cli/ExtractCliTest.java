package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CLI against an ordinary Postgres, a local staging folder and a DuckDB file, as a user runs it. */
class ExtractCliTest extends CiBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path manifest;
    private Path config;
    private String metadataDatabase;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        manifest = fixture.manifest();
        config = fixture.config();
        metadataDatabase = fixture.metadataDatabase();
        env = fixture.env();
    }

    private CliRun extract(String... args) {
        return fixture.extract(args);
    }

    @Test
    void planBackfillThenPlanAgainAndStatus() throws Exception {
        CliRun before = extract("plan", "--table", "ci_builds", "--json", "--now", "2026-11-24T01:00:00Z");
        assertEquals(0, before.exitCode(), before.err());
        JsonNode plan = JSON.readTree(before.out());
        assertEquals("ci_builds", plan.get("table").asText());
        assertEquals("GITLAB_DB_CI_BUILDS", plan.get("target").asText());
        assertEquals("backfill", plan.get("load_type").asText());
        assertEquals("start", plan.get("action").asText());
        assertEquals("new_table", plan.get("reason").asText());
        assertTrue(plan.get("start_after_id").isNull());
        assertEquals("2026-11-24T01:00:00.000Z", plan.get("initial_load_start_date").asText());
        assertTrue(plan.get("new_columns").isArray());
        assertFalse(Files.exists(fixture.warehouse()), "plan reads an absent DuckDB file as empty, never creates it");

        CliRun run = extract("--table", "ci_builds", "--chunk-rows", "1000");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("action=backfill:start rows=2250 files=3"), run.log());

        CliRun after = extract("plan", "--table", "ci_builds", "--json", "--now", "2026-11-25T02:30:00Z");
        JsonNode again = JSON.readTree(after.out());
        assertEquals("backfill", again.get("load_type").asText(), after.out());
        assertEquals("skip", again.get("action").asText(), "no backfill needed (CONTRACT §4)");
        assertEquals("up_to_date", again.get("reason").asText());
        assertTrue(again.get("start_after_id").isNull() && again.get("initial_load_start_date").isNull(), after.out());
        JsonNode regular = again.get("regular_load");
        assertEquals("incremental", regular.get("load_type").asText(), "the regular load is next: " + after.out());
        assertEquals("start", regular.get("action").asText());
        assertEquals("load_by_date", regular.get("incremental_type").asText());
        assertEquals("2026-11-21T02:30:00.000Z", regular.get("window_begin").asText(), "HOURS defaults to 96");
        assertEquals("2026-11-25T02:30:00.000Z", regular.get("window_end").asText());

        JsonNode regularOnly = JSON.readTree(extract("plan", "--table", "ci_builds", "--load-type", "incremental",
                "--json", "--now", "2026-11-25T02:30:00Z").out());
        assertEquals("incremental", regularOnly.get("load_type").asText(), "asked for the regular load alone");
        assertEquals("2026-11-21T02:30:00.000Z", regularOnly.get("window_begin").asText());
        assertTrue(regularOnly.path("regular_load").isMissingNode(), regularOnly.toString());

        CliRun status = extract("status", "--json");
        assertEquals(0, status.exitCode(), status.err());
        JsonNode tableStatus = JSON.readTree(status.out()).get(0);
        assertEquals("ci_builds", tableStatus.get("table").asText());
        assertEquals("loaded", tableStatus.get("state").asText());
        assertTrue(tableStatus.get("last_success").isTextual(), status.out());
        assertTrue(tableStatus.get("lag_seconds").isIntegralNumber() && tableStatus.get("lag_seconds").asLong() >= 0,
                "a primary's data reaches now: " + status.out());
        JsonNode row = tableStatus.get("exports").get(0);
        assertEquals("GITLAB_DB_CI_BUILDS", row.get("table").asText());
        assertEquals("completed", row.get("state").asText());
        assertEquals(2250, row.get("rows").asLong());

        CliRun incremental = extract("--table", "ci_builds");
        assertEquals(0, incremental.exitCode(), incremental.err());
        // updated_at = now() - g days: g = 1..3 fall in the default 96-hour window
        assertTrue(incremental.log().contains("action=incremental rows=3 files=1"), incremental.log());
        assertEquals(100.0, row.get("percent_of_max_id").asDouble(), "the backfill reached its max key");
        JsonNode byDate = exportOf(JSON.readTree(extract("status", "--json").out()).get(0), "incremental");
        assertTrue(byDate.get("max_id").isNull() && byDate.get("percent_of_max_id").isNull(),
                "a load streaming its window knows no max key: " + byDate);
        String text = extract("status").out();
        assertTrue(text.matches("(?s).* incremental completed rows=3 last_id=[0-9,]+ rate=.*"), text);
        for (CliRun r : new CliRun[] {before, run, after, status, incremental}) {
            assertFalse((r.out() + r.err() + r.log()).contains("not-a-real-secret-4711"), "the password never appears");
        }
    }

    private static JsonNode exportOf(JsonNode tableStatus, String load) {
        for (JsonNode export : tableStatus.get("exports")) {
            if (load.equals(export.get("load").asText())) {
                return export;
            }
        }
        throw new AssertionError("no " + load + " export in " + tableStatus);
    }

    @Test
    void incrementalRunReportsToAirflowThroughTheXcomFile() throws Exception {
        // the backfill the day before: the window, 96 h back, covers its start
        assertEquals(0, extract("--table", "ci_builds", "--now", "2030-01-01T00:00:00Z").exitCode());
        Path xcom = Files.writeString(dir.resolve("return.json"), "{\"earlier_task\": 1}");
        Map<String, String> airflow = new java.util.HashMap<>(env);
        airflow.put("EXECUTION_DATE", "2030-01-02T02:30:00.123456+00:00");
        airflow.put("HOURS", "96");
        airflow.put("LAST_LOADED", "");
        airflow.put("EXTRACT_XCOM_FILE", xcom.toString());

        CliRun run = CliRun.of(airflow, "--table", "ci_builds", "--load-type", "incremental", "--now",
                "2030-01-02T01:00:00Z", "--manifest", manifest.toString(), "--config", config.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode returned = JSON.readTree(xcom.toFile());
        assertEquals(1, returned.get("earlier_task").asInt(), "what was there is kept");
        assertEquals("2030-01-02T01:00:00+0000", returned.get("max_data_available").asText(),
                "the end of the window: the replica (here the clock) is behind EXECUTION_DATE");
        assertTrue(returned.get("load_ran").asBoolean());
        assertEquals(0, returned.get("rows_loaded").asLong(), "no source row was updated in 2029-2030");
        assertEquals(2250, returned.get("GITLAB_DB_CI_BUILDS").asLong(), "the target's row count, as GitLab's DAG reads it");
    }

    @Test
    void deletesArePlannedByTheirCadenceOnAirflowsLogicalDateAndRunWhenForced() throws Exception {
        assertEquals(0, extract("--table", "ci_builds", "--now", "2024-01-01T00:00:00Z").exitCode());

        CliRun plan = planDeletes("2024-01-02T00:00:00Z", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode deletes = JSON.readTree(plan.out());
        assertEquals("deletes", deletes.get("load_type").asText());
        assertEquals("skip", deletes.get("action").asText(), plan.out());
        assertEquals("not_due", deletes.get("reason").asText(),
                "the auto run already flagged every row, and the clock's day (in the window) is not the logical date");
        assertEquals("start", deletes.get("action_if_forced").asText(), "extract --load-type deletes runs it anyway");
        assertEquals("2024-01-02T00:00:00.000Z", deletes.get("logical_date").asText());
        assertEquals("2024-01-07T08:45:00.000Z", deletes.get("next_monthly_refresh").asText());
        CliRun text = planDeletes("2024-01-02T00:00:00Z");
        assertTrue(text.out().contains("deletes:  nothing due (extract --load-type deletes would still run it)"),
                text.out());
        assertEquals(plan.out(), planDeletes("2024-01-02T00:00:00Z", "--json", "--if-due").out(),
                "--if-due asks for the decision the plan shows anyway");

        CliRun due = planDeletes("2024-01-06T00:00:00Z", "--json");
        JsonNode dueDecision = JSON.readTree(due.out());
        assertEquals("start", dueDecision.get("action").asText(), due.out());
        assertEquals("monthly_refresh", dueDecision.get("reason").asText());
        assertEquals("start", dueDecision.get("action_if_forced").asText());

        CliRun run = extract("--table", "ci_builds", "--load-type", "deletes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains("decided step=deletes action=start reason=forced"), run.log());
        assertTrue(run.log().contains("action=deletes:start rows=2250"), run.log());

        CliRun misplaced = CliRun.of(env, "plan", "--table", "ci_builds", "--if-due", "--manifest",
                manifest.toString(), "--config", config.toString());
        assertEquals(2, misplaced.exitCode(), misplaced.err());
        assertEquals("extract: --if-due: only with --load-type deletes (auto runs the deletes only when they are due"
                + " anyway), not with --load-type auto", misplaced.errorLine());
    }

    /**
     * {@code extract plan --load-type deletes} for ci_builds on Airflow's logical date {@code logicalDate}, with the
     * clock on a day inside January 2024's monthly window, so that only the logical date can make a pass not due.
     */
    private CliRun planDeletes(String logicalDate, String... options) {
        return planDeletes(manifest, logicalDate, options);
    }

    private CliRun planDeletes(Path manifestFile, String logicalDate, String... options) {
        Map<String, String> airflow = new java.util.HashMap<>(env);
        airflow.put("DATE_INTERVAL_END", logicalDate);
        return CliRun.of(airflow, Stream.concat(Stream.of("plan", "--table", "ci_builds", "--load-type", "deletes",
                "--now", "2024-01-06T12:00:00Z", "--manifest", manifestFile.toString(), "--config", config.toString()),
                Stream.of(options)).toArray(String[]::new));
    }

    @Test
    void deletesOfAnExemptTableAreRefusedAndItsPlanSaysExempt() throws Exception {
        Path exempt = Files.writeString(dir.resolve("exempt.yaml"), CiBuildsFixture.MANIFEST.replace("dbt_source_model: true",
                "deletes_exempt: true"));

        CliRun run = CliRun.of(env, "--table", "ci_builds", "--load-type", "deletes", "--manifest", exempt.toString(),
                "--config", config.toString());
        CliRun plan = planDeletes(exempt, "2024-01-06T00:00:00Z", "--json");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.errorLine().contains("deletes_exempt"), run.err());
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode decision = JSON.readTree(plan.out());
        assertEquals("skip", decision.get("action").asText(), plan.out());
        assertEquals("exempt", decision.get("reason").asText(), "even in the monthly window");
        assertTrue(decision.get("action_if_forced").isNull(), "a forced run is refused: " + plan.out());
    }

    @Test
    void forcedLoadTypeThatDoesNotFitTheTableIsAnInvalidInputError() {
        CliRun run = extract("--table", "ci_builds", "--load-type", "scd");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.errorLine().contains("ci_builds") && run.errorLine().contains("incremental"), run.err());
    }

    @Test
    void regularLoadOrDeletesOfATableThatWasNeverBackfilledIsRefusedAsRetryingCannotHelp() {
        CliRun run = extract("--table", "ci_builds", "--load-type", "incremental");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("extract: table GITLAB_DB_CI_BUILDS is not in the warehouse yet: its first load is a backfill"
                + " (--load-type auto or backfill)", run.errorLine());

        CliRun deletes = extract("--table", "ci_builds", "--load-type", "deletes");
        assertEquals(2, deletes.exitCode(), deletes.err());
        assertEquals("extract: table GITLAB_DB_CI_BUILDS is not in the warehouse yet: the deletes process runs after"
                + " its first backfill (--load-type auto or backfill)", deletes.errorLine());
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block's duration, not used inside it
    void aSecondRunOfTheSameTableExitsWith1WhileTheFirstHoldsIt() {
        MetadataStore metadata = MetadataStore.open(TestPostgres.dataSource(metadataDatabase), "saas_db_metadata");
        try (TableLock held = metadata.lock("GITLAB_DB_CI_BUILDS")) {
            CliRun second = extract("--table", "ci_builds");
            CliRun status = extract("status");

            assertEquals(1, second.exitCode(), second.err());
            assertTrue(second.errorLine().contains("being loaded by another run"), second.err());
            assertTrue(status.out().lines().findFirst().orElseThrow().endsWith(" run_active=yes"), status.out());
        }
        assertEquals(0, extract("--table", "ci_builds").exitCode(), "the lock is free again once released");
    }

    @Test
    void valuesCarriedAsTextKeepTheirSourceSpellingUnderBinaryTransfer() throws Exception {
        String source = TestPostgres.newDatabase("CREATE TABLE shifts (id bigint PRIMARY KEY, starts timetz,"
                + " updated_at timestamp); INSERT INTO shifts VALUES (1, '13:45:12.5+05:30', now())");
        List<String> shifts = oneTableOn(source, "shifts",
                "SELECT id, starts FROM shifts WHERE updated_at > '{BEGIN_TIMESTAMP}'::timestamp");

        CliRun run = cli(shifts, "--table", "shifts");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("13:45:12.5+05:30", warehouseString("SELECT starts FROM tap_postgres.\"GITLAB_DB_SHIFTS\""));
    }

    @Test
    void aNullableChunkingKeyIsWarnedAboutOnEveryRunAndItsNullRowsAreNotRead() throws Exception {
        String source = TestPostgres.newDatabase("CREATE TABLE notes (id bigint, note text, updated_at timestamp);"
                + " INSERT INTO notes VALUES (1, 'a', now()), (NULL, 'b', now()), (2, 'c', now())");
        List<String> notes = oneTableOn(source, "notes",
                "SELECT id, note FROM notes WHERE updated_at > '{BEGIN_TIMESTAMP}'::timestamp");
        String warning = "table notes: chunking key 'id' is a nullable column in the source; rows where it is NULL"
                + " are never extracted";

        CliRun validate = cli(notes, "validate", "--check-connections");
        CliRun run = cli(notes, "--table", "notes");

        assertEquals(0, validate.exitCode(), validate.err());
        assertTrue(validate.log().contains(warning), validate.log());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.log().contains(warning), run.log());
        assertEquals("a,c", warehouseString("SELECT string_agg(note, ',' ORDER BY note)"
                + " FROM tap_postgres.\"GITLAB_DB_NOTES\""));
    }

    /**
     * The options that run a manifest of one table {@code name} (keyed by {@code id}, read by {@code query}) against
     * the fixture's config with {@code sourceDatabase} as its source.
     */
    private List<String> oneTableOn(String sourceDatabase, String name, String query) throws IOException {
        Path manifestFile = Files.writeString(dir.resolve(name + ".yaml"), """
                tables:
                  %1$s:
                    export_table: %1$s
                    export_table_primary_key: id
                    import_db: GITLAB_DB
                    import_query: %2$s
                """.formatted(name, query));
        Path configFile = Files.writeString(dir.resolve(name + "-extract.yaml"), Files.readString(config)
                .replaceFirst("url: \"jdbc:postgresql://localhost:\\d+/[^?\"]+", "url: \""
                        + TestPostgres.jdbcUrl(sourceDatabase).replaceFirst("\\?.*", "")));
        return List.of("--manifest", manifestFile.toString(), "--config", configFile.toString());
    }

    /** Runs the CLI with {@code args} (a command and its options first) followed by {@code files}' options. */
    private CliRun cli(List<String> files, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(files);
        return CliRun.of(env, all.toArray(String[]::new));
    }

    private String warehouseString(String sql) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void validateAcceptsTheManifestAndChecksConnections() {
        CliRun run = extract("validate", "--check-connections");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 tables"), run.out());
    }

    @Test
    void planStatusAndValidateLeaveAFreshMetadataDatabaseAsTheyFoundIt() throws Exception {
        CliRun plan = extract("plan", "--table", "ci_builds", "--json");
        CliRun status = extract("status");
        CliRun validate = extract("validate", "--check-connections");

        for (CliRun run : List.of(plan, status, validate)) {
            assertEquals(0, run.exitCode(), run.err());
        }
        assertEquals("new_table", JSON.readTree(plan.out()).get("reason").asText());
        assertTrue(validate.out().contains("metadata schema saas_db_metadata: not created yet"), validate.out());
        assertFalse(metadataSchemaExists(), "plan, status and validate change nothing");

        assertEquals(0, extract("--table", "ci_builds").exitCode());
        assertTrue(metadataSchemaExists(), "a run creates the schema");
        assertTrue(extract("validate", "--check-connections").out().contains("metadata schema saas_db_metadata:"
                + " up to date"));
    }

    @Test
    void planAndStatusReadAMetadataSchemaTheNextRunWouldMigrateAndLeaveItAlone() throws Exception {
        try (Connection metadata = TestPostgres.dataSource(metadataDatabase).getConnection();
                Statement s = metadata.createStatement()) {
            s.execute("CREATE SCHEMA saas_db_metadata");
            // GitLab's pipeline's table, which a run adopts, with its completed backfill of the table
            s.execute("CREATE TABLE saas_db_metadata.backfill_metadata (database_name varchar, table_name varchar,"
                    + " initial_load_start_date timestamp, upload_date timestamp, upload_file_name varchar,"
                    + " last_extracted_id bigint, max_id bigint, is_export_completed boolean, chunk_row_count integer)");
            s.execute("INSERT INTO saas_db_metadata.backfill_metadata VALUES ('GITLAB_DB', 'GITLAB_DB_CI_BUILDS',"
                    + " '2026-11-20 01:00:00', '2026-11-20 02:00:00', 'staging/backfill/gitlab_db_ci_builds/"
                    + "initial_load_start_2026-11-20t01:00:00.000/2026-11-20t02:00:00.000_gitlab_db_ci_builds"
                    + ".parquet.gzip', 2500, 2500, true, 250)");
        }

        CliRun plan = extract("plan", "--table", "ci_builds", "--json");
        CliRun status = extract("status", "--json");

        assertEquals(0, plan.exitCode(), plan.err());
        assertEquals("new_table", JSON.readTree(plan.out()).get("reason").asText(), plan.out());
        assertEquals(0, status.exitCode(), status.err());
        JsonNode backfill = JSON.readTree(status.out()).get(0).get("exports").get(0);
        assertEquals("completed", backfill.get("state").asText(), status.out());
        assertEquals(250, backfill.get("rows").asLong(), status.out());
        assertTrue(extract("validate", "--check-connections").out().contains("not migrated to this version yet"));
        assertEquals(List.of("backfill_metadata"), metadataTables(), "plan, status and validate change nothing");
        assertEquals(0, extract("--table", "ci_builds").exitCode(), "a run migrates it");
        assertTrue(metadataTables().contains("export_columns"), metadataTables().toString());
    }

    private List<String> metadataTables() throws Exception {
        try (Connection metadata = TestPostgres.dataSource(metadataDatabase).getConnection();
                Statement s = metadata.createStatement();
                ResultSet tables = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'saas_db_metadata' ORDER BY table_name")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            return names;
        }
    }

    private boolean metadataSchemaExists() throws Exception {
        try (Connection metadata = TestPostgres.dataSource(metadataDatabase).getConnection();
                Statement s = metadata.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT to_regnamespace('saas_db_metadata') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static Stream<Arguments> badInvocations() {
        return Stream.of(
                Arguments.of(new String[] {}, "--table"),
                Arguments.of(new String[] {"--table", "ci_bulids"}, "ci_bulids"),
                Arguments.of(new String[] {"--table", "ci_builds", "--load-type", "sometimes"}, "--load-type"),
                Arguments.of(new String[] {"--table", "ci_builds", "--chunk-rows", "0"}, "--chunk-rows"),
                Arguments.of(new String[] {"--table", "ci_builds", "--chunk-rows", "many"}, "--chunk-rows"),
                Arguments.of(new String[] {"plan", "--table", "ci_builds", "--now", "yesterday"}, "--now"),
                Arguments.of(new String[] {"plan"}, "--table"),
                Arguments.of(new String[] {"--table", "ci_builds", "--no-such-option"}, "--no-such-option"),
                Arguments.of(new String[] {"--table", "ci_builds", "--parallel", "0"}, "--parallel: must be 1 to 64"),
                Arguments.of(new String[] {"--table", "ci_builds", "--parallel", "65"}, "--parallel: must be 1 to 64"),
                Arguments.of(new String[] {"--table", "ci_builds", "--parallel", "all"}, "--parallel"),
                Arguments.of(new String[] {"--table", "ci_builds", "--shard", "2/2"}, "--shard: expected i/n"),
                Arguments.of(new String[] {"--table", "ci_builds", "--shard", "1-of-3"}, "'1-of-3'"),
                Arguments.of(new String[] {"--table", "ci_builds", "--shard", "0/0"}, "--shard: expected i/n"),
                Arguments.of(new String[] {"--table", "ci_builds", "--shard", "0/2", "--load-type", "incremental"},
                        "--shard: only backfills are sharded"),
                Arguments.of(new String[] {"--table", "ci_builds", "--parallel", "4", "--load-type", "incremental"},
                        "--parallel: only backfills read key ranges in parallel; use --load-type auto or backfill,"
                                + " not incremental"),
                Arguments.of(new String[] {"--table", "ci_builds", "--force", "--load-type", "backfill"},
                        "--force: it applies the deletes; use --load-type deletes or auto, not backfill"));
    }

    @Test
    void statusListsEveryManifestTableAlsoOneNeverLoaded() throws Exception {
        CliRun status = extract("status", "--json");

        assertEquals(0, status.exitCode(), status.err());
        JsonNode table = JSON.readTree(status.out()).get(0);
        assertEquals("ci_builds", table.get("table").asText());
        assertEquals("GITLAB_DB_CI_BUILDS", table.get("target").asText());
        assertEquals("never loaded", table.get("state").asText());
        assertFalse(table.get("run_active").asBoolean(), status.out());
        assertTrue(table.get("run_active").isBoolean(), status.out());
        assertTrue(table.get("lag_seconds").isNull());
        assertEquals(0, table.get("exports").size());
    }

    @Test
    @SuppressWarnings("try") // shard 1's lock is held for the block's duration, not used inside it
    void twoShardsBackfillTogetherAndPlanAndStatusShowTheirRanges() throws Exception {
        CliRun first = extract("--table", "ci_builds", "--shard", "0/2", "--chunk-rows", "500",
                "--now", "2026-11-24T01:00:00Z");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.log().contains("action=backfill:start:waiting_for_shards rows=0"), first.log());
        assertTrue(first.log().contains("decided step=backfill action=start reason=new_table"), first.log());

        JsonNode tableStatus = JSON.readTree(extract("status", "--json", "--now", "2026-11-24T02:00:00Z").out()).get(0);
        assertEquals("running", tableStatus.get("state").asText());
        assertTrue(tableStatus.get("last_success").isNull(), "nothing has completed yet");
        JsonNode status = tableStatus.get("exports").get(0);
        assertEquals("running", status.get("state").asText());
        assertTrue(status.get("stale_because").isNull(), status.toString());
        assertEquals(2, status.get("ranges").asInt());
        assertEquals(1, status.get("ranges_done").asInt());
        assertEquals(50.0, status.get("percent_of_max_id").asDouble(), 0.1, "one of two equal ranges is done");
        assertFalse(tableStatus.get("run_active").asBoolean(), "shard 0 is done, no run is at shard 1 yet");
        MetadataStore metadata = MetadataStore.open(TestPostgres.dataSource(metadataDatabase), "saas_db_metadata");
        try (TableLock shardOne = metadata.lockShard("GITLAB_DB_CI_BUILDS", 1, 2)) {
            JsonNode busy = JSON.readTree(extract("status", "--json", "--now", "2026-11-24T02:00:00Z").out()).get(0);
            assertTrue(busy.get("run_active").asBoolean(), "shard 1's run holds its lock: " + busy);
            assertEquals("running", busy.get("state").asText());
        }
        CliRun later = extract("status", "--now", "2026-11-25T04:00:00Z");
        assertTrue(later.out().startsWith("ci_builds"), later.out());
        assertTrue(later.out().lines().findFirst().orElseThrow().contains(" stale "),
                "27 h after its last file the export starts over: " + later.out());
        assertTrue(later.out().lines().skip(1).findFirst().orElseThrow().endsWith(" stale_because=stale"),
                later.out());

        JsonNode plan = JSON.readTree(extract("plan", "--table", "ci_builds", "--json",
                "--now", "2026-11-24T02:00:00Z").out());
        assertEquals("resume", plan.get("action").asText());
        assertEquals(List.of(true, false), List.of(plan.get("ranges").get(0).get("done").asBoolean(),
                plan.get("ranges").get(1).get("done").asBoolean()));
        assertEquals(2499, plan.get("ranges").get(1).get("upper_inclusive").asLong(), "2500 is a filtered secret job");

        CliRun otherCount = extract("--table", "ci_builds", "--shard", "1/3", "--now", "2026-11-24T02:00:00Z");
        assertEquals(2, otherCount.exitCode(), otherCount.err());
        assertTrue(otherCount.errorLine().contains("table 'ci_builds': the backfill started 2026-11-24T01:00:00Z is"
                + " split among 2 shard(s)"), otherCount.err());

        CliRun last = extract("--table", "ci_builds", "--shard", "1/2", "--parallel", "2", "--chunk-rows", "500",
                "--now", "2026-11-24T02:00:00Z");
        assertEquals(0, last.exitCode(), last.err());
        assertTrue(last.log().contains("action=backfill:resume rows=2250"), last.log());
        assertTrue(last.log().contains("decided step=backfill action=resume reason=mid_backfill"), last.log());
        JsonNode loaded = JSON.readTree(extract("status", "--json").out()).get(0);
        assertEquals("loaded", loaded.get("state").asText());
        JsonNode done = loaded.get("exports").get(0);
        assertEquals("completed", done.get("state").asText());
        assertEquals(2250, done.get("rows").asLong());
    }

    @ParameterizedTest
    @MethodSource("badInvocations")
    void badArgumentsExitWith2AndOneLineNamingTheCulprit(String[] args, String culprit) {
        CliRun run = extract(args);

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.errorLine().lines().count(), run.err());
        assertTrue(run.errorLine().contains(culprit), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingManifestFileIsAnInvalidInputError() {
        CliRun run = CliRun.of(env, "--table", "ci_builds", "--manifest", dir.resolve("nope.yaml").toString(),
                "--config", config.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.errorLine().contains("nope.yaml"), run.err());
    }

    @Test
    void unsetEnvironmentVariableInTheConfigIsAnInvalidInputError() {
        CliRun run = CliRun.of(Map.of(), "--table", "ci_builds", "--manifest", manifest.toString(),
                "--config", config.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errorLine().lines().count(), run.err());
        assertTrue(run.errorLine().contains("PGUSER_FOR_TEST"), run.err());
    }

    @Test
    void aQueryTheSourceRejectsIsAManifestErrorNamingTheTable() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), CiBuildsFixture.MANIFEST.replace("FROM p_ci_builds", "FROM p_ci_bulids"));

        CliRun run = CliRun.of(env, "--table", "ci_builds", "--manifest", typo.toString(), "--config", config.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errorLine().lines().count(), run.err());
        assertTrue(run.errorLine().contains("'ci_builds': import_query") && run.errorLine().contains("p_ci_bulids"),
                run.err());
    }

    @Test
    void unreachableSourceIsARuntimeFailureWithExitCode1() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), Files.readString(config)
                .replaceFirst("url: \"jdbc:postgresql://localhost:\\d+/", "url: \"jdbc:postgresql://127.0.0.1:1/"));

        CliRun run = CliRun.of(env, "--table", "ci_builds", "--manifest", manifest.toString(),
                "--config", broken.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.errorLine().lines().count(), run.err());
        assertFalse(run.err().contains("not-a-real-secret-4711"));
    }
}
