package dev.saasextract.source;

import dev.saasextract.concurrent.Threads;
import dev.saasextract.source.PostgresSource.TupleHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Runs one {@code COPY … TO STDOUT (FORMAT binary)} on a reader thread that hands the tuples, in batches through a
 * bounded queue, to the calling thread, which runs the handler. The server streams the whole result without waiting
 * for the caller (a portal fetch would idle it while the caller encodes), and the caller never waits on the socket
 * while there are tuples queued. The queue bounds the memory: a few batches of at most {@link #BATCH_BYTES}.
 *
 * <p>When the handler fails, or the calling thread is interrupted, the server is asked to cancel the COPY and the
 * reader drains the rest of it, so the connection is usable again (after a rollback) once the call returns; the call
 * returns only after the reader thread has ended. The calling thread sends that cancel itself: the reader may be
 * blocked for as long as the server takes to find its next row.
 */
final class BinaryCopyReader {
    static final String THREAD_NAME = "saas-extract-copy-reader";
    private static final int QUEUED_BATCHES = 8;
    private static final int BATCH_TUPLES = 1024;
    private static final int BATCH_BYTES = 1 << 20;
    private static final long OFFER_WAIT_MILLIS = 20;

    /** The file header: signature, int32 flags, int32 header-extension length; bit 16 of the flags means OIDs. */
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADER_BYTES = SIGNATURE.length + 2 * Integer.BYTES;
    private static final int OIDS_FLAG = 1 << 16;
    private static final byte[] TRAILER = {-1, -1};
    private static final String QUERY_CANCELED = "57014";

    private sealed interface Item permits Batch, End, Failure {
    }

    private record Batch(byte[][] tuples, int count) implements Item {
    }

    private record End() implements Item {
    }

    private record Failure(Throwable cause) implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final PGConnection connection;
    private final String sql;
    private volatile boolean stopped;
    /**
     * From the moment the reader sends the COPY to its last message. Postgres holds back even the COPY's start until
     * rows fill its send buffer, so the reader can be waiting inside {@code copyOut} itself.
     */
    private volatile boolean copying;
    /** Whether the calling thread asked for the cancel (the reader may ask too: a second request is harmless). */
    private volatile boolean callerCancelled;
    /** What went wrong on the reader after the caller stopped it, other than the cancel it asked for. */
    private volatile Throwable afterStop;

    // The batch being filled; only the reader thread touches these.
    private byte[][] tuples = new byte[BATCH_TUPLES][];
    private int count;
    private long bytes;
    private boolean first = true;

    private BinaryCopyReader(PGConnection connection, String sql) {
        this.connection = connection;
        this.sql = sql;
    }

    /** Streams every tuple of the COPY (header and trailer left out) to {@code handler}; returns how many. */
    static long copy(Connection connection, String sql, TupleHandler handler) throws Exception {
        return new BinaryCopyReader(connection.unwrap(PGConnection.class), sql).run(handler);
    }

    private long run(TupleHandler handler) throws Exception {
        Thread reader = Threads.startDaemon(THREAD_NAME, this::produce);
        boolean finished = false;
        try {
            long rows = consume(handler);
            finished = true;
            return rows;
        } catch (Exception | Error e) {
            stopped = true;
            queue.clear();
            if (copying) {
                callerCancelled = true;
                SQLException notSent = cancel();
                if (notSent != null) {
                    e.addSuppressed(notSent);
                }
            }
            Threads.joinUninterruptibly(reader);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (afterStop != null) {
                e.addSuppressed(afterStop);
            }
            throw e;
        } finally {
            if (finished) {
                Threads.joinUninterruptibly(reader);
            }
        }
    }

    private long consume(TupleHandler handler) throws Exception {
        long rows = 0;
        while (true) {
            Item item = queue.take();
            if (item instanceof Batch batch) {
                for (int i = 0; i < batch.count(); i++) {
                    handler.tuple(batch.tuples()[i]);
                }
                rows += batch.count();
            } else if (item instanceof Failure failure) {
                throw rethrowable(failure.cause());
            } else {
                return rows;
            }
        }
    }

    private static Exception rethrowable(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof SQLException sql) {
            return sql;
        }
        return new IOException("reading the binary COPY: " + cause.getMessage(), cause);
    }

    /**
     * Reads the COPY to its end. Once the caller has stopped, or a message cannot be read, the reader cancels the
     * COPY and drains what the server still sends, so the connection leaves copy mode either way.
     */
    private void produce() {
        Throwable failure = null;
        boolean cancelled = false;
        CopyOut copy = null;
        try {
            copying = true;
            copy = connection.getCopyAPI().copyOut(sql);
            byte[] message;
            while ((message = copy.readFromCopy()) != null) {
                if (failure == null && !stopped) {
                    try {
                        accept(message);
                    } catch (RuntimeException | Error e) { // an OutOfMemoryError too: the COPY must still end
                        failure = e;
                    }
                }
                if ((failure != null || stopped) && !cancelled) {
                    cancelled = true;
                    failure = withSuppressed(failure, cancel());
                }
            }
            copying = false;
            if (failure == null) {
                publishBatch();
                publish(new End());
            }
        } catch (SQLException e) {
            // After a cancel, the server ending the COPY with "canceling statement due to user request" is the
            // expected outcome and the failure that caused the cancel is the one to report.
            if (!(cancelled || callerCancelled) || !QUERY_CANCELED.equals(e.getSQLState())) {
                failure = withSuppressed(failure, e);
            }
        } catch (RuntimeException | Error e) {
            failure = withSuppressed(withSuppressed(failure, e), endCopy(copy));
        } finally {
            copying = false;
        }
        if (failure != null) {
            if (stopped) {
                afterStop = failure;
            } else {
                publish(new Failure(failure));
            }
        }
    }

    private void accept(byte[] message) {
        byte[] tuple = message;
        if (first) {
            tuple = withoutHeader(message);
            first = false;
        }
        if (tuple.length == 0 || Arrays.equals(tuple, TRAILER)) {
            return;
        }
        tuples[count++] = tuple;
        bytes += tuple.length;
        if (count == BATCH_TUPLES || bytes >= BATCH_BYTES) {
            publishBatch();
        }
    }

    private void publishBatch() {
        if (count > 0) {
            publish(new Batch(tuples, count));
            tuples = new byte[BATCH_TUPLES][];
            count = 0;
            bytes = 0;
        }
    }

    private static Throwable withSuppressed(Throwable first, Throwable next) {
        if (next == null) {
            return first;
        }
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Asks the server to end the COPY early; the reader keeps draining until it does (to the COPY's natural end if
     * the request could not be sent). Returns the failure to send it, if any.
     */
    private SQLException cancel() {
        try {
            connection.cancelQuery();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * Ends a COPY the drain could not finish, so the connection leaves copy mode: pgjdbc holds the connection's lock
     * until it does, and closing or rolling back the connection would wait on it for ever.
     */
    private static SQLException endCopy(CopyOut copy) {
        if (copy == null || !copy.isActive()) {
            return null;
        }
        try {
            copy.cancelCopy();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** The first message starts with the file header (a COPY without rows: header and trailer alone). */
    private static byte[] withoutHeader(byte[] message) {
        if (message.length < HEADER_BYTES || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length)) {
            throw new IllegalStateException("the server's binary COPY does not start with the PGCOPY signature");
        }
        int flags = readInt(message, SIGNATURE.length);
        if ((flags & OIDS_FLAG) != 0) {
            throw new IllegalStateException("the server's binary COPY carries OIDs, which this reader does not expect");
        }
        int extension = readInt(message, SIGNATURE.length + Integer.BYTES);
        return Arrays.copyOfRange(message, HEADER_BYTES + extension, message.length);
    }

    private static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 24 | (data[offset + 1] & 0xFF) << 16 | (data[offset + 2] & 0xFF) << 8
                | (data[offset + 3] & 0xFF);
    }

    /** Waits for room in the queue, giving up once the caller has stopped. */
    private void publish(Item item) {
        try {
            while (!queue.offer(item, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
