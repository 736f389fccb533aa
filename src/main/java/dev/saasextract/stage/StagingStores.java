package dev.saasextract.stage;

import dev.saasextract.errors.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Picks the staging backend from the URI scheme. An unknown scheme is a configuration error, never a fallback. */
public final class StagingStores {
    private StagingStores() {
    }

    /**
     * Opens the store at {@code location}. {@code env} supplies backend settings such as GCS's
     * {@code EXTRACT_GCS_KEY_FILE}.
     */
    public static StagingStore open(URI location, Map<String, String> env) {
        String scheme = location.getScheme() == null ? "" : location.getScheme();
        switch (scheme) {
            case "file":
                return new LocalStagingStore(Path.of(location));
            case "gs":
                return GcsStagingStore.open(location, env);
            default:
                throw new ConfigException("staging: " + location + ": unsupported scheme '" + scheme
                        + "' (use file:///some/dir or gs://bucket[/prefix])");
        }
    }
}
