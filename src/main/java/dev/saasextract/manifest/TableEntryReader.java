package dev.saasextract.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saasextract.config.yaml.Printable;
import dev.saasextract.errors.ManifestException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one {@code tables:} entry into a {@link TableSpec}, checking every key GitLab's format defines. */
final class TableEntryReader {

    private static final Logger LOG = LoggerFactory.getLogger(TableEntryReader.class);

    private static final Set<String> KNOWN_KEYS = Set.of(
            "import_query", "import_db", "export_table", "export_table_primary_key", "export_schema",
            "database_type", "incremental_type", "additional_filtering", "advanced_metadata", "deletes_exempt");

    /** Read by dbt and other tooling, not by the extractor. */
    private static final Set<String> OTHER_TOOLS_KEYS = Set.of(
            "dbt_source_model", "dbt_snapshots", "is_incremental", "export_db", "import_schema");

    /** GitLab writes booleans both as YAML booleans and as these strings. */
    private static final Set<String> TRUE_WORDS = Set.of("true", "True");
    private static final Set<String> FALSE_WORDS = Set.of("false", "False");

    private final Path file;

    TableEntryReader(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    TableSpec read(String key, JsonNode entry) {
        Entry fields = new Entry(key, entry);
        if (!entry.isObject()) {
            throw fields.error("entry must be a mapping, got " + Printable.describe(entry));
        }
        fields.warnAboutUnknownKeys();
        String incrementalType = fields.optionalString("incremental_type");
        if (incrementalType != null && !incrementalType.equals(TableSpec.LOAD_BY_ID)) {
            throw fields.error("incremental_type must be " + TableSpec.LOAD_BY_ID
                    + " (or absent for loads by date), got " + Printable.describe(entry.get("incremental_type")));
        }
        return new TableSpec(
                key,
                fields.requiredString("import_query"),
                fields.requiredString("import_db"),
                fields.requiredString("export_table"),
                fields.requiredString("export_table_primary_key"),
                fields.optionalString("export_schema"),
                fields.optionalString("database_type"),
                incrementalType,
                fields.optionalString("additional_filtering"),
                fields.optionalBoolean("advanced_metadata"),
                fields.optionalBoolean("deletes_exempt"));
    }

    /** One entry plus the context every message about it needs. */
    private final class Entry {
        private final String tableKey;
        private final JsonNode node;

        Entry(String tableKey, JsonNode node) {
            this.tableKey = tableKey;
            this.node = node;
        }

        String requiredString(String name) {
            String value = optionalString(name);
            if (value == null) {
                throw error(name + " is required");
            }
            if (value.isBlank()) {
                throw error(name + " must not be empty");
            }
            return value;
        }

        /** The text, or null when the key is absent. */
        String optionalString(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                throw error(name + " must be a string, got " + Printable.describe(value));
            }
            return value.textValue();
        }

        boolean optionalBoolean(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                return false;
            }
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && TRUE_WORDS.contains(value.textValue())) {
                return true;
            }
            if (value.isTextual() && FALSE_WORDS.contains(value.textValue())) {
                return false;
            }
            throw error(name + " must be a boolean, got " + Printable.describe(value));
        }

        void warnAboutUnknownKeys() {
            node.fieldNames().forEachRemaining(name -> {
                if (!KNOWN_KEYS.contains(name) && !OTHER_TOOLS_KEYS.contains(name)) {
                    LOG.warn("{}: table {}: ignoring unknown key {}", file, Printable.quoted(tableKey),
                            Printable.quoted(name));
                }
            });
        }

        ManifestException error(String problem) {
            return new ManifestException(file + ": table " + Printable.quoted(tableKey) + ": " + problem);
        }
    }
}
