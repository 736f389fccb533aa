package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.source.PostgresSource;
import dev.saasextract.stage.StagingLayout;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the chunks of one key range into their files, each again after a transient source failure (a terminated
 * backend, a restart, a statement timeout, a hot-standby conflict): the failed attempt's file is discarded and the
 * same chunk is read from the same key under the same file name, so nothing is recorded twice. After every second
 * failure of a chunk it reads half as many rows per chunk, down to a floor, for the rest of the range.
 *
 * <p>A chunk is one query: the first {@code chunkRows + 1} rows after the chunk's first key, cut where the key
 * changes ({@link KeyGroupWriter}), so a unique key gives files of exactly {@code chunkRows} rows. Only when one key's
 * rows fill the whole read is the chunk's end found first by a boundary query, the {@code chunkRows}-th key.
 *
 * <p>One instance per range, used by one thread.
 */
final class ChunkAttempts {
    static final long MIN_CHUNK_ROWS = 10_000;
    /** At most this much of one key's rows is held back while a chunk is read (see {@link KeyGroupWriter}). */
    static final long MAX_HELD_BYTES = 8 << 20;
    private static final int FAILURES_PER_HALVING = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkAttempts.class);

    /**
     * A chunk read into its file, which is not published yet.
     *
     * @param upper   the highest key the chunk covers: the next chunk reads after it
     * @param lastKey the highest key the file holds, or {@code upper} when it holds none. Below {@code upper} when
     *                the read ended before its limit short of the bound it read to: a range's bound, or the highest
     *                key the export fixed when it started, whose rows were deleted since. A single range records it
     *                as its progress, so that a by-id load already appended is not taken for one still to load.
     */
    record Chunk(StagedFiles.File file, long upper, long lastKey) {
        Chunk {
            requireNonNull(file, "file is null");
        }
    }

    private final PostgresSource source;
    private final StagedFiles files;
    private final long floorRows;
    private long chunkRows;

    ChunkAttempts(PostgresSource source, StagedFiles files, long chunkRows) {
        this(source, files, chunkRows, Math.min(chunkRows, MIN_CHUNK_ROWS));
    }

    ChunkAttempts(PostgresSource source, StagedFiles files, long chunkRows, long floorRows) {
        if (floorRows < 1 || floorRows > chunkRows) {
            throw new IllegalArgumentException("need 1 <= floor <= chunk rows, got " + floorRows + " and " + chunkRows);
        }
        this.source = requireNonNull(source, "source is null");
        this.files = requireNonNull(files, "files is null");
        this.chunkRows = chunkRows;
        this.floorRows = floorRows;
    }

    /** Reads the next chunk of keys after {@code after}, up to {@code upper} at most, into a new file of {@code range}. */
    Chunk read(ExportRequest request, OptionalLong after, long upper, OptionalInt range) {
        String key = request.spec().primaryKey();
        String target = request.spec().target();
        String fileKey = StagingLayout.chunkFile(request.kind(), target, request.initialLoadStart(), after);
        String chunk = "table " + target + ", chunk after " + key + " " + (after.isPresent() ? after.getAsLong()
                : "-inf");
        return source.retrier().call(chunk, attempt -> {
            shrinkAfterRepeatedFailures(attempt, chunk);
            StagedFiles.File file = files.open(request, fileKey, range);
            try {
                Optional<Chunk> firstRows = readFirstRows(request, after, upper, file);
                if (firstRows.isPresent()) {
                    return firstRows.get();
                }
            } catch (RuntimeException e) {
                file.abort();
                throw e;
            }
            file.abort();
            LOG.info("{}: the rows of one key fill the chunk; finding where it ends first", chunk);
            return readToBoundary(request, after, upper, range, fileKey);
        });
    }

    /**
     * Reads one row more than a chunk holds, so that a read that stops at its limit ends with a key group the file
     * does not get; returns the chunk, or empty when one key's rows fill the read.
     */
    private Optional<Chunk> readFirstRows(ExportRequest request, OptionalLong after, long upper,
            StagedFiles.File file) {
        KeyGroupWriter writer = new KeyGroupWriter(file, MAX_HELD_BYTES);
        long limit = chunkRows + 1;
        long rows;
        try {
            rows = source.readFirstRows(request.baseQuery(), request.spec().primaryKey(), after, upper, limit,
                    writer::add);
        } catch (KeyGroupWriter.GroupTooLargeException e) {
            return Optional.empty();
        }
        if (rows < limit) {
            writer.readToTheEnd();
            return Optional.of(new Chunk(file, upper, writer.writtenUpTo().orElse(upper)));
        }
        return writer.writtenUpTo().stream().mapToObj(cut -> new Chunk(file, cut, cut)).findFirst();
    }

    private Chunk readToBoundary(ExportRequest request, OptionalLong after, long upper, OptionalInt range,
            String fileKey) {
        String key = request.spec().primaryKey();
        long chunkUpper = source.nextBoundary(request.baseQuery(), key, after, upper, chunkRows).orElse(upper);
        StagedFiles.File file = files.open(request, fileKey, range);
        try {
            source.readChunk(request.baseQuery(), key, after, chunkUpper, file::write);
        } catch (RuntimeException e) {
            file.abort();
            throw e;
        }
        return new Chunk(file, chunkUpper, chunkUpper);
    }

    long chunkRows() {
        return chunkRows;
    }

    private void shrinkAfterRepeatedFailures(int attempt, String chunk) {
        boolean halving = attempt > 1 && (attempt - 1) % FAILURES_PER_HALVING == 0;
        if (halving && chunkRows > floorRows) {
            long smaller = Math.max(floorRows, chunkRows / 2);
            LOG.warn("{}: failed {} times; reading {} rows per chunk from now on instead of {}", chunk, attempt - 1,
                    smaller, chunkRows);
            chunkRows = smaller;
        }
    }
}
