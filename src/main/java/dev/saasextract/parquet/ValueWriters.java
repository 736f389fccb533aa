package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;

/**
 * One {@link ValueWriter} per {@link ColumnType.Kind}, following docs/types.md. Primitives are read with the typed
 * getter and {@code wasNull()}, so no value is boxed; dates and times through {@code getObject(i, java.time class)},
 * which keeps microseconds and BC dates that {@code java.sql.Timestamp} would bend.
 */
final class ValueWriters {

    private ValueWriters() {
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
            case TEXT, JSON -> (row, i, out, field) -> {
                String value = row.getString(i);
                if (value != null) {
                    field.writeBinary(out, Binary.fromString(value));
                }
            };
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
            case ARRAY -> new ListWriter(column, forType(column, type.element()));
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
        throw new UnrepresentableValueException(column, value, "is not a finite number, which a Parquet DECIMAL needs");
    }
}
