package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnType;
import org.apache.parquet.io.api.Binary;

/**
 * One {@link TupleValueWriter} per {@link ColumnType.Kind}, decoding Postgres' binary send format straight into the
 * physical Parquet values of docs/types.md: no boxing and no java.time objects. Every TEXT-kind value arrives as UTF-8
 * text: the source casts types whose binary form is not their text (interval, inet, enums, timetz, …) to text in the
 * COPY's select list. The checks and the refusals are {@link ValueEncoding}'s, shared with the JDBC reference encoder
 * the tests compare this one with.
 */
final class TupleValueWriters {
    private static final int JSONB_VERSION = 1;
    private static final int UUID_BYTES = 16;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Raw bytes: text and varchar are UTF-8 as Postgres sends them, bytea its bytes. */
    private static final TupleValueWriter BYTES = (data, offset, length, out, field) ->
            field.writeBinary(out, Binary.fromConstantByteArray(data, offset, length));

    private TupleValueWriters() {
    }

    /** {@code column} names the source column in errors. */
    static TupleValueWriter forType(String column, ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT -> (data, offset, length, out, field) -> field.writeInt(out, BigEndian.int16(data, offset));
            case INTEGER -> (data, offset, length, out, field) -> field.writeInt(out, BigEndian.int32(data, offset));
            case BIGINT -> (data, offset, length, out, field) -> field.writeLong(out, BigEndian.int64(data, offset));
            case DECIMAL -> decimal(column, type.precision(), type.scale());
            case REAL -> (data, offset, length, out, field) ->
                    field.writeFloat(out, Float.intBitsToFloat(BigEndian.int32(data, offset)));
            case DOUBLE -> (data, offset, length, out, field) ->
                    field.writeDouble(out, Double.longBitsToDouble(BigEndian.int64(data, offset)));
            case BOOLEAN -> (data, offset, length, out, field) -> field.writeBoolean(out, data[offset] != 0);
            case TEXT, BYTES -> BYTES;
            case JSON -> type.sourceName().equals("jsonb") ? jsonb(column) : BYTES;
            case UUID -> (data, offset, length, out, field) -> field.writeBinary(out, uuidText(data, offset));
            case DATE -> (data, offset, length, out, field) ->
                    field.writeInt(out, ValueEncoding.epochDayOfPg(column, BigEndian.int32(data, offset)));
            case TIME -> (data, offset, length, out, field) ->
                    field.writeLong(out, ValueEncoding.microsOfDayOfPg(column, BigEndian.int64(data, offset)));
            case TIMESTAMP, TIMESTAMPTZ -> (data, offset, length, out, field) ->
                    field.writeLong(out, ValueEncoding.epochMicrosOfPg(column, BigEndian.int64(data, offset)));
            case ARRAY -> new TupleListWriter(column, forType(column, type.element()));
        };
    }

    private static TupleValueWriter decimal(String column, int precision, int scale) {
        if (precision <= ParquetSchemas.MAX_INT64_DECIMAL_PRECISION) {
            return (data, offset, length, out, field) ->
                    field.writeLong(out, PgNumeric.unscaledLong(column, data, offset, precision, scale));
        }
        return (data, offset, length, out, field) ->
                field.writeBinary(out, PgNumeric.unscaledBytes(column, data, offset, precision, scale));
    }

    /** jsonb's binary form is a version byte, then the document as Postgres prints it. */
    private static TupleValueWriter jsonb(String column) {
        return (data, offset, length, out, field) -> {
            if (data[offset] != JSONB_VERSION) {
                throw new IllegalStateException("column " + column + ": jsonb binary format version " + data[offset]
                        + " is not the version " + JSONB_VERSION + " this reader knows");
            }
            field.writeBinary(out, Binary.fromConstantByteArray(data, offset + 1, length - 1));
        };
    }

    /** The canonical lower-case form Postgres prints, e.g. {@code a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}. */
    private static Binary uuidText(byte[] data, int offset) {
        byte[] text = new byte[36];
        int position = 0;
        for (int i = 0; i < UUID_BYTES; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                text[position++] = '-';
            }
            text[position++] = HEX[(data[offset + i] >> 4) & 0xF];
            text[position++] = HEX[data[offset + i] & 0xF];
        }
        return Binary.fromConstantByteArray(text);
    }
}
