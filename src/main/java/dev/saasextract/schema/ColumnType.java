package dev.saasextract.schema;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The type of a source column, as the tool carries it from Postgres through Parquet into the warehouse.
 *
 * @param kind       the logical kind
 * @param precision  total digits for {@link Kind#DECIMAL}, 0 otherwise
 * @param scale      digits after the point for {@link Kind#DECIMAL}, 0 otherwise
 * @param element    the element type for {@link Kind#ARRAY}, null otherwise
 * @param sourceName the Postgres type name as reported by the driver (e.g. {@code int8}, {@code _text}), for messages
 */
public record ColumnType(Kind kind, int precision, int scale, ColumnType element, String sourceName) {

    public enum Kind {
        SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, BOOLEAN, TEXT, BYTES,
        DATE, TIME, TIMESTAMP, TIMESTAMPTZ, JSON, UUID, ARRAY
    }

    public ColumnType {
        requireNonNull(kind, "kind is null");
        requireNonNull(sourceName, "sourceName is null");
        if (kind == Kind.ARRAY && element == null) {
            throw new IllegalArgumentException("array type " + sourceName + " needs an element type");
        }
        if (kind == Kind.DECIMAL && (precision < 1 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("bad decimal(" + precision + "," + scale + ") for " + sourceName);
        }
    }

    /**
     * How staged Parquet files hold a value of this type, e.g. {@code bigint}, {@code decimal(12,2)},
     * {@code array<text>}: two types give the same file column exactly when this is the same. The Postgres name does
     * not count ({@code varchar} and {@code text} stage alike).
     */
    public String stagedForm() {
        return switch (kind) {
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case ARRAY -> "array<" + element.stagedForm() + ">";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    public static ColumnType of(Kind kind, String sourceName) {
        return new ColumnType(kind, 0, 0, null, sourceName);
    }

    public static ColumnType decimal(int precision, int scale, String sourceName) {
        return new ColumnType(Kind.DECIMAL, precision, scale, null, sourceName);
    }

    public static ColumnType array(ColumnType element, String sourceName) {
        return new ColumnType(Kind.ARRAY, 0, 0, element, sourceName);
    }
}
