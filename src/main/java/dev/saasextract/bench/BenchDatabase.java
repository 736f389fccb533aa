package dev.saasextract.bench;

import dev.saasextract.demo.DemoSource;
import dev.saasextract.embedded.EmbeddedPostgresServers;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.sql.SqlIdentifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Postgres the bench reads from, kept in one folder between runs: one source database per row count
 * (filled by {@link DemoSource} once, then reused) and a metadata database created again before every extractor run.
 */
final class BenchDatabase implements AutoCloseable {
    static final String TABLE = "ci_job_artifacts";
    private static final Logger LOG = LoggerFactory.getLogger(BenchDatabase.class);
    private static final String METADATA_DATABASE = "bench_meta";

    private final EmbeddedPostgresServers servers = new EmbeddedPostgresServers();
    private final Path dataDir;

    BenchDatabase(Path dataDir) {
        this.dataDir = dataDir;
    }

    static String sourceDatabase(long rows) {
        return "bench_" + rows;
    }

    /** The source database of {@code rows} artifacts, created unless a complete one is already there. */
    DataSource source(long rows) throws SQLException {
        DataSource source = servers.database(dataDir, sourceDatabase(rows));
        long present = artifacts(source);
        if (present == rows) {
            LOG.info("reusing {} rows of {} in {}", rows, TABLE, sourceDatabase(rows));
        } else {
            LOG.info("creating {} rows of {} in {} (found {})", rows, TABLE, sourceDatabase(rows), present);
            DemoSource.create(source, rows);
        }
        return source;
    }

    String sourceUrl(long rows) {
        return servers.jdbcUrl(dataDir, sourceDatabase(rows));
    }

    /**
     * A metadata database without rows, so that every extractor run is a backfill from the start. Its schema is
     * created here, untimed, as in production, where only the very first run ever creates it.
     */
    String emptyMetadataUrl(String schema) throws SQLException {
        try (Connection c = servers.database(dataDir, "postgres").getConnection();
                Statement drop = c.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + SqlIdentifiers.quoted(METADATA_DATABASE));
        }
        MetadataStore.open(servers.database(dataDir, METADATA_DATABASE), schema);
        return servers.jdbcUrl(dataDir, METADATA_DATABASE);
    }

    private static long artifacts(DataSource source) throws SQLException {
        try (Connection c = source.getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, SqlIdentifiers.quoted(TABLE));
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return -1;
                }
            }
            try (Statement count = c.createStatement();
                    ResultSet rs = count.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quoted(TABLE))) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        servers.close();
    }
}
