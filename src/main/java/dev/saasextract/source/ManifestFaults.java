package dev.saasextract.source;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import java.util.regex.Pattern;

/** Builds the one-line manifest errors of this package: {@code table 'issues': import_query: <problem>}. */
final class ManifestFaults {
    static final String IMPORT_QUERY = "import_query";
    static final String ADDITIONAL_FILTERING = "additional_filtering";
    static final String PRIMARY_KEY = "export_table_primary_key";
    /** JSqlParser's messages start with the wrapped exception's class, e.g. net.sf.jsqlparser.parser.ParseException. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private ManifestFaults() {
    }

    static ManifestException at(TableSpec table, String manifestKey, String problem) {
        return new ManifestException(prefix(table, manifestKey) + problem);
    }

    static ManifestException at(TableSpec table, String manifestKey, String problem, Throwable cause) {
        return new ManifestException(prefix(table, manifestKey) + problem, cause);
    }

    /** The first line of a (possibly multi-line) parser message, so the error stays one line. */
    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        String first = message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(message);
        return EXCEPTION_PREFIX.matcher(first).replaceFirst("");
    }

    private static String prefix(TableSpec table, String manifestKey) {
        return "table '" + table.key() + "': " + manifestKey + ": ";
    }
}
