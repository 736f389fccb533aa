package dev.saasextract.cli;

import dev.saasextract.load.DeletesPlan;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.load.RegularPlan;
import dev.saasextract.load.TablePlan;
import dev.saasextract.load.StoredRanges;
import dev.saasextract.load.TablePlanner;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.DeletesDecider;
import dev.saasextract.plan.DeletesDecision;
import dev.saasextract.plan.DeletesReason;
import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.RangeProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Decide what a run of the table would do and explain why; changes no data.")
final class PlanCommand extends Subcommand {
    @Option(names = "--table", required = true, paramLabel = "KEY", description = "The manifest key of the table.")
    String table;

    @Option(names = "--load-type", paramLabel = "TYPE", description = "auto (default), backfill, incremental, scd or deletes.")
    LoadType loadType = LoadType.auto;

    @Option(names = "--if-due",
            description = "With --load-type deletes: what the plan always shows, the decision by the deletes' cadence"
                    + " (as auto and extract --if-due take it); accepted for scripts that pass it.")
    boolean ifDue;

    @Option(names = "--restart",
            description = "Decide as extract --restart does: a new backfill (with --load-type deletes: a new key"
                    + " export) even when an unfinished one could be resumed (implies --load-type backfill otherwise).")
    boolean restart;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        TableJob.checkIfDue(ifDue, loadType);
        TableJob.checkRestartWithIfDue(restart, ifDue);
        LoadType steps = TableJob.checkRestart(restart, loadType, ExportParallelism.SINGLE);
        BackfillRequest request = TableJob.backfillRequest(restart, steps);
        Settings settings = settings();
        settings.checkRunInputs();
        TableSpec manifestEntry = settings.manifest().require(table);
        if (steps != LoadType.deletes) {
            TableJob.checkLoadType(manifestEntry, steps); // a deletes plan says "exempt" where a run is refused
        }
        try (Wiring wiring = new Wiring(settings.config(), settings.env()).changingNothing()) {
            TableSpec tableSpec = wiring.internalLists().fill(manifestEntry);
            SourceCheck.requireUsable(wiring.source(), tableSpec);
            TablePlanner planner = TableJob.planner(wiring, settings.clock());
            if (steps == LoadType.deletes) {
                // CONTRACT §4's deletes reasons: the cadence's decision, not_due and exempt included
                DeletesPlan deletes = planner.planDeletes(tableSpec, settings.logicalDate(settings.clock()), restart,
                        restart);
                out().println(json ? Json.write(deletesView(deletes)) : deletesText(deletes));
                out().flush();
                return 0;
            }
            Plans plans = plans(planner, tableSpec, request, steps, settings, settings.clock());
            Optional<RangeProgress> ranges = resumedRanges(wiring, plans.backfill());
            PrintWriter out = out();
            long chunkRows = settings.chunkRows();
            if (json) {
                Map<String, Object> view = view(tableSpec, plans.backfill(), plans.regular(), chunkRows);
                ranges.ifPresent(r -> view.put("ranges", rangesView(r)));
                out.println(Json.write(view));
            } else {
                out.println(text(tableSpec, plans.backfill(), plans.regular(), chunkRows)
                        + ranges.map(PlanCommand::rangesText).orElse(""));
            }
            out.flush();
        }
        return 0;
    }

    /** The key ranges of the backfill a resume continues, when it was split ({@code --parallel}, {@code --shard}). */
    private static Optional<RangeProgress> resumedRanges(Wiring wiring, Optional<TablePlan> backfill) {
        return backfill.map(TablePlan::backfill)
                .filter(d -> d.action() == BackfillAction.RESUME)
                .flatMap(d -> StoredRanges.progress(wiring.metadata(), MetadataTable.BACKFILL,
                        backfill.get().spec().target(), d.initialLoadStartDate().orElseThrow()));
    }

    static List<Map<String, Object>> rangesView(RangeProgress progress) {
        return progress.ranges().stream().map(range -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("index", range.index());
            view.put("lower_exclusive", range.lowerExclusive().isPresent() ? range.lowerExclusive().getAsLong() : null);
            view.put("upper_inclusive", range.upperInclusive());
            OptionalLong last = progress.lastExtracted(range);
            view.put("last_extracted_id", last.isPresent() ? last.getAsLong() : null);
            view.put("done", progress.isFinished(range));
            return view;
        }).toList();
    }

    static String rangesText(RangeProgress progress) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n  ranges:   %d of %d done, %.1f%% of the"
                + " key span", progress.ranges().size() - progress.unfinished().size(), progress.ranges().size(),
                progress.fractionDone() * 100));
        for (KeyRange range : progress.ranges()) {
            OptionalLong last = progress.lastExtracted(range);
            text.append("\n    ").append(range).append(": ").append(progress.isFinished(range) ? "done"
                    : last.isPresent() ? "resumes after key " + last.getAsLong() : "not started");
        }
        return text.toString();
    }

    /** The backfill decision (auto, backfill) and, when no backfill runs, the regular load it leads to. */
    record Plans(Optional<TablePlan> backfill, Optional<RegularPlan> regular) {
    }

    static Plans plans(TablePlanner planner, TableSpec spec, BackfillRequest request, LoadType loadType,
            Settings settings, Clock clock) {
        Optional<TablePlan> backfill = loadType == LoadType.auto || loadType == LoadType.backfill
                ? Optional.of(planner.plan(spec, request))
                : Optional.empty();
        Optional<RegularPlan> regular = backfill.isPresent() && backfill.get().backfill().runs()
                ? Optional.empty()
                : Optional.of(planner.planRegular(spec, settings.airflowInputs(clock)));
        return new Plans(backfill, regular);
    }

    /**
     * CONTRACT §4's object. With a backfill decision (auto, backfill) its fields are that decision's, {@code skip}
     * included, and the regular load a skipped backfill leads to is described in {@code regular_load}; with
     * {@code --load-type incremental} or {@code scd} they are the regular load's.
     */
    static Map<String, Object> view(TableSpec spec, Optional<TablePlan> backfill, Optional<RegularPlan> regular,
            long chunkRows) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", spec.key());
        view.put("target", spec.target());
        if (backfill.isEmpty()) {
            view.putAll(regularView(regular.orElseThrow(), chunkRows));
            view.put("new_columns", List.of());
            view.put("deferred_columns", List.of());
            return view;
        }
        BackfillDecision d = backfill.get().backfill();
        putDecision(view, "backfill", d.action().json(), d.reason().json(), d.startAfterId(), d.initialLoadStartDate());
        view.put("new_columns", d.newColumns());
        view.put("deferred_columns", backfill.get().deferredColumns());
        regular.ifPresent(r -> view.put("regular_load", regularView(r, chunkRows)));
        return view;
    }

    private static Map<String, Object> regularView(RegularPlan r, long chunkRows) {
        Map<String, Object> view = new LinkedHashMap<>();
        putDecision(view, r.kind().loadType(), r.resumes() ? "resume" : "start", r.resumes() ? "mid_backfill"
                : "up_to_date", r.startAfter(), Optional.of(r.initialLoadStart()));
        view.put("incremental_type", switch (r.kind()) {
            case INCREMENTAL_BY_DATE -> "load_by_date";
            case INCREMENTAL_BY_ID -> "load_by_id";
            case SNAPSHOT -> null;
        });
        view.put("window_begin", r.window().map(w -> Json.instant(w.begin())).orElse(null));
        view.put("window_end", r.window().map(w -> Json.instant(w.end())).orElse(null));
        view.put("estimated_rows", r.estimatedRows());
        view.put("expected_files", expectedFiles(r.estimatedRows(), chunkRows));
        return view;
    }

    /** CONTRACT §4's decision fields, as every step's object starts. */
    private static void putDecision(Map<String, Object> view, String loadType, String action, String reason,
            OptionalLong startAfter, Optional<Instant> initialLoadStart) {
        view.put("load_type", loadType);
        view.put("action", action);
        view.put("reason", reason);
        view.put("start_after_id", startAfter.isPresent() ? startAfter.getAsLong() : null);
        view.put("initial_load_start_date", initialLoadStart.map(Json::instant).orElse(null));
    }

    static Map<String, Object> deletesView(DeletesPlan plan) {
        DeletesDecision d = plan.decision();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", plan.spec().key());
        view.put("target", plan.spec().target());
        putDecision(view, "deletes", d.action().json(), d.reason().json(), d.startAfterId(), d.initialLoadStartDate());
        view.put("new_columns", List.of());
        view.put("deferred_columns", List.of());
        view.put("action_if_forced", actionIfForced(d));
        view.put("logical_date", Json.instant(plan.logicalDate()));
        view.put("next_monthly_refresh", Json.instant(DeletesDecider.nextMonthlyRefresh(plan.logicalDate())));
        return view;
    }

    static String deletesText(DeletesPlan plan) {
        DeletesDecision d = plan.decision();
        String what = switch (d.action()) {
            case RESUME -> "resume the interrupted key export after key " + d.startAfterId().getAsLong();
            case RESTART -> "restart the key export (the interrupted one cannot be resumed)";
            case START -> "export every source key and flag the warehouse rows whose key is gone";
            case SKIP -> switch (d.reason()) {
                case EXEMPT -> "never runs for this table";
                case GITLAB_TASK_MAY_RUN -> "nothing yet: GitLab's pipeline staged the unfinished key export under 26 h"
                        + " ago and its task may still be running; the deletes take it over once it is 26 h old";
                default -> "nothing due (extract --load-type deletes would still run it)";
            };
        };
        return plan.spec().key() + " -> " + plan.spec().target() + "\n  deletes:  " + what + "\n  because:  "
                + d.reason().json() + " (logical date " + Json.instant(plan.logicalDate()) + ", next monthly refresh "
                + Json.instant(DeletesDecider.nextMonthlyRefresh(plan.logicalDate())) + ")";
    }

    /**
     * What {@code extract --load-type deletes} does, which runs the pass whatever its cadence: the same unless the
     * pass is not due (it starts), and nothing for a table it refuses (exempt, or GitLab's task may still run).
     */
    private static String actionIfForced(DeletesDecision d) {
        if (d.reason() == DeletesReason.EXEMPT || d.reason() == DeletesReason.GITLAB_TASK_MAY_RUN) {
            return null;
        }
        return d.action() == BackfillAction.SKIP ? BackfillAction.START.json() : d.action().json();
    }

    static long expectedFiles(long estimatedRows, long chunkRows) {
        return estimatedRows <= 0 ? 0 : (estimatedRows + chunkRows - 1) / chunkRows;
    }

    static String text(TableSpec spec, Optional<TablePlan> backfill, Optional<RegularPlan> regular, long chunkRows) {
        StringBuilder text = new StringBuilder().append(spec.key()).append(" -> ").append(spec.target());
        backfill.ifPresent(plan -> text.append('\n').append(backfillText(plan)));
        regular.ifPresent(r -> text.append('\n').append(regularText(r, chunkRows)));
        return text.toString();
    }

    private static String backfillText(TablePlan plan) {
        BackfillDecision d = plan.backfill();
        String what = switch (d.action()) {
            case RESUME -> "resume the interrupted backfill after key " + d.startAfterId().getAsLong();
            case RESTART -> "restart the backfill from the first key (the interrupted one cannot be resumed)";
            case START -> "backfill from the first key";
            case SKIP -> "no backfill needed";
        };
        String why = switch (d.reason()) {
            case MID_BACKFILL -> "an export of this table is unfinished";
            case STALE_BACKFILL -> "the unfinished export's last file is more than 26 h old";
            case FOREIGN_BACKFILL -> "another pipeline (GitLab's) staged the unfinished export and recorded only some of"
                    + " its files";
            case KEY_CHANGED -> "the unfinished export was chunked by another key column than"
                    + " export_table_primary_key names now";
            case ROWS_CHANGED -> "the unfinished export selected other rows than the manifest does now"
                    + " (import_query's FROM or WHERE, or additional_filtering, changed)";
            case COLUMNS_CHANGED -> "finishing the unfinished export would stage other columns than its files hold (a"
                    + " query column gone, renamed or of another type, or advanced_metadata changed; the log names"
                    + " them)";
            case RESTART_REQUESTED -> "--restart abandons the unfinished export, which could have been resumed";
            case NEW_TABLE -> "the table is not in the warehouse yet";
            case SCHEMA_ADDITION -> "the query has new columns: " + String.join(", ", d.newColumns());
            case TYPE_CHANGED -> "a column's source type changed so that its warehouse column would round the values"
                    + " (the log names it)";
            case UP_TO_DATE -> "the warehouse table exists with every query column";
            case FORCED -> "--load-type backfill";
        };
        String text = "  backfill: " + what + "\n  because:  " + why + d.initialLoadStartDate()
                .map(date -> "\n  folder:   initial_load_start " + Json.instant(date)).orElse("");
        return plan.deferredColumns().isEmpty() ? text : text + "\n  then:     a backfill to add the column(s) the"
                + " query gained since this one started: " + String.join(", ", plan.deferredColumns());
    }

    private static String regularText(RegularPlan r, long chunkRows) {
        String what = switch (r.kind()) {
            case INCREMENTAL_BY_DATE -> "append the rows updated from " + Json.instant(r.window().orElseThrow().begin())
                    + " to " + Json.instant(r.window().orElseThrow().end());
            case INCREMENTAL_BY_ID -> (r.resumes() ? "resume the interrupted export, keys after " : "append keys after ")
                    + (r.startAfter().isPresent() ? String.valueOf(r.startAfter().getAsLong()) : "the start");
            case SNAPSHOT -> "append the whole query as a new snapshot";
        };
        return "  " + r.kind().loadType() + ": " + what + "\n  expect:   about " + r.estimatedRows() + " rows in "
                + expectedFiles(r.estimatedRows(), chunkRows) + " file(s) (planner estimate)";
    }
}
