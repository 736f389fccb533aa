package dev.saasextract.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fixture that a test class registers with {@code @RegisterExtension}: before each test it opens in a new temp dir
 * of its own (before the class's {@code @BeforeEach} methods); after the test and the class's {@code @AfterEach}
 * methods it is closed and the dir deleted.
 */
public abstract class TempDirFixture implements BeforeEachCallback, AfterEachCallback {

    private Path dir;

    /** Opens the fixture in {@code dir}; {@link #close} is called even when this fails part way. */
    protected abstract void open(Path dir) throws Exception;

    protected abstract void close() throws Exception;

    /**
     * Closes each of {@code resources} that was opened (not null), in order, all of them even when one fails; the
     * first failure is thrown with the later ones suppressed. For {@link #close} after an {@link #open} that may have
     * failed part way.
     */
    protected static void closeOpened(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The temp dir of the running test. */
    public final Path dir() {
        return dir;
    }

    @Override
    public final void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("junit");
        open(dir);
    }

    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        try {
            close();
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
