package dev.saasextract.parquet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
     * Accepts what the tool's own columns need: TEXT as String, TIMESTAMPTZ as {@link Instant} in whole
     * microseconds (e.g. {@code clock.instant().truncatedTo(ChronoUnit.MICROS)}), DOUBLE as Double and BOOLEAN as
     * Boolean.
     */
    static EncodedValue encode(ConstantColumn constant) {
        return switch (constant.column().type().kind()) {
            case TEXT -> {
                Binary value = Binary.fromString(valueAs(constant, String.class));
                yield (out, field) -> field.writeBinary(out, value);
            }
            case TIMESTAMPTZ -> {
                long value = ValueEncoding.epochMicros(constant.column().name(), wholeMicros(constant));
                yield (out, field) -> field.writeLong(out, value);
            }
            case DOUBLE -> {
                double value = valueAs(constant, Double.class);
                yield (out, field) -> field.writeDouble(out, value);
            }
            case BOOLEAN -> {
                boolean value = valueAs(constant, Boolean.class);
                yield (out, field) -> field.writeBoolean(out, value);
            }
            default -> throw new IllegalArgumentException("constant column " + constant.column().name() + ": kind "
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
}
