package dev.saasextract.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a binary COPY tuple into its fields (null for SQL NULL) and reads the simple types tests need. */
final class TupleFields {

    private TupleFields() {
    }

    static List<byte[]> of(byte[] tuple) {
        ByteBuffer buffer = ByteBuffer.wrap(tuple);
        int count = buffer.getShort();
        List<byte[]> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = buffer.getInt();
            if (length < 0) {
                fields.add(null);
            } else {
                fields.add(Arrays.copyOfRange(tuple, buffer.position(), buffer.position() + length));
                buffer.position(buffer.position() + length);
            }
        }
        if (buffer.hasRemaining()) {
            throw new AssertionError(buffer.remaining() + " bytes after the last field of the tuple");
        }
        return fields;
    }

    /** An int2, int4 or int8 field. */
    static long integer(byte[] field) {
        ByteBuffer buffer = ByteBuffer.wrap(field);
        return switch (field.length) {
            case 2 -> buffer.getShort();
            case 4 -> buffer.getInt();
            case 8 -> buffer.getLong();
            default -> throw new AssertionError("not an integer field: " + field.length + " bytes");
        };
    }

    static String text(byte[] field) {
        return new String(field, StandardCharsets.UTF_8);
    }
}
