package dev.saasextract.cli;

import dev.saasextract.config.ExtractConfig;
import dev.saasextract.demo.DemoSource;
import dev.saasextract.embedded.EmbeddedPostgresServers;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.WarehouseSchemas;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.status.StatusReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole job on embedded parts: a GitLab-shaped table in an embedded Postgres is backfilled"
                + " through local Parquet staging into a DuckDB warehouse, all under ./demo.")
final class DemoCommand extends Subcommand {
    static final String TABLE_KEY = "ci_job_artifacts";
    private static final long DEMO_CHUNK_ROWS = 250_000;
    private static final String MANIFEST_RESOURCE = "/manifests/gitlab_com_db_manifest.yaml";

    @Option(names = "--rows", paramLabel = "N", description = "Rows in the demo table (default: 1,000,000).")
    long rows = 1_000_000;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps everything (default: ./demo).")
    Path dir = Settings.EMBEDDED_HOME;

    @Override
    public Integer call() throws IOException, SQLException {
        if (rows < 0) {
            throw new InvalidInputException("--rows: must not be negative, got " + rows);
        }
        if (common.chunkRows == null) {
            common.chunkRows = DEMO_CHUNK_ROWS;
        }
        PrintWriter out = out();
        Settings settings = settings();
        Clock clock = settings.clock();
        Instant started = Instant.now();

        out.printf("== saas-extract demo under ./%s: embedded Postgres -> Parquet (zstd) in %s/staging -> DuckDB %s/warehouse.duckdb%n",
                dir, dir, dir);
        resetDemoFolder();
        ExtractConfig config = ExtractConfig.embeddedDefault(dir);
        Path configFile = dir.resolve("extract.yaml");
        Path manifestFile = dir.resolve("manifest.yaml");
        Files.writeString(configFile, config.toYaml(), StandardCharsets.UTF_8);
        copyShippedManifest(manifestFile);
        TableSpec table = Manifest.load(manifestFile).require(TABLE_KEY);

        out.printf("== creating %s with %,d GitLab-shaped rows in the embedded source database%n", TABLE_KEY, rows);
        try (EmbeddedPostgresServers servers = new EmbeddedPostgresServers()) {
            DemoSource.create(servers.database(config.source().embeddedDataDir(), config.source().database()), rows);
        }

        try (Wiring wiring = new Wiring(config)) {
            TableJob job = new TableJob(wiring, settings, clock, new ConsoleProgress(out));
            out.println("== plan");
            out.println(PlanCommand.text(TableJob.planner(wiring, clock).plan(table, false)));
            out.printf("== extract --table %s (chunks of %,d rows)%n", TABLE_KEY, settings.chunkRows());
            out.println(ExtractCommand.summary(job.run(table, LoadType.auto), Duration.between(started, Instant.now())));
            out.println("== plan again");
            out.println(PlanCommand.text(TableJob.planner(wiring, clock).plan(table, false)));
            out.println("== status");
            new StatusReader(wiring.metadata(), clock).read(Optional.of(table.target()))
                    .forEach(s -> out.println(StatusCommand.text(s)));
        }
        out.println("== warehouse: " + WarehouseSchemas.TAP_POSTGRES + "." + table.target());
        showWarehouse(out, config.warehouse().url(), table.target());
        out.printf("== done in %.1fs. Try: scripts/extract --config %s --manifest %s status%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0, configFile, manifestFile);
        out.flush();
        return 0;
    }

    private void resetDemoFolder() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
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

    private static void showWarehouse(PrintWriter out, String url, String target) throws SQLException {
        String table = WarehouseSchemas.TAP_POSTGRES + ".\"" + target + "\"";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            print(out, s.executeQuery("SELECT count(*) AS row_count, count(DISTINCT id) AS distinct_ids,"
                    + " min(id) AS min_id, max(id) AS max_id, sum(size) AS sum_size, count(expire_at) AS with_expiry FROM " + table));
            print(out, s.executeQuery("SELECT id, project_id, file_type, size, created_at, file,"
                    + " substr(hex(file_sha256), 1, 16) AS sha256_prefix, exposed_paths, _uploaded_at FROM " + table
                    + " ORDER BY id LIMIT 5"));
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
