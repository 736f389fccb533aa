package dev.saasextract.cli;

import dev.saasextract.config.ExtractConfig;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.WarehouseSchemas;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataSchemaState;
import dev.saasextract.seeds.InternalLists;
import dev.saasextract.source.SourceQueries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the manifest (every query parses) and the configuration; optionally the connections.")
final class ValidateCommand extends Subcommand {
    @Option(names = "--check-connections",
            description = "Also connect to the source, metadata DB, staging and warehouse, and describe every query.")
    boolean checkConnections;

    @Override
    public Integer call() {
        Settings settings = settings();
        PrintWriter out = out();
        PrintWriter err = err();
        Manifest manifest = settings.manifest();
        List<String> problems = new ArrayList<>();
        for (TableSpec table : manifest.tables()) {
            check(problems, () -> SourceQueries.fullRangeQuery(InternalLists.fillWithStandIns(table)));
        }
        ExtractConfig config = settings.config();
        out.printf("manifest %s: %d tables%n", settings.manifestPath(), manifest.tables().size());
        out.println("config: ok");
        if (checkConnections && problems.isEmpty()) {
            try (Wiring wiring = new Wiring(config, parent.env)) {
                for (TableSpec table : manifest.tables()) {
                    check(problems, () -> SourceCheck.requireUsable(wiring.source(),
                            wiring.internalLists().fill(table)));
                }
                if (!problems.isEmpty()) {
                    return reportProblems(problems, out, err);
                }
                MetadataSchemaState metadata = wiring.metadataState();
                wiring.warehouse().columns(WarehouseSchemas.TAP_POSTGRES, "saas_extract_connection_check");
                try {
                    wiring.stage().list("staging/");
                } catch (IOException e) {
                    throw new UncheckedIOException("staging " + config.staging() + ": " + e.getMessage(), e);
                }
                out.println("connections: source, metadata, staging and warehouse reachable");
                out.println("metadata schema " + config.metadataSchema() + ": " + describe(metadata));
            }
        }
        return reportProblems(problems, out, err);
    }

    private static String describe(MetadataSchemaState state) {
        return switch (state) {
            case CURRENT -> "up to date";
            case ABSENT -> "not created yet (the first extract run creates it)";
            case NOT_MIGRATED -> "not migrated to this version yet (the next extract run migrates it)";
        };
    }

    private static int reportProblems(List<String> problems, PrintWriter out, PrintWriter err) {
        problems.forEach(p -> err.println("extract: " + p));
        out.flush();
        err.flush();
        return problems.isEmpty() ? ExtractCli.OK : ExtractCli.INVALID_INPUT;
    }

    private static void check(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            problems.add(ExtractCli.oneLine(e));
        }
    }
}
