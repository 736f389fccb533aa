package dev.saasextract.cli;

import dev.saasextract.config.ExtractConfig;
import dev.saasextract.demo.DemoSource;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.WarehouseSchemas;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.DeletesDecider;
import dev.saasextract.sql.SqlIdentifiers;
import dev.saasextract.status.StatusReader;
import dev.saasextract.verify.RangeBisection;
import dev.saasextract.verify.TableVerifier;
import dev.saasextract.warehouse.Warehouses;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole job on embedded parts, under ./demo: GitLab-shaped tables in an embedded Postgres are"
                + " backfilled through local Parquet staging into a DuckDB warehouse (day 1), then changed and loaded"
                + " by their regular loads (day 2). It writes its own configuration and manifest under --dir and"
                + " ignores --config and --manifest. Its staged files hold 250,000 rows unless --chunk-rows says"
                + " otherwise.")
final class DemoCommand extends Subcommand {
    private static final long DEMO_CHUNK_ROWS = 250_000; // as the description says
    private static final String MANIFEST_RESOURCE = "/manifests/gitlab_com_db_manifest.yaml";
    private static final DateTimeFormatter AIRFLOW_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    @Option(names = "--rows", paramLabel = "N", description = "Rows in the demo's main table (default: 1,000,000).")
    long rows = 1_000_000;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps everything (default: ./demo).")
    Path dir = Settings.EMBEDDED_HOME;

    @Override
    public Integer call() throws IOException, SQLException {
        warnAboutIgnoredOptions();
        if (rows < 0) {
            throw new InvalidInputException("--rows: must not be negative, got " + rows);
        }
        if (common.chunkRows == null) {
            common.chunkRows = DEMO_CHUNK_ROWS;
        }
        PrintWriter out = out();
        Settings settings = settings();
        Clock day1 = settings.clock();
        Instant started = Instant.now();

        DemoFolder.reset(dir);
        String shown = dir.isAbsolute() ? dir.toString() : "./" + dir;
        out.printf("== saas-extract demo under %s: embedded Postgres -> Parquet (zstd) in %s/staging -> DuckDB"
                + " %s/warehouse.duckdb%n", shown, dir, dir);
        ExtractConfig config = ExtractConfig.embeddedDefault(dir);
        Path configFile = dir.resolve("extract.yaml");
        Path manifestFile = dir.resolve("manifest.yaml");
        Files.writeString(configFile, config.toYaml(), StandardCharsets.UTF_8);
        copyShippedManifest(manifestFile);
        Manifest manifest = Manifest.load(manifestFile);
        List<TableSpec> tables = DemoSource.TABLES.stream().map(manifest::require).toList();

        try (Wiring wiring = new Wiring(config, parent.env)) {
            out.printf("== creating %s in the embedded source database (%,d artifacts)%n",
                    String.join(", ", DemoSource.TABLES), rows);
            DemoSource.create(wiring.embeddedAdmin(config.source()), rows);

            out.println("== day 1: extract --table <each> (the decision backfills every new table)");
            runDay(out, wiring, settings, day1, tables);

            Clock day2 = Clock.offset(day1, Duration.ofDays(1));
            out.println("== day 2 at the source: " + DemoSource.nextDay(wiring.embeddedAdmin(config.source()), rows));
            Map<String, String> airflow = new HashMap<>(parent.env);
            airflow.put("EXECUTION_DATE", AIRFLOW_TIME.format(day2.instant()));
            airflow.put("HOURS", "96");
            airflow.put("LAST_LOADED", AIRFLOW_TIME.format(started));
            // A logical date in the two days before a monthly dbt full refresh makes the deletes process due.
            Instant refresh = DeletesDecider.nextMonthlyRefresh(day2.instant().plus(Duration.ofDays(7)));
            airflow.put("DATE_INTERVAL_END", refresh.minus(Duration.ofDays(1)).toString());
            out.printf("== day 2: extract --table <each> with EXECUTION_DATE=%s HOURS=96 LAST_LOADED=%s"
                    + " DATE_INTERVAL_END=%s%n", airflow.get("EXECUTION_DATE"), airflow.get("LAST_LOADED"),
                    airflow.get("DATE_INTERVAL_END"));
            runDay(out, wiring, new Settings(common, airflow), day2, tables);

            out.println("== status");
            new StatusReader(wiring.metadata(), day2, StatusCommand.byTarget(tables)).read(Optional.empty())
                    .forEach(s -> out.println(StatusCommand.text(s)));

            out.println("== verify: extract verify --table <each> (the source query against each key's latest version)");
            TableVerifier verifier = new TableVerifier(wiring.source(), wiring.warehouse(),
                    new RangeBisection(TableVerifier.DEFAULT_SEGMENTS, TableVerifier.DEFAULT_LEAF_KEYS));
            tables.forEach(table -> out.println(VerifyCommand.text(verifier.verify(table))));
        }
        out.println("== warehouse " + WarehouseSchemas.TAP_POSTGRES);
        showWarehouse(out, config.warehouse().url(), tables);
        out.printf("== done in %.1fs. Try: scripts/extract status --config %s --manifest %s%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0, configFile, manifestFile);
        out.flush();
        return 0;
    }

    /** The common options --config and --manifest are accepted, as by every command, but the demo brings its own. */
    private void warnAboutIgnoredOptions() {
        if (common.config != null) {
            err().printf("extract demo: --config %s is ignored: the demo writes its own configuration to %s%n",
                    common.config, dir.resolve("extract.yaml"));
        }
        if (common.manifest != null) {
            err().printf("extract demo: --manifest %s is ignored: the demo writes its own manifest to %s%n",
                    common.manifest, dir.resolve("manifest.yaml"));
        }
        err().flush();
    }

    private static void runDay(PrintWriter out, Wiring wiring, Settings settings, Clock clock, List<TableSpec> tables) {
        TableJob job = new TableJob(wiring, settings, clock, new ConsoleProgress(out), false);
        for (TableSpec table : tables) {
            out.println("-- plan: " + plan(wiring, settings, clock, table));
            job.run(table, LoadType.auto).forEach(result -> out.println(ExtractCommand.summary(result)));
        }
    }

    private static String plan(Wiring wiring, Settings settings, Clock clock, TableSpec table) {
        PlanCommand.Plans plans = PlanCommand.plans(TableJob.planner(wiring, clock), table, BackfillRequest.AUTO,
                LoadType.auto, settings, clock);
        return PlanCommand.text(table, plans.backfill(), plans.regular(), settings.chunkRows());
    }

    private static void copyShippedManifest(Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(MANIFEST_RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the shipped manifest is missing from the jar: "
                        + MANIFEST_RESOURCE));
            }
            Files.copy(in, target);
        }
    }

    private static void showWarehouse(PrintWriter out, String url, List<TableSpec> tables) throws SQLException {
        try (Connection c = Warehouses.duckDbConnection(url); Statement s = c.createStatement()) {
            for (TableSpec table : tables) {
                String name = SqlIdentifiers.qualified(WarehouseSchemas.TAP_POSTGRES, table.target());
                String key = SqlIdentifiers.quoted(table.primaryKey());
                out.println("-- " + name + " by load");
                print(out, s.executeQuery("SELECT _uploaded_at, count(*) AS row_count, count(DISTINCT " + key
                        + ") AS distinct_keys, min(" + key + ") AS min_key, max(" + key + ") AS max_key FROM " + name
                        + " GROUP BY 1 ORDER BY 1"));
            }
            TableSpec first = tables.get(0);
            String artifacts = SqlIdentifiers.qualified(WarehouseSchemas.TAP_POSTGRES, first.target());
            out.println("-- deletes flagged in " + first.target() + " (day 2 deleted ids ending in 007 at the source)");
            print(out, s.executeQuery("SELECT is_deleted, count(*) AS row_count, count(DISTINCT id) AS distinct_ids,"
                    + " min(is_deleted_updated_at) AS first_flagged, max(is_deleted_updated_at) AS last_flagged FROM "
                    + artifacts + " GROUP BY 1 ORDER BY 1"));
            out.println("-- a few rows of " + first.target() + " that day 2 updated (both versions are kept)");
            print(out, s.executeQuery("SELECT id, project_id, file_type, size, updated_at, locked, file,"
                    + " substr(hex(file_sha256), 1, 16) AS sha256_prefix, _uploaded_at FROM " + artifacts
                    + " WHERE id IN (100, 200) ORDER BY id, _uploaded_at"));
        }
    }

    private static void print(PrintWriter out, ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.append(i > 1 ? " | " : "").append(md.getColumnLabel(i));
            }
            out.println(header);
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    line.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                out.println(line);
            }
        }
    }
}
