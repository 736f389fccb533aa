package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Both formats of one event that carries key-values and an exception. */
class LogEncodersTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private LoggingEvent event() {
        Logger logger = context.getLogger("dev.saasextract.load.ChunkAttempts");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "table {}: chunk failed", new IllegalStateException("connection reset\nby peer"),
                new Object[] {"GITLAB_DB_ISSUES"});
        event.setTimeStamp(1_700_000_000_123L);
        event.addKeyValuePair(new KeyValuePair(LogValues.EVENT, "retry"));
        event.addKeyValuePair(new KeyValuePair("file", "staging/a b.parquet"));
        event.addKeyValuePair(new KeyValuePair("rows", 5000L));
        return event;
    }

    @Test
    void jsonHasTheFixedFieldsTheKeyValuesAndTheErrorOnOneLine() throws Exception {
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();

        String text = new String(encoder.encode(event()), StandardCharsets.UTF_8);

        assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, text);
        JsonNode line = new ObjectMapper().readTree(text);
        assertEquals(List.of("time", "level", "logger", "message", "event", "file", "rows", "error", "stack_trace"),
                fieldNames(line));
        assertEquals("2023-11-14T22:13:20.123Z", line.get("time").asText());
        assertEquals("WARN", line.get("level").asText());
        assertEquals("table GITLAB_DB_ISSUES: chunk failed", line.get("message").asText());
        assertEquals(5000, line.get("rows").asLong());
        assertEquals("java.lang.IllegalStateException: connection reset by peer", line.get("error").asText());
        assertTrue(line.get("stack_trace").asText().contains("\tat dev.saasextract.cli.LogEncodersTest"),
                line::toString);
    }

    @Test
    void textPutsTheEventFirstAndQuotesValuesWithSpaces() {
        TextLogEncoder encoder = new TextLogEncoder();
        encoder.setContext(context);
        encoder.start();

        List<String> lines = new String(encoder.encode(event()), StandardCharsets.UTF_8).lines().toList();

        assertEquals("2023-11-14T22:13:20.123Z WARN  [retry] table GITLAB_DB_ISSUES: chunk failed"
                + " file=\"staging/a b.parquet\" rows=5000", lines.get(0));
        assertEquals("java.lang.IllegalStateException: connection reset", lines.get(1), "then the stack trace");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
