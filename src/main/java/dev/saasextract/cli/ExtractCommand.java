package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.LoadResult;
import dev.saasextract.manifest.TableSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "extract", mixinStandardHelpOptions = true, version = "saas-extract 0.1.0",
        description = "Extracts a GitLab.com Postgres table into the warehouse through Parquet staging.",
        subcommands = {PlanCommand.class, StatusCommand.class, ValidateCommand.class, VerifyCommand.class,
                DemoCommand.class, AirflowDagCommand.class})
final class ExtractCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--table", paramLabel = "KEY", description = "The manifest key of the table to load.")
    String table;

    @Option(names = "--load-type", paramLabel = "TYPE",
            description = "auto (default), backfill, incremental, scd or deletes.")
    LoadType loadType = LoadType.auto;

    @Option(names = "--force",
            description = "Apply the deletes even when the key export would flag more than half of the warehouse's keys.")
    boolean force;

    @Mixin
    ParallelOptions parallelOptions = new ParallelOptions();

    @Spec
    CommandSpec spec;

    final Map<String, String> env;

    ExtractCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (table == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option '--table=<KEY>' (or a command: plan, status, validate, verify, demo,"
                            + " airflow-dag)");
        }
        Logging.apply(common);
        ExportParallelism parallelism = parallelOptions.resolve();
        if (parallelism.shard().isPresent() && loadType != LoadType.auto && loadType != LoadType.backfill) {
            throw new InvalidInputException("--shard: only backfills are sharded; use --load-type auto or backfill,"
                    + " not " + loadType);
        }
        Settings settings = new Settings(common, env);
        settings.checkRunInputs();
        TableSpec tableSpec = settings.manifest().require(table);
        Clock clock = settings.clock();
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        try (Wiring wiring = new Wiring(settings.config(), settings.env(), parallelism.readers())) {
            List<LoadResult> results = new TableJob(wiring, settings, clock, new ConsoleProgress(out), force,
                    parallelism).run(tableSpec, loadType);
            Duration took = Duration.between(started, Instant.now());
            results.forEach(result -> out.println(summary(result, took)));
            out.flush();
        }
        return 0;
    }

    static String summary(LoadResult r, Duration took) {
        double seconds = Math.max(took.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "done: table=%s action=%s rows=%d files=%d duration=%.1fs rate=%.0f rows/s",
                r.table(), r.action(), r.rows(), r.files(), seconds, r.rows() / seconds);
    }
}
