package dev.saasextract.source;

import dev.saasextract.schema.ColumnSpec;
import java.util.List;

/**
 * Reads an integer key out of a binary COPY tuple (int16 field count, then per field an int32 length, -1 for NULL, and
 * the value; smallint, integer and bigint are sent as 2, 4 and 8 big-endian bytes) without decoding the other fields.
 */
final class CopyTupleKeys {

    private CopyTupleKeys() {
    }

    /** The position of {@code key} among the COPY's {@code columns}, which are the query's columns in order. */
    static int fieldIndex(List<ColumnSpec> columns, String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(key)) {
                return i;
            }
        }
        throw new SourceReadException("the query returns no column " + key + " to order its rows by");
    }

    /**
     * The integer in field {@code field} of {@code tuple}.
     *
     * @throws SourceReadException when the field is NULL or not a 2-, 4- or 8-byte integer
     */
    static long integerAt(byte[] tuple, int field) {
        int offset = 2;
        for (int i = 0; i < field; i++) {
            offset += 4 + Math.max(0, int32(tuple, offset));
        }
        int length = int32(tuple, offset);
        offset += 4;
        return switch (length) {
            case 2 -> (short) ((tuple[offset] & 0xff) << 8 | tuple[offset + 1] & 0xff);
            case 4 -> int32(tuple, offset);
            case 8 -> (long) int32(tuple, offset) << 32 | int32(tuple, offset + 4) & 0xffffffffL;
            default -> throw new SourceReadException("the key (field " + (field + 1) + " of a COPY row) is "
                    + (length < 0 ? "NULL" : length + " bytes long, not a smallint, integer or bigint"));
        };
    }

    private static int int32(byte[] data, int offset) {
        return (data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8
                | data[offset + 3] & 0xff;
    }
}
