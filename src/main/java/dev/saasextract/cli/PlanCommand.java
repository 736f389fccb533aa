package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.TablePlan;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.BackfillDecision;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Decide what a run of the table would do and explain why; changes no data.")
final class PlanCommand extends Subcommand {
    @Option(names = "--table", required = true, paramLabel = "KEY", description = "The manifest key of the table.")
    String table;

    @Option(names = "--load-type", paramLabel = "TYPE", description = "auto (default) or backfill.")
    LoadType loadType = LoadType.auto;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        if (loadType != LoadType.auto && loadType != LoadType.backfill) {
            throw new InvalidInputException("--load-type " + loadType + ": not implemented yet in this version"
                    + " (available: auto, backfill)");
        }
        Settings settings = settings();
        TableSpec tableSpec = settings.manifest().require(table);
        try (Wiring wiring = new Wiring(settings.config())) {
            TablePlan plan = TableJob.planner(wiring, settings.clock())
                    .plan(tableSpec, loadType == LoadType.backfill);
            PrintWriter out = out();
            out.println(json ? Json.write(view(plan)) : text(plan));
            out.flush();
        }
        return 0;
    }

    static Map<String, Object> view(TablePlan plan) {
        BackfillDecision d = plan.backfill();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", plan.spec().key());
        view.put("target", plan.spec().target());
        view.put("load_type", "backfill");
        view.put("action", d.action().json());
        view.put("reason", d.reason().json());
        view.put("start_after_id", d.startAfterId().isPresent() ? d.startAfterId().getAsLong() : null);
        view.put("initial_load_start_date", d.initialLoadStartDate().map(Json::instant).orElse(null));
        view.put("new_columns", d.newColumns());
        return view;
    }

    static String text(TablePlan plan) {
        BackfillDecision d = plan.backfill();
        String what = switch (d.action()) {
            case RESUME -> "resume the interrupted backfill after key " + d.startAfterId().getAsLong();
            case RESTART -> "restart the backfill from the first key (the interrupted one is over 26 h old)";
            case START -> "backfill from the first key";
            case SKIP -> "no backfill needed";
        };
        String why = switch (d.reason()) {
            case MID_BACKFILL -> "an export of this table is unfinished";
            case STALE_BACKFILL -> "the unfinished export's last file is more than 26 h old";
            case NEW_TABLE -> "the table is not in the warehouse yet";
            case SCHEMA_ADDITION -> "the query has new columns: " + String.join(", ", d.newColumns());
            case UP_TO_DATE -> "the warehouse table exists with every query column";
            case FORCED -> "--load-type backfill";
        };
        StringBuilder text = new StringBuilder()
                .append(plan.spec().key()).append(" -> ").append(plan.spec().target()).append('\n')
                .append("  backfill: ").append(what).append('\n')
                .append("  because:  ").append(why);
        d.initialLoadStartDate().ifPresent(date -> text.append('\n').append("  folder:   initial_load_start ")
                .append(Json.instant(date)));
        return text.toString();
    }
}
