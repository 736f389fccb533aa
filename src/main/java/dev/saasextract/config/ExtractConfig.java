package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import dev.saasextract.seeds.SeedLocations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything extract.yaml says: where to read (source), where progress is kept (metadata), where files are staged and
 * which warehouse loads them.
 *
 * @param metadataSchema         schema of the metadata tables in the metadata database
 * @param staging                {@code gs://bucket[/prefix]} or {@code file:///absolute/dir}
 * @param sourceStatementTimeout set on every source transaction; empty leaves the server's or role's setting
 * @param retry                  how transient source, metadata and warehouse failures are retried
 * @param internalLists          the seed files behind the {@code {INTERNAL_*}} placeholders of additional_filtering
 */
public record ExtractConfig(DatabaseConfig source, DatabaseConfig metadata, String metadataSchema, URI staging,
        WarehouseConfig warehouse, Optional<Duration> sourceStatementTimeout, RetrySettings retry,
        SeedLocations internalLists) {

    public static final String DEFAULT_METADATA_SCHEMA = "saas_db_metadata";
    public static final String SOURCE_DATABASE = "gitlabhq_production";
    public static final String METADATA_DATABASE = "saas_meta";

    public ExtractConfig {
        requireNonNull(source, "source is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(metadataSchema, "metadataSchema is null");
        requireNonNull(staging, "staging is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(sourceStatementTimeout, "sourceStatementTimeout is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(internalLists, "internalLists is null");
    }

    /** With GitLab's seed files for the internal lists. */
    public ExtractConfig(DatabaseConfig source, DatabaseConfig metadata, String metadataSchema, URI staging,
            WarehouseConfig warehouse, Optional<Duration> sourceStatementTimeout, RetrySettings retry) {
        this(source, metadata, metadataSchema, staging, warehouse, sourceStatementTimeout, retry,
                SeedLocations.GITLAB);
    }

    /** With the default retries. */
    public ExtractConfig(DatabaseConfig source, DatabaseConfig metadata, String metadataSchema, URI staging,
            WarehouseConfig warehouse, Optional<Duration> sourceStatementTimeout) {
        this(source, metadata, metadataSchema, staging, warehouse, sourceStatementTimeout, RetrySettings.DEFAULT);
    }

    /** With the default source statement timeout (6 hours) and retries. */
    public ExtractConfig(DatabaseConfig source, DatabaseConfig metadata, String metadataSchema, URI staging,
            WarehouseConfig warehouse) {
        this(source, metadata, metadataSchema, staging, warehouse, StatementTimeouts.DEFAULT);
    }

    /**
     * Reads and validates extract.yaml; {@code ${NAME}} references are filled from {@code env}. Any problem is a
     * one-line {@link dev.saasextract.errors.ConfigException} naming the file and the key path.
     */
    public static ExtractConfig load(Path file, Map<String, String> env) {
        return new ConfigReader(file, env).read();
    }

    /**
     * Everything local under {@code baseDir}: one embedded Postgres in {@code postgres/} holding the source and the
     * metadata databases, staging in {@code staging/}, DuckDB in {@code warehouse.duckdb}.
     */
    public static ExtractConfig embeddedDefault(Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path postgres = base.resolve("postgres");
        return new ExtractConfig(
                DatabaseConfig.embedded(postgres, SOURCE_DATABASE),
                DatabaseConfig.embedded(postgres, METADATA_DATABASE),
                DEFAULT_METADATA_SCHEMA,
                fileUri(base.resolve("staging")),
                WarehouseConfig.duckDb(base.resolve("warehouse.duckdb")));
    }

    /** extract.yaml text that loads back to this config; secrets appear as their {@code ${NAME}} reference. */
    public String toYaml() {
        return ConfigWriter.toYaml(this);
    }

    private static URI fileUri(Path absolute) {
        try {
            // An empty authority gives file:///dir, and unlike Path.toUri() no trailing slash when dir exists.
            return new URI("file", "", absolute.toString(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a file URI of " + absolute, e);
        }
    }
}
