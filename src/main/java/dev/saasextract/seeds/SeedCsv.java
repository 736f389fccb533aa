package dev.saasextract.seeds;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One column of a seed CSV (a header line, then one row per project or group), each value checked and rendered as a
 * SQL literal: an id as a bare integer, a path as a quoted string.
 */
final class SeedCsv {
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema WITH_HEADER = CsvSchema.emptySchema().withHeader();
    private static final Pattern ID = Pattern.compile("-?[0-9]{1,18}");

    private SeedCsv() {
    }

    static List<String> literals(byte[] content, URI location, SeedKind kind, String column, boolean ids) {
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new ConfigException(kind.configKey() + ": " + location + ": is empty; a seed file starts with a"
                    + " header line naming its columns, e.g. " + column);
        }
        List<String> literals = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows =
                CSV.readerForMapOf(String.class).with(WITH_HEADER).readValues(content)) {
            boolean any = rows.hasNextValue();
            requireColumn((CsvSchema) rows.getParserSchema(), location, kind, column);
            for (int line = 2; any; line++, any = rows.hasNextValue()) {
                String value = rows.nextValue().get(column);
                String where = kind.configKey() + ": " + location + " line " + line + ": " + column + " ";
                literals.add(ids ? idLiteral(value, where) : pathLiteral(value, where));
            }
        } catch (IOException e) {
            throw new ConfigException(kind.configKey() + ": " + location + ": not a CSV file: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return literals;
    }

    private static void requireColumn(CsvSchema header, URI location, SeedKind kind, String column) {
        if (header == null || header.column(column) == null) {
            List<String> found = new ArrayList<>();
            if (header != null) {
                header.forEach(c -> found.add(c.getName()));
            }
            throw new ConfigException(kind.configKey() + ": " + location + ": no column '" + column
                    + "' in its header line (found: " + String.join(", ", found) + ")");
        }
    }

    private static String idLiteral(String value, String where) {
        String id = value == null ? "" : value.strip();
        if (!ID.matcher(id).matches()) {
            throw new ConfigException(where + "must be an integer, got '" + printable(value) + "'");
        }
        return Long.toString(Long.parseLong(id));
    }

    /** Quotes doubled for SQL; {@code %} doubled as the manifest convention (GitLab's) reads {@code %%} as {@code %}. */
    private static String pathLiteral(String value, String where) {
        String path = value == null ? "" : value.strip();
        if (path.isEmpty()) {
            throw new ConfigException(where + "is empty");
        }
        // A backslash would be an escape where standard_conforming_strings is off; GitLab paths never hold one.
        if (path.chars().anyMatch(c -> c == '{' || c == '}' || c == '\\' || Character.isISOControl(c))) {
            throw new ConfigException(where + "holds a brace, backslash or control character, not a GitLab path: '"
                    + printable(value) + "'");
        }
        return "'" + path.replace("'", "''").replace("%", "%%") + "'";
    }

    private static String printable(String value) {
        return value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
    }
}
