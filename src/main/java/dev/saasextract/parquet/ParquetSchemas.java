package dev.saasextract.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/** Maps source columns to a Parquet schema; docs/types.md explains each choice. Every column is OPTIONAL. */
public final class ParquetSchemas {
    static final String MESSAGE_NAME = "row";
    /** Field names of the standard three-level LIST: {@code group (LIST) { repeated group list { element } }}. */
    static final String LIST_FIELD = "list";
    static final String ELEMENT_FIELD = "element";

    /** Decimals up to this precision fit a signed 64-bit unscaled value. */
    static final int MAX_INT64_DECIMAL_PRECISION = 18;
    /** The most a 16-byte two's complement integer holds, and the most Snowflake's NUMBER holds. */
    static final int MAX_DECIMAL_PRECISION = 38;
    static final int DECIMAL_BYTES = 16;

    private ParquetSchemas() {
    }

    public static MessageType toMessageType(List<ColumnSpec> columns) {
        Set<String> seen = new HashSet<>();
        List<Type> fields = new ArrayList<>(columns.size());
        for (ColumnSpec column : columns) {
            if (!seen.add(column.name())) {
                throw new UnsupportedColumnException(column.name(),
                        "the query returns this column name twice; alias one of them in import_query");
            }
            fields.add(toType(column.name(), column.type()));
        }
        return new MessageType(MESSAGE_NAME, fields);
    }

    private static Type toType(String name, ColumnType type) {
        if (type.kind() != ColumnType.Kind.ARRAY) {
            return primitive(name, name, type);
        }
        if (type.element().kind() == ColumnType.Kind.ARRAY) {
            throw new UnsupportedColumnException(name, "arrays of arrays (" + type.sourceName() + ") are unsupported");
        }
        Type element = primitive(ELEMENT_FIELD, name, type.element());
        return Types.optionalGroup().as(LogicalTypeAnnotation.listType())
                .repeatedGroup().addField(element).named(LIST_FIELD)
                .named(name);
    }

    /** {@code column} names the source column in messages; for an array element it differs from {@code name}. */
    private static Type primitive(String name, String column, ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT -> optional(INT32, LogicalTypeAnnotation.intType(16, true), name);
            case INTEGER -> optional(INT32, null, name);
            case BIGINT -> optional(INT64, null, name);
            case DECIMAL -> decimal(name, column, type);
            case REAL -> optional(FLOAT, null, name);
            case DOUBLE -> optional(DOUBLE, null, name);
            case BOOLEAN -> optional(BOOLEAN, null, name);
            case TEXT, UUID -> optional(BINARY, LogicalTypeAnnotation.stringType(), name);
            case BYTES -> optional(BINARY, null, name);
            case JSON -> optional(BINARY, LogicalTypeAnnotation.jsonType(), name);
            case DATE -> optional(INT32, LogicalTypeAnnotation.dateType(), name);
            case TIME -> optional(INT64, LogicalTypeAnnotation.timeType(false, MICROS), name);
            case TIMESTAMP -> optional(INT64, LogicalTypeAnnotation.timestampType(false, MICROS), name);
            case TIMESTAMPTZ -> optional(INT64, LogicalTypeAnnotation.timestampType(true, MICROS), name);
            case ARRAY -> throw new IllegalStateException("an array is not a primitive: " + column);
        };
    }

    private static Type decimal(String name, String column, ColumnType type) {
        LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(type.scale(), type.precision());
        if (type.precision() <= MAX_INT64_DECIMAL_PRECISION) {
            // INT64 also below 10 digits, where the spec suggests INT32: one encoding for all small decimals. The
            // constructor skips the builder's warning about that choice, which would otherwise repeat every chunk.
            return new PrimitiveType(Repetition.OPTIONAL, INT64, name).withLogicalTypeAnnotation(annotation);
        }
        if (type.precision() <= MAX_DECIMAL_PRECISION) {
            return Types.optional(FIXED_LEN_BYTE_ARRAY).length(DECIMAL_BYTES).as(annotation).named(name);
        }
        throw new UnsupportedColumnException(column, type.sourceName() + "(" + type.precision() + "," + type.scale()
                + ") has more than " + MAX_DECIMAL_PRECISION + " digits; cast it in import_query (e.g. to text)");
    }

    private static Type optional(PrimitiveTypeName primitive, LogicalTypeAnnotation annotation, String name) {
        return Types.optional(primitive).as(annotation).named(name);
    }
}
