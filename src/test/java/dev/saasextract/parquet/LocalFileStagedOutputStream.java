package dev.saasextract.parquet;

import dev.saasextract.stage.StagedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test-only stage over a local file: bytes go to a ".partial" sibling that close() renames into place. */
final class LocalFileStagedOutputStream extends StagedOutputStream {
    private final Path target;
    private final Path partial;
    private final OutputStream out;
    private long position;
    private boolean finished;
    private boolean aborted;

    LocalFileStagedOutputStream(Path target) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.out = new BufferedOutputStream(Files.newOutputStream(partial));
    }

    Path partial() {
        return partial;
    }

    boolean aborted() {
        return aborted;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        position += len;
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        out.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        aborted = true;
        try {
            out.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot discard " + partial, e);
        }
    }
}
