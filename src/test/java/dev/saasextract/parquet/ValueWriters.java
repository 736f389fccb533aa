package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;

/**
 * One {@link ValueWriter} per {@link ColumnType.Kind}, following docs/types.md. Primitives are read with the typed
 * getter and {@code wasNull()}, so no value is boxed; dates and times through {@code getObject(i, java.time class)},
 * which keeps microseconds and BC dates that {@code java.sql.Timestamp} would bend.
 */
final class ValueWriters {

    /**
     * Postgres types whose values pgjdbc always receives as text, and so as UTF-8 (it sets client_encoding): their
     * raw bytes are the Parquet string, with no String decoded and encoded again. Other types mapped to TEXT (e.g.
     * timetz) may arrive in binary and must go through getString.
     */
    private static final Set<String> TEXT_WIRE_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");

    private static final ValueWriter STRING = (row, i, out, field) -> {
        String value = row.getString(i);
        if (value != null) {
            field.writeBinary(out, Binary.fromString(value));
        }
    };

    /** pgjdbc hands out a new array per value and never changes it, so Parquet may keep it without copying. */
    private static final ValueWriter UTF8_BYTES = (row, i, out, field) -> {
        byte[] value = row.getBytes(i);
        if (value != null) {
            field.writeBinary(out, Binary.fromConstantByteArray(value));
        }
    };

    private ValueWriters() {
    }

    /**
     * Array elements come from pgjdbc's own array decoding, whose raw bytes are not promised to be text, so text
     * elements go through getString.
     */
    private static ValueWriter forElement(String column, ColumnType element) {
        return element.kind() == ColumnType.Kind.TEXT ? STRING : forType(column, element);
    }

    /** {@code column} names the source column in errors. */
    static ValueWriter forType(String column, ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER -> (row, i, out, field) -> {
                int value = row.getInt(i);
                if (!row.wasNull()) {
                    field.writeInt(out, value);
                }
            };
            case BIGINT -> (row, i, out, field) -> {
                long value = row.getLong(i);
                if (!row.wasNull()) {
                    field.writeLong(out, value);
                }
            };
            case DECIMAL -> decimal(column, type.precision(), type.scale());
            case REAL -> (row, i, out, field) -> {
                float value = row.getFloat(i);
                if (!row.wasNull()) {
                    field.writeFloat(out, value);
                }
            };
            case DOUBLE -> (row, i, out, field) -> {
                double value = row.getDouble(i);
                if (!row.wasNull()) {
                    field.writeDouble(out, value);
                }
            };
            case BOOLEAN -> (row, i, out, field) -> {
                boolean value = row.getBoolean(i);
                if (!row.wasNull()) {
                    field.writeBoolean(out, value);
                }
            };
            case TEXT -> TEXT_WIRE_TYPES.contains(type.sourceName()) ? UTF8_BYTES : STRING;
            case JSON -> STRING;
            case UUID -> (row, i, out, field) -> {
                UUID value = row.getObject(i, UUID.class);
                if (value != null) {
                    field.writeBinary(out, Binary.fromString(value.toString()));
                }
            };
            case BYTES -> (row, i, out, field) -> {
                byte[] value = row.getBytes(i);
                if (value != null) {
                    field.writeBinary(out, Binary.fromConstantByteArray(value));
                }
            };
            case DATE -> (row, i, out, field) -> {
                LocalDate value = row.getObject(i, LocalDate.class);
                if (value != null) {
                    field.writeInt(out, ValueEncoding.epochDay(column, value));
                }
            };
            case TIME -> (row, i, out, field) -> {
                LocalTime value = row.getObject(i, LocalTime.class);
                if (value != null) {
                    field.writeLong(out, ValueEncoding.microsOfDay(column, value));
                }
            };
            case TIMESTAMP -> (row, i, out, field) -> {
                LocalDateTime value = row.getObject(i, LocalDateTime.class);
                if (value != null) {
                    field.writeLong(out, ValueEncoding.epochMicros(column, value));
                }
            };
            case TIMESTAMPTZ -> (row, i, out, field) -> {
                OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                if (value != null) {
                    field.writeLong(out, ValueEncoding.epochMicros(column, value));
                }
            };
            case ARRAY -> new ListWriter(column, forElement(column, type.element()));
        };
    }

    private static ValueWriter decimal(String column, int precision, int scale) {
        if (precision <= ParquetSchemas.MAX_INT64_DECIMAL_PRECISION) {
            return (row, i, out, field) -> {
                BigDecimal value = finiteDecimal(column, row, i);
                if (value != null) {
                    field.writeLong(out, ValueEncoding.unscaledLong(column, value, precision, scale));
                }
            };
        }
        return (row, i, out, field) -> {
            BigDecimal value = finiteDecimal(column, row, i);
            if (value != null) {
                field.writeBinary(out, ValueEncoding.unscaledBytes(column, value, precision, scale));
            }
        };
    }

    /** pgjdbc's getBigDecimal throws on numeric NaN and ±Infinity, while getObject returns them as a Double. */
    private static BigDecimal finiteDecimal(String column, ResultSet row, int index) throws SQLException {
        Object value = row.getObject(index);
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        throw ValueEncoding.notFinite(column, value);
    }
}
