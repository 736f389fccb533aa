package dev.saasextract.bench;

import dev.saasextract.config.DatabaseConfig;
import dev.saasextract.config.ExtractConfig;
import dev.saasextract.config.WarehouseConfig;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.source.SourceQueries;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The harness behind {@code scripts/bench}: measures the read paths over the same ci_job_artifacts-shaped table in
 * one run and prints the table it writes as JSON under {@code target/bench/}. Run from the repository root.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput and memory of saas-extract against the wire limit and GitLab's approach.")
public final class Bench implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    private static final String PYTHON = "/usr/bin/python3";

    @Option(names = "--rows", paramLabel = "N", description = "Rows in ci_job_artifacts (default: 5,000,000).")
    long rows = 5_000_000;

    @Option(names = "--reps", paramLabel = "R", description = "Repetitions per path; the median is reported (default: 3).")
    int reps = 3;

    @Option(names = "--scale", description = "Also measure the extractor's peak RSS at 4 x N rows.")
    boolean scale;

    @Option(names = "--parallel", paramLabel = "P",
            description = "Readers for the parallel row (default: the number of processors).")
    int parallel = Runtime.getRuntime().availableProcessors();

    private final Path root = Path.of("").toAbsolutePath();
    private final Path out = root.resolve("target/bench");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rows <= 0 || reps <= 0 || parallel <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rows, --reps and --parallel must be positive, got " + rows + ", " + reps + " and " + parallel);
        }
        String query = SourceQueries.fullRangeQuery(
                Manifest.load(root.resolve("manifests/gitlab_com_db_manifest.yaml")).require(BenchDatabase.TABLE));
        BenchReport report;
        try (BenchDatabase database = new BenchDatabase(out.resolve("postgres"))) {
            DataSource source = database.source(rows);
            ServerCpu server = ServerCpu.of(source);
            List<Double> wireSeconds = new ArrayList<>();
            List<Double> wireServer = new ArrayList<>();
            List<ExtractorRun> extractorRuns = new ArrayList<>();
            List<ExtractorRun> parallelRuns = new ArrayList<>();
            // One run of each path per repetition: the shared machine has slower spells of minutes, which then weigh
            // on the wire limit and the extractor alike instead of on whichever path ran during them.
            for (int i = 0; i < reps; i++) {
                double before = server.seconds();
                wireSeconds.add(ReadPaths.binaryCopyToNowhere(source, query, rows));
                wireServer.add(server.seconds() - before);
                LOG.info("wire limit run {}: {} s, server CPU {} s", i + 1, wireSeconds.get(i), wireServer.get(i));
                extractorRuns.add(extract(database, server, rows, List.of()));
                parallelRuns.add(extract(database, server, rows, List.of("--parallel", String.valueOf(parallel))));
            }
            Throughput wire = Throughput.measured("wire limit: binary COPY to nowhere (pgjdbc)", rows, wireSeconds,
                    Optional.empty());
            String parallelPath = "saas-extract --parallel " + parallel;
            Throughput staged = extractorThroughput("saas-extract backfill, staged (JVM start -> last file)",
                    extractorRuns, ExtractorRun::stagedSeconds);
            Throughput loaded = extractorThroughput("  + DuckDB load and swap (JVM start -> exit)", extractorRuns,
                    run -> run.timed().seconds());
            Throughput parallelStaged = extractorThroughput(parallelPath + ", staged", parallelRuns,
                    ExtractorRun::stagedSeconds);
            Throughput parallelLoaded = extractorThroughput("  + DuckDB load and swap", parallelRuns,
                    run -> run.timed().seconds());
            BenchReport.Gitlab gitlab = gitlabEmulation(source, query);
            List<PeakRss> rss = new ArrayList<>();
            rss.add(new PeakRss(rows, Math.round(Stats.median(
                    extractorRuns.stream().map(r -> (double) r.timed().peakRssKilobytes()).toList()))));
            if (scale) {
                DataSource large = database.source(4 * rows);
                double largeWire = ReadPaths.binaryCopyToNowhere(large, query, 4 * rows);
                ExtractorRun largeRun = extract(database, server, 4 * rows, List.of());
                String ratio = String.format(Locale.ROOT, "%.2f", largeWire / largeRun.stagedSeconds());
                LOG.info("at {} rows: wire limit {} s, staged after {} s ({}x the wire)", 4 * rows, largeWire,
                        largeRun.stagedSeconds(), ratio);
                rss.add(PeakRss.of(4 * rows, largeRun.timed()));
            }
            BenchReport.ServerSeconds serverSeconds = new BenchReport.ServerSeconds(wireServer,
                    extractorRuns.stream().map(ExtractorRun::serverSeconds).toList(),
                    parallelRuns.stream().map(ExtractorRun::serverSeconds).toList());
            report = new BenchReport(machine(), rows, reps, wire, new BenchReport.Extractor(staged, loaded),
                    new BenchReport.Extractor(parallelStaged, parallelLoaded), gitlab, serverSeconds, rss);
        }
        System.out.print(report.text());
        Path json = out.resolve("bench-" + rows + ".json");
        Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        System.out.println("written to " + root.relativize(json));
        return 0;
    }

    /**
     * One extractor run, how long it took until its export had staged every file, and the CPU seconds the server
     * spent during the whole run.
     */
    private record ExtractorRun(TimedRun timed, long stagedBytes, double stagedSeconds, double serverSeconds) {
    }

    private Throughput extractorThroughput(String path, List<ExtractorRun> runs,
            ToDoubleFunction<ExtractorRun> seconds) {
        return Throughput.measured(path, rows, runs.stream().map(r -> seconds.applyAsDouble(r)).toList(),
                Optional.of(Math.round(Stats.median(runs.stream().map(r -> (double) r.stagedBytes()).toList()))));
    }

    /** One backfill by the shipped jar into a fresh warehouse; its output is kept in {@code run/extract.log}. */
    private ExtractorRun extract(BenchDatabase database, ServerCpu server, long rowCount,
            List<String> extraArguments) throws Exception {
        Path work = out.resolve("run");
        deleteRecursively(work);
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path config = work.resolve("extract.yaml");
        String metadataUrl = database.emptyMetadataUrl(ExtractConfig.DEFAULT_METADATA_SCHEMA);
        Files.writeString(config, new ExtractConfig(
                url(database.sourceUrl(rowCount)), url(metadataUrl),
                ExtractConfig.DEFAULT_METADATA_SCHEMA, fileUri(staging),
                WarehouseConfig.duckDb(work.resolve("warehouse.duckdb"))).toYaml(), StandardCharsets.UTF_8);
        TimedRun run;
        long bytes;
        double serverBefore = server.seconds();
        try (FolderPeak peak = new FolderPeak(staging)) {
            List<String> command = new ArrayList<>(List.of(root.resolve("scripts/extract").toString(),
                    "--config", config.toString(), "--table", BenchDatabase.TABLE, "--load-type", "backfill",
                    "--log-format", "json"));
            command.addAll(extraArguments);
            run = TimedRun.run(command, root);
            bytes = peak.peakBytes();
        }
        double serverSeconds = server.seconds() - serverBefore;
        Files.writeString(work.resolve("extract.log"), run.output(), StandardCharsets.UTF_8);
        ExtractorLog log = ExtractorLog.parse(run.output());
        if (log.summaryRows() != rowCount) {
            throw new IllegalStateException("the extractor loaded " + log.summaryRows() + " rows, expected "
                    + rowCount + ":\n" + run.output());
        }
        double stagedSeconds = Duration.between(run.launched(), log.exportStaged()).toNanos() / 1e9;
        LOG.info("extractor {} at {} rows: staged after {} s, exited after {} s, {} bytes staged, peak RSS {} kB,"
                + " server CPU {} s", extraArguments, rowCount, stagedSeconds, run.seconds(), bytes,
                run.peakRssKilobytes(), serverSeconds);
        return new ExtractorRun(run, bytes, stagedSeconds, serverSeconds);
    }

    private BenchReport.Gitlab gitlabEmulation(DataSource source, String query) throws Exception {
        String parsePath = "GitLab emulated: CSV COPY to temp file + pandas 5M chunks";
        String enrichedPath = "  + its per-cell enrichment (3 applymap passes)";
        Optional<String> missing = pandasMissing();
        if (missing.isPresent()) {
            return new BenchReport.Gitlab(Throughput.skipped(parsePath, rows, missing.get()),
                    Throughput.skipped(enrichedPath, rows, missing.get()));
        }
        List<Double> parseSeconds = new ArrayList<>();
        List<Double> enrichedSeconds = new ArrayList<>();
        Path csv = out.resolve("spooled.csv");
        try {
            for (int i = 0; i < reps; i++) {
                double spool = ReadPaths.csvToFile(source, query, csv, rows);
                TimedRun pandas = TimedRun.run(List.of(PYTHON,
                        root.resolve("scripts/bench.d/gitlab_chunks.py").toString(), csv.toString()), root);
                PandasRun run = PandasRun.parse(pandas.output());
                if (run.rows() != rows) {
                    throw new IllegalStateException("pandas read " + run.rows() + " rows, expected " + rows);
                }
                parseSeconds.add(spool + pandas.seconds() - run.enrichSeconds());
                enrichedSeconds.add(spool + pandas.seconds());
                LOG.info("GitLab emulation run {}: spool {} s + pandas {} s, of which enrichment {} s", i + 1, spool,
                        pandas.seconds(), run.enrichSeconds());
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        return new BenchReport.Gitlab(Throughput.measured(parsePath, rows, parseSeconds, Optional.empty()),
                Throughput.measured(enrichedPath, rows, enrichedSeconds, Optional.empty()));
    }

    private static Optional<String> pandasMissing() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON, "-c", "import pandas").redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() == 0) {
            return Optional.empty();
        }
        String[] lines = output.strip().split("\n");
        return Optional.of("skipped: " + PYTHON + " cannot import pandas (" + lines[lines.length - 1].strip() + ")");
    }

    private static DatabaseConfig url(String jdbcUrl) {
        String database = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
        return new DatabaseConfig(jdbcUrl, null, null, null, database);
    }

    private static URI fileUri(Path folder) throws URISyntaxException {
        return new URI("file", "", folder.toAbsolutePath().toString(), null, null);
    }

    private static BenchReport.Machine machine() throws IOException {
        long memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("/proc/meminfo has no MemTotal line"));
        return new BenchReport.Machine(Runtime.getRuntime().availableProcessors(), memoryKb / 1024,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
