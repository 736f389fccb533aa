package dev.saasextract.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A CLI test class whose every test runs against a fresh {@link CiBuildsFixture} in its own folder. */
abstract class CiBuildsTest {
    @TempDir
    Path dir;

    CiBuildsFixture fixture;

    /** Runs before the subclass's own {@code @BeforeEach} methods. */
    @BeforeEach
    void createFixture() throws Exception {
        fixture = CiBuildsFixture.create(dir);
    }
}
