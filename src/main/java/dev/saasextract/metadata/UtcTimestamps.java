package dev.saasextract.metadata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * GitLab's metadata columns are {@code timestamp without time zone} holding UTC. Binding and reading them as
 * {@link LocalDateTime} keeps the JVM's and the session's time zone out of the conversion.
 */
final class UtcTimestamps {
    private UtcTimestamps() {
    }

    /** Postgres keeps microseconds; truncating here (instead of letting the driver round) keeps equality exact. */
    static LocalDateTime toColumn(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    static Instant fromColumn(LocalDateTime value) {
        return value.toInstant(ZoneOffset.UTC);
    }
}
