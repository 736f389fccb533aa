package dev.saasextract.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** JSON output of {@code plan --json} and {@code status --json}. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    /** Instants as the contract shows them: UTC, milliseconds, {@code Z}. */
    static String instant(Instant instant) {
        return instant == null ? null : INSTANT.format(instant);
    }
}
