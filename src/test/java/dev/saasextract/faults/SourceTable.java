package dev.saasextract.faults;

import dev.saasextract.manifest.TableSpec;

/**
 * A source table the scenarios load, named per scenario run so runs never share state: keys with gaps, NULLs, quotes,
 * non-ASCII text, exact numerics, and rows of project 13 that {@code additional_filtering} leaves out.
 */
record SourceTable(String name, TableSpec spec) {
    private static final String COLUMNS = "id, project_id, title, amount, updated_at";
    private static final String FILTER = "AND project_id <> 13";

    /** Incremental by date: only a backfill or the deletes process reads it whole. */
    static SourceTable byDate(String name) {
        return new SourceTable(name, new TableSpec(name, "SELECT " + COLUMNS + " FROM " + name
                + " WHERE updated_at BETWEEN '{BEGIN_TIMESTAMP}'::timestamp AND '{END_TIMESTAMP}'::timestamp",
                "GITLAB_DB", name, "id", "gitlab_com", "main", "", FILTER, false, false));
    }

    static SourceTable byId(String name) {
        return new SourceTable(name, new TableSpec(name, "SELECT " + COLUMNS + " FROM " + name, "GITLAB_DB", name,
                "id", "gitlab_com", "main", TableSpec.LOAD_BY_ID, FILTER, false, false));
    }

    String target() {
        return spec.target();
    }

    String createSql(int rows) {
        return "CREATE TABLE " + name + " (id bigint PRIMARY KEY, project_id integer, title text, amount numeric(12,2),"
                + " updated_at timestamp); " + insertSql(1, rows);
    }

    /** Rows {@code from..to} (keys {@code 3 * n}): the same row number always makes the same row. */
    String insertSql(int from, int to) {
        return "INSERT INTO " + name + " SELECT 3 * g, CASE WHEN g % 11 = 0 THEN 13 WHEN g % 7 = 0 THEN NULL"
                + " ELSE 100 + g % 5 END, CASE WHEN g % 9 = 0 THEN NULL ELSE 'it''s #' || g || E' \\u00e9\\n' END,"
                + " CASE WHEN g % 8 = 0 THEN NULL ELSE g * 1.25 - 40 END,"
                + " timestamp '2020-01-01' + g * interval '1 hour 1 second' FROM generate_series(" + from + ", " + to
                + ") g";
    }

    /** Moves the rows with these row numbers out of the source into {@code <name>_gone}, as deleted upstream. */
    String deleteSql(String rowNumbers) {
        return "CREATE TABLE IF NOT EXISTS " + name + "_gone AS SELECT * FROM " + name + " WHERE false;"
                + " WITH gone AS (DELETE FROM " + name + " WHERE id / 3 IN (" + rowNumbers + ") RETURNING *)"
                + " INSERT INTO " + name + "_gone SELECT * FROM gone";
    }

    /** The source rows the warehouse must hold, key first. */
    String sourceRows() {
        return "SELECT " + COLUMNS + " FROM " + name + " WHERE true " + FILTER;
    }

    String warehouseRows() {
        return "SELECT " + COLUMNS + " FROM tap_postgres.\"" + target() + "\"";
    }

    /** With the deletes flag: present rows unflagged, the ones moved to {@code _gone} flagged. */
    String sourceRowsWithDeletes() {
        return "SELECT " + COLUMNS + ", false AS is_deleted FROM " + name + " WHERE true " + FILTER
                + " UNION ALL SELECT " + COLUMNS + ", true FROM " + name + "_gone WHERE true " + FILTER;
    }

    String warehouseRowsWithDeletes() {
        return "SELECT " + COLUMNS + ", is_deleted FROM tap_postgres.\"" + target() + "\"";
    }
}
