package dev.saasextract.cli;

import dev.saasextract.status.ExportStatus;
import dev.saasextract.status.StatusReader;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Progress of the newest export of each table, from the metadata DB.")
final class StatusCommand extends Subcommand {
    @Option(names = "--table", paramLabel = "KEY", description = "Only this manifest table.")
    String table;

    @Option(names = "--json", description = "A JSON array on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Settings settings = settings();
        Optional<String> target = Optional.ofNullable(table).map(key -> settings.manifest().require(key).target());
        try (Wiring wiring = new Wiring(settings.config(), settings.env())) {
            List<ExportStatus> statuses = new StatusReader(wiring.metadata(), settings.clock()).read(target);
            PrintWriter out = out();
            if (json) {
                out.println(Json.write(statuses.stream().map(StatusCommand::view).toList()));
            } else if (statuses.isEmpty()) {
                out.println(target.map(t -> "no export recorded for " + t).orElse("no export recorded yet"));
            } else {
                statuses.forEach(s -> out.println(text(s)));
            }
            out.flush();
        }
        return 0;
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
        view.put("max_id", s.maxId());
        view.put("percent_of_max_id", Math.round(s.percentOfMax() * 10) / 10.0);
        view.put("rows_per_second", Math.round(s.rowsPerSecond()));
        view.put("eta_seconds", s.eta().map(d -> d.toSeconds()).orElse(null));
        view.put("ranges", s.ranges() == 0 ? null : s.ranges());
        view.put("ranges_done", s.ranges() == 0 ? null : s.rangesDone());
        return view;
    }

    static String text(ExportStatus s) {
        return String.format(Locale.ROOT,
                "%-40s %-11s %-9s rows=%,d last_id=%,d/%,d (%.1f%%) rate=%,.0f rows/s eta=%s started=%s last_upload=%s last_file=%s",
                s.table(), s.load(), s.state(), s.rows(), s.lastExtractedId(), s.maxId(), s.percentOfMax(),
                s.rowsPerSecond(), s.eta().map(ConsoleProgress::format).orElse("-"),
                Json.instant(s.initialLoadStartDate()), Json.instant(s.lastUpload()),
                s.lastFile() == null ? "-" : s.lastFile())
                + (s.ranges() == 0 ? "" : String.format(Locale.ROOT, " ranges=%d/%d done", s.rangesDone(), s.ranges()));
    }
}
