package dev.saasextract.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final long ROWS = 1_000_000;

    private static final BenchReport.Gitlab GITLAB_MEASURED = new BenchReport.Gitlab(
            Throughput.measured("gitlab", ROWS, List.of(20.0, 10.0, 30.0), Optional.empty()),
            Throughput.measured("gitlab enriched", ROWS, List.of(40.0, 30.0, 50.0), Optional.empty()));

    private static BenchReport report() {
        return report(new BenchReport.Gitlab(Throughput.skipped("gitlab", ROWS, "skipped: pandas missing"),
                Throughput.skipped("gitlab enriched", ROWS, "skipped: pandas missing")));
    }

    private static BenchReport report(BenchReport.Gitlab gitlab) {
        return new BenchReport(new BenchReport.Machine(2, 24_000, "OpenJDK 17"), ROWS, 3,
                Throughput.measured("wire", ROWS, List.of(0.5, 0.4, 0.6), Optional.empty()),
                new BenchReport.Extractor(
                        Throughput.measured("extractor", ROWS, List.of(2.0, 1.0, 5.0), Optional.of(60_000_000L)),
                        Throughput.measured("extractor loaded", ROWS, List.of(4.0, 3.0, 7.0),
                                Optional.of(60_000_000L))),
                new BenchReport.Extractor(
                        Throughput.measured("parallel", ROWS, List.of(1.0, 1.0, 1.5), Optional.of(60_000_000L)),
                        Throughput.measured("parallel loaded", ROWS, List.of(3.0, 3.0, 3.5),
                                Optional.of(60_000_000L))),
                gitlab,
                new BenchReport.ServerSeconds(List.of(0.45, 0.38, 0.55), List.of(0.7, 0.6, 0.9),
                        List.of(0.8, 0.8, 1.1)),
                List.of(new PeakRss(ROWS, 400 * 1024), new PeakRss(4 * ROWS, 420 * 1024)));
    }

    @Test
    void ratiosCompareMedianRowRates() {
        // medians: wire 0.5 s, extractor staged 2.0 s and loaded 4.0 s, parallel staged 1.0 s; GitLab skipped
        assertEquals(0.25, report().extractorVersusWireLimit().getAsDouble(), 1e-9);
        assertEquals(0.5, report().parallelVersusWireLimit().getAsDouble(), 1e-9);
        assertEquals(0.125, report().loadedVersusWireLimit().getAsDouble(), 1e-9);
        assertTrue(report().extractorVersusGitlab().isEmpty());
        assertTrue(report().extractorVersusGitlabEnriched().isEmpty());
    }

    @Test
    void theExtractorIsComparedWithGitlabsParseAloneAndWithItsEnrichment() {
        // medians: extractor staged 2.0 s, GitLab's parse 20 s, with the enrichment 40 s
        BenchReport report = report(GITLAB_MEASURED);

        assertEquals(10.0, report.extractorVersusGitlab().getAsDouble(), 1e-9);
        assertEquals(20.0, report.extractorVersusGitlabEnriched().getAsDouble(), 1e-9);
        assertTrue(report.text().contains("staged / GitLab emulation: 10.00x (parse only)   20.00x (with its enrichment)"),
                report::text);
    }

    @Test
    void perRepetitionRatiosPairEachExtractorRunWithTheWireRunOfItsRepetition() {
        // wire 0.5 / 0.4 / 0.6 s against staged 2.0 / 1.0 / 5.0 s and parallel 1.0 / 1.0 / 1.5 s
        assertRatios(List.of(0.25, 0.4, 0.12), report().extractorVersusWireLimitPerRepetition());
        assertRatios(List.of(0.5, 0.4, 0.4), report().parallelVersusWireLimitPerRepetition());
        assertTrue(report().text().contains("per repetition, staged / wire limit: 0.25x 0.40x 0.12x (median 0.25x)"
                + "   parallel staged / wire limit: 0.50x 0.40x 0.40x (median 0.40x)"), report()::text);
    }

    @Test
    void runsThatCannotBePairedHaveNoPerRepetitionRatio() {
        assertEquals(List.of(), Stats.pairedRatios(List.of(1.0, 2.0), List.of(1.0)));
        assertEquals(List.of(), Stats.pairedRatios(List.of(), List.of()));
    }

    private static void assertRatios(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), actual::toString);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-9, actual::toString);
        }
    }

    @Test
    void jsonHasEveryPathWithItsRunsRatesAndSkipReason() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().json());

        assertEquals(ROWS, json.get("rows").asLong());
        assertEquals(2, json.get("machine").get("cpus").asInt());
        assertEquals(24_000, json.get("machine").get("memory_megabytes").asLong());
        JsonNode paths = json.get("paths");
        assertEquals(7, paths.size());
        JsonNode extractor = paths.get(1);
        assertEquals("extractor", extractor.get("path").asText());
        assertEquals(3, extractor.get("run_seconds").size());
        assertEquals(2.0, extractor.get("median_seconds").asDouble());
        assertEquals(500_000.0, extractor.get("rows_per_second").asDouble());
        assertEquals(60_000_000L, extractor.get("staged_bytes").asLong());
        assertEquals(30.0, extractor.get("megabytes_per_second").asDouble(), 1e-9);
        assertTrue(extractor.get("skipped").isNull());
        assertEquals(250_000.0, paths.get(2).get("rows_per_second").asDouble());
        assertEquals(1_000_000.0, paths.get(3).get("rows_per_second").asDouble());
        for (JsonNode gitlab : List.of(paths.get(5), paths.get(6))) {
            assertTrue(gitlab.get("rows_per_second").isNull());
            assertEquals("skipped: pandas missing", gitlab.get("skipped").asText());
        }
        assertEquals("gitlab enriched", paths.get(6).get("path").asText());
        assertEquals(0.25, json.get("ratios").get("extractor_vs_wire_limit").asDouble(), 1e-9);
        assertEquals(0.5, json.get("ratios").get("parallel_vs_wire_limit").asDouble(), 1e-9);
        assertEquals(0.125, json.get("ratios").get("with_load_vs_wire_limit").asDouble(), 1e-9);
        assertTrue(json.get("ratios").get("extractor_vs_gitlab_emulation").isNull());
        assertTrue(json.get("ratios").get("extractor_vs_gitlab_emulation_enriched").isNull());
        assertEquals(0.4, json.get("ratios").get("extractor_vs_wire_limit_per_repetition").get(1).asDouble(), 1e-9);
        assertEquals(3, json.get("ratios").get("parallel_vs_wire_limit_per_repetition").size());
        assertEquals(0.38, json.get("server_cpu_seconds").get("wire_limit").get(1).asDouble(), 1e-9);
        assertEquals(0.9, json.get("server_cpu_seconds").get("extractor").get(2).asDouble(), 1e-9);
        assertEquals(3, json.get("server_cpu_seconds").get("parallel").size());
        assertEquals(4 * ROWS, json.get("peak_rss").get(1).get("rows").asLong());
        assertEquals(420 * 1024, json.get("peak_rss").get(1).get("kilobytes").asLong());
    }

    @Test
    void textShowsRatesRatiosAndNotAvailableForTheSkippedPath() {
        String text = report().text();

        assertTrue(text.contains("500,000"), text);
        assertTrue(text.contains("skipped: pandas missing"), text);
        assertTrue(text.contains("staged / wire limit: 0.25x   parallel staged / wire limit: 0.50x"
                + "   with the load / wire limit: 0.13x"), text);
        assertTrue(text.contains("staged / GitLab emulation: n/a (parse only)   n/a (with its enrichment)"), text);
        assertTrue(text.contains("peak RSS at 4,000,000 rows: 420 MB"), text);
        assertTrue(text.contains("server CPU per run (s): wire limit 0.45 0.38 0.55   extractor 0.70 0.60 0.90"
                + "   parallel 0.80 0.80 1.10"), text);
    }

    @Test
    void aPathIsEitherMeasuredOrSkippedWithAReason() {
        assertThrows(IllegalArgumentException.class,
                () -> new Throughput("p", ROWS, List.of(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new Throughput("p", ROWS, List.of(1.0), Optional.empty(), Optional.of("why")));
    }
}
