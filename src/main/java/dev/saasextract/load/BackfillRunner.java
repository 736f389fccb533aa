package dev.saasextract.load;

import dev.saasextract.checkpoint.Checkpoint;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataRow;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.metadata.TableLock;
import dev.saasextract.metadata.TableLockedException;
import dev.saasextract.plan.BackfillAction;
import dev.saasextract.plan.BackfillDecision;
import dev.saasextract.plan.BackfillReason;
import dev.saasextract.plan.BackfillRequest;
import dev.saasextract.plan.KeyRange;
import dev.saasextract.plan.RangeProgress;
import dev.saasextract.plan.Shard;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.stage.LoadKind;
import dev.saasextract.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backfill: stage every chunk (resuming where the decision says), load all files of the load into
 * {@code <TARGET>_TEMP}, check the row count against the metadata, swap it into {@code <TARGET>} atomically, and only
 * then mark the export completed and purge its files. The target keeps serving until the swap, and keeps its columns
 * that the query no longer returns as well as the rows regular loads appended while the backfill ran.
 *
 * <p>With {@code --parallel N} a new load is split into key ranges exported on N threads, and with
 * {@code --shard i/n} several runs export the ranges of one load together; a load keeps the plan it started with.
 */
public final class BackfillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);
    private static final String SCHEMA = WarehouseSchemas.TAP_POSTGRES;
    /** Past it, the shard exits 1 and Airflow's retry finds the load complete (or loads it). */
    private static final Duration LAST_SHARD_LOCK_WAIT = Duration.ofMinutes(15);

    private final LoadContext context;
    private final WarehouseLoad load;
    private final RangePlans rangePlans;

    public BackfillRunner(LoadContext context) {
        this.context = context;
        this.load = new WarehouseLoad(context);
        this.rangePlans = new RangePlans(context);
    }

    /** Runs the backfill {@code plan} decided; the caller holds the table's writer lock. */
    public LoadResult run(TablePlan plan) {
        TableSpec spec = plan.spec();
        if (context.parallelism().shard().isPresent()) {
            throw new IllegalStateException("table " + spec.target() + ": a shard's backfill runs with runShard");
        }
        if (!plan.backfill().runs()) {
            load.purgeCompletedLoad(spec, MetadataTable.BACKFILL, LoadKind.BACKFILL);
            return new LoadResult(spec.target(), "skip", 0, 0);
        }
        if (context.parallelism().splitsNewLoads()) {
            // Decided again under the planning lock: a shard may have started a load since. A --restart stays one.
            Begun begun = begin(spec, plan.backfill().reason() == BackfillReason.RESTART_REQUESTED
                    ? BackfillRequest.RESTART : BackfillRequest.FORCED);
            return finish(begun.plan(), begun.ranges().isPresent()
                    ? exportRanges(begun.plan(), begun.ranges().get(), begun.ranges().get().ranges())
                    : exportSingleRange(begun.plan()));
        }
        BackfillDecision decision = plan.backfill();
        if (decision.startsOver()) {
            startLoad(plan);
            return finish(plan, exportSingleRange(plan));
        }
        Optional<RangedLoad> ranged = rangePlans.stored(spec, decision.initialLoadStartDate().orElseThrow());
        return finish(plan, ranged.isPresent()
                ? exportRanges(plan, ranged.get(), ranged.get().ranges())
                : exportSingleRange(plan));
    }

    /**
     * Runs this shard's part of the backfill of {@code spec} ({@code --shard}): under the shard's lock, join the load
     * in progress or start one split for every shard, export this shard's ranges, and, if that finished the last
     * ranges of the load, load and swap it under the table's writer lock.
     *
     * @param request {@link BackfillRequest#FORCED} starts a load even when nothing requires one (shards never
     *                {@link BackfillRequest#RESTART}: each would start the load over)
     */
    @SuppressWarnings("try") // the shard lock is held for the block's duration, not used inside it
    public LoadResult runShard(TableSpec spec, BackfillRequest request) {
        if (request == BackfillRequest.RESTART) {
            throw new IllegalArgumentException("a shard cannot restart the load the other shards work on");
        }
        Shard shard = context.parallelism().shard()
                .orElseThrow(() -> new IllegalStateException("runShard needs a shard"));
        Begun begun;
        try (TableLock shardLock = context.metadata().lockShard(spec.target(), shard.index(), shard.count())) {
            begun = begin(spec, request);
            context.listener().shardDecided(spec.target(), begun.plan().backfill());
            if (!begun.plan().backfill().runs()) {
                load.purgeCompletedLoad(spec, MetadataTable.BACKFILL, LoadKind.BACKFILL);
                return new LoadResult(spec.target(), "skip", 0, 0);
            }
            if (begun.ranges().isEmpty()) {
                return runSingleRangeShard(begun.plan());
            }
            exportRanges(begun.plan(), begun.ranges().get(), begun.ranges().get().rangesOf(shard));
        }
        RangedLoad ranged = begun.ranges().get();
        List<KeyRange> unfinished = rangePlans.progress(spec, ranged).unfinished();
        String action = "backfill:" + begun.plan().backfill().action().json();
        if (!unfinished.isEmpty()) {
            LOG.info("table {}: shard {} exported its ranges; shard(s) {} still export {} range(s), the last to finish"
                    + " loads the warehouse", spec.target(), shard, shardsOf(unfinished, ranged.shardCount()),
                    unfinished.size());
            return new LoadResult(spec.target(), action + ":waiting_for_shards", 0, 0);
        }
        try (TableLock tableLock = lockToLoad(spec.target())) {
            if (isCompleted(spec, ranged.initialLoadStart())) {
                LOG.info("table {}: the backfill started {} is already loaded by another shard", spec.target(),
                        ranged.initialLoadStart());
                return new LoadResult(spec.target(), action + ":already_loaded", 0, 0);
            }
            return finish(begun.plan(), context.stagedFiles(spec.advancedMetadata())
                    .recorded(request(begun.plan()), ranged.maxKey()));
        }
    }

    /**
     * The last shard to finish takes the writer lock to load. Two shards can finish at once, and the other one's load
     * then holds it: waiting for it (the load is then found complete) beats failing a shard whose export is done.
     */
    private TableLock lockToLoad(String target) {
        try {
            return context.metadata().lock(target);
        } catch (TableLockedException busy) {
            LOG.info("table {}: another run holds the writer lock (another shard loading, most likely); waiting up to"
                    + " {} min for it", target, LAST_SHARD_LOCK_WAIT.toMinutes());
            return context.metadata().lock(target, LAST_SHARD_LOCK_WAIT);
        }
    }

    /** What a run exports: the decision it runs, and the load's key ranges unless it is exported as one range. */
    private record Begun(TablePlan plan, Optional<RangedLoad> ranges) {
    }

    /**
     * Under the table's planning lock, so that runs starting at once agree on one plan: decide, then join the load
     * in progress with the plan it has, or start a new load split into readers × shards ranges.
     */
    @SuppressWarnings("try") // the planning lock is held for the block's duration, not used inside it
    private Begun begin(TableSpec spec, BackfillRequest request) {
        try (TableLock planning = context.metadata().lockPlanning(spec.target())) {
            TablePlan plan = context.planner().plan(spec, request);
            BackfillDecision decision = plan.backfill();
            if (!decision.runs()) {
                return new Begun(plan, Optional.empty());
            }
            if (!decision.startsOver()) {
                return new Begun(plan, rangePlans.stored(spec, decision.initialLoadStartDate().orElseThrow()));
            }
            startLoad(plan);
            ExportParallelism parallelism = context.parallelism();
            return new Begun(plan, rangePlans.start(request(plan), parallelism.rangeCount(),
                    parallelism.shardCount()));
        }
    }

    /** A shard run that found a single-range load: only an empty source (nothing to split) is one it may run. */
    @SuppressWarnings("try") // the table lock is held for the block's duration, not used inside it
    private LoadResult runSingleRangeShard(TablePlan plan) {
        TableSpec spec = plan.spec();
        if (!plan.backfill().startsOver()) {
            throw new InvalidInputException("--shard: table '" + spec.key() + "': the backfill started "
                    + plan.backfill().initialLoadStartDate().orElseThrow() + " is exported as a single range;"
                    + " finish it without --shard");
        }
        try (TableLock tableLock = context.metadata().lock(spec.target())) {
            return finish(plan, exportSingleRange(plan));
        }
    }

    private StagedExport exportSingleRange(TablePlan plan) {
        if (context.parallelism().readers() > 1 && !plan.backfill().startsOver()) {
            LOG.warn("table {}: the backfill started {} is exported as a single range; --parallel {} is ignored for"
                    + " it", plan.spec().target(), plan.backfill().initialLoadStartDate().orElseThrow(),
                    context.parallelism().readers());
        }
        return context.chunkedExport(plan.spec().advancedMetadata()).run(request(plan));
    }

    /** Exports {@code ranges} of the load, resuming each; a load split among other shards needs the same count. */
    private StagedExport exportRanges(TablePlan plan, RangedLoad ranged, List<KeyRange> ranges) {
        TableSpec spec = plan.spec();
        RangeProgress progress = rangePlans.progress(spec, ranged);
        int shards = context.parallelism().shardCount();
        if (ranged.shardCount() != shards && ranges.stream().anyMatch(range -> !progress.isFinished(range))) {
            throw new InvalidInputException("table '" + spec.key() + "': the backfill started "
                    + ranged.initialLoadStart() + " is split among " + ranged.shardCount() + " shard(s); run it with "
                    + (ranged.shardCount() == 1 ? "no --shard" : "--shard i/" + ranged.shardCount()) + ", not "
                    + (shards == 1 ? "without --shard" : "--shard i/" + shards));
        }
        return context.chunkedExport(spec.advancedMetadata())
                .runRanges(request(plan), ranged, ranges, progress, context.parallelism().readers());
    }

    private ExportRequest request(TablePlan plan) {
        BackfillDecision decision = plan.backfill();
        return new ExportRequest(plan.spec(), plan.fullRangeQuery(), plan.columns(), LoadKind.BACKFILL,
                MetadataTable.BACKFILL, decision.initialLoadStartDate().orElseThrow(), decision.startAfterId(),
                plan.uploadedAt());
    }

    /**
     * A new load: the files of earlier ones go, and the columns its files will hold and the key it is chunked by are
     * recorded.
     */
    private void startLoad(TablePlan plan) {
        refuseWhileShardsExportTheUnfinishedLoad(plan);
        load.purgeEarlierLoads(plan.spec(), MetadataTable.BACKFILL, LoadKind.BACKFILL,
                plan.backfill().initialLoadStartDate().orElseThrow());
        load.recordStart(plan.spec(), MetadataTable.BACKFILL, plan.backfill().initialLoadStartDate().orElseThrow(),
                plan.columns(), plan.spec().advancedMetadata(), plan.uploadedAt());
    }

    /**
     * A new load removes the staged files of the unfinished one. When other runs still export that one (a run that
     * found the manifest changed under them, while they run with the old one), it waits for them instead: removing
     * their files under them would only make their load fail its row count. A run without {@code --shard} exports
     * under the table's writer lock, which a shard does not take before it begins.
     */
    private void refuseWhileShardsExportTheUnfinishedLoad(TablePlan plan) {
        TableSpec spec = plan.spec();
        Optional<MetadataRow> unfinishedRow = context.metadata().newest(MetadataTable.BACKFILL, spec.target())
                .filter(row -> !row.exportCompleted());
        if (unfinishedRow.isEmpty()) {
            return;
        }
        if (context.parallelism().shard().isPresent() && context.metadata().writerLockHeld(spec.target())) {
            throw new TableLockedException(spec.target(), "a run holding the table's writer lock may still export"
                    + " the unfinished backfill started " + unfinishedRow.get().initialLoadStartDate()
                    + "; this shard starts the backfill over (" + plan.backfill().reason().json()
                    + ") once it has stopped");
        }
        Optional<RangedLoad> unfinished = rangePlans.stored(spec, unfinishedRow.get().initialLoadStartDate())
                .filter(old -> old.shardCount() > 1);
        if (unfinished.isEmpty()) {
            return;
        }
        RangedLoad old = unfinished.get();
        OptionalInt ownShard = context.parallelism().shard()
                .filter(shard -> shard.count() == old.shardCount())
                .map(shard -> OptionalInt.of(shard.index()))
                .orElse(OptionalInt.empty());
        if (context.metadata().shardLockHeld(spec.target(), old.shardCount(), ownShard)) {
            throw new TableLockedException(spec.target(), "shards of the unfinished backfill started "
                    + old.initialLoadStart() + " still export it; this run starts the backfill over ("
                    + plan.backfill().reason().json() + ") once they have stopped");
        }
    }

    private boolean isCompleted(TableSpec spec, Instant initialLoadStart) {
        return context.metadata().rowsOfLoad(MetadataTable.BACKFILL, spec.target(), initialLoadStart).stream()
                .anyMatch(MetadataRow::exportCompleted);
    }

    private static String shardsOf(List<KeyRange> ranges, int shardCount) {
        return ranges.stream().map(range -> Shard.ownerOf(range, shardCount))
                .collect(Collectors.toCollection(TreeSet::new)).stream()
                .map(index -> index + "/" + shardCount)
                .collect(Collectors.joining(", "));
    }

    /** Loads the staged export into the temp table, swaps it in, and completes the load. */
    private LoadResult finish(TablePlan plan, StagedExport staged) {
        TableSpec spec = plan.spec();
        Warehouse warehouse = context.warehouse();
        String temp = spec.tempTarget();
        warehouse.createTable(SCHEMA, temp,
                context.toolColumns(spec.advancedMetadata()).appendedTo(plan.columns(), plan.uploadedAt()));
        context.checkpoints().reached(Checkpoint.TABLE_CREATED);
        long rows = load.load(spec, SCHEMA, temp, staged);
        warehouse.columns(SCHEMA, spec.target()).ifPresent(columns -> keepWhatTheTargetHas(spec, staged, columns));
        context.checkpoints().reached(Checkpoint.TARGET_KEPT);
        warehouse.replace(SCHEMA, temp, spec.target());
        context.checkpoints().reached(Checkpoint.SWAPPED);
        LOG.info("table {}: {} rows from {} file(s) swapped into {}.{}", spec.target(), rows, staged.files().size(),
                SCHEMA, spec.target());
        load.complete(spec, MetadataTable.BACKFILL, LoadKind.BACKFILL, staged);
        context.listener().loaded(spec.target(), rows);
        BackfillAction action = plan.backfill().action();
        return new LoadResult(spec.target(), "backfill:" + action.json(), rows, staged.files().size());
    }

    /**
     * Before the swap, the temp table takes over the target's columns the query no longer returns (CONTRACT §8) and
     * the rows that regular loads appended to the target since this backfill started, which the export may predate.
     * For insert-only tables only keys beyond the backfill's are carried, so none is loaded twice.
     */
    private void keepWhatTheTargetHas(TableSpec spec, StagedExport staged, List<String> targetColumns) {
        Warehouse warehouse = context.warehouse();
        List<String> kept = warehouse.keepColumns(SCHEMA, spec.target(), spec.tempTarget()).stream()
                .filter(column -> !ToolColumns.isToolColumn(column))
                .toList();
        if (!kept.isEmpty()) {
            LOG.warn("table {}: column(s) {} are no longer returned by import_query; kept in the warehouse, NULL"
                    + " for the backfilled rows", spec.target(), kept);
        }
        boolean hasUploadedAt = targetColumns.stream()
                .anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(ToolColumns.UPLOADED_AT));
        if (hasUploadedAt) {
            OptionalLong keyAbove = spec.isLoadById() ? OptionalLong.of(staged.lastKey()) : OptionalLong.empty();
            long carried = warehouse.carryOver(SCHEMA, spec.target(), spec.tempTarget(), ToolColumns.UPLOADED_AT,
                    staged.initialLoadStart(), spec.primaryKey(), keyAbove);
            if (carried > 0) {
                LOG.info("table {}: carried over {} row(s) loaded into the target while the backfill ran",
                        spec.target(), carried);
            }
        }
    }
}
