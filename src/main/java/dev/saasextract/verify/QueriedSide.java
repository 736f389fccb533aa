package dev.saasextract.verify;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A side read through SQL: its per-key relation ({@link VerifyQueries}), the query that spans its keys, and the
 * runner that executes them on its engine. Source and warehouse differ only in these three.
 */
final class QueriedSide implements KeyedSide {
    private final String name;
    private final QueryRunner runner;
    private final Function<Spelling, String> perKey;
    private final Function<Spelling, String> span;

    QueriedSide(String name, QueryRunner runner, Function<Spelling, String> perKey, Function<Spelling, String> span) {
        this.name = requireNonNull(name, "name is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.perKey = requireNonNull(perKey, "perKey is null");
        this.span = requireNonNull(span, "span is null");
    }

    @Override
    public Optional<KeyInterval> span() {
        AtomicReference<KeyInterval> found = new AtomicReference<>();
        runner.run("reading the key span of " + name, span, List.of(), row -> {
            long min = row.getLong(1);
            if (!row.wasNull()) {
                found.set(new KeyInterval(min, row.getLong(2)));
            }
        });
        return Optional.ofNullable(found.get());
    }

    @Override
    public RangeDigest digest(KeyInterval interval) {
        AtomicReference<RangeDigest> digest = new AtomicReference<>();
        runner.run("digesting " + name + " keys " + interval, s -> VerifyQueries.digest(s, perKey.apply(s)),
                List.of(interval.first(), interval.last()), row -> digest.set(new RangeDigest(row.getLong(1),
                        exactInteger(row, 2).longValueExact(), exactInteger(row, 3), exactInteger(row, 4),
                        exactInteger(row, 5), row.getLong(6))));
        return requireNonNull(digest.get(), "no digest row");
    }

    @Override
    public void versions(KeyInterval interval, Consumer<KeyVersion> each) {
        runner.run("reading " + name + " keys " + interval, s -> VerifyQueries.keys(s, perKey.apply(s)),
                List.of(interval.first(), interval.last(), 0), row -> {
                    long updated = row.getLong(3);
                    OptionalLong updatedMicros = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(updated);
                    each.accept(new KeyVersion(row.getLong(1), row.getLong(2), updatedMicros));
                });
    }

    @Override
    public void flaggedKeys(KeyInterval interval, LongConsumer each) {
        runner.run("reading " + name + " keys flagged deleted " + interval,
                s -> VerifyQueries.keys(s, perKey.apply(s)), List.of(interval.first(), interval.last(), 1),
                row -> each.accept(row.getLong(1)));
    }

    /** As text: the engines hand exact sums over as numeric, HUGEINT or NUMBER, which only text carries across. */
    private static BigInteger exactInteger(ResultSet row, int column) throws SQLException {
        return new BigDecimal(row.getString(column)).toBigIntegerExact();
    }
}
