package dev.saasextract.metadata;

import dev.saasextract.sql.SqlIdentifiers;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a metadata schema to the current version with the scripts under {@code db/metadata}.
 *
 * <p>A schema GitLab's pipeline already uses has the tables but no Flyway history. It is baselined at version 0
 * rather than Flyway's default 1, so every script still runs there; the scripts only create or add what is
 * missing, which also covers a GitLab schema that lacks one of the three tables.
 */
final class MetadataMigrations {
    static final String HISTORY_TABLE = "saas_extract_schema_history";
    private static final String LOCATION = "classpath:db/metadata";

    private MetadataMigrations() {
    }

    /** Returns how many scripts ran (0 when the schema was already current). */
    static int migrate(DataSource dataSource, String schema) {
        Flyway flyway = Flyway.configure()
                .loggers("slf4j")
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                // our own history table name, so a schema shared with another Flyway user is not confused
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("adopted existing metadata schema")
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .placeholders(Map.of("metadata_schema", SqlIdentifiers.quoted(schema)))
                .load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new MetadataStoreException("cannot migrate metadata schema " + schema, e);
        }
    }
}
