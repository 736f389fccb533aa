package dev.saasextract.source;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a Postgres result column, as pgjdbc's ResultSetMetaData reports it, to the tool's {@link ColumnType}. */
public final class PostgresTypes {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTypes.class);

    /** The widest exact decimal the warehouses (Snowflake NUMBER, DuckDB DECIMAL) can hold. */
    static final int MAX_DECIMAL_PRECISION = 38;
    /** What an unconstrained {@code numeric} becomes: 29 integer digits, 9 fractional digits. */
    static final int UNCONSTRAINED_NUMERIC_SCALE = 9;
    /** pgjdbc reports unconstrained numeric as precision 0 (current) or 131089 (older releases). */
    private static final int MAX_DECLARABLE_PRECISION = 1000;

    private PostgresTypes() {
    }

    /**
     * @param column     the result column's name, for messages
     * @param pgTypeName {@code ResultSetMetaData.getColumnTypeName}, e.g. {@code int8}, {@code _text}, {@code serial}
     * @param precision  {@code getPrecision}; for arrays pgjdbc reports the element's
     * @param scale      {@code getScale}
     * @throws InvalidInputException for a numeric the warehouse cannot hold exactly, naming the column
     */
    public static ColumnType toColumnType(String column, String pgTypeName, int precision, int scale) {
        if (pgTypeName.startsWith("_")) {
            ColumnType element = toColumnType(column, pgTypeName.substring(1), precision, scale);
            return ColumnType.array(element, pgTypeName);
        }
        return switch (pgTypeName) {
            case "int2", "smallserial" -> ColumnType.of(Kind.SMALLINT, pgTypeName);
            case "int4", "serial" -> ColumnType.of(Kind.INTEGER, pgTypeName);
            case "int8", "bigserial" -> ColumnType.of(Kind.BIGINT, pgTypeName);
            case "numeric" -> decimal(column, precision, scale);
            case "float4" -> ColumnType.of(Kind.REAL, pgTypeName);
            case "float8" -> ColumnType.of(Kind.DOUBLE, pgTypeName);
            case "bool" -> ColumnType.of(Kind.BOOLEAN, pgTypeName);
            case "text", "varchar", "bpchar", "name", "citext" -> ColumnType.of(Kind.TEXT, pgTypeName);
            case "bytea" -> ColumnType.of(Kind.BYTES, pgTypeName);
            case "date" -> ColumnType.of(Kind.DATE, pgTypeName);
            case "time" -> ColumnType.of(Kind.TIME, pgTypeName);
            case "timestamp" -> ColumnType.of(Kind.TIMESTAMP, pgTypeName);
            case "timestamptz" -> ColumnType.of(Kind.TIMESTAMPTZ, pgTypeName);
            case "json", "jsonb" -> ColumnType.of(Kind.JSON, pgTypeName);
            case "uuid" -> ColumnType.of(Kind.UUID, pgTypeName);
            default -> {
                LOG.warn("column '{}' has Postgres type {} with no exact mapping; it is extracted as text", column, pgTypeName);
                yield ColumnType.of(Kind.TEXT, pgTypeName);
            }
        };
    }

    private static ColumnType decimal(String column, int precision, int scale) {
        if (precision == 0 || precision > MAX_DECLARABLE_PRECISION) {
            return ColumnType.decimal(MAX_DECIMAL_PRECISION, UNCONSTRAINED_NUMERIC_SCALE, "numeric");
        }
        String declared = "numeric(" + precision + "," + scale + ")";
        if (precision > MAX_DECIMAL_PRECISION) {
            throw new InvalidInputException("column '" + column + "': " + declared + " has more than "
                    + MAX_DECIMAL_PRECISION + " digits; cast it in import_query, e.g. " + column + "::numeric(38,"
                    + Math.min(scale, MAX_DECIMAL_PRECISION) + ") or " + column + "::text");
        }
        if (scale < 0 || scale > precision) {
            throw new InvalidInputException("column '" + column + "': " + declared
                    + " has a scale outside 0.." + precision + "; cast it in import_query, e.g. " + column + "::text");
        }
        return ColumnType.decimal(precision, scale, "numeric");
    }
}
