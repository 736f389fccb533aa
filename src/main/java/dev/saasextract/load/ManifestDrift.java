package dev.saasextract.load;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.ExportColumns;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.source.SourceQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the manifest has moved away from what a load started with, as {@code export_columns} recorded it: another key
 * column, other rows, or files with other columns. Any of them and the load cannot be resumed (see
 * {@link dev.saasextract.plan.ExportState}). Columns added to the query are not drift: a resumed backfill finishes
 * with the columns it started with.
 *
 * @param rekeyed        the load was chunked by another key column than the manifest names now
 * @param rowsChanged    the manifest now selects other rows than the load did
 * @param columnsChanged a resume would stage other columns than the load's files hold: a query column it staged is
 *                       gone (or renamed), a column's type changed, or so did the tool's columns
 *                       ({@code advanced_metadata}, the target's {@code _uploaded_at} type)
 */
public record ManifestDrift(boolean rekeyed, boolean rowsChanged, boolean columnsChanged) {
    public static final ManifestDrift NONE = new ManifestDrift(false, false, false);
    private static final Logger LOG = LoggerFactory.getLogger(ManifestDrift.class);

    /**
     * What a resume would stage now: the query's columns (those added since the load started are left out) and the
     * tool's.
     */
    public record StagedNow(List<ColumnSpec> queryColumns, List<ColumnSpec> toolColumns) {
        public StagedNow {
            queryColumns = List.copyOf(queryColumns);
            toolColumns = List.copyOf(toolColumns);
        }
    }

    /**
     * What {@code spec} says now against what the load started with, without its columns (where the source is not
     * asked); nothing for loads that recorded neither.
     */
    public static ManifestDrift of(TableSpec spec, Optional<ExportColumns> startedWith) {
        return of(spec, startedWith, Optional.empty());
    }

    /** As {@link #of(TableSpec, Optional)}, and whether a resume would stage {@code now} in other columns. */
    public static ManifestDrift of(TableSpec spec, Optional<ExportColumns> startedWith, Optional<StagedNow> now) {
        boolean rekeyed = startedWith.filter(recorded -> recorded.chunkedByAnotherKeyThan(spec.primaryKey()))
                .isPresent();
        boolean rowsChanged = startedWith.flatMap(ExportColumns::rowSource)
                .map(recorded -> !sameRows(spec, recorded))
                .orElse(false);
        boolean columnsChanged = startedWith.isPresent() && now.isPresent()
                && stagesOtherColumns(startedWith.get(), now.get());
        return new ManifestDrift(rekeyed, rowsChanged, columnsChanged);
    }

    private static boolean stagesOtherColumns(ExportColumns recorded, StagedNow now) {
        List<ColumnSpec> files = resumedColumns(recorded, now);
        Set<String> resumedNames = folded(files.stream().map(ColumnSpec::name).toList());
        if (!resumedNames.containsAll(folded(recorded.names()))) {
            return true;
        }
        // Loads recorded before their files' columns were (metadata migration V9) are compared by name only.
        return recorded.fileColumns()
                .map(staged -> !folded(staged).equals(folded(ExportColumns.describeFileColumns(files))))
                .orElse(false);
    }

    /** The columns a resume of {@code recorded} would stage: the query's columns it staged, then the tool's. */
    public static List<ColumnSpec> resumedColumns(ExportColumns recorded, StagedNow now) {
        Set<String> recordedNames = folded(recorded.names());
        List<ColumnSpec> files = new ArrayList<>(now.queryColumns().stream()
                .filter(column -> recordedNames.contains(fold(column.name())))
                .toList());
        files.addAll(now.toolColumns());
        return files;
    }

    private static Set<String> folded(List<String> names) {
        return names.stream().map(ManifestDrift::fold).collect(Collectors.toSet());
    }

    /** Names are matched ignoring case, as the warehouses do; a type's staged form is lower case already. */
    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean sameRows(TableSpec spec, String recorded) {
        Optional<Boolean> same = SourceQueries.sameRows(recorded, SourceQueries.rowSource(spec));
        if (same.isEmpty()) {
            LOG.warn("table {}: the rows its unfinished load started with no longer parse, so they are not compared"
                    + " with the manifest's: {}", spec.target(), recorded);
        }
        return same.orElse(true);
    }
}
