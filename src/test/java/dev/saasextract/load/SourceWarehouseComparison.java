package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.schema.ColumnSpec;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Compares a source query with a warehouse table row by row, ordered by key: every value of every column, in a
 * canonical form per type (exact decimals with their scale, timestamps to the microsecond, bytes, parsed JSON).
 */
final class SourceWarehouseComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceWarehouseComparison() {
    }

    /** Asserts equality and returns the number of rows compared. */
    static long assertSame(DataSource source, String sourceQuery, String warehouseFile, String warehouseTable,
            List<ColumnSpec> columns, String key) throws Exception {
        String names = columns.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "));
        try (Connection pg = source.getConnection(); Statement ps = pg.createStatement();
                ResultSet expected = ps.executeQuery("SELECT " + names + " FROM (" + sourceQuery + ") s ORDER BY \"" + key + "\", 2");
                Connection duck = DriverManager.getConnection("jdbc:duckdb:" + warehouseFile);
                Statement ds = duck.createStatement();
                ResultSet actual = ds.executeQuery("SELECT " + names + " FROM tap_postgres.\"" + warehouseTable
                        + "\" ORDER BY \"" + key + "\", 2")) {
            long rows = 0;
            while (expected.next()) {
                rows++;
                if (!actual.next()) {
                    throw new AssertionError("warehouse has only " + (rows - 1) + " rows");
                }
                for (int i = 1; i <= columns.size(); i++) {
                    ColumnSpec column = columns.get(i - 1);
                    assertEquals(canonical(expected, i, column), canonical(actual, i, column),
                            "row " + rows + " column " + column.name());
                }
            }
            assertFalse(actual.next(), "the warehouse has more rows than the source (" + rows + ")");
            return rows;
        }
    }

    private static String canonical(ResultSet rs, int i, ColumnSpec column) throws Exception {
        Object raw = rs.getObject(i);
        if (raw == null) {
            return "NULL";
        }
        return switch (column.type().kind()) {
            case SMALLINT, INTEGER, BIGINT -> Long.toString(rs.getLong(i));
            case DECIMAL -> decimal(rs.getBigDecimal(i));
            case REAL -> Float.toString(rs.getFloat(i));
            case DOUBLE -> Double.toString(rs.getDouble(i));
            case BOOLEAN -> Boolean.toString(rs.getBoolean(i));
            case TEXT, UUID, TIME -> rs.getString(i);
            case BYTES -> HexFormat.of().formatHex(rs.getBytes(i));
            case DATE -> date(rs, i);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class).toString();
            case TIMESTAMPTZ -> rs.getObject(i, OffsetDateTime.class).toInstant().toString();
            case JSON -> JSON.readTree(rs.getString(i)).toString();
            case ARRAY -> array(rs.getArray(i));
        };
    }

    /**
     * pgjdbc renders BC dates with an era ("0044-03-15 BC") but converts them correctly to LocalDate; DuckDB's JDBC
     * driver renders them as ISO years ("-0043-03-15") but drops the era in its LocalDate conversion.
     */
    private static String date(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        return text.endsWith(" BC") ? rs.getObject(i, LocalDate.class).toString() : LocalDate.parse(text).toString();
    }

    private static String decimal(BigDecimal value) {
        return value.toPlainString() + " (scale " + value.scale() + ")";
    }

    private static String array(Array array) throws SQLException {
        Object[] elements = (Object[]) array.getArray();
        List<String> values = new ArrayList<>();
        for (Object element : elements) {
            values.add(element == null ? "NULL" : element.toString());
        }
        return Arrays.toString(values.toArray());
    }
}
