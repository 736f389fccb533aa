package dev.saasextract.warehouse.dialect;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.sql.SqlIdentifiers;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Snowflake: folds names to upper case (GitLab's RAW tables and columns are upper case, as unquoted names become),
 * loads Parquet files from GCS with {@code COPY INTO} through a storage integration, and swaps a backfilled table in
 * with {@code SWAP WITH}. Everything else is the standard SQL of {@link WarehouseDialect}.
 *
 * <p>Snowflake commits each DDL statement on its own, so a statement list is atomic only where one statement does the
 * whole change: adding columns is therefore one ALTER, and a replace relies on SWAP WITH being atomic by itself.
 */
public final class SnowflakeDialect implements WarehouseDialect {

    /** COPY INTO accepts at most this many names in FILES. */
    static final int MAX_FILES_PER_COPY = 1_000;
    /** Snowflake refuses a longer QUERY_TAG. */
    static final int MAX_QUERY_TAG_LENGTH = 2_000;
    private static final int MAX_NUMBER_PRECISION = 38;
    private static final String GCS_SCHEME = "gcs://";
    // YYYY-MM-DD"T"HH24:MI:SS.FFTZH:TZM, one of the forms Snowflake's AUTO input format reads; DuckDB reads it too.
    private static final DateTimeFormatter TIMESTAMP_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private final String storageIntegration;

    /** {@code storageIntegration} names the integration that lets Snowflake read the staging bucket. */
    public SnowflakeDialect(String storageIntegration) {
        this.storageIntegration = requireNonNull(storageIntegration, "storageIntegration is null");
        if (storageIntegration.isBlank()) {
            throw new IllegalArgumentException("storage integration name is blank");
        }
    }

    @Override
    public String name() {
        return "Snowflake";
    }

    /**
     * TIMESTAMP_TZ values cast from text without an offset, and CURRENT_TIMESTAMP, follow the session's zone; the
     * timestamps this dialect binds as text ({@link #timestampParameter}) are read by the AUTO input format, which an
     * account or user may have set otherwise.
     */
    @Override
    public List<String> sessionSetup() {
        return List.of("ALTER SESSION SET TIMEZONE = 'UTC'", "ALTER SESSION SET TIMESTAMP_INPUT_FORMAT = 'AUTO'");
    }

    /** QUERY_TAG cannot be a bind parameter, so the tag is an escaped literal. */
    @Override
    public Optional<String> tagSession(String tag) {
        if (tag.length() > MAX_QUERY_TAG_LENGTH) {
            throw new IllegalArgumentException("query tag of " + tag.length() + " characters; Snowflake takes at most "
                    + MAX_QUERY_TAG_LENGTH);
        }
        return Optional.of("ALTER SESSION SET QUERY_TAG = " + stringLiteral(tag));
    }

    /** The driver binds no java.time values, so the instant goes as text that the SQL casts. */
    @Override
    public Object timestampParameter(Instant instant) {
        return TIMESTAMP_TEXT.format(instant);
    }

    /** Upper case, as Snowflake stores unquoted names, then quoted; catalog spellings are upper case already. */
    @Override
    public String quoted(String identifier) {
        return SqlIdentifiers.quoted(identifier.toUpperCase(Locale.ROOT));
    }

    /** Backslash starts an escape sequence in a Snowflake string literal, so it is doubled as well as the quote. */
    @Override
    public String stringLiteral(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public boolean floatIsDouble() {
        return true;
    }

    @Override
    public Optional<String> columnType(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> Optional.of("NUMBER(38,0)");
            case DECIMAL -> type.precision() <= MAX_NUMBER_PRECISION
                    ? Optional.of("NUMBER(" + type.precision() + "," + type.scale() + ")")
                    : Optional.empty();
            case REAL, DOUBLE -> Optional.of("FLOAT");
            case BOOLEAN -> Optional.of("BOOLEAN");
            case TEXT, UUID -> Optional.of("VARCHAR");
            case BYTES -> Optional.of("BINARY");
            case DATE -> Optional.of("DATE");
            case TIME -> Optional.of("TIME(6)");
            case TIMESTAMP -> Optional.of("TIMESTAMP_NTZ(6)");
            case TIMESTAMPTZ -> Optional.of("TIMESTAMP_TZ(6)");
            case JSON -> Optional.of("VARIANT");
            // Snowflake's ARRAY is untyped; an element with no lossless type still makes the column unsupported.
            case ARRAY -> columnType(type.element()).map(element -> "ARRAY");
        };
    }

    /** DATE_PART returns a NUMBER, the UTC instant's microseconds for TIMESTAMP_TZ, the naive ones for TIMESTAMP_NTZ. */
    @Override
    public Optional<String> epochMicros(String expression) {
        return Optional.of("DATE_PART(EPOCH_MICROSECOND, " + expression + ")");
    }

    /**
     * Snowflake's DATA_TYPE is the bare type name, so the spelling that ADD COLUMN takes is rebuilt from the precision
     * columns. Bare names are kept where they mean the widest type, so a column copied by that spelling never loses
     * anything: TEXT and BINARY (maximum length) and a TIME or TIMESTAMP_* without DATETIME_PRECISION, which
     * Snowflake documents as not applicable (precision 9).
     *
     * <p>The names are compared as stored, upper case like every name this dialect writes: information_schema
     * answers a large database only when its name columns are filtered as they are (a function over them makes
     * Snowflake read the whole catalog, and fail with "returned too much data").
     */
    @Override
    public String columnsQuery() {
        return "SELECT table_schema, table_name, column_name, " + storedTypeExpression()
                + " FROM information_schema.columns"
                + " WHERE table_catalog = current_database()"
                + " AND table_schema = upper(?) AND table_name = upper(?)"
                + " ORDER BY table_schema, table_name, ordinal_position";
    }

    /** Exact names, as {@link #columnsQuery} matches them. */
    @Override
    public String schemaQuery() {
        return "SELECT schema_name FROM information_schema.schemata"
                + " WHERE catalog_name = current_database() AND schema_name = upper(?)";
    }

    /** Over Snowflake's information_schema.columns: a type spelling that ADD COLUMN accepts. */
    static String storedTypeExpression() {
        return "CASE"
                + " WHEN data_type = 'NUMBER' THEN 'NUMBER(' || CAST(numeric_precision AS VARCHAR) || ','"
                + " || CAST(numeric_scale AS VARCHAR) || ')'"
                + " WHEN data_type IN ('TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ')"
                + " AND datetime_precision IS NOT NULL"
                + " THEN data_type || '(' || CAST(datetime_precision AS VARCHAR) || ')'"
                + " ELSE data_type END";
    }

    /** One ALTER for all columns: Snowflake commits each DDL statement, and all or none must be added. */
    @Override
    public List<String> addColumns(TableName table, List<String> columnDefinitions) {
        if (columnDefinitions.isEmpty()) {
            return List.of();
        }
        return List.of("ALTER TABLE " + qualified(table) + " ADD COLUMN " + String.join(", ", columnDefinitions));
    }

    /** COPY matches file columns to table columns by name itself, so no column list is needed. */
    @Override
    public Optional<String> stagedColumnsQuery(List<String> fileUris) {
        return Optional.empty();
    }

    /**
     * One COPY per folder and per {@value #MAX_FILES_PER_COPY} files, each naming its files explicitly (never a
     * pattern, which could match files of another load). {@code columns} is not needed: MATCH_BY_COLUMN_NAME leaves
     * table columns the files lack NULL.
     */
    @Override
    public List<LoadStatement> loadFiles(TableName table, List<String> columns, List<String> fileUris) {
        List<LoadStatement> statements = new ArrayList<>();
        filesByFolder(fileUris).forEach((folder, names) -> {
            for (int from = 0; from < names.size(); from += MAX_FILES_PER_COPY) {
                List<String> batch = names.subList(from, Math.min(from + MAX_FILES_PER_COPY, names.size()));
                statements.add(new LoadStatement(copyInto(table, folder, batch),
                        batch.stream().map(name -> folder + name).toList()));
            }
        });
        return statements;
    }

    /**
     * COPY skips a file its load metadata (64 days) says this table loaded, so a repeated COPY never loads it twice;
     * {@code FileLoadResults} then reports the skipped file rather than taking it as loaded.
     */
    @Override
    public boolean loadSkipsLoadedFiles() {
        return true;
    }

    /**
     * Given a present target, SWAP WITH exchanges the two tables atomically and the old target, now named
     * {@code source}, is dropped. The new name of a rename is qualified: an unqualified one would move the table
     * into the session's current schema.
     */
    @Override
    public List<String> replaceTable(TableName source, TableName target, boolean targetExists) {
        if (targetExists) {
            return List.of("ALTER TABLE " + qualified(source) + " SWAP WITH " + qualified(target),
                    dropTable(source));
        }
        return List.of("ALTER TABLE " + qualified(source) + " RENAME TO " + qualified(target));
    }

    // BINARY_AS_TEXT = FALSE keeps bytea (Parquet BINARY without a string annotation) bytes, not UTF-8 text.
    private String copyInto(TableName table, String folder, List<String> fileNames) {
        String files = fileNames.stream().map(this::stringLiteral).collect(Collectors.joining(", "));
        return "COPY INTO " + qualified(table)
                + " FROM " + stringLiteral(folder)
                + " STORAGE_INTEGRATION = " + quoted(storageIntegration)
                + " FILES = (" + files + ")"
                + " FILE_FORMAT = (TYPE = PARQUET, USE_LOGICAL_TYPE = TRUE, BINARY_AS_TEXT = FALSE)"
                + " MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                + " ON_ERROR = ABORT_STATEMENT";
    }

    /** File names by folder ({@code gcs://bucket/path/}), folders and names in the order given. */
    private static Map<String, List<String>> filesByFolder(List<String> fileUris) {
        Map<String, List<String>> byFolder = new LinkedHashMap<>();
        for (String uri : fileUris) {
            int nameStart = uri.lastIndexOf('/') + 1;
            boolean hasBucket = uri.indexOf('/', GCS_SCHEME.length()) > GCS_SCHEME.length();
            if (!uri.startsWith(GCS_SCHEME) || !hasBucket || nameStart == uri.length()) {
                throw new ConfigException("staged file " + uri + ": a Snowflake warehouse reads staged files only"
                        + " from gcs://bucket/...; stage to a gs:// bucket");
            }
            byFolder.computeIfAbsent(uri.substring(0, nameStart), folder -> new ArrayList<>())
                    .add(uri.substring(nameStart));
        }
        return byFolder;
    }
}
