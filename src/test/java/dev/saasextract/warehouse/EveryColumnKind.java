package dev.saasextract.warehouse;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One column of every {@link Kind} createTable supports, with the type DuckDB's catalog reports for it. */
final class EveryColumnKind {

    /** {@code SELECT} list of one row with a non-NULL value in every column of {@link #columns()}, in order. */
    static final String ONE_ROW_OF_VALUES = "SELECT 1::SMALLINT, 2::INTEGER, 3::BIGINT,"
            + " 12345678901234567890.0123456789::DECIMAL(38,10), 1.5::REAL, 2.25::DOUBLE, true, 'text', '\\xAA'::BLOB,"
            + " DATE '2026-01-02', TIME '03:04:05.123456', TIMESTAMP '2026-01-02 03:04:05.123456',"
            + " TIMESTAMPTZ '2026-01-02 03:04:05.123456+00', '{\"a\": [1]}'::JSON,"
            + " 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'::UUID, [1, NULL, 3], [[1.25, 2.50], [NULL]]";

    private static final Map<ColumnSpec, String> DUCKDB_TYPES = duckDbTypes();

    private EveryColumnKind() {
    }

    static List<ColumnSpec> columns() {
        return List.copyOf(DUCKDB_TYPES.keySet());
    }

    /** {@code name|DuckDB data_type} per column, in order, as information_schema.columns lists them. */
    static List<String> namesWithDuckDbTypes() {
        return DUCKDB_TYPES.entrySet().stream().map(entry -> entry.getKey().name() + "|" + entry.getValue()).toList();
    }

    static ColumnSpec column(String name, Kind kind) {
        return new ColumnSpec(name, ColumnType.of(kind, kind.name().toLowerCase(Locale.ROOT)));
    }

    private static Map<ColumnSpec, String> duckDbTypes() {
        Map<ColumnSpec, String> types = new LinkedHashMap<>();
        types.put(column("c_smallint", Kind.SMALLINT), "SMALLINT");
        types.put(column("c_integer", Kind.INTEGER), "INTEGER");
        types.put(column("c_bigint", Kind.BIGINT), "BIGINT");
        types.put(new ColumnSpec("c_decimal", ColumnType.decimal(38, 10, "numeric")), "DECIMAL(38,10)");
        types.put(column("c_real", Kind.REAL), "FLOAT"); // DuckDB reports REAL under its alias FLOAT
        types.put(column("c_double", Kind.DOUBLE), "DOUBLE");
        types.put(column("c_boolean", Kind.BOOLEAN), "BOOLEAN");
        types.put(column("c_text", Kind.TEXT), "VARCHAR");
        types.put(column("c_bytes", Kind.BYTES), "BLOB");
        types.put(column("c_date", Kind.DATE), "DATE");
        types.put(column("c_time", Kind.TIME), "TIME");
        types.put(column("c_timestamp", Kind.TIMESTAMP), "TIMESTAMP");
        types.put(column("c_timestamptz", Kind.TIMESTAMPTZ), "TIMESTAMP WITH TIME ZONE");
        types.put(column("c_json", Kind.JSON), "JSON");
        types.put(column("c_uuid", Kind.UUID), "UUID");
        types.put(new ColumnSpec("c_int_array",
                ColumnType.array(ColumnType.of(Kind.INTEGER, "int4"), "_int4")), "INTEGER[]");
        types.put(new ColumnSpec("c_decimal_matrix", ColumnType.array(
                ColumnType.array(ColumnType.decimal(5, 2, "numeric"), "_numeric"), "_numeric")), "DECIMAL(5,2)[][]");
        return types;
    }
}
