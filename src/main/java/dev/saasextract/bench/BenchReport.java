package dev.saasextract.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What one bench run measured, as the printed table and as JSON. The extractor's rows are compared with the wire
 * limit and GitLab's approach when staged, since neither of those loads a warehouse; the load is shown next to them.
 */
public record BenchReport(Machine machine, long rows, int reps, Throughput wireLimit, Extractor extractor,
        Extractor parallelExtractor, Gitlab gitlab, ServerSeconds serverSeconds, List<PeakRss> peakRss) {

    /** The same extractor runs timed twice: until the export staged its last file, and until the process exited. */
    public record Extractor(Throughput staged, Throughput loaded) {
        public Extractor {
            requireNonNull(staged, "staged is null");
            requireNonNull(loaded, "loaded is null");
        }
    }

    /**
     * The same pandas runs timed twice: the parse alone (the baseline) and with GitLab's per-cell enrichment,
     * which its pipeline also does to every chunk before writing it.
     */
    public record Gitlab(Throughput parse, Throughput enriched) {
        public Gitlab {
            requireNonNull(parse, "parse is null");
            requireNonNull(enriched, "enriched is null");
        }
    }

    /**
     * CPU seconds the Postgres server spent on each run of the paths compared with the wire limit: when the server
     * itself was slower in a spell, every path's time rises with it.
     */
    public record ServerSeconds(List<Double> wireLimit, List<Double> extractor, List<Double> parallelExtractor) {
        public ServerSeconds {
            wireLimit = List.copyOf(requireNonNull(wireLimit, "wireLimit is null"));
            extractor = List.copyOf(requireNonNull(extractor, "extractor is null"));
            parallelExtractor = List.copyOf(requireNonNull(parallelExtractor, "parallelExtractor is null"));
        }
    }

    public record Machine(int cpus, long memoryMegabytes, String java) {
        public Machine {
            requireNonNull(java, "java is null");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BenchReport {
        requireNonNull(machine, "machine is null");
        requireNonNull(wireLimit, "wireLimit is null");
        requireNonNull(extractor, "extractor is null");
        requireNonNull(parallelExtractor, "parallelExtractor is null");
        requireNonNull(gitlab, "gitlab is null");
        requireNonNull(serverSeconds, "serverSeconds is null");
        peakRss = List.copyOf(requireNonNull(peakRss, "peakRss is null"));
    }

    public OptionalDouble extractorVersusWireLimit() {
        return Stats.ratio(extractor.staged().rowsPerSecond(), wireLimit.rowsPerSecond());
    }

    public OptionalDouble parallelVersusWireLimit() {
        return Stats.ratio(parallelExtractor.staged().rowsPerSecond(), wireLimit.rowsPerSecond());
    }

    /** End to end, including the embedded warehouse's load of the staged files. */
    public OptionalDouble loadedVersusWireLimit() {
        return Stats.ratio(extractor.loaded().rowsPerSecond(), wireLimit.rowsPerSecond());
    }

    /**
     * Each repetition ran the wire limit, then the extractor, then the parallel extractor, so their ratio within one
     * repetition is measured in one spell of the shared machine, whose speed drifts by a third over minutes.
     */
    public List<Double> extractorVersusWireLimitPerRepetition() {
        return Stats.pairedRatios(wireLimit.seconds(), extractor.staged().seconds());
    }

    public List<Double> parallelVersusWireLimitPerRepetition() {
        return Stats.pairedRatios(wireLimit.seconds(), parallelExtractor.staged().seconds());
    }

    /** Against the parse alone: a lower bound on GitLab's cost. */
    public OptionalDouble extractorVersusGitlab() {
        return Stats.ratio(extractor.staged().rowsPerSecond(), gitlab.parse().rowsPerSecond());
    }

    public OptionalDouble extractorVersusGitlabEnriched() {
        return Stats.ratio(extractor.staged().rowsPerSecond(), gitlab.enriched().rowsPerSecond());
    }

    private List<Throughput> throughputs() {
        return List.of(wireLimit, extractor.staged(), extractor.loaded(), parallelExtractor.staged(),
                parallelExtractor.loaded(), gitlab.parse(), gitlab.enriched());
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "saas-extract bench: %,d rows of ci_job_artifacts, median of %d run(s);"
                + " %d cpus, %,d MB memory, java %s%n", rows, reps, machine.cpus(), machine.memoryMegabytes(),
                machine.java()));
        out.append(String.format(Locale.ROOT, "%-58s %12s %9s %9s  %s%n", "path", "rows/s", "MB/s", "median s",
                "runs (s)"));
        for (Throughput t : throughputs()) {
            out.append(String.format(Locale.ROOT, "%-58s %12s %9s %9s  %s%n", t.path(),
                    number(t.rowsPerSecond(), "%,.0f"), number(t.megabytesPerSecond(), "%.1f"),
                    number(t.medianSeconds(), "%.2f"), t.skipped().orElse(runs(t.seconds()))));
        }
        out.append(String.format(Locale.ROOT, "staged / wire limit: %s   parallel staged / wire limit: %s"
                + "   with the load / wire limit: %s%n", Stats.formatRatio(extractorVersusWireLimit()),
                Stats.formatRatio(parallelVersusWireLimit()), Stats.formatRatio(loadedVersusWireLimit())));
        out.append(String.format(Locale.ROOT, "staged / GitLab emulation: %s (parse only)   %s (with its enrichment)%n",
                Stats.formatRatio(extractorVersusGitlab()), Stats.formatRatio(extractorVersusGitlabEnriched())));
        out.append(String.format(Locale.ROOT, "per repetition, staged / wire limit: %s   parallel staged / wire limit:"
                + " %s%n", perRepetition(extractorVersusWireLimitPerRepetition()),
                perRepetition(parallelVersusWireLimitPerRepetition())));
        out.append(String.format(Locale.ROOT, "server CPU per run (s): wire limit %s   extractor %s   parallel %s%n",
                runs(serverSeconds.wireLimit()), runs(serverSeconds.extractor()),
                runs(serverSeconds.parallelExtractor())));
        for (PeakRss rss : peakRss) {
            out.append(String.format(Locale.ROOT, "extractor peak RSS at %,d rows: %.0f MB%n", rss.rows(),
                    rss.megabytes()));
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("cpus", machine.cpus());
        host.put("memory_megabytes", machine.memoryMegabytes());
        host.put("java", machine.java());
        root.put("machine", host);
        root.put("rows", rows);
        root.put("reps", reps);
        root.put("paths", throughputs().stream().map(BenchReport::json).toList());
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("extractor_vs_wire_limit", nullable(extractorVersusWireLimit()));
        ratios.put("parallel_vs_wire_limit", nullable(parallelVersusWireLimit()));
        ratios.put("with_load_vs_wire_limit", nullable(loadedVersusWireLimit()));
        ratios.put("extractor_vs_gitlab_emulation", nullable(extractorVersusGitlab()));
        ratios.put("extractor_vs_gitlab_emulation_enriched", nullable(extractorVersusGitlabEnriched()));
        ratios.put("extractor_vs_wire_limit_per_repetition", extractorVersusWireLimitPerRepetition());
        ratios.put("parallel_vs_wire_limit_per_repetition", parallelVersusWireLimitPerRepetition());
        root.put("ratios", ratios);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("wire_limit", serverSeconds.wireLimit());
        server.put("extractor", serverSeconds.extractor());
        server.put("parallel", serverSeconds.parallelExtractor());
        root.put("server_cpu_seconds", server);
        root.put("peak_rss", peakRss.stream()
                .map(r -> Map.of("rows", r.rows(), "kilobytes", r.kilobytes()))
                .toList());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the bench report as JSON", e);
        }
    }

    private static Map<String, Object> json(Throughput t) {
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("path", t.path());
        path.put("rows", t.rows());
        path.put("run_seconds", t.seconds());
        path.put("median_seconds", nullable(t.medianSeconds()));
        path.put("rows_per_second", nullable(t.rowsPerSecond()));
        path.put("staged_bytes", t.stagedBytes().orElse(null));
        path.put("megabytes_per_second", nullable(t.megabytesPerSecond()));
        path.put("skipped", t.skipped().orElse(null));
        return path;
    }

    private static Double nullable(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static String number(OptionalDouble value, String format) {
        return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "n/a";
    }

    /** E.g. {@code 0.70x 0.57x 0.69x (median 0.69x)}, or {@code n/a}. */
    private static String perRepetition(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return "n/a";
        }
        return String.join(" ", ratios.stream().map(r -> Stats.formatRatio(OptionalDouble.of(r))).toList())
                + " (median " + Stats.formatRatio(OptionalDouble.of(Stats.median(ratios))) + ")";
    }

    private static String runs(List<Double> seconds) {
        return String.join(" ", seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
    }
}
