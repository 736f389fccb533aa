package dev.saasextract.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Test data and raw SQL helpers shared by the metadata tests. */
final class Rows {
    static final Instant LOAD_START = Instant.parse("2026-11-24T01:00:00.000Z");

    private Rows() {
    }

    static MetadataRow staged(String table, Instant initial, Instant upload, long lastExtractedId) {
        return new MetadataRow("GITLAB_DB", table, initial, upload,
                "staging/backfill/" + table.toLowerCase() + "/" + lastExtractedId + ".parquet",
                lastExtractedId, 1000, false, 5);
    }

    static MetadataRow completed(String table, Instant initial, Instant upload, long lastExtractedId) {
        return new MetadataRow("GITLAB_DB", table, initial, upload, null, lastExtractedId, 1000, true, 0);
    }

    static Instant minutes(long minutesAfterLoadStart) {
        return LOAD_START.plusSeconds(60 * minutesAfterLoadStart);
    }

    static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Values of the first column, as text, one per result row. */
    static List<String> column(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    static List<String> columnNames(DataSource dataSource, String schema, String table) throws SQLException {
        return column(dataSource, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", schema, table);
    }
}
