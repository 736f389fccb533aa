package dev.saasextract.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.parquet.io.api.Binary;

/**
 * Turns Java values into the physical Parquet values of docs/types.md, exactly or not at all. {@code column} only
 * names the source column in the error.
 */
final class ValueEncoding {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;
    /** pgjdbc returns LocalTime.MAX for Postgres' 24:00:00, which TIME(MICROS) and Snowflake's TIME cannot hold. */
    private static final LocalTime END_OF_DAY = LocalTime.MAX;

    private ValueEncoding() {
    }

    /** The unscaled value of {@code value} at exactly {@code scale}, for decimals of at most 18 digits. */
    static long unscaledLong(String column, BigDecimal value, int precision, int scale) {
        return exactUnscaled(column, value, precision, scale).longValueExact();
    }

    /** The unscaled value as a 16-byte big-endian two's complement integer, for decimals of 19 to 38 digits. */
    static Binary unscaledBytes(String column, BigDecimal value, int precision, int scale) {
        byte[] minimal = exactUnscaled(column, value, precision, scale).toByteArray();
        byte[] fixed = new byte[ParquetSchemas.DECIMAL_BYTES];
        byte signFill = (byte) (minimal[0] < 0 ? 0xFF : 0x00);
        int padding = fixed.length - minimal.length;
        for (int i = 0; i < padding; i++) {
            fixed[i] = signFill;
        }
        System.arraycopy(minimal, 0, fixed, padding, minimal.length);
        return Binary.fromConstantByteArray(fixed);
    }

    private static BigInteger exactUnscaled(String column, BigDecimal value, int precision, int scale) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale);
        } catch (ArithmeticException e) {
            throw new UnrepresentableValueException(column, value.toPlainString(),
                    "has more than " + scale + " digits after the point of numeric(" + precision + "," + scale + ")");
        }
        if (scaled.precision() > precision) {
            throw new UnrepresentableValueException(column, value.toPlainString(), "has more than " + precision
                    + " digits, the precision of numeric(" + precision + "," + scale + ")");
        }
        return scaled.unscaledValue();
    }

    static int epochDay(String column, LocalDate value) {
        if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN)) {
            throw infinity(column, value.equals(LocalDate.MAX));
        }
        return Math.toIntExact(value.toEpochDay());
    }

    static long microsOfDay(String column, LocalTime value) {
        if (value.equals(END_OF_DAY)) {
            throw new UnrepresentableValueException(column, "24:00:00", "is past the last time of day a TIME holds");
        }
        return value.toNanoOfDay() / NANOS_PER_MICRO;
    }

    static long epochMicros(String column, LocalDateTime value) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            throw infinity(column, value.equals(LocalDateTime.MAX));
        }
        return epochMicros(column, value.toInstant(ZoneOffset.UTC));
    }

    static long epochMicros(String column, OffsetDateTime value) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            throw infinity(column, value.equals(OffsetDateTime.MAX));
        }
        return epochMicros(column, value.toInstant());
    }

    static long epochMicros(String column, Instant value) {
        if (value.getNano() % NANOS_PER_MICRO != 0) {
            throw new UnrepresentableValueException(column, value, "has sub-microsecond digits");
        }
        try {
            return Math.addExact(Math.multiplyExact(value.getEpochSecond(), MICROS_PER_SECOND),
                    value.getNano() / NANOS_PER_MICRO);
        } catch (ArithmeticException e) {
            throw new UnrepresentableValueException(column, value,
                    "is too far from 1970 for a 64-bit microsecond count");
        }
    }

    /** pgjdbc maps Postgres' infinity and -infinity to the MAX and MIN of the java.time class. */
    private static UnrepresentableValueException infinity(String column, boolean positive) {
        return new UnrepresentableValueException(column, positive ? "infinity" : "-infinity",
                "has no Parquet date or timestamp equivalent");
    }
}
