package dev.saasextract.parquet;

import static dev.saasextract.schema.ColumnType.Kind.BIGINT;
import static dev.saasextract.schema.ColumnType.Kind.BOOLEAN;
import static dev.saasextract.schema.ColumnType.Kind.BYTES;
import static dev.saasextract.schema.ColumnType.Kind.DATE;
import static dev.saasextract.schema.ColumnType.Kind.DOUBLE;
import static dev.saasextract.schema.ColumnType.Kind.INTEGER;
import static dev.saasextract.schema.ColumnType.Kind.JSON;
import static dev.saasextract.schema.ColumnType.Kind.REAL;
import static dev.saasextract.schema.ColumnType.Kind.SMALLINT;
import static dev.saasextract.schema.ColumnType.Kind.TEXT;
import static dev.saasextract.schema.ColumnType.Kind.TIME;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMP;
import static dev.saasextract.schema.ColumnType.Kind.TIMESTAMPTZ;
import static dev.saasextract.schema.ColumnType.Kind.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import java.util.List;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

class ParquetSchemasTest {

    @Test
    void mapsEveryKindToAnOptionalFaithfulParquetType() {
        List<ColumnSpec> columns = List.of(
                column("s", ColumnType.of(SMALLINT, "int2")),
                column("i", ColumnType.of(INTEGER, "int4")),
                column("b", ColumnType.of(BIGINT, "int8")),
                column("d18", ColumnType.decimal(18, 4, "numeric")),
                column("d38", ColumnType.decimal(38, 10, "numeric")),
                column("r", ColumnType.of(REAL, "float4")),
                column("f", ColumnType.of(DOUBLE, "float8")),
                column("flag", ColumnType.of(BOOLEAN, "bool")),
                column("t", ColumnType.of(TEXT, "text")),
                column("raw", ColumnType.of(BYTES, "bytea")),
                column("doc", ColumnType.of(JSON, "jsonb")),
                column("u", ColumnType.of(UUID, "uuid")),
                column("day", ColumnType.of(DATE, "date")),
                column("tod", ColumnType.of(TIME, "time")),
                column("ts", ColumnType.of(TIMESTAMP, "timestamp")),
                column("tstz", ColumnType.of(TIMESTAMPTZ, "timestamptz")),
                column("tags", ColumnType.array(ColumnType.of(TEXT, "text"), "_text")));

        assertEquals(MessageTypeParser.parseMessageType("""
                message row {
                  optional int32 s (INTEGER(16,true));
                  optional int32 i;
                  optional int64 b;
                  optional int64 d18 (DECIMAL(18,4));
                  optional fixed_len_byte_array(16) d38 (DECIMAL(38,10));
                  optional float r;
                  optional double f;
                  optional boolean flag;
                  optional binary t (STRING);
                  optional binary raw;
                  optional binary doc (JSON);
                  optional binary u (STRING);
                  optional int32 day (DATE);
                  optional int64 tod (TIME(MICROS,false));
                  optional int64 ts (TIMESTAMP(MICROS,false));
                  optional int64 tstz (TIMESTAMP(MICROS,true));
                  optional group tags (LIST) {
                    repeated group list {
                      optional binary element (STRING);
                    }
                  }
                }
                """), ParquetSchemas.toMessageType(columns));
    }

    @Test
    void rejectsDecimalsWiderThan38DigitsNamingTheColumn() {
        var error = assertThrows(UnsupportedColumnException.class, () -> ParquetSchemas.toMessageType(
                List.of(column("amount", ColumnType.decimal(39, 2, "numeric")))));
        assertEquals("column amount: numeric(39,2) has more than 38 digits; cast it in import_query (e.g. to text)",
                error.getMessage());
    }

    @Test
    void rejectsWideDecimalArrayElementsNamingTheArrayColumn() {
        var error = assertThrows(UnsupportedColumnException.class, () -> ParquetSchemas.toMessageType(
                List.of(column("amounts", ColumnType.array(ColumnType.decimal(50, 0, "numeric"), "_numeric")))));
        assertEquals("column amounts: numeric(50,0) has more than 38 digits; cast it in import_query (e.g. to text)",
                error.getMessage());
    }

    @Test
    void rejectsAColumnNameReturnedTwice() {
        var error = assertThrows(UnsupportedColumnException.class, () -> ParquetSchemas.toMessageType(List.of(
                column("id", ColumnType.of(BIGINT, "int8")), column("id", ColumnType.of(TEXT, "text")))));
        assertEquals("column id: the query returns this column name twice; alias one of them in import_query",
                error.getMessage());
    }

    private static ColumnSpec column(String name, ColumnType type) {
        return new ColumnSpec(name, type);
    }
}
