package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import dev.saasextract.load.WarehouseSchemas;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.source.PostgresSource;
import dev.saasextract.source.PreparedQuery;
import dev.saasextract.source.SourceQueries;
import dev.saasextract.warehouse.Warehouse;
import dev.saasextract.warehouse.dialect.TableName;
import dev.saasextract.warehouse.dialect.WarehouseDialect;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code extract verify}: compares what a table's manifest query returns today, over its full range (no time
 * window; {@code additional_filtering} applies), with its target {@code tap_postgres.<TARGET>}, per key.
 *
 * <p>What is compared. The warehouse may hold several versions of a key: incremental loads append, and dbt dedupes
 * later, so duplicates across loads are expected, not an error. Each key is therefore compared with the warehouse's
 * <em>latest version</em> of it: the rows of its latest load (greatest {@code _uploaded_at}), whose
 * {@code updated_at} is the greatest among them. Per key both sides give the number of rows sharing it (a chunking
 * key such as {@code merge_request_diff_id} is not unique) and, when the query returns a timestamp column
 * {@code updated_at}, that timestamp. A key whose latest version is flagged {@code is_deleted} counts as gone from
 * the warehouse: it is no difference when the source lacks it too, and {@link Difference#WRONGLY_FLAGGED} when the
 * source still returns it. A snapshot table keeps older snapshots, so a key deleted at the source lives on in them
 * and is reported {@link Difference#EXTRA}.
 *
 * <p>How. The two sides are digested per key interval ({@link RangeDigest}: keys, rows, sum of keys, sum of
 * {@code updated_at} as epoch microseconds, all exact integers computed the same way on Postgres, DuckDB and
 * Snowflake) and {@link RangeBisection} narrows unequal intervals down to the keys. The source is read in READ ONLY
 * transactions. Sums can in principle cancel out (two keys changing by opposite amounts in one interval); counts
 * and sets of keys cannot be fooled that way.
 */
public final class TableVerifier {
    public static final int DEFAULT_SEGMENTS = 16;
    public static final long DEFAULT_LEAF_KEYS = 1_000;
    private static final String UPDATED_AT = "updated_at";
    private static final Set<Kind> TIMESTAMPS = Set.of(Kind.TIMESTAMP, Kind.TIMESTAMPTZ);

    private final PostgresSource source;
    private final Warehouse warehouse;
    private final RangeBisection bisection;

    public TableVerifier(PostgresSource source, Warehouse warehouse, RangeBisection bisection) {
        this.source = requireNonNull(source, "source is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.bisection = requireNonNull(bisection, "bisection is null");
    }

    /**
     * @throws UnverifiableTableException when the target is absent, or lacks the key, {@code _uploaded_at} or the
     *     query's {@code updated_at}
     */
    public VerifyReport verify(TableSpec spec) {
        String base = SourceQueries.fullRangeQuery(spec);
        List<ColumnSpec> columns = source.describe(base);
        PostgresSource.requireKey(columns, spec);
        Optional<String> updatedAt = columns.stream()
                .filter(column -> column.name().equalsIgnoreCase(UPDATED_AT))
                .filter(column -> TIMESTAMPS.contains(column.type().kind()))
                .map(ColumnSpec::name)
                .findFirst();
        TargetColumns target = TargetColumns.of(spec, warehouse, updatedAt.isPresent());
        KeyedSide sourceSide = sourceSide(base, spec.primaryKey(), updatedAt);
        KeyedSide warehouseSide = warehouseSide(spec.target(), target);
        return bisection.compare(spec.key(), spec.target(), sourceSide, warehouseSide, updatedAt.isPresent());
    }

    private KeyedSide sourceSide(String base, String key, Optional<String> updatedAt) {
        QueryRunner runner = (action, query, parameters, reader) -> source.read(action,
                new PreparedQuery(query.apply(Spelling.POSTGRES), parameters), reader::read);
        return new QueriedSide("the source query", runner,
                s -> VerifyQueries.sourcePerKey(s, base, key, updatedAt),
                s -> VerifyQueries.span(s, "(" + base + ") AS " + s.q("source_rows"), key));
    }

    private KeyedSide warehouseSide(String table, TargetColumns target) {
        TableName name = new TableName(WarehouseSchemas.TAP_POSTGRES, table);
        QueryRunner runner = (action, query, parameters, reader) -> warehouse.read(action,
                dialect -> query.apply(spelling(dialect)), parameters, reader::read);
        return new QueriedSide(name.toString(), runner,
                s -> VerifyQueries.warehouseLatestPerKey(s, qualified(s, name), target.key(), target.uploadedAt(),
                        target.updatedAt(), target.isDeleted()),
                s -> VerifyQueries.span(s, qualified(s, name), target.key()));
    }

    private static String qualified(Spelling s, TableName name) {
        return s.q(name.schema()) + "." + s.q(name.table());
    }

    private static Spelling spelling(WarehouseDialect dialect) {
        return new Spelling(dialect::quoted, expression -> dialect.epochMicros(expression)
                .orElseThrow(() -> new UnsupportedOperationException(dialect.name()
                        + " has no spelling of a timestamp as epoch microseconds")));
    }

    /** The target's columns the comparison reads, as the warehouse spells them. */
    private record TargetColumns(String key, String uploadedAt, Optional<String> updatedAt,
            Optional<String> isDeleted) {

        static TargetColumns of(TableSpec spec, Warehouse warehouse, boolean withUpdatedAt) {
            String where = WarehouseSchemas.TAP_POSTGRES + "." + spec.target();
            List<String> stored = warehouse.columns(WarehouseSchemas.TAP_POSTGRES, spec.target())
                    .orElseThrow(() -> new UnverifiableTableException("table '" + spec.key() + "': " + where
                            + " is not in the warehouse; load it first"));
            Optional<String> updatedAt = withUpdatedAt ? Optional.of(require(stored, UPDATED_AT, spec, where))
                    : Optional.empty();
            return new TargetColumns(require(stored, spec.primaryKey(), spec, where),
                    require(stored, ToolColumns.UPLOADED_AT, spec, where), updatedAt,
                    find(stored, ToolColumns.IS_DELETED));
        }

        private static String require(List<String> stored, String column, TableSpec spec, String where) {
            return find(stored, column).orElseThrow(() -> new UnverifiableTableException("table '" + spec.key()
                    + "': " + where + " has no column " + column + "; run its backfill first"));
        }

        private static Optional<String> find(List<String> stored, String column) {
            String wanted = column.toLowerCase(Locale.ROOT);
            return stored.stream().filter(name -> name.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
        }
    }
}
