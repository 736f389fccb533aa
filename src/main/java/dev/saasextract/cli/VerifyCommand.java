package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.verify.Difference;
import dev.saasextract.verify.KeysFound;
import dev.saasextract.verify.RangeBisection;
import dev.saasextract.verify.RangeDigest;
import dev.saasextract.verify.TableVerifier;
import dev.saasextract.verify.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code extract verify --table T}: compares the table's source query with its warehouse target per key range (see
 * {@link TableVerifier}). Exit 0 when they are equal and {@value #DIFFERENCES_FOUND} when they differ, as diff(1)
 * does: the CONTRACT's codes are 0, 1 and 2, and a difference is not bad input (2). The output says which it was.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare the table's source query with its warehouse table per key range and report missing,"
                + " extra, stale and wrongly flagged keys; changes nothing. Exit 0 when equal, "
                + VerifyCommand.DIFFERENCES_FOUND + " when they differ.")
final class VerifyCommand extends Subcommand {
    static final int DIFFERENCES_FOUND = ExtractCli.RUNTIME_FAILURE;

    @Option(names = "--table", required = true, paramLabel = "KEY", description = "The manifest key of the table.")
    String table;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Option(names = "--segments", paramLabel = "K", description = "Segments an unequal key range is split into"
            + " (default: " + TableVerifier.DEFAULT_SEGMENTS + ").")
    int segments = TableVerifier.DEFAULT_SEGMENTS;

    @Option(names = "--leaf-keys", paramLabel = "N", description = "Read a range key by key once it holds at most"
            + " this many keys (default: " + TableVerifier.DEFAULT_LEAF_KEYS + ").")
    long leafKeys = TableVerifier.DEFAULT_LEAF_KEYS;

    @Override
    public Integer call() {
        if (segments < 2) {
            throw new InvalidInputException("--segments: must be at least 2, got " + segments);
        }
        if (leafKeys < 1) {
            throw new InvalidInputException("--leaf-keys: must be at least 1, got " + leafKeys);
        }
        Settings settings = settings();
        TableSpec manifestEntry = settings.manifest().require(table);
        VerifyReport report;
        try (Wiring wiring = new Wiring(settings.config(), settings.env()).changingNothing()) {
            TableSpec tableSpec = wiring.internalLists().fill(manifestEntry);
            SourceCheck.requireUsable(wiring.source(), tableSpec);
            report = new TableVerifier(wiring.source(), wiring.warehouse(), new RangeBisection(segments, leafKeys))
                    .verify(tableSpec);
        }
        out().println(json ? Json.write(view(report)) : text(report));
        out().flush();
        return report.equal() ? ExtractCli.OK : DIFFERENCES_FOUND;
    }

    static Map<String, Object> view(VerifyReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", report.table());
        view.put("target", report.target());
        view.put("equal", report.equal());
        view.put("updated_at_compared", report.updatedAtCompared());
        view.put("source", sideView(report.source()));
        view.put("warehouse", sideView(report.warehouse()));
        view.put("ranges_compared", report.rangesCompared());
        view.put("ranges_fetched", report.rangesFetched());
        for (Difference difference : Difference.values()) {
            KeysFound found = report.found(difference);
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("count", found.count());
            keys.put("first_keys", found.firstKeys());
            view.put(difference.json(), keys);
        }
        return view;
    }

    private static Map<String, Object> sideView(RangeDigest digest) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keys", digest.keys());
        view.put("rows", digest.rows());
        return view;
    }

    static String text(VerifyReport report) {
        StringBuilder text = new StringBuilder()
                .append(report.table()).append(" -> ").append(report.target()).append(": ")
                .append(report.equal() ? "equal" : "differ")
                .append(String.format(Locale.ROOT, "%n  source:    %,d keys in %,d rows", report.source().keys(),
                        report.source().rows()))
                .append(String.format(Locale.ROOT, "%n  warehouse: %,d keys in %,d rows (latest version of each key,"
                        + " keys flagged deleted left out)", report.warehouse().keys(), report.warehouse().rows()))
                .append(String.format(Locale.ROOT, "%n  compared:  rows per key%s; %,d ranges digested,"
                        + " %,d read key by key",
                        report.updatedAtCompared() ? " and updated_at" : " (no updated_at column)",
                        report.rangesCompared(), report.rangesFetched()));
        for (Difference difference : Difference.values()) {
            KeysFound found = report.found(difference);
            text.append(String.format(Locale.ROOT, "%n  %-16s %,d", difference.json() + ":", found.count()));
            if (found.count() > 0) {
                text.append(" (").append(difference.meaning()).append("), first keys: ")
                        .append(found.firstKeys().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }
        return text.toString();
    }
}
