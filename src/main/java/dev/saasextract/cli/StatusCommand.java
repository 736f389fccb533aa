package dev.saasextract.cli;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.ResumeObstacle;
import dev.saasextract.status.ExportStatus;
import dev.saasextract.status.StatusReader;
import dev.saasextract.status.TableStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "State of every manifest table: last success, lag behind the source, running and stale exports.")
final class StatusCommand extends Subcommand {
    @Option(names = "--table", paramLabel = "KEY", description = "Only this manifest table.")
    String table;

    private static final Logger LOG = LoggerFactory.getLogger(StatusCommand.class);

    @Option(names = "--json", description = "A JSON array on stdout, one object per table.")
    boolean json;

    @Override
    public Integer call() {
        Settings settings = settings();
        List<TableSpec> tables = table == null ? settings.manifest().tables()
                : List.of(settings.manifest().require(table));
        try (Wiring wiring = new Wiring(settings.config(), settings.env()).changingNothing()) {
            StatusReader reader = new StatusReader(wiring.metadata(), settings.clock(), byTarget(tables));
            List<ExportStatus> exports = reader.read(Optional.ofNullable(table).map(key -> tables.get(0).target()));
            Optional<Instant> dataReach = dataReach(wiring, settings.clock());
            List<TableStatus> statuses = tables.stream()
                    .map(spec -> TableStatus.of(spec.key(), spec.target(),
                            exports.stream().filter(e -> e.table().equals(spec.target())).toList(),
                            reader.runActive(spec.target()), reader.lastSuccess(spec.target()), dataReach))
                    .toList();
            PrintWriter out = out();
            if (json) {
                out.println(Json.write(statuses.stream().map(StatusCommand::view).toList()));
            } else {
                statuses.forEach(s -> {
                    out.println(text(s));
                    s.exports().forEach(e -> out.println("    " + text(e)));
                });
            }
            out.flush();
        }
        return 0;
    }

    /**
     * How far the source's data reaches: the replica's time, or now on a primary. Status must work while the source
     * is down, so then the lag is unknown instead of the command failing.
     */
    private static Optional<Instant> dataReach(Wiring wiring, Clock clock) {
        try {
            return Optional.of(wiring.source().replicaTime().orElseGet(clock::instant));
        } catch (RuntimeException e) {
            LOG.warn("lag unknown: cannot ask the source how far its data reaches: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Each table's manifest entry by its warehouse table name, as StatusReader takes them. */
    static Map<String, TableSpec> byTarget(List<TableSpec> tables) {
        return tables.stream()
                .collect(Collectors.toMap(TableSpec::target, spec -> spec, (first, next) -> first));
    }

    static Map<String, Object> view(TableStatus s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", s.key());
        view.put("target", s.target());
        view.put("state", s.state());
        view.put("run_active", s.runActive());
        view.put("last_success", s.lastSuccess().map(Json::instant).orElse(null));
        view.put("lag_seconds", s.lag().map(Duration::toSeconds).orElse(null));
        view.put("exports", s.exports().stream().map(StatusCommand::view).toList());
        return view;
    }

    static String text(TableStatus s) {
        return String.format(Locale.ROOT, "%-40s %-40s %-12s last_success=%s lag=%s run_active=%s", s.key(), s.target(),
                s.state(), s.lastSuccess().map(Json::instant).orElse("-"),
                s.lag().map(ConsoleProgress::format).orElse(s.lastSuccess().isPresent() ? "unknown" : "-"),
                s.runActive() ? "yes" : "no");
    }

    static Map<String, Object> view(ExportStatus s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", s.table());
        view.put("load", s.load());
        view.put("state", s.state());
        view.put("initial_load_start_date", Json.instant(s.initialLoadStartDate()));
        view.put("last_upload", Json.instant(s.lastUpload()));
        view.put("last_file", s.lastFile());
        view.put("rows", s.rows());
        view.put("last_extracted_id", s.lastExtractedId());
        view.put("max_id", s.maxId().isPresent() ? s.maxId().getAsLong() : null);
        view.put("percent_of_max_id", s.percentOfMax().isPresent()
                ? Math.round(s.percentOfMax().getAsDouble() * 10) / 10.0 : null);
        view.put("rows_per_second", Math.round(s.rowsPerSecond()));
        view.put("eta_seconds", s.eta().map(d -> d.toSeconds()).orElse(null));
        view.put("ranges", s.ranges() == 0 ? null : s.ranges());
        view.put("ranges_done", s.ranges() == 0 ? null : s.rangesDone());
        view.put("stale_because", s.staleBecause().map(ResumeObstacle::json).orElse(null));
        return view;
    }

    static String text(ExportStatus s) {
        String toMax = s.maxId().isPresent() ? String.format(Locale.ROOT, "/%,d", s.maxId().getAsLong()) : "";
        String percent = s.percentOfMax().isPresent()
                ? String.format(Locale.ROOT, " (%.1f%%)", s.percentOfMax().getAsDouble()) : "";
        return String.format(Locale.ROOT,
                "%-40s %-11s %-9s rows=%,d last_id=%,d%s%s rate=%,.0f rows/s eta=%s started=%s last_upload=%s last_file=%s",
                s.table(), s.load(), s.state(), s.rows(), s.lastExtractedId(), toMax, percent,
                s.rowsPerSecond(), s.eta().map(ConsoleProgress::format).orElse("-"),
                Json.instant(s.initialLoadStartDate()), Json.instant(s.lastUpload()),
                s.lastFile() == null ? "-" : s.lastFile())
                + (s.ranges() == 0 ? "" : String.format(Locale.ROOT, " ranges=%d/%d done", s.rangesDone(), s.ranges()))
                + s.staleBecause().map(obstacle -> " stale_because=" + obstacle.json()).orElse("");
    }
}
