package dev.saasextract.source;

import static dev.saasextract.source.PostgresTypes.toColumnType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "int2, SMALLINT", "smallserial, SMALLINT", "int4, INTEGER", "serial, INTEGER", "int8, BIGINT",
            "bigserial, BIGINT", "float4, REAL", "float8, DOUBLE", "bool, BOOLEAN", "text, TEXT", "varchar, TEXT",
            "bpchar, TEXT", "name, TEXT", "citext, TEXT", "bytea, BYTES", "date, DATE", "time, TIME",
            "timestamp, TIMESTAMP", "timestamptz, TIMESTAMPTZ", "json, JSON", "jsonb, JSON", "uuid, UUID",
            "interval, TEXT", "inet, TEXT", "money, TEXT", "timetz, TEXT", "mood, TEXT"})
    void mapsScalarTypes(String pgType, Kind expected) {
        assertEquals(ColumnType.of(expected, pgType), toColumnType("c", pgType, 0, 0));
    }

    @Test
    void keepsDeclaredNumericPrecisionAndScale() {
        assertEquals(ColumnType.decimal(12, 3, "numeric"), toColumnType("amount", "numeric", 12, 3));
        assertEquals(ColumnType.decimal(38, 0, "numeric"), toColumnType("amount", "numeric", 38, 0));
    }

    @Test
    void givesUnconstrainedNumericTheWidestDecimal() {
        assertEquals(ColumnType.decimal(38, 9, "numeric"), toColumnType("amount", "numeric", 0, 0));
        assertEquals(ColumnType.decimal(38, 9, "numeric"), toColumnType("amount", "numeric", 131089, 0));
    }

    @Test
    void rejectsNumericWiderThanTheWarehouseNamingTheColumn() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> toColumnType("storage_size", "numeric", 50, 2));

        assertTrue(e.getMessage().startsWith("column 'storage_size': numeric(50,2) has more than 38 digits; cast it"),
                e.getMessage());
    }

    @Test
    void rejectsNumericWithScaleOutsideItsPrecision() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> toColumnType("x", "numeric", 2, 5));

        assertTrue(e.getMessage().startsWith("column 'x': numeric(2,5) has a scale outside 0..2"), e.getMessage());
    }

    @Test
    void mapsArraysByTheirElement() {
        assertEquals(ColumnType.array(ColumnType.of(Kind.INTEGER, "int4"), "_int4"), toColumnType("ids", "_int4", 10, 0));
        assertEquals(ColumnType.array(ColumnType.of(Kind.TEXT, "text"), "_text"), toColumnType("tags", "_text", 0, 0));
        assertEquals(ColumnType.array(ColumnType.decimal(10, 2, "numeric"), "_numeric"),
                toColumnType("prices", "_numeric", 10, 2));
        assertEquals(ColumnType.array(ColumnType.of(Kind.TEXT, "inet"), "_inet"), toColumnType("ips", "_inet", 0, 0));
    }
}
