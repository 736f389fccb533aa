package dev.saasextract.warehouse.dialect;

import dev.saasextract.schema.ColumnType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a numeric column holds exactly: integers of some width, decimals of some precision and scale, or binary
 * floating point with some mantissa. A warehouse column that cannot hold every value of the query's column would round
 * what is appended to it (Snowflake's COPY and DuckDB's INSERT both cast without a word).
 */
record NumericCapacity(Form form, int bits, int precision, int scale) {
    private static final Pattern DECIMAL =
            Pattern.compile("(?:DECIMAL|NUMERIC|NUMBER)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final int FLOAT_MANTISSA = 24;
    private static final int DOUBLE_MANTISSA = 53;

    enum Form {
        INTEGER, DECIMAL, FLOAT
    }

    private static NumericCapacity integer(int bits) {
        return new NumericCapacity(Form.INTEGER, bits, 0, 0);
    }

    private static NumericCapacity decimal(int precision, int scale) {
        return new NumericCapacity(Form.DECIMAL, 0, precision, scale);
    }

    private static NumericCapacity floating(int mantissaBits) {
        return new NumericCapacity(Form.FLOAT, mantissaBits, 0, 0);
    }

    /** The query column's capacity; empty for a non-numeric column. */
    static Optional<NumericCapacity> of(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT -> Optional.of(integer(16));
            case INTEGER -> Optional.of(integer(32));
            case BIGINT -> Optional.of(integer(64));
            case DECIMAL -> Optional.of(decimal(type.precision(), type.scale()));
            case REAL -> Optional.of(floating(FLOAT_MANTISSA));
            case DOUBLE -> Optional.of(floating(DOUBLE_MANTISSA));
            default -> Optional.empty();
        };
    }

    /**
     * A stored column's capacity from its type as the warehouse reports it; empty for a type this does not judge.
     *
     * @param floatIsDouble whether the engine's {@code FLOAT} is 8 bytes (Snowflake) rather than 4 (DuckDB)
     */
    static Optional<NumericCapacity> ofStored(String storedType, boolean floatIsDouble) {
        String type = storedType.strip().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return Optional.of(decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2))));
        }
        return switch (type) {
            case "TINYINT", "INT1" -> Optional.of(integer(8));
            case "SMALLINT", "INT2", "SHORT" -> Optional.of(integer(16));
            case "INTEGER", "INT", "INT4", "SIGNED" -> Optional.of(integer(32));
            case "BIGINT", "INT8", "LONG" -> Optional.of(integer(64));
            case "HUGEINT", "INT128" -> Optional.of(integer(128));
            case "NUMBER", "DECIMAL", "NUMERIC" -> Optional.of(decimal(38, 0));
            case "REAL", "FLOAT4" -> Optional.of(floating(floatIsDouble ? DOUBLE_MANTISSA : FLOAT_MANTISSA));
            case "FLOAT" -> Optional.of(floating(floatIsDouble ? DOUBLE_MANTISSA : FLOAT_MANTISSA));
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT8" -> Optional.of(floating(DOUBLE_MANTISSA));
            default -> Optional.empty();
        };
    }

    /** Whether every value of {@code query} fits here unchanged. */
    boolean holds(NumericCapacity query) {
        return switch (query.form) {
            case INTEGER -> switch (form) {
                case INTEGER -> bits >= query.bits;
                case DECIMAL -> precision - scale >= digitsOf(query.bits);
                case FLOAT -> bits >= query.bits - 1;
            };
            case DECIMAL -> switch (form) {
                case INTEGER -> query.scale == 0 && query.precision <= wholeDigitsIn(bits);
                case DECIMAL -> scale >= query.scale && precision - scale >= query.precision - query.scale;
                // A decimal fraction is rarely a binary one; whole numbers fit while the mantissa holds them.
                case FLOAT -> query.scale == 0 && query.precision <= (bits == DOUBLE_MANTISSA ? 15 : 6);
            };
            case FLOAT -> form == Form.FLOAT && bits >= query.bits;
        };
    }

    /** The digits of the widest value of a signed integer of {@code bits}: 32,767 has 5. */
    private static int digitsOf(int bits) {
        return switch (bits) {
            case 8 -> 3;
            case 16 -> 5;
            case 32 -> 10;
            case 64 -> 19;
            default -> 39;
        };
    }

    /** How many digits every whole number of that many digits fits a signed integer of {@code bits}: 4 for 16. */
    private static int wholeDigitsIn(int bits) {
        return digitsOf(bits) - 1;
    }
}
