package dev.saasextract.airflow;

import static dev.saasextract.airflow.AirflowDagCommandTest.dag;
import static dev.saasextract.airflow.AirflowDagCommandTest.extract;
import static dev.saasextract.airflow.AirflowDagCommandTest.podTasks;
import static dev.saasextract.airflow.AirflowDagCommandTest.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest text reaches the DAG file only as escaped Python literals, and Airflow's templates never evaluate it. */
class HostileTableKeyTest {
    /** Quotes, a backslash, a Jinja expression, a newline and non-ASCII, in one manifest key. */
    private static final String KEY = "o'brien\"\\{{ 7*7 }}\nnaïve_✓";
    private static final String KEY_IN_YAML = "\"o'brien\\\"\\\\{{ 7*7 }}\\nnaïve_✓\"";

    @TempDir
    Path dir;

    @BeforeAll
    static void python3() {
        Python.assumePython3();
    }

    private Path manifest(String firstKey, String secondKey) throws IOException {
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, "tables:\n" + entry(firstKey, "issues") + entry(secondKey, "notes"));
        return manifest;
    }

    private static String entry(String yamlKey, String table) {
        return "  " + yamlKey + ":\n"
                + "    import_db: GITLAB_DB\n"
                + "    export_table: " + table + "\n"
                + "    export_table_primary_key: id\n"
                + "    import_query: SELECT id, updated_at FROM " + table
                + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp\n";
    }

    @Test
    void keyWithQuotesAndTemplateSyntaxStaysExactlyThatKey() throws IOException {
        Path file = dagFile();
        List<JsonNode> tasks = tasksOf(file);
        assertEquals(List.of("el-o.27.brien.22..5c..7b..7b..20.7.2a.7.20..7d..7d..a.na.ef.ve-.2713.-db-incremental-pgp-extract",
                "el-o.27.brien.22..5c..7b..7b..20.7.2a.7.20..7d..7d..a.na.ef.ve-.2713.-db-incremental-pgp-extract-deletes"),
                tasks.stream().map(t -> t.get("task_id").asText()).toList(),
                "valid Airflow task ids (the stub checks Airflow's rule), one daily and one deletes task");
        JsonNode backfill = dag(Python.describe(file, "{}"), "el_gitlab_com_db_incremental_backfill");
        JsonNode choices = backfill.get("args").get("params").get("table").get("schema").get("enum");
        assertTrue(choices.get(0).isNull(), "no table is the default: " + choices);
        assertEquals(List.of(KEY, "issues"), texts(choices).subList(1, choices.size()));
    }

    @Test
    void keyIsRenderedAsItIsNotEvaluatedAsATemplate() throws IOException {
        Python.assumeJinja2();
        List<JsonNode> tasks = tasksOf(dagFile());

        assertEquals(2, tasks.size());
        for (JsonNode task : tasks) {
            assertEquals(List.of("--table", KEY), texts(task.get("rendered").get("arguments")).subList(0, 2),
                    "the key is passed as it is, its {{ }} not evaluated");
        }
    }

    private Path dagFile() throws IOException {
        Path file = dir.resolve("dags.py");
        AirflowDagCommandTest.Run run = extract("airflow-dag", "--manifest", manifest(KEY_IN_YAML, "issues").toString(),
                "--output", file.toString(), "--image", "registry.example.com/saas-extract:1.0");
        assertEquals(0, run.exitCode(), run.err());
        Python.compile(file);
        return file;
    }

    /** The hostile key's tasks in the extract DAG. */
    private static List<JsonNode> tasksOf(Path file) throws IOException {
        JsonNode extractDag = dag(Python.describe(file, "{}"), "el_gitlab_com_db_extract");
        return podTasks(extractDag).stream()
                .filter(t -> KEY.equals(t.get("args").get("params").get("table").asText())).toList();
    }

    @Test
    void keysThatGitLabsNamingWouldMergeAreRefused() throws IOException {
        AirflowDagCommandTest.Run run = extract("airflow-dag", "--manifest", manifest("a_b", "a-b").toString(),
                "--image", "registry.example.com/saas-extract:1.0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("table 'a-b' and table 'a_b' get the same Airflow task id"), run.err());
        assertEquals("", run.out(), "no half DAG file on stdout");
    }

    @Test
    void badOptionIsOneLineNamingIt() {
        AirflowDagCommandTest.Run run = extract("airflow-dag", "--image", "registry.example.com/saas-extract:1.0",
                "--dag-id-prefix", "el gitlab");
        assertEquals(2, run.exitCode());
        assertEquals("extract: --dag-id-prefix: 'el gitlab' is not letters, digits, '_', '.' and '-'", run.err().strip());
    }

    @Test
    void pythonLiteralsEvaluateToTheExactText() throws IOException {
        for (String text : List.of(KEY, "tab\there\r\n", "\u0000\u007f\u00ff\u0100", "emoji \uD83D\uDE00 end", "")) {
            assertEquals(text, Python.evaluate(PythonLiterals.string(text)).asText(), text);
        }
    }
}
