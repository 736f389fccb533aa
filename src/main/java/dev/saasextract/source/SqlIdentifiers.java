package dev.saasextract.source;

/** The one place this package turns a name into SQL text. */
final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    /** A Postgres quoted identifier: the name as given, case kept, embedded double quotes doubled. */
    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
