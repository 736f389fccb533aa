package dev.saasextract.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/** What both log formats read from an event besides its message: its key-value pairs and its error. */
final class LogValues {
    /** The key naming what happened ({@code summary}, {@code chunk_staged}, ...), shown first in text. */
    static final String EVENT = "event";

    private LogValues() {
    }

    /**
     * The event's key-value pairs (slf4j 2 {@code addKeyValue}), in the order they were added; a key added twice keeps
     * its last value. Values other than numbers, booleans and null are rendered as text.
     */
    static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                values.put(pair.key, plain(pair.value));
            }
        }
        return values;
    }

    /** The error's class and message on one line, as {@code ExtractCli} prints an error. */
    static String oneLine(IThrowableProxy error) {
        String message = error.getMessage() == null ? "" : ": " + error.getMessage();
        return (error.getClassName() + message).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static Object plain(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }
}
