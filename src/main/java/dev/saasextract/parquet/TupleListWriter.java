package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a Postgres binary array as the standard three-level Parquet LIST: int32 dimensions, int32 has-NULLs flag,
 * int32 element type, then per dimension int32 size and int32 lower bound, then each element as int32 length (-1 for
 * NULL) and its bytes. Lower bounds are dropped, as pgjdbc's arrays drop them.
 */
final class TupleListWriter implements TupleValueWriter {
    private static final int HEADER_BYTES = 12;
    private static final int DIMENSION_BYTES = 8;

    private final String column;
    private final TupleValueWriter element;

    TupleListWriter(String column, TupleValueWriter element) {
        this.column = requireNonNull(column, "column is null");
        this.element = requireNonNull(element, "element is null");
    }

    @Override
    public void write(byte[] data, int offset, int length, RecordConsumer out, Field field) {
        int dimensions = BigEndian.int32(data, offset);
        if (dimensions > 1) {
            throw new UnrepresentableValueException(column, "of " + dimensions + " dimensions", "is a multi-dimensional"
                    + " array; only one-dimensional arrays become Parquet lists");
        }
        int count = dimensions == 0 ? 0 : BigEndian.int32(data, offset + HEADER_BYTES);
        int position = offset + HEADER_BYTES + dimensions * DIMENSION_BYTES;
        ListGroups.startList(out, field);
        for (int i = 0; i < count; i++) {
            ListGroups.startElement(out, i);
            int elementLength = BigEndian.int32(data, position);
            position += Integer.BYTES;
            if (elementLength >= 0) {
                element.write(data, position, elementLength, out, ListGroups.ELEMENT);
                position += elementLength;
            }
            ListGroups.endElement(out);
        }
        ListGroups.endList(out, field, count);
    }
}
