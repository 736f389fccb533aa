package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saasextract.config.yaml.Printable;
import dev.saasextract.errors.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mapping of extract.yaml with its key path ({@code source}, {@code warehouse}, or the root), handing out typed,
 * interpolated values and one-line errors that name the file and the key path.
 */
final class ConfigSection {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSection.class);

    private final Path file;
    private final String path;
    private final ObjectNode node;
    private final EnvReferences env;
    /** Shared by a root and its sections. */
    private final List<String> warnings;

    private ConfigSection(Path file, String path, ObjectNode node, EnvReferences env, List<String> warnings) {
        this.file = requireNonNull(file, "file is null");
        this.path = requireNonNull(path, "path is null");
        this.node = requireNonNull(node, "node is null");
        this.env = requireNonNull(env, "env is null");
        this.warnings = requireNonNull(warnings, "warnings is null");
    }

    static ConfigSection root(Path file, ObjectNode node, EnvReferences env) {
        return new ConfigSection(file, "", node, env, new ArrayList<>());
    }

    /** Logs what this file's sections had to warn about; called once the whole file is known to be valid. */
    void logWarnings() {
        warnings.forEach(LOG::warn);
        warnings.clear();
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return node.has(key);
    }

    void allowOnly(Set<String> keys) {
        node.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                throw error(key, "unknown key (known here: " + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        });
    }

    ConfigSection section(String key) {
        JsonNode value = required(key);
        if (!value.isObject()) {
            throw error(key, "must be a mapping, got " + Printable.describe(value));
        }
        return new ConfigSection(file, pathOf(key), (ObjectNode) value, env, warnings);
    }

    String requiredString(String key) {
        required(key);
        return optionalString(key);
    }

    /** The interpolated text, or null when the key is absent. */
    String optionalString(String key) {
        String raw = rawString(key);
        if (raw == null) {
            return null;
        }
        try {
            return env.resolve(raw);
        } catch (EnvReferences.UnresolvedReference e) {
            throw new ConfigException(where(key) + e.getMessage(), e);
        }
    }

    /** Each item interpolated as {@link #optionalString}; null when absent. */
    List<String> optionalStringList(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw error(key, "must be a list of strings, got " + Printable.describe(value));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemKey = key + "[" + i + "]";
            if (!item.isTextual()) {
                throw error(itemKey, "must be a string, got " + Printable.describe(item));
            }
            try {
                items.add(env.resolve(item.textValue()));
            } catch (EnvReferences.UnresolvedReference e) {
                throw new ConfigException(where(itemKey) + e.getMessage(), e);
            }
        }
        return items;
    }

    /** A number as YAML wrote it, or a string interpolated as {@link #optionalString}; null when absent. */
    String optionalNumberText(String key) {
        JsonNode value = node.get(key);
        return value != null && value.isNumber() ? value.asText() : optionalString(key);
    }

    /** Null when absent; relative paths are taken from the config file's folder. */
    Path optionalPath(String key) {
        String text = optionalString(key);
        return text == null ? null : resolveAgainstConfigFolder(text);
    }

    Path resolveAgainstConfigFolder(String text) {
        return file.toAbsolutePath().getParent().resolve(text).normalize();
    }

    /** Null when absent. A value written in the file rather than taken from the environment is warned about
     * (see {@link #logWarnings}). */
    Secret optionalSecret(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw error(key, "must be a string such as \"${NAME}\", got " + Printable.kind(value));
        }
        String raw = value.textValue();
        String resolved = optionalString(key);
        if (EnvReferences.isSingleReference(raw)) {
            return Secret.fromReference(raw, resolved);
        }
        warnings.add(where(key) + "secrets should come from the environment: write ${NAME} instead of the value");
        return Secret.literal(resolved);
    }

    ConfigException error(String key, String problem) {
        return new ConfigException(where(key) + problem);
    }

    /** An error about this section as a whole. */
    ConfigException error(String problem) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw error(key, "is required");
        }
        return value;
    }

    private String rawString(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw error(key, "must be a string, got " + Printable.describe(value));
        }
        return value.textValue();
    }

    private String where(String key) {
        return file + ": " + pathOf(key) + ": ";
    }

    private String pathOf(String key) {
        String printable = Printable.oneLine(key);
        return path.isEmpty() ? printable : path + "." + printable;
    }
}
