package dev.saasextract.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saasextract.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's XCom return file of a KubernetesPodOperator ({@code /airflow/xcom/return.json}): what a run reports back
 * to the DAG, merged into what is already there. The DAG feeds {@code max_data_available} back as the next run's
 * {@code LAST_LOADED}. Written only inside a pod that has the XCom folder, or where {@code $EXTRACT_XCOM_FILE} says.
 */
final class XcomFile {
    static final Path AIRFLOW_DEFAULT = Path.of("/airflow/xcom/return.json");
    private static final Logger LOG = LoggerFactory.getLogger(XcomFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private XcomFile() {
    }

    static Optional<Path> location(Map<String, String> env) {
        String configured = env.get("EXTRACT_XCOM_FILE");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        return Files.isDirectory(AIRFLOW_DEFAULT.getParent()) ? Optional.of(AIRFLOW_DEFAULT) : Optional.empty();
    }

    /**
     * Refuses (exit 2) an XCom location the run could not write, before it loads anything: the file is written after
     * the rows are appended, so a failure there would fail a run whose retry appends the same rows again.
     */
    static void checkWritable(Map<String, String> env) {
        location(env).ifPresent(file -> {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException("EXTRACT_XCOM_FILE: " + file + " is a directory, not a file");
            }
            Path parent = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new InvalidInputException("EXTRACT_XCOM_FILE: cannot create the folder of " + file + ": "
                        + ExtractCli.oneLine(e));
            }
            if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
                throw new InvalidInputException("EXTRACT_XCOM_FILE: " + file + " is not writable");
            }
        });
    }

    /**
     * Merges {@code values} into the JSON object at {@code file}, replacing the file atomically. Content that is not a
     * JSON object cannot take them: it is replaced, with a warning, rather than fail a run whose rows are loaded.
     */
    static void merge(Path file, Map<String, Object> values) {
        try {
            ObjectNode merged = existing(file);
            merged.setAll((ObjectNode) JSON.valueToTree(values));
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".return", ".json");
            try {
                JSON.writeValue(temp.toFile(), merged);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp); // gone after the move; left only by a failure
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the XCom file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode existing(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode existing = JSON.readTree(file.toFile());
            if (existing instanceof ObjectNode object) {
                return object;
            }
            LOG.warn("the XCom file {} holds a JSON {}, not an object: replaced by this run's values", file,
                    existing.getNodeType().name().toLowerCase(Locale.ROOT));
        } catch (JsonProcessingException e) {
            LOG.warn("the XCom file {} is not JSON ({}): replaced by this run's values", file,
                    e.getOriginalMessage());
        }
        return JSON.createObjectNode();
    }
}
