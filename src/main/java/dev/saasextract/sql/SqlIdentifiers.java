package dev.saasextract.sql;

/**
 * The one place a name becomes SQL text. Postgres, DuckDB and Snowflake all quote identifiers with double quotes and
 * escape a double quote by doubling it, so a quoted name is always taken literally and cannot end the identifier.
 */
public final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    /** {@code name} double-quoted, case kept, embedded double quotes doubled. */
    public static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}. */
    public static String qualified(String schema, String table) {
        return quoted(schema) + '.' + quoted(table);
    }
}
