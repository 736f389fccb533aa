package dev.saasextract.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saasextract.config.yaml.Printable;
import dev.saasextract.config.yaml.SafeYaml;
import dev.saasextract.errors.ManifestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GitLab PGP manifest: a top-level {@code tables:} mapping from manifest key to table entry. GitLab's files load
 * unchanged; the old layout's top-level {@code connection_info:} is ignored (connections live in extract.yaml).
 */
public final class Manifest {

    private static final Logger LOG = LoggerFactory.getLogger(Manifest.class);
    private static final String TABLES = "tables";
    private static final Set<String> IGNORED_TOP_LEVEL_KEYS = Set.of("connection_info");

    private final Path file;
    private final Map<String, TableSpec> tablesByKey;

    private Manifest(Path file, Map<String, TableSpec> tablesByKey) {
        this.file = requireNonNull(file, "file is null");
        this.tablesByKey = Collections.unmodifiableMap(new LinkedHashMap<>(tablesByKey));
    }

    /**
     * Reads and validates every entry; any problem is a one-line {@link ManifestException}. Warnings about ignored
     * keys are logged only for a valid file, so that a refused one prints nothing but its error line.
     */
    public static Manifest load(Path file) {
        ObjectNode root = SafeYaml.readMapping(file, ManifestException::new);
        JsonNode tables = root.get(TABLES);
        if (tables == null) {
            throw new ManifestException(file + ": tables is required (a mapping from table key to entry)");
        }
        if (!tables.isObject() || tables.isEmpty()) {
            throw new ManifestException(file + ": tables must be a non-empty mapping, got "
                    + (tables.isObject() ? "an empty one" : Printable.describe(tables)));
        }
        TableEntryReader reader = new TableEntryReader(file);
        Manifest manifest = new Manifest(file, readEntries(file, tables, reader));
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals(TABLES) && !IGNORED_TOP_LEVEL_KEYS.contains(name)) {
                LOG.warn("{}: ignoring unknown top-level key {}", file, Printable.quoted(name));
            }
        });
        reader.logWarnings();
        return manifest;
    }

    private static Map<String, TableSpec> readEntries(Path file, JsonNode tables, TableEntryReader reader) {
        Map<String, TableSpec> byKey = new LinkedHashMap<>();
        Map<String, String> keyByTarget = new HashMap<>();
        tables.fields().forEachRemaining(entry -> {
            TableSpec table = reader.read(entry.getKey(), entry.getValue());
            String clash = keyByTarget.putIfAbsent(table.target(), table.key());
            if (clash != null) {
                // Two entries loading one warehouse table would also share its metadata rows.
                throw new ManifestException(file + ": table " + Printable.quoted(table.key())
                        + ": export_table gives target " + table.target() + ", already used by table "
                        + Printable.quoted(clash));
            }
            byKey.put(table.key(), table);
        });
        for (TableSpec table : byKey.values()) {
            String temporaryOf = keyByTarget.get(table.tempTarget());
            if (temporaryOf != null) {
                // The backfill of `table` builds its _TEMP table under that name, dropping and then swapping it away.
                throw new ManifestException(file + ": table " + Printable.quoted(temporaryOf) + ": export_table gives"
                        + " target " + table.tempTarget() + ", the temporary table of table "
                        + Printable.quoted(table.key()) + ", whose backfills would replace it");
            }
        }
        return byKey;
    }

    public Path file() {
        return file;
    }

    /** Every entry, in file order. */
    public List<TableSpec> tables() {
        return List.copyOf(tablesByKey.values());
    }

    /** The entry for {@code key}; an unknown key is an error (never "run everything"). */
    public TableSpec require(String key) {
        requireNonNull(key, "key is null");
        TableSpec table = tablesByKey.get(key);
        if (table == null) {
            throw new ManifestException(file + ": table " + Printable.quoted(key) + " is not in the manifest; "
                    + KeySuggestions.describe(key, new ArrayList<>(tablesByKey.keySet())));
        }
        return table;
    }
}
