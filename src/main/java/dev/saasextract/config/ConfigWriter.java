package dev.saasextract.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.saasextract.seeds.SeedLocations;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders an {@link ExtractConfig} as extract.yaml. */
final class ConfigWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

    private ConfigWriter() {
    }

    static String toYaml(ExtractConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> source = database("source", config.source());
        source.put("statement_timeout", StatementTimeouts.format(config.sourceStatementTimeout()));
        root.put("source", source);
        Map<String, Object> metadata = database("metadata", config.metadata());
        metadata.put("schema", literal(config.metadataSchema()));
        root.put("metadata", metadata);
        root.put("staging", literal(config.staging().toString()));
        root.put("warehouse", warehouse(config.warehouse()));
        if (!config.retry().equals(RetrySettings.DEFAULT)) {
            root.put("retry", retry(config.retry()));
        }
        if (!config.internalLists().equals(SeedLocations.GITLAB)) {
            Map<String, Object> lists = new LinkedHashMap<>();
            lists.put("projects", config.internalLists().projects().stream().map(ConfigWriter::literal).toList());
            lists.put("namespaces", config.internalLists().namespaces().stream().map(ConfigWriter::literal).toList());
            root.put("internal_lists", lists);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the config as YAML", e);
        }
    }

    private static Map<String, Object> database(String path, DatabaseConfig database) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (database.isEmbedded()) {
            out.put("embedded", literal(database.embeddedDataDir()));
            out.put("database", literal(database.database()));
        } else {
            out.put("url", literal(database.url()));
            putIfPresent(out, "user", literal(database.user()));
            putIfPresent(out, "password", reference(path + ".password", database.password()));
        }
        return out;
    }

    private static Map<String, Object> warehouse(WarehouseConfig warehouse) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", literal(warehouse.url()));
        putIfPresent(out, "user", literal(warehouse.user()));
        putIfPresent(out, "password", reference("warehouse.password", warehouse.password()));
        putIfPresent(out, "private_key_file", literal(warehouse.privateKeyFile()));
        out.put("storage_integration", literal(warehouse.storageIntegration()));
        return out;
    }

    private static Map<String, Object> retry(RetrySettings retry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_attempts", retry.maxAttempts());
        out.put("initial_backoff", Durations.format(retry.initialBackoff()));
        out.put("max_backoff", Durations.format(retry.maxBackoff()));
        return out;
    }

    /** A plain value, escaped so that a {@code ${} in it is not read back as a reference. */
    private static String literal(Object value) {
        return value == null ? null : EnvReferences.escape(value.toString());
    }

    private static String reference(String path, Secret secret) {
        if (secret == null) {
            return null;
        }
        return secret.reference().orElseThrow(() -> new IllegalStateException(
                path + " was written in plain text, not as ${NAME}; refusing to write its value"));
    }

    private static void putIfPresent(Map<String, Object> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
