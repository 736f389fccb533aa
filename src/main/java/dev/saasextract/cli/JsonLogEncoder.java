package dev.saasextract.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --log-format json}: one JSON object per line with {@code time} (ISO-8601 UTC, milliseconds), {@code level},
 * {@code logger}, {@code message}, the run's MDC ({@code table}, {@code load_type}), the event's key-value pairs
 * ({@code event}, {@code rows}, {@code file}, {@code duration_s}, ...) and, when the event has an exception,
 * {@code error} (class and message on one line) and {@code stack_trace}.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIXED = Set.of("time", "level", "logger", "message");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Json.instant(Instant.ofEpochMilli(event.getTimeStamp())));
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("message", event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((key, value) -> putUnlessFixed(line, key, value));
        LogValues.keyValues(event).forEach((key, value) -> putUnlessFixed(line, key, value));
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.put("error", LogValues.oneLine(error));
            line.put("stack_trace", ThrowableProxyUtil.asString(error));
        }
        try {
            return (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a log event of " + event.getLoggerName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void putUnlessFixed(Map<String, Object> line, String key, Object value) {
        if (!FIXED.contains(key)) {
            line.put(key, value);
        }
    }
}
