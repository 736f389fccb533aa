package dev.saasextract.cli;

import static java.util.Objects.requireNonNull;

import dev.saasextract.stage.ForwardingStagingStore;
import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;

/**
 * A staging store that adds the size of every object it publishes to the run's tally, for the summary line's
 * {@code bytes}. Counting happens once per file, when it is closed, so the writes themselves only pass through.
 */
final class CountingStagingStore extends ForwardingStagingStore {
    private final RunTally tally;

    CountingStagingStore(StagingStore store, RunTally tally) {
        super(store);
        this.tally = requireNonNull(tally, "tally is null");
    }

    @Override
    public StagedOutputStream create(String key) throws IOException {
        return new Counted(delegate().create(key));
    }

    /** One object being written; its size counts once it is published, never when it is aborted. */
    private final class Counted extends StagedOutputStream {
        private final StagedOutputStream out;
        private boolean done;

        Counted(StagedOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public long position() throws IOException {
            return out.position();
        }

        @Override
        public void abort() {
            done = true;
            out.abort();
        }

        @Override
        public void close() throws IOException {
            if (done) {
                out.close();
                return;
            }
            long size = out.position();
            out.close();
            done = true;
            tally.bytesPublished(size);
        }
    }
}
