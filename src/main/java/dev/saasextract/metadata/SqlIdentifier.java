package dev.saasextract.metadata;

/** The one place this package turns a name into SQL text. */
final class SqlIdentifier {
    private SqlIdentifier() {
    }

    /** Double-quotes {@code name}, doubling any quote inside it, so every name is taken literally. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String qualified(String schema, String table) {
        return quoted(schema) + '.' + quoted(table);
    }
}
