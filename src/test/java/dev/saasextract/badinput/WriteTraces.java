package dev.saasextract.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** What a run left behind in a folder and a Postgres database that were empty before it. */
final class WriteTraces {
    private static final String USER_SCHEMAS = "SELECT 'schema ' || nspname FROM pg_namespace"
            + " WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%' ORDER BY 1";
    private static final String USER_RELATIONS = "SELECT 'relation ' || n.nspname || '.' || c.relname"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
            + " ORDER BY 1";

    private WriteTraces() {
    }

    /** Every file or folder under {@code folder}, and every schema or relation the database holds; empty if none. */
    static List<String> in(Path folder, DataSource database) {
        List<String> traces = new ArrayList<>(files(folder));
        traces.addAll(rows(database, USER_SCHEMAS));
        traces.addAll(rows(database, USER_RELATIONS));
        return traces;
    }

    private static List<String> files(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(path -> !path.equals(folder)).map(path -> "file " + folder.relativize(path)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    static List<String> rows(DataSource database, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
        return rows;
    }
}
