package dev.saasextract.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saasextract.cli.ExtractCli;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.AirflowInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code extract airflow-dag} on the shipped manifest: the file compiles and builds GitLab's tasks and wiring. */
class AirflowDagCommandTest {
    static final Path SHIPPED_MANIFEST = Path.of("manifests/gitlab_com_db_manifest.yaml");
    private static final String SECRET_VALUE = "s3cr3t-Passw0rd-never-in-a-dag";
    private static final Map<String, String> ENV = Map.of(
            "GITLAB_COM_DB_PASS", SECRET_VALUE, "SNOWFLAKE_LOAD_PASSWORD", SECRET_VALUE);
    private static final Set<String> REGULAR_LOAD_ENV = Set.of(
            "EXECUTION_DATE", "HOURS", "LAST_LOADED", "TASK_INSTANCE", "EXTRACT_CONFIG");
    private static final Set<String> DELETES_ENV = Set.of("DATE_INTERVAL_END", "TASK_INSTANCE", "EXTRACT_CONFIG");

    @TempDir
    Path dir;

    @BeforeAll
    static void python3() {
        Python.assumePython3();
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run extract(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ExtractCli.run(args, ENV, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path generate(Path manifest) {
        Path file = dir.resolve("saas_extract_dags.py");
        Run run = extract("airflow-dag", "--manifest", manifest.toString(), "--output", file.toString(),
                "--image", "registry.example.com/saas-extract:1.0", "--secret", "gitlab-com-db",
                "--secret", "snowflake-load");
        assertEquals(0, run.exitCode(), run.err());
        return file;
    }

    @Test
    void shippedManifestGivesEachSourceDatabaseItsDagsWithTheDeletesAfterItsIncrementalLoads() throws IOException {
        Path file = generate(SHIPPED_MANIFEST);
        Python.compile(file);
        JsonNode dags = Python.describe(file, "{}");

        assertEquals(List.of("el_gitlab_com_ci_db_extract", "el_gitlab_com_ci_db_incremental_backfill",
                "el_gitlab_com_db_extract", "el_gitlab_com_db_incremental_backfill"),
                stream(dags).map(d -> d.get("dag_id").asText()).toList(), "GitLab's el_gitlab_com_ci and el_gitlab_com");
        assertExtractDag(dag(dags, "el_gitlab_com_db_extract"), "el_gitlab_com-pool", "saas-extract-config",
                Set.of("el-issues-db-incremental-pgp-extract",
                        "el-merge-request-diff-commits-db-incremental-pgp-extract"),
                Set.of(), Set.of("el-issues-db-incremental-pgp-extract-deletes"));
        assertExtractDag(dag(dags, "el_gitlab_com_ci_db_extract"), "el_gitlab_com_ci-pool", "saas-extract-config-ci",
                Set.of("el-ci-job-artifacts-db-incremental-pgp-extract", "el-p-ci-pipelines-db-incremental-pgp-extract"),
                Set.of("el-ci-build-trace-chunks-db-scd-pgp-extract"),
                Set.of("el-ci-job-artifacts-db-incremental-pgp-extract-deletes",
                        "el-p-ci-pipelines-db-incremental-pgp-extract-deletes"));
        assertEquals(Set.of("saas-extract-config-ci"), configMaps(dag(dags, "el_gitlab_com_ci_db_incremental_backfill")));

        JsonNode dagArgs = dag(dags, "el_gitlab_com_db_extract").get("args");
        assertEquals("30 2,15 */1 * *", dagArgs.get("schedule").asText());
        assertEquals(1, dagArgs.get("default_args").get("retries").asInt());
        assertEquals(60.0, dagArgs.get("default_args").get("retry_delay").get("seconds").asDouble());
        assertEquals(6 * 3600.0, dagArgs.get("dagrun_timeout").get("seconds").asDouble());

        String python = Files.readString(file);
        assertFalse(python.contains(SECRET_VALUE), "no value of the environment reaches the DAG file");
    }

    /**
     * One database's extract DAG: a daily task per table, waiting for nothing; the deletes after every incremental
     * load and no snapshot, which GitLab runs in a DAG of its own.
     */
    private static void assertExtractDag(JsonNode extract, String pool, String configMap, Set<String> incremental,
            Set<String> snapshots, Set<String> deletesIds) {
        Set<String> dailyIds = union(incremental, snapshots);
        assertEquals(union(dailyIds, deletesIds, Set.of("all-daily-loads-done")), taskIds(extract));
        Map<String, Set<String>> upstream = upstreamClosure(extract);
        for (String deletes : deletesIds) {
            assertEquals(union(incremental, Set.of("all-daily-loads-done")), upstream.get(deletes), deletes);
        }
        for (String daily : dailyIds) {
            assertEquals(Set.of(), upstream.get(daily), daily + " waits for nothing");
        }
        assertEquals(Set.of(configMap), configMaps(extract));
        for (JsonNode task : podTasks(extract)) {
            String id = task.get("task_id").asText();
            JsonNode args = task.get("args");
            boolean deletes = deletesIds.contains(id);
            assertEquals(pool, args.get("pool").asText(), id);
            assertEquals(!deletes, args.get("do_xcom_push").asBoolean(), id);
            assertEquals(deletes ? DELETES_ENV : REGULAR_LOAD_ENV, fieldNames(args.get("env_vars")), id);
            assertEquals(deletes ? List.of("--table", "{{ task.params['table'] }}", "--load-type", "deletes", "--if-due")
                    : List.of("--table", "{{ task.params['table'] }}", "--load-type",
                            snapshots.contains(id) ? "scd" : "incremental"), texts(args.get("arguments")), id);
            assertEquals(List.of(Map.of("deploy_type", "env", "secret", "gitlab-com-db"),
                    Map.of("deploy_type", "env", "secret", "snowflake-load")), secrets(args.get("secrets")), id);
        }
    }

    /** The config maps the DAG's pods mount. */
    private static Set<String> configMaps(JsonNode dag) {
        return podTasks(dag).stream()
                .flatMap(task -> stream(task.get("args").get("volumes")))
                .map(volume -> volume.get("V1Volume").get("config_map").get("V1ConfigMapVolumeSource").get("name")
                        .asText())
                .collect(Collectors.toSet());
    }

    @Test
    void aDatabaseTypeThatCannotNameADagAScheduleAirflowWouldRefuseAndATooLongTaskIdAreRefused() throws IOException {
        Path badType = Files.writeString(dir.resolve("type.yaml"), """
                tables:
                  issues:
                    import_db: gitlab_db
                    import_query: SELECT id FROM issues
                    export_table: issues
                    export_table_primary_key: id
                    database_type: CI DB
                """);
        String longKey = "t".repeat(220);
        String longEntry = """
                tables:
                  %s:
                    import_db: gitlab_db
                    import_query: SELECT id FROM issues%s
                    export_table: issues
                    export_table_primary_key: id
                """;
        Path longTaskId = Files.writeString(dir.resolve("long.yaml"), longEntry.formatted(longKey,
                " WHERE updated_at > '{BEGIN_TIMESTAMP}'::timestamp"));
        Path longSnapshot = Files.writeString(dir.resolve("long-snapshot.yaml"), longEntry.formatted(longKey, ""));
        String image = "registry.example.com/saas-extract:1.0";

        Run type = extract("airflow-dag", "--manifest", badType.toString(), "--image", image);
        Run schedule = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--image", image,
                "--schedule", "every day");
        Run tooLong = extract("airflow-dag", "--manifest", longTaskId.toString(), "--image", image);

        assertEquals("extract: " + badType + ": table 'issues': database_type must be lower-case letters and digits,"
                + " as it names the table's DAGs and config map; got 'CI DB'", lastLine(type, 2));
        assertEquals("extract: --schedule: must be a cron expression of five fields, e.g. '30 2,15 */1 * *', or a"
                + " preset such as @daily; got 'every day'", lastLine(schedule, 2));
        assertEquals("extract: " + longTaskId + ": table '" + longKey + "': its Airflow task id would be 258"
                + " characters, and Airflow takes at most 250; shorten the key", lastLine(tooLong, 2));
        Run snapshot = extract("airflow-dag", "--manifest", longSnapshot.toString(), "--image", image);
        assertEquals(0, snapshot.exitCode(), "a snapshot has no deletes task; its own id is 242: " + snapshot.err());
    }

    private static String lastLine(Run run, int exitCode) {
        assertEquals(exitCode, run.exitCode(), run.err());
        assertEquals("", run.out(), "no DAG file written");
        return run.err().strip().lines().reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void hoursBeyondWhatARunAcceptsAreRefusedWhenTheDagIsGenerated() {
        Run run = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--output",
                dir.resolve("dags.py").toString(), "--image", "registry.example.com/saas-extract:1.0", "--hours", "876001");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("extract: --hours: must be a positive number of hours up to 876000, got 876001",
                run.err().strip().lines().reduce((first, second) -> second).orElseThrow());
    }

    /** GKE: Workload Identity gives GCS its credentials through the pod's service account; key files are mounted. */
    @Test
    void podsRunAsTheServiceAccountGivenWithSecretsMountedAsFiles() throws IOException {
        Path file = dir.resolve("dags.py");
        Run run = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--output", file.toString(),
                "--image", "registry.example.com/saas-extract:1.0", "--secret", "gitlab-com-db",
                "--secret-file", "snowflake-key:/secrets/snowflake", "--service-account", "saas-extract");
        assertEquals(0, run.exitCode(), run.err());
        Python.compile(file);

        JsonNode dags = Python.describe(file, "{}");
        List<JsonNode> pods = stream(dags).flatMap(dag -> podTasks(dag).stream()).toList();
        assertFalse(pods.isEmpty());
        for (JsonNode pod : pods) {
            JsonNode args = pod.get("args");
            assertEquals("saas-extract", args.get("service_account_name").asText(), pod.toString());
            List<JsonNode> secrets = stream(args.get("secrets")).toList();
            assertEquals(List.of("env", "volume"), secrets.stream().map(s -> s.get("deploy_type").asText()).toList());
            assertEquals("gitlab-com-db", secrets.get(0).get("secret").asText());
            assertEquals("snowflake-key", secrets.get(1).get("secret").asText());
            assertEquals("/secrets/snowflake", secrets.get(1).get("deploy_target").asText());
            assertTrue(secrets.get(1).get("key").isNull(), "every key of the secret, each a file");
        }

        JsonNode defaults = Python.describe(generate(SHIPPED_MANIFEST), "{}");
        assertTrue(podTasks(defaults.get(0)).get(0).get("args").get("service_account_name").isNull(),
                "without the option: the namespace's default account");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--secret-file|snowflake-key|--secret-file: expected SECRET:/folder, e.g. snowflake-key:/secrets/snowflake;"
                + " got 'snowflake-key'",
        "--secret-file|snowflake-key:secrets|--secret-file: 'secrets' is not an absolute folder of letters, digits,"
                + " '_', '.', '-' and '/', e.g. /secrets/snowflake",
        "--secret-file|snowflake-key:/secrets/../etc|--secret-file: '/secrets/../etc' is not an absolute folder",
        "--secret-file|Snowflake_Key:/secrets/s|--secret-file: 'Snowflake_Key' is not a Kubernetes secret name",
        "--service-account|Saas Extract|--service-account: 'Saas Extract' is not a Kubernetes service account name"})
    void aSecretFileOrServiceAccountKubernetesWouldRefuseIsRefusedWhenTheDagIsGenerated(String option, String value,
            String expected) {
        Run run = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--output",
                dir.resolve("dags.py").toString(), "--image", "registry.example.com/saas-extract:1.0", option, value);

        assertEquals(2, run.exitCode(), run.err());
        String last = run.err().strip().lines().reduce((first, second) -> second).orElseThrow();
        assertTrue(last.startsWith("extract: " + expected), last);
        assertFalse(Files.exists(dir.resolve("dags.py")));
    }

    @Test
    void twoSecretsInOneFolderAreRefused() {
        Run run = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--output",
                dir.resolve("dags.py").toString(), "--image", "registry.example.com/saas-extract:1.0",
                "--secret-file", "a:/secrets/k", "--secret-file", "b:/secrets/k");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--secret-file: two secrets in one folder; give each its own"), run.err());
    }

    @Test
    void anOutputInAFolderThatDoesNotExistIsRefusedAndLeavesNothing() throws IOException {
        Path missing = dir.resolve("no-such-folder/dags.py");

        Run run = extract("airflow-dag", "--manifest", SHIPPED_MANIFEST.toString(), "--output", missing.toString(),
                "--image", "registry.example.com/saas-extract:1.0");

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("extract: --output: " + missing + ": its folder " + missing.getParent() + " does not exist",
                run.err().strip());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void backfillDagRunsOneTableAtATimeOnlyWhenTriggered() throws IOException {
        Path file = generate(SHIPPED_MANIFEST);
        JsonNode backfill = dag(Python.describe(file, "{}"), "el_gitlab_com_db_incremental_backfill");
        JsonNode args = backfill.get("args");
        assertEquals(1, args.get("max_active_tasks").asInt());
        assertEquals(1, args.get("max_active_runs").asInt());
        assertEquals(0, args.get("default_args").get("retries").asInt());
        assertTrue(args.get("schedule").isNull(), "a forced backfill never runs on a schedule");
        List<String> keys = Manifest.load(SHIPPED_MANIFEST).tables().stream()
                .filter(t -> t.databaseType().equals("main")).map(TableSpec::key).toList();
        JsonNode table = args.get("params").get("table");
        assertTrue(table.get("default").isNull(), "no table is rebuilt unless one is chosen: " + table);
        List<String> choices = new java.util.ArrayList<>();
        table.get("schema").get("enum").forEach(choice -> choices.add(choice.isNull() ? null : choice.asText()));
        List<String> expected = new java.util.ArrayList<>();
        expected.add(null);
        expected.addAll(keys);
        assertEquals(expected, choices);
        JsonNode task = podTasks(backfill).get(0);
        assertEquals(List.of("--table", "{{ params.table }}", "--load-type", "backfill"),
                texts(task.get("args").get("arguments")));
        assertEquals(Set.of(AirflowDags.BACKFILL_TASK_ID), taskIds(backfill));
    }

    @Test
    void renderedEnvironmentIsWhatTheRunParses() throws IOException {
        Python.assumeJinja2();
        Path file = generate(SHIPPED_MANIFEST);
        String daily = "el-issues-db-incremental-pgp-extract";
        JsonNode extract = dag(Python.describe(file,
                "{\"" + daily + "\": {\"max_data_available\": \"2024-01-02T01:00:00+0000\"}}"), "el_gitlab_com_db_extract");

        JsonNode dailyRendered = task(extract, daily).get("rendered");
        assertEquals(List.of("--table", "issues", "--load-type", "incremental"), texts(dailyRendered.get("arguments")));
        Map<String, String> env = textMap(dailyRendered.get("env_vars"));
        assertEquals("2024-01-02T01:00:00+0000", env.get("LAST_LOADED"));
        assertEquals("el_gitlab_com_db_extract__" + daily + "__20240102", env.get("TASK_INSTANCE"));
        AirflowInputs inputs = AirflowInputs.from(env);
        assertEquals(Instant.parse("2024-01-02T02:30:00Z"), inputs.executionDate().orElseThrow());
        assertEquals(96, inputs.hours().getAsInt());
        assertEquals(Instant.parse("2024-01-02T01:00:00Z"), inputs.lastLoaded().orElseThrow());
        assertEquals(daily, dailyRendered.get("xcom_pulls").get(0).get("task_ids").asText());
        assertTrue(dailyRendered.get("xcom_pulls").get(0).get("include_prior_dates").asBoolean());

        JsonNode deletesRendered = task(extract, daily + "-deletes").get("rendered");
        assertEquals(List.of("--table", "issues", "--load-type", "deletes", "--if-due"),
                texts(deletesRendered.get("arguments")), "the deletes only, when due, as GitLab's deletes task");
        assertEquals(0, deletesRendered.get("xcom_pulls").size(), "the deletes read no daily load's window");
        assertEquals("2024-01-02T02:30:00Z", deletesRendered.get("env_vars").get("DATE_INTERVAL_END").asText());

        Map<String, String> firstRun = textMap(task(dag(Python.describe(file, "{}"), "el_gitlab_com_ci_db_extract"),
                "el-p-ci-pipelines-db-incremental-pgp-extract").get("rendered").get("env_vars"));
        // No earlier XCom: GitLab's default, 54 h before the clock (2024-01-03T00:00Z in describe_dags.py).
        assertEquals("2023-12-31T18:00:00+00:00", firstRun.get("LAST_LOADED"));
        assertEquals(Instant.parse("2023-12-31T18:00:00Z"), AirflowInputs.from(firstRun).lastLoaded().orElseThrow());
    }

    @Test
    void aRunTriggeredWithATableConfRebuildsThatTableAndLeavesTheDailyTasksToTheirOwn() throws IOException {
        Python.assumeJinja2();
        Path file = generate(SHIPPED_MANIFEST);

        JsonNode dags = Python.describe(file, "{}", "{\"table\": \"issues\", \"last_loaded_from\": \"x\"}");

        JsonNode daily = task(dag(dags, "el_gitlab_com_ci_db_extract"), "el-ci-job-artifacts-db-incremental-pgp-extract")
                .get("rendered");
        assertEquals(List.of("--table", "ci_job_artifacts", "--load-type", "incremental"),
                texts(daily.get("arguments")), "a conf meant for the backfill DAG does not redirect a daily task");
        assertEquals("el-ci-job-artifacts-db-incremental-pgp-extract",
                daily.get("xcom_pulls").get(0).get("task_ids").asText(), "nor the window it starts from");
        JsonNode backfill = task(dag(dags, "el_gitlab_com_db_incremental_backfill"), AirflowDags.BACKFILL_TASK_ID)
                .get("rendered");
        assertEquals(List.of("--table", "issues", "--load-type", "backfill"), texts(backfill.get("arguments")));
        JsonNode unchosen = task(dag(Python.describe(file, "{}"), "el_gitlab_com_db_incremental_backfill"),
                AirflowDags.BACKFILL_TASK_ID).get("rendered");
        assertEquals(List.of("--table", "None", "--load-type", "backfill"), texts(unchosen.get("arguments")),
                "without a table the run names none, and extract refuses the key (exit 2)");
        assertFalse(Manifest.load(SHIPPED_MANIFEST).tables().stream().anyMatch(t -> t.key().equals("None")));
    }

    static JsonNode dag(JsonNode dags, String dagId) {
        return stream(dags).filter(d -> d.get("dag_id").asText().equals(dagId)).findFirst()
                .orElseThrow(() -> new AssertionError("no DAG " + dagId + " in " + dags));
    }

    static JsonNode task(JsonNode dag, String taskId) {
        return stream(dag.get("tasks")).filter(t -> t.get("task_id").asText().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + taskId + " in " + dag.get("dag_id")));
    }

    static List<JsonNode> podTasks(JsonNode dag) {
        return stream(dag.get("tasks")).filter(t -> t.get("operator").asText().equals("KubernetesPodOperator")).toList();
    }

    static Set<String> taskIds(JsonNode dag) {
        return stream(dag.get("tasks")).map(t -> t.get("task_id").asText()).collect(Collectors.toSet());
    }

    /** Every task's direct and indirect upstream tasks. */
    private static Map<String, Set<String>> upstreamClosure(JsonNode dag) {
        Map<String, List<String>> direct = new HashMap<>();
        stream(dag.get("tasks")).forEach(t -> direct.put(t.get("task_id").asText(), texts(t.get("upstream"))));
        Map<String, Set<String>> closure = new HashMap<>();
        for (String id : direct.keySet()) {
            Set<String> seen = new java.util.HashSet<>();
            List<String> todo = new ArrayList<>(direct.get(id));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (seen.add(next)) {
                    todo.addAll(direct.get(next));
                }
            }
            closure.put(id, seen);
        }
        return closure;
    }

    private static List<Map<String, String>> secrets(JsonNode secrets) {
        return stream(secrets).map(s -> {
            assertNull(s.get("key").textValue(), "every key of the secret, not one");
            assertTrue(s.get("deploy_target").isNull(), "as environment variables named like its keys");
            return Map.of("deploy_type", s.get("deploy_type").asText(), "secret", s.get("secret").asText());
        }).toList();
    }

    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    private static Map<String, String> textMap(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return java.util.Arrays.stream(sets).flatMap(Set::stream).collect(Collectors.toSet());
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
