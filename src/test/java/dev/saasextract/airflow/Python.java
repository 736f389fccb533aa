package dev.saasextract.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs python3 on the generated DAG files: compile them, and load them against the stub Airflow. */
final class Python {
    static final Path DESCRIBE_DAGS = Path.of("src/test/resources/airflow/describe_dags.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Python() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static void assumePython3() {
        Assumptions.assumeTrue(run(List.of("python3", "--version")).exitCode() == 0, "python3 is not installed");
    }

    static void assumeJinja2() {
        Assumptions.assumeTrue(run(List.of("python3", "-c", "import jinja2")).exitCode() == 0,
                "python3 has no jinja2 to render the templates with");
    }

    static void compile(Path file) {
        Result result = run(List.of("python3", "-m", "py_compile", file.toString()));
        assertEquals(0, result.exitCode(), "py_compile " + file + ": " + result.err());
    }

    /** The DAGs the file builds, as describe_dags.py prints them. */
    static JsonNode describe(Path file, String xcomsJson) throws IOException {
        return describe(file, xcomsJson, "{}");
    }

    /** As {@link #describe(Path, String)}, rendering the templates of a run triggered with {@code confJson}. */
    static JsonNode describe(Path file, String xcomsJson, String confJson) throws IOException {
        Result result = run(List.of("python3", DESCRIBE_DAGS.toString(), file.toString(), xcomsJson, confJson));
        assertEquals(0, result.exitCode(), "describe_dags.py " + file + ": " + result.err());
        return JSON.readTree(result.out());
    }

    /** The value of a Python expression, printed as JSON by python3. */
    static JsonNode evaluate(String expression) throws IOException {
        Result result = run(List.of("python3", "-c", "import json, sys; json.dump(" + expression + ", sys.stdout)"));
        assertEquals(0, result.exitCode(), expression + ": " + result.err());
        return JSON.readTree(result.out());
    }

    static Result run(List<String> command) {
        Path errFile = null;
        try {
            errFile = Files.createTempFile("python", ".err");
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectError(errFile.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out, Files.readString(errFile));
        } catch (IOException e) {
            return new Result(-1, "", command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (errFile != null) {
                errFile.toFile().delete();
            }
        }
    }
}
