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

    /** Postgres counts dates and timestamps from 2000-01-01; these are that day in Unix days and microseconds. */
    private static final int PG_EPOCH_DAY = 10_957;
    private static final long PG_EPOCH_MICROS = PG_EPOCH_DAY * 86_400L * MICROS_PER_SECOND;
    /** Postgres' binary form of {@code time '24:00:00'}. */
    private static final long PG_END_OF_DAY_MICROS = 86_400L * MICROS_PER_SECOND;
    /** Postgres' binary forms of infinity and -infinity (timestamps: int64, dates: int32). */
    private static final long PG_TIMESTAMP_INFINITY = Long.MAX_VALUE;
    private static final long PG_TIMESTAMP_MINUS_INFINITY = Long.MIN_VALUE;
    private static final int PG_DATE_INFINITY = Integer.MAX_VALUE;
    private static final int PG_DATE_MINUS_INFINITY = Integer.MIN_VALUE;

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

    static UnrepresentableValueException notFinite(String column, Object value) {
        return new UnrepresentableValueException(column, value, "is not a finite number, which a Parquet DECIMAL needs");
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

    /** A Postgres binary {@code date} (days since 2000-01-01) as days since 1970-01-01. */
    static int epochDayOfPg(String column, int pgDays) {
        if (pgDays == PG_DATE_INFINITY || pgDays == PG_DATE_MINUS_INFINITY) {
            throw infinity(column, pgDays == PG_DATE_INFINITY);
        }
        // Postgres' last date (5874897 AD) is far below the int limit in either count.
        return pgDays + PG_EPOCH_DAY;
    }

    static long microsOfDay(String column, LocalTime value) {
        if (value.equals(END_OF_DAY)) {
            throw pastEndOfDay(column);
        }
        return value.toNanoOfDay() / NANOS_PER_MICRO;
    }

    /** A Postgres binary {@code time} is already microseconds of the day; only 24:00:00 is refused. */
    static long microsOfDayOfPg(String column, long pgMicros) {
        if (pgMicros == PG_END_OF_DAY_MICROS) {
            throw pastEndOfDay(column);
        }
        return pgMicros;
    }

    /** A Postgres binary {@code timestamp}/{@code timestamptz} (microseconds since 2000-01-01) as Unix microseconds. */
    static long epochMicrosOfPg(String column, long pgMicros) {
        if (pgMicros == PG_TIMESTAMP_INFINITY || pgMicros == PG_TIMESTAMP_MINUS_INFINITY) {
            throw infinity(column, pgMicros == PG_TIMESTAMP_INFINITY);
        }
        // Long.MAX_VALUE itself is how DuckDB (and Parquet readers after it) spell infinity
        if (pgMicros >= Long.MAX_VALUE - PG_EPOCH_MICROS) {
            throw tooFarFrom1970(column, Instant.ofEpochSecond(Math.floorDiv(pgMicros, MICROS_PER_SECOND),
                    Math.floorMod(pgMicros, MICROS_PER_SECOND) * NANOS_PER_MICRO).plusSeconds(PG_EPOCH_DAY * 86_400L));
        }
        return pgMicros + PG_EPOCH_MICROS;
    }

    private static UnrepresentableValueException pastEndOfDay(String column) {
        return new UnrepresentableValueException(column, "24:00:00", "is past the last time of day a TIME holds");
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
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), MICROS_PER_SECOND),
                    value.getNano() / NANOS_PER_MICRO);
        } catch (ArithmeticException e) {
            throw tooFarFrom1970(column, value);
        }
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            throw tooFarFrom1970(column, value); // DuckDB's infinity and -infinity
        }
        return micros;
    }

    private static UnrepresentableValueException tooFarFrom1970(String column, Instant value) {
        return new UnrepresentableValueException(column, value, "is too far from 1970 for a 64-bit microsecond count");
    }

    /** pgjdbc maps Postgres' infinity and -infinity to the MAX and MIN of the java.time class. */
    private static UnrepresentableValueException infinity(String column, boolean positive) {
        return new UnrepresentableValueException(column, positive ? "infinity" : "-infinity",
                "has no Parquet date or timestamp equivalent");
    }
}
