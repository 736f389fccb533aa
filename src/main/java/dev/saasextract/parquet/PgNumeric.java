package dev.saasextract.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Postgres' binary {@code numeric}: int16 digit count, int16 weight (the power of 10000 of the first digit), uint16
 * sign, int16 display scale, then the base-10000 digits as int16. Decimals of up to 18 digits are turned into their
 * unscaled long without any object; anything unusual (a value that does not fit, wider decimals) goes through
 * BigDecimal and {@link ValueEncoding}, so both read paths refuse the same values with the same message.
 */
final class PgNumeric {
    private static final int HEADER_BYTES = 8;
    private static final int DIGIT_BYTES = 2;
    private static final int DECIMAL_DIGITS_PER_DIGIT = 4;
    private static final BigInteger BASE = BigInteger.valueOf(10_000);
    private static final int NEGATIVE = 0x4000;
    private static final int NAN = 0xC000;
    private static final int INFINITY = 0xD000;
    private static final int MINUS_INFINITY = 0xF000;
    private static final long[] POWERS_OF_TEN = new long[ParquetSchemas.MAX_INT64_DECIMAL_PRECISION + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private PgNumeric() {
    }

    /** The unscaled value at exactly {@code scale}, for {@code precision} ≤ 18. */
    static long unscaledLong(String column, byte[] data, int offset, int precision, int scale) {
        int sign = requireFinite(column, data, offset);
        int digits = BigEndian.int16(data, offset);
        int weight = BigEndian.int16(data, offset + 2);
        long unscaled = 0;
        for (int i = 0; i < digits; i++) {
            int digit = BigEndian.int16(data, offset + HEADER_BYTES + DIGIT_BYTES * i);
            int exponent = DECIMAL_DIGITS_PER_DIGIT * (weight - i) + scale;
            if (exponent < 0) {
                // A digit below the scale must be zero in the places it covers, or the value needs rounding.
                if (exponent <= -DECIMAL_DIGITS_PER_DIGIT || digit % POWERS_OF_TEN[-exponent] != 0) {
                    return viaBigDecimal(column, data, offset, precision, scale);
                }
                unscaled += digit / POWERS_OF_TEN[-exponent];
            } else {
                // The digit may only use the places left below the precision; checked before multiplying, so the
                // product stays below 10^precision and cannot overflow.
                int places = precision - exponent;
                if (places <= 0 ? digit != 0 : places < DECIMAL_DIGITS_PER_DIGIT && digit >= POWERS_OF_TEN[places]) {
                    return viaBigDecimal(column, data, offset, precision, scale);
                }
                if (places > 0) {
                    unscaled += digit * POWERS_OF_TEN[exponent];
                }
            }
            if (unscaled >= POWERS_OF_TEN[precision]) {
                return viaBigDecimal(column, data, offset, precision, scale);
            }
        }
        return sign == NEGATIVE ? -unscaled : unscaled;
    }

    /** The unscaled value as ValueEncoding's 16-byte integer, for 19 to 38 digits. */
    static org.apache.parquet.io.api.Binary unscaledBytes(String column, byte[] data, int offset, int precision,
            int scale) {
        requireFinite(column, data, offset);
        return ValueEncoding.unscaledBytes(column, toBigDecimal(data, offset), precision, scale);
    }

    private static long viaBigDecimal(String column, byte[] data, int offset, int precision, int scale) {
        return ValueEncoding.unscaledLong(column, toBigDecimal(data, offset), precision, scale);
    }

    /** The value with its display scale as its scale, as the driver's BigDecimal has it. */
    static BigDecimal toBigDecimal(byte[] data, int offset) {
        int digits = BigEndian.int16(data, offset);
        int weight = BigEndian.int16(data, offset + 2);
        int sign = BigEndian.int16(data, offset + 4) & 0xFFFF;
        int displayScale = BigEndian.int16(data, offset + 6);
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < digits; i++) {
            unscaled = unscaled.multiply(BASE).add(BigInteger.valueOf(
                    BigEndian.int16(data, offset + HEADER_BYTES + DIGIT_BYTES * i)));
        }
        BigDecimal value = new BigDecimal(sign == NEGATIVE ? unscaled.negate() : unscaled,
                -DECIMAL_DIGITS_PER_DIGIT * (weight - digits + 1));
        // Postgres drops trailing zero digits and never keeps digits beyond the display scale, so this is exact.
        return value.setScale(displayScale);
    }

    private static int requireFinite(String column, byte[] data, int offset) {
        int sign = BigEndian.int16(data, offset + 4) & 0xFFFF;
        return switch (sign) {
            case NAN -> throw ValueEncoding.notFinite(column, Double.NaN);
            case INFINITY -> throw ValueEncoding.notFinite(column, Double.POSITIVE_INFINITY);
            case MINUS_INFINITY -> throw ValueEncoding.notFinite(column, Double.NEGATIVE_INFINITY);
            default -> sign;
        };
    }
}
