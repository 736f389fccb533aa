package dev.saasextract.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saasextract.config.yaml.Printable;
import dev.saasextract.errors.ManifestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * import_db and export_table make the target, which also names the staged files' folder
     * ({@code staging/<kind>/<target lower>/}): a slash would nest one table's files inside another's folder, and
     * DuckDB reads {@code * ? [} in a file path as a glob.
     */
    private static final int MAX_NAME_LENGTH = 255;
    private static final Pattern NOT_IN_TARGET = Pattern.compile("[/\\\\*?\\[\\p{Cntrl}]");

    private final Path file;
    private final List<String> warnings = new ArrayList<>();

    TableEntryReader(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** Logs what the entries read so far had to warn about; called once the whole file is known to be valid. */
    void logWarnings() {
        warnings.forEach(LOG::warn);
        warnings.clear();
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
        TableSpec table = new TableSpec(
                key,
                fields.requiredString("import_query"),
                fields.targetPart("import_db"),
                fields.targetPart("export_table"),
                fields.requiredString("export_table_primary_key"),
                fields.optionalString("export_schema"),
                fields.optionalString("database_type"),
                incrementalType,
                fields.optionalString("additional_filtering"),
                fields.optionalBoolean("advanced_metadata"),
                fields.optionalBoolean("deletes_exempt"));
        rejectLongTarget(fields, table);
        return table;
    }

    /**
     * Snowflake names take 255 characters, and so must the target's _TEMP table; the target in lower case names the
     * staging folder, and file systems take 255 bytes a name. Refused here rather than mid-run, after connecting.
     */
    private static void rejectLongTarget(Entry fields, TableSpec table) {
        int bytes = table.target().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8).length;
        if (table.tempTarget().length() > MAX_NAME_LENGTH || bytes > MAX_NAME_LENGTH) {
            throw fields.error("import_db and export_table give a target of " + table.target().length()
                    + " characters (" + bytes + " bytes); with its _TEMP suffix it must fit in " + MAX_NAME_LENGTH
                    + ", as Snowflake names and staging folder names must");
        }
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

        String targetPart(String name) {
            String value = requiredString(name);
            Matcher unsafe = NOT_IN_TARGET.matcher(value);
            if (unsafe.find()) {
                throw error(name + " must not contain " + Printable.quoted(unsafe.group())
                        + ": it names the target table and the folder of its staged files");
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
                    warnings.add(file + ": table " + Printable.quoted(tableKey) + ": ignoring unknown key "
                            + Printable.quoted(name));
                }
            });
        }

        ManifestException error(String problem) {
            return new ManifestException(file + ": table " + Printable.quoted(tableKey) + ": " + problem);
        }
    }
}
