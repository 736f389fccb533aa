package dev.saasextract.warehouse.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which stored columns take every value of a query column unchanged, as each engine spells the stored type. */
class NumericCapacityTest {
    private static final WarehouseDialect DUCKDB = new DuckDbDialect();
    private static final WarehouseDialect SNOWFLAKE = new SnowflakeDialect("gcs_integration");

    private static ColumnType query(String type) {
        return switch (type) {
            case "int2" -> ColumnType.of(Kind.SMALLINT, type);
            case "int4" -> ColumnType.of(Kind.INTEGER, type);
            case "int8" -> ColumnType.of(Kind.BIGINT, type);
            case "float4" -> ColumnType.of(Kind.REAL, type);
            case "float8" -> ColumnType.of(Kind.DOUBLE, type);
            case "text" -> ColumnType.of(Kind.TEXT, type);
            case "bool" -> ColumnType.of(Kind.BOOLEAN, type);
            case "date" -> ColumnType.of(Kind.DATE, type);
            case "timestamp" -> ColumnType.of(Kind.TIMESTAMP, type);
            case "timestamptz" -> ColumnType.of(Kind.TIMESTAMPTZ, type);
            default -> {
                String[] digits = type.substring("numeric(".length(), type.length() - 1).split(";");
                yield ColumnType.decimal(Integer.parseInt(digits[0]), Integer.parseInt(digits[1]), "numeric");
            }
        };
    }

    @ParameterizedTest(name = "{1} into DuckDB {0}: {2}")
    @CsvSource({
        "'DECIMAL(10,2)', numeric(10;2), true",
        "'DECIMAL(12,4)', numeric(10;2), true",
        "'DECIMAL(10,2)', numeric(12;4), false",
        "'DECIMAL(10,2)', numeric(9;3), false",
        "'DECIMAL(10,2)', numeric(11;2), false",
        "INTEGER, numeric(9;0), true",
        "INTEGER, numeric(10;0), false",
        "INTEGER, numeric(5;1), false",
        "INTEGER, int2, true",
        "INTEGER, int8, false",
        "SMALLINT, int4, false",
        "BIGINT, int8, true",
        "HUGEINT, int8, true",
        "'DECIMAL(38,9)', int8, true",
        "'DECIMAL(18,0)', int8, false",
        "'DECIMAL(10,2)', int4, false",
        "FLOAT, float4, true",
        "FLOAT, float8, false",
        "REAL, float8, false",
        "DOUBLE, float4, true",
        "DOUBLE, float8, true",
        "DOUBLE, int4, true",
        "DOUBLE, int8, false",
        "FLOAT, int4, false",
        "DOUBLE, numeric(12;4), false",
        "DOUBLE, numeric(15;0), true",
        "INTEGER, float8, false",
        "'DECIMAL(38,9)', float8, false",
        "VARCHAR, numeric(12;4), true",
        "INTEGER, text, false",
        "'DECIMAL(12,2)', text, false",
        "DOUBLE, bool, false",
        "DATE, timestamp, false",
        "DATE, timestamptz, false",
        "TIME, timestamp, false",
        "DATE, date, true",
        "TIMESTAMP, date, true",
        "'TIMESTAMP WITH TIME ZONE', timestamp, true",
        "VARCHAR, timestamptz, true",
    })
    void duckDb(String stored, String queryType, boolean holds) {
        assertEquals(holds, DUCKDB.holdsEvery(stored, query(queryType)));
    }

    @ParameterizedTest(name = "{1} into Snowflake {0}: {2}")
    @CsvSource({
        "'NUMBER(38,0)', int8, true",
        "'NUMBER(38,0)', numeric(12;4), false",
        "'NUMBER(10,2)', numeric(12;4), false",
        "'NUMBER(14,4)', numeric(12;4), true",
        "FLOAT, float8, true",
        "FLOAT, float4, true",
        "FLOAT, numeric(12;4), false",
        "VARIANT, numeric(12;4), true",
        "'NUMBER(38,0)', text, false",
        "DATE, timestamptz, false",
        "TIMESTAMP_TZ, timestamptz, true",
    })
    void snowflake(String stored, String queryType, boolean holds) {
        assertEquals(holds, SNOWFLAKE.holdsEvery(stored, query(queryType)));
    }
}
