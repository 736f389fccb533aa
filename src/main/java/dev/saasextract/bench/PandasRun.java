package dev.saasextract.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code scripts/bench.d/gitlab_chunks.py} reports: the rows pandas read and the seconds its emulation of GitLab's
 * per-chunk enrichment took, the rest of the process being the parse.
 */
record PandasRun(long rows, double enrichSeconds) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static PandasRun parse(String output) {
        String line = output.strip();
        line = line.substring(line.lastIndexOf('\n') + 1);
        JsonNode report;
        try {
            report = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the GitLab emulation printed no JSON report:\n" + output, e);
        }
        if (report == null || !report.path("rows").canConvertToLong() || !report.path("enrich_seconds").isNumber()) {
            throw new IllegalStateException("the GitLab emulation's report lacks rows or enrich_seconds:\n" + output);
        }
        return new PandasRun(report.get("rows").asLong(), report.get("enrich_seconds").asDouble());
    }
}
