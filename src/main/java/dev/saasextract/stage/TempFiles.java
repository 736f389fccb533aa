package dev.saasextract.stage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local temporary file every staged write goes through before it is published. */
final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

    private TempFiles() {
    }

    /**
     * Discards an aborted write: closes its stream and deletes its temporary file. Never throws (abort must not); a
     * failure is logged, and a leftover temporary file is never listed, loaded nor uploaded.
     */
    static void discard(Closeable stream, Path temp, String staging) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.warn("{}: closing the aborted write's temporary file {} failed: {}", staging, temp, e.getMessage());
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("{}: the aborted write's temporary file {} could not be deleted: {}", staging, temp,
                    e.getMessage());
        }
    }
}
