package dev.saasextract.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What an extractor run's {@code --log-format json} lines say: the rows its summary reports, and when its export had
 * staged its last file (the {@code export_staged} event), which splits the run into export and warehouse load.
 */
record ExtractorLog(long summaryRows, Instant exportStaged) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ExtractorLog parse(String output) {
        Optional<Long> rows = Optional.empty();
        Optional<Instant> staged = Optional.empty();
        for (String line : output.split("\n")) {
            Optional<JsonNode> event = json(line.strip());
            if (event.isEmpty()) {
                continue;
            }
            String name = event.get().path("event").asText("");
            if (name.equals("summary")) {
                rows = Optional.of(event.get().path("rows").asLong());
            } else if (name.equals("export_staged") && staged.isEmpty()) {
                staged = Optional.of(time(event.get(), line));
            }
        }
        return new ExtractorLog(
                rows.orElseThrow(() -> new IllegalStateException("the extractor logged no summary event:\n" + output)),
                staged.orElseThrow(() -> new IllegalStateException("the extractor logged no export_staged event:\n"
                        + output)));
    }

    private static Instant time(JsonNode event, String line) {
        try {
            return Instant.parse(event.path("time").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("a log event without an ISO-8601 time: " + line, e);
        }
    }

    private static Optional<JsonNode> json(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(line));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
