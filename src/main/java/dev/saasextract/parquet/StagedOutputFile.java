package dev.saasextract.parquet;

import static java.util.Objects.requireNonNull;

import dev.saasextract.stage.StagedOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Lets Parquet write into a {@link StagedOutputStream}. Whether the stage overwrites an earlier object of the same
 * key is the stage's decision (chunk names are deterministic), so create and createOrOverwrite are the same here.
 * Closing the stream, which Parquet does after the footer, publishes the object.
 */
final class StagedOutputFile implements OutputFile {
    private final StagedOutputStream out;
    private long bytesWritten;

    StagedOutputFile(StagedOutputStream out) {
        this.out = requireNonNull(out, "out is null");
    }

    /** Bytes Parquet has handed to the stage so far; the whole file once the writer is closed. */
    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.position();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytesWritten++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytesWritten += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
