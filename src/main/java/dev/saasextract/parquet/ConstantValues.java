package dev.saasextract.parquet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Encodes a {@link ConstantColumn}'s value once, so each row only copies it. */
final class ConstantValues {

    /** A value already in its Parquet form. */
    @FunctionalInterface
    interface EncodedValue {
        void write(RecordConsumer out, Field field);
    }

    private ConstantValues() {
    }

    /**
     * Accepts TEXT/JSON as String, UUID as {@link UUID}, TIMESTAMPTZ as {@link Instant}, TIMESTAMP as
     * {@link LocalDateTime}, DATE as {@link LocalDate}, BOOLEAN, SMALLINT/INTEGER as Integer and BIGINT as Long;
     * timestamps must be whole microseconds (e.g. {@code clock.instant().truncatedTo(ChronoUnit.MICROS)}).
     */
    static EncodedValue encode(ConstantColumn constant) {
        String name = constant.column().name();
        return switch (constant.column().type().kind()) {
            case TEXT, JSON -> binary(Binary.fromString(valueAs(constant, String.class)));
            case UUID -> binary(Binary.fromString(valueAs(constant, UUID.class).toString()));
            case TIMESTAMPTZ -> int64(ValueEncoding.epochMicros(name, wholeMicros(constant)));
            case TIMESTAMP -> int64(ValueEncoding.epochMicros(name, valueAs(constant, LocalDateTime.class)));
            case DATE -> int32(ValueEncoding.epochDay(name, valueAs(constant, LocalDate.class)));
            case BOOLEAN -> {
                boolean value = valueAs(constant, Boolean.class);
                yield (out, field) -> field.writeBoolean(out, value);
            }
            case SMALLINT, INTEGER -> int32(valueAs(constant, Integer.class));
            case BIGINT -> int64(valueAs(constant, Long.class));
            default -> throw new IllegalArgumentException("constant column " + name + ": kind "
                    + constant.column().type().kind() + " is not supported for constants");
        };
    }

    private static <T> T valueAs(ConstantColumn constant, Class<T> type) {
        if (!type.isInstance(constant.value())) {
            throw new IllegalArgumentException("constant column " + constant.column().name() + " of kind "
                    + constant.column().type().kind() + " needs a " + type.getName() + ", got "
                    + constant.value().getClass().getName());
        }
        return type.cast(constant.value());
    }

    private static Instant wholeMicros(ConstantColumn constant) {
        Instant value = valueAs(constant, Instant.class);
        if (!value.truncatedTo(ChronoUnit.MICROS).equals(value)) {
            throw new IllegalArgumentException("constant column " + constant.column().name() + ": " + value
                    + " has sub-microsecond digits; truncate it to microseconds");
        }
        return value;
    }

    private static EncodedValue binary(Binary value) {
        return (out, field) -> field.writeBinary(out, value);
    }

    private static EncodedValue int32(int value) {
        return (out, field) -> field.writeInt(out, value);
    }

    private static EncodedValue int64(long value) {
        return (out, field) -> field.writeLong(out, value);
    }
}
