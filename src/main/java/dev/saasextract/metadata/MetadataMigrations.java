package dev.saasextract.metadata;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
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
    /** The version of the newest script under {@code db/metadata}; MetadataMigrationsTest keeps the two in step. */
    static final String CURRENT_VERSION = "9";
    static final String EXPORT_RANGES = "export_ranges";
    static final String EXPORT_COLUMNS = "export_columns";
    /** Every table the scripts create besides the history. */
    private static final List<String> TABLES = Stream.concat(Arrays.stream(MetadataTable.values())
            .map(MetadataTable::tableName), Stream.of(EXPORT_RANGES, EXPORT_COLUMNS)).toList();

    private MetadataMigrations() {
    }

    /** Returns how many scripts ran (0 when the schema was already current). */
    static int migrate(DataSource dataSource, String schema) {
        if (isCurrent(dataSource, schema)) {
            return 0;
        }
        refuseTheFoldedTwinOfGitLabsSchema(dataSource, schema);
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

    /**
     * GitLab's pipeline writes the schema name into its SQL unquoted, so Postgres folds {@code SAAS_DB_METADATA} to
     * {@code saas_db_metadata}; this tool quotes it. Creating the upper-case spelling beside GitLab's schema would
     * leave GitLab's rows unread without a word, so that is refused.
     */
    private static void refuseTheFoldedTwinOfGitLabsSchema(DataSource dataSource, String schema) {
        String folded = schema.toLowerCase(Locale.ROOT);
        if (folded.equals(schema)) {
            return;
        }
        String sql = "SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ? OR (n.nspname = ? AND EXISTS"
                + " (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = ?))";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, folded);
            statement.setString(3, MetadataTable.BACKFILL.tableName());
            List<String> found = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            if (found.equals(List.of(folded))) {
                throw new ConfigException("metadata schema " + SqlIdentifiers.quoted(schema) + " does not exist, but "
                        + folded + " does, with GitLab's metadata tables: GitLab's pipeline names the schema unquoted,"
                        + " so Postgres folds it to lower case; set metadata.schema (or $GITLAB_METADATA_SCHEMA) to "
                        + folded);
            }
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot read the schemas of the metadata database", e);
        }
    }

    /**
     * What the schema holds, found without changing it. Current when the history records the newest script as
     * applied and no script as failed; absent when neither the history nor any of the tool's tables exist (a schema
     * with only other tables in it counts as absent); anything else is not migrated yet.
     */
    static MetadataSchemaState state(DataSource dataSource, String schema) {
        try (Connection connection = dataSource.getConnection()) {
            return state(connection, schema);
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot inspect metadata schema " + schema, e);
        }
    }

    private static MetadataSchemaState state(Connection connection, String schema) throws SQLException {
        String history = SqlIdentifiers.qualified(schema, HISTORY_TABLE);
        if (exists(connection, history)) {
            return isCurrent(connection, history) ? MetadataSchemaState.CURRENT : MetadataSchemaState.NOT_MIGRATED;
        }
        for (String table : TABLES) {
            if (exists(connection, SqlIdentifiers.qualified(schema, table))) {
                return MetadataSchemaState.NOT_MIGRATED;
            }
        }
        return MetadataSchemaState.ABSENT;
    }

    /**
     * Whether Flyway need not start: it took ~0.4 s of every run, most of it finding the scripts among the shaded
     * jar's 80,000 entries, to change nothing. Anything but a current schema (no history yet, an older version, a
     * failed script) goes through Flyway, which applies, adopts or reports it. The fast path does not re-check the
     * applied scripts' checksums, which only an edited script in a development build could break.
     */
    private static boolean isCurrent(DataSource dataSource, String schema) {
        try {
            return state(dataSource, schema) == MetadataSchemaState.CURRENT;
        } catch (MetadataStoreException e) {
            return false; // Flyway connects again, and reports what is wrong
        }
    }

    private static boolean isCurrent(Connection connection, String history) throws SQLException {
        try (PreparedStatement current = connection.prepareStatement("SELECT bool_and(success) AND bool_or(version"
                + " = ?) FROM " + history)) {
            current.setString(1, CURRENT_VERSION);
            try (ResultSet rs = current.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean exists(Connection connection, String qualifiedTable) throws SQLException {
        try (PreparedStatement lookup = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            lookup.setString(1, qualifiedTable);
            try (ResultSet rs = lookup.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
