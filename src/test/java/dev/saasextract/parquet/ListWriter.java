package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a one-dimensional Postgres array as the standard three-level Parquet LIST. Elements are read from
 * {@link Array#getResultSet()} (column 1 the index, column 2 the value), so they go through the same typed getters
 * as top-level columns instead of the driver's {@code java.sql.Timestamp}/{@code java.sql.Date} element objects.
 */
final class ListWriter implements ValueWriter {
    private static final int ELEMENT_VALUE_INDEX = 2;

    private final String column;
    private final ValueWriter element;

    ListWriter(String column, ValueWriter element) {
        this.column = requireNonNull(column, "column is null");
        this.element = requireNonNull(element, "element is null");
    }

    @Override
    public void write(ResultSet row, int index, RecordConsumer out, Field field) throws SQLException {
        Array array = row.getArray(index);
        if (array == null) {
            return;
        }
        try (ResultSet elements = array.getResultSet()) {
            if (elements.getMetaData().getColumnType(ELEMENT_VALUE_INDEX) == Types.ARRAY) {
                throw new UnrepresentableValueException(column, array, "is a multi-dimensional array; only"
                        + " one-dimensional arrays become Parquet lists");
            }
            ListGroups.startList(out, field);
            int count = 0;
            while (elements.next()) {
                ListGroups.startElement(out, count++);
                element.write(elements, ELEMENT_VALUE_INDEX, out, ListGroups.ELEMENT);
                ListGroups.endElement(out);
            }
            ListGroups.endList(out, field, count);
        } finally {
            array.free();
        }
    }
}
