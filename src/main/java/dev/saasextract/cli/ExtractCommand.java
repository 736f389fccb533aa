package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.LoadResult;
import dev.saasextract.manifest.TableSpec;
import java.time.Clock;
import java.time.Duration;
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

@Command(name = "extract", mixinStandardHelpOptions = true, version = "saas-extract " + ExtractCommand.VERSION,
        description = "Extracts a GitLab.com Postgres table into the warehouse through Parquet staging.",
        subcommands = {PlanCommand.class, StatusCommand.class, ValidateCommand.class, VerifyCommand.class,
                DemoCommand.class, AirflowDagCommand.class})
final class ExtractCommand implements Callable<Integer> {
    static final String VERSION = "0.1.0";

    @Mixin
    CommonOptions common;

    @Option(names = "--table", paramLabel = "KEY", description = "The manifest key of the table to load.")
    String table;

    @Option(names = "--load-type", paramLabel = "TYPE",
            description = "auto (default), backfill, incremental, scd or deletes.")
    LoadType loadType = LoadType.auto;

    @Option(names = "--force",
            description = "Apply the deletes even when the key export would newly flag more than half of the warehouse's live keys.")
    boolean force;

    @Option(names = "--restart",
            description = "Start the backfill (or, with --load-type deletes, the deletes key export) over from the first"
                    + " key in a new folder, even when an unfinished one could be resumed (its query, filter or source"
                    + " was wrong); the unfinished one's staged files are removed. Runs the backfill step (--load-type"
                    + " backfill) unless --load-type deletes; not with --shard or --if-due.")
    boolean restart;

    @Option(names = "--if-due",
            description = "With --load-type deletes: run the deletes only when they are due (as auto decides), else"
                    + " exit 0 without touching anything. The generated Airflow DAG's deletes tasks use it.")
    boolean ifDue;

    @Option(names = "--progress-interval", paramLabel = "DURATION",
            description = "Off a terminal, log the export's progress this often, e.g. 30s, 2m, 500ms (default: "
                    + ProgressInterval.DEFAULT + ").")
    String progressInterval = ProgressInterval.DEFAULT;

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
        try {
            runTable();
        } finally {
            Logging.reset();
        }
        return 0;
    }

    @SuppressWarnings("try") // the run context is open for the block's duration, not used inside it
    private void runTable() {
        Duration progressEvery = ProgressInterval.parse(progressInterval);
        ExportParallelism parallelism = parallelOptions.resolve();
        if (parallelism.shard().isPresent() && loadType != LoadType.auto && loadType != LoadType.backfill) {
            throw new InvalidInputException("--shard: only backfills are sharded; use --load-type auto or backfill,"
                    + " not " + loadType);
        }
        if (parallelism.readers() > 1 && loadType != LoadType.auto && loadType != LoadType.backfill) {
            throw new InvalidInputException("--parallel: only backfills read key ranges in parallel; use --load-type"
                    + " auto or backfill, not " + loadType);
        }
        if (force && loadType != LoadType.auto && loadType != LoadType.deletes) {
            throw new InvalidInputException("--force: it applies the deletes; use --load-type deletes or auto, not "
                    + loadType);
        }
        TableJob.checkIfDue(ifDue, loadType);
        TableJob.checkRestartWithIfDue(restart, ifDue);
        LoadType steps = TableJob.checkRestart(restart, loadType, parallelism);
        Settings settings = new Settings(common, env);
        settings.checkRunInputs();
        XcomFile.checkWritable(env);
        TableSpec tableSpec = settings.manifest().require(table);
        Clock clock = settings.clock();
        RunTally tally = new RunTally();
        ExportTracker tracker = new ExportTracker(new HeapGiveBack(new LoadEventLog()), tally,
                parallelism.equals(ExportParallelism.SINGLE), System::nanoTime);
        long started = System.nanoTime();
        List<LoadResult> results;
        try (RunContext context = RunContext.open(tableSpec.target(), steps);
                SummaryOnSignal onSignal = SummaryOnSignal.register(
                        () -> RunSummary.terminated(tableSpec.target(), steps, tally, since(started)))) {
            try (ProgressReporter progress = startProgress(tracker, progressEvery);
                    Wiring wiring = new Wiring(settings.config(), settings.env(), parallelism.readers())) {
                TableJob job = new TableJob(wiring, settings, clock, tracker, force, parallelism, tally);
                results = (restart ? job.restarting() : job)
                        .run(wiring.internalLists().fill(tableSpec), steps, ifDue);
            } catch (InvalidInputException e) {
                onSignal.claim(); // refused, not run: its one error line says all (exit 2)
                throw e;
            } catch (RuntimeException e) {
                if (onSignal.claim()) {
                    RunSummary.failed(tableSpec.target(), steps, tally, since(started), e).log();
                }
                throw e;
            }
            if (onSignal.claim()) {
                RunSummary.succeeded(tableSpec.target(), steps, results, tally, since(started)).log();
            }
        }
    }

    /** A bar redrawn on a terminal where the log is text; otherwise a log line every {@code --progress-interval}. */
    private ProgressReporter startProgress(ExportTracker tracker, Duration logEvery) {
        if (Logging.onTerminal() && common.logFormat == CommonOptions.LogFormat.text) {
            return ProgressReporter.start(tracker::snapshot, new TerminalProgressBar(System.err),
                    TerminalProgressBar.REFRESH);
        }
        return ProgressReporter.start(tracker::snapshot, new ProgressLogLine(), logEvery);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The demo's line per step, on its stdout. */
    static String summary(LoadResult r) {
        double seconds = Math.max(r.took().toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "done: table=%s action=%s rows=%d files=%d duration=%.1fs rate=%.0f rows/s",
                r.table(), r.action(), r.rows(), r.files(), seconds, r.rows() / seconds);
    }
}
