package dev.saasextract.status;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataStore;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.load.ManifestDrift;
import dev.saasextract.load.StoredRanges;
import dev.saasextract.load.TablePlanner;
import dev.saasextract.plan.ExportState;
import dev.saasextract.plan.RangeProgress;
import dev.saasextract.plan.ResumeObstacle;
import dev.saasextract.plan.ResumeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads export progress from the metadata DB. */
public final class StatusReader {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);

    private final MetadataStore metadata;
    private final ResumeWindow window;
    private final Map<String, TableSpec> manifestTables;

    /**
     * @param manifestTables each manifest table by warehouse table name: an unfinished export chunked by another key,
     *                       or selecting other rows, than its entry names now is stale, as the next run does not
     *                       resume it
     */
    public StatusReader(MetadataStore metadata, Clock clock, Map<String, TableSpec> manifestTables) {
        this.metadata = metadata;
        this.window = new ResumeWindow(clock);
        this.manifestTables = Map.copyOf(manifestTables);
    }

    /** When the newest completed backfill or incremental load of {@code table} finished; deletes passes do not count. */
    public Optional<Instant> lastSuccess(String table) {
        return Stream.of(MetadataTable.BACKFILL, MetadataTable.INCREMENTAL)
                .flatMap(kind -> metadata.newestCompleted(kind, table).stream())
                .map(MetadataRow::uploadDate)
                .max(Comparator.naturalOrder());
    }

    /**
     * Whether a run is at {@code table} right now: a session holds its writer lock, or a shard lock of its newest
     * backfill. An unfinished export with no run at it is one whose run died or was stopped; the next run resumes it.
     */
    public boolean runActive(String table) {
        int shards = metadata.newest(MetadataTable.BACKFILL, table)
                .map(row -> metadata.ranges(MetadataTable.BACKFILL, table, row.initialLoadStartDate()))
                .filter(ranges -> !ranges.isEmpty())
                .map(ranges -> ranges.get(0).shardCount())
                .orElse(1);
        return metadata.runHoldsLock(table, shards);
    }

    /** The newest export of every table that has one, or of {@code table} only. */
    public List<ExportStatus> read(Optional<String> table) {
        List<ExportStatus> all = new ArrayList<>();
        for (MetadataTable kind : MetadataTable.values()) {
            List<MetadataRow> newest = table.isPresent()
                    ? metadata.newest(kind, table.get()).map(List::of).orElse(List.of())
                    : metadata.newestPerTable(kind);
            for (MetadataRow row : newest) {
                all.add(status(kind, row));
            }
        }
        all.sort(Comparator.comparing(ExportStatus::table).thenComparing(ExportStatus::load));
        return all;
    }

    private ExportStatus status(MetadataTable kind, MetadataRow newest) {
        List<MetadataRow> rowsOfLoad = metadata.rowsOfLoad(kind, newest.tableName(), newest.initialLoadStartDate());
        long rows = rowsOfLoad.stream().mapToLong(MetadataRow::chunkRowCount).sum();
        String lastFile = rowsOfLoad.stream().map(MetadataRow::uploadFileName).filter(f -> f != null)
                .reduce((a, b) -> b).orElse(null);
        ExportState state = TablePlanner.toState(newest, drift(kind, newest));
        Optional<ResumeObstacle> obstacle = state.completed() ? Optional.empty() : window.obstacle(state);
        String stateName = state.completed() ? "completed" : obstacle.isPresent() ? "stale" : "running";
        Optional<RangeProgress> ranged = StoredRanges.progress(metadata, kind, newest.tableName(),
                newest.initialLoadStartDate());
        OptionalLong maxId = newest.maxId() > 0 ? OptionalLong.of(newest.maxId()) : OptionalLong.empty();
        OptionalDouble fraction = ranged.map(p -> OptionalDouble.of(p.fractionDone())).orElseGet(() -> maxId.isPresent()
                ? OptionalDouble.of(Math.min(1.0, (double) newest.lastExtractedId() / maxId.getAsLong()))
                : OptionalDouble.empty());
        Duration elapsed = Duration.between(newest.initialLoadStartDate(), newest.uploadDate());
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        Optional<Duration> eta = "running".equals(stateName) ? eta(elapsed, fraction) : Optional.empty();
        return new ExportStatus(newest.tableName(), kind.name().toLowerCase(Locale.ROOT), stateName,
                newest.initialLoadStartDate(), newest.uploadDate(), lastFile, rows, newest.lastExtractedId(),
                maxId, fraction.isPresent() ? OptionalDouble.of(fraction.getAsDouble() * 100) : OptionalDouble.empty(),
                rows / seconds, eta, ranged.map(p -> p.ranges().size()).orElse(0),
                ranged.map(p -> p.ranges().size() - p.unfinished().size()).orElse(0), obstacle);
    }

    /** The time left at the pace so far, when the share done is known and neither none nor all. */
    private static Optional<Duration> eta(Duration elapsed, OptionalDouble fraction) {
        if (fraction.isEmpty() || fraction.getAsDouble() <= 0 || fraction.getAsDouble() >= 1) {
            return Optional.empty();
        }
        double done = fraction.getAsDouble();
        return Optional.of(Duration.ofMillis((long) (elapsed.toMillis() * (1 - done) / done)));
    }

    /**
     * As the next run sees an unfinished export: one the manifest has drifted from starts over. An entry whose query
     * cannot be rewritten is reported and taken as unchanged: its next run stops on it anyway, and the other tables'
     * status must still show.
     */
    private ManifestDrift drift(MetadataTable kind, MetadataRow newest) {
        TableSpec spec = manifestTables.get(newest.tableName());
        if (spec == null) {
            return ManifestDrift.NONE;
        }
        try {
            return ManifestDrift.of(spec, metadata.startedWith(kind, newest));
        } catch (ManifestException e) {
            LOG.warn("table {}: its unfinished export is not compared with the manifest: {}", newest.tableName(),
                    e.getMessage());
            return ManifestDrift.NONE;
        }
    }
}
