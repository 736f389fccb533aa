package dev.saasextract.schema;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a table stores {@code _uploaded_at}. Tables the tool creates get a timestamp. Tables GitLab's pipeline created
 * hold FLOAT epoch seconds ({@code time.time()}); loads into them, and backfills that replace them, keep that form,
 * so that the column keeps one type and comparisons with it work.
 */
public enum UploadedAtForm {
    TIMESTAMP(ColumnType.of(ColumnType.Kind.TIMESTAMPTZ, "timestamptz")),
    EPOCH_SECONDS(ColumnType.of(ColumnType.Kind.DOUBLE, "float8"));

    /** Type names (before any precision) that hold a number: Snowflake's and DuckDB's spellings. */
    private static final Set<String> NUMERIC = Set.of("FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL",
            "NUMBER", "NUMERIC", "DECIMAL", "INT", "INTEGER", "BIGINT", "HUGEINT");

    private final ColumnSpec column;

    UploadedAtForm(ColumnType type) {
        this.column = new ColumnSpec(ToolColumns.UPLOADED_AT, type);
    }

    /** The form of a column stored as {@code storedType}, e.g. {@code FLOAT} or {@code TIMESTAMP_TZ(9)}. */
    public static UploadedAtForm following(Optional<String> storedType) {
        // No such column (a new table, or one without it): the tool's own timestamp.
        return storedType.map(UploadedAtForm::isNumeric).orElse(false) ? EPOCH_SECONDS : TIMESTAMP;
    }

    private static boolean isNumeric(String storedType) {
        String name = storedType.strip().toUpperCase(Locale.ROOT);
        int precision = name.indexOf('(');
        return NUMERIC.contains((precision < 0 ? name : name.substring(0, precision)).strip());
    }

    public ColumnSpec column() {
        return column;
    }

    /** {@code at} as this form stores it: the instant itself, or seconds since the epoch with their fraction. */
    public Object value(Instant at) {
        return switch (this) {
            case TIMESTAMP -> at;
            case EPOCH_SECONDS -> at.getEpochSecond() + at.getNano() / 1_000_000_000.0;
        };
    }
}
