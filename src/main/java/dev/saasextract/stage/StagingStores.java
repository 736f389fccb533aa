package dev.saasextract.stage;

import dev.saasextract.errors.ConfigException;
import java.net.URI;
import java.nio.file.Path;

/** Picks the staging backend from the URI scheme. An unknown scheme is a configuration error, never a fallback. */
public final class StagingStores {
    private StagingStores() {
    }

    public static StagingStore open(URI location) {
        String scheme = location.getScheme() == null ? "" : location.getScheme();
        switch (scheme) {
            case "file":
                return new LocalStagingStore(Path.of(location));
            case "gs":
                throw new ConfigException("staging: " + location + ": GCS staging is not available in this build yet;"
                        + " use file:///some/dir");
            default:
                throw new ConfigException("staging: " + location + ": unsupported scheme '" + scheme
                        + "' (use file:///some/dir or gs://bucket)");
        }
    }
}
