package dev.saasextract.parquet;

import org.apache.parquet.io.api.RecordConsumer;

/**
 * The group structure of the standard three-level Parquet LIST, shared by both ways of reading an array. An empty
 * list has no {@code list} field at all; a NULL element is an element group whose {@code element} is never started.
 */
final class ListGroups {
    private static final Field LIST = new Field(ParquetSchemas.LIST_FIELD, 0);
    static final Field ELEMENT = new Field(ParquetSchemas.ELEMENT_FIELD, 0);

    private ListGroups() {
    }

    static void startList(RecordConsumer out, Field field) {
        field.start(out);
        out.startGroup();
    }

    /** Opens the group of element {@code index} (0-based); its value, if any, goes into {@link #ELEMENT}. */
    static void startElement(RecordConsumer out, int index) {
        if (index == 0) {
            LIST.start(out);
        }
        out.startGroup();
    }

    static void endElement(RecordConsumer out) {
        out.endGroup();
    }

    static void endList(RecordConsumer out, Field field, int elements) {
        if (elements > 0) {
            LIST.end(out);
        }
        out.endGroup();
        field.end(out);
    }
}
