package dev.saasextract.faults;

import dev.saasextract.stage.ForwardingStagingStore;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;
import java.util.List;

/** A staging store that reports each deleted file to the injector, so a fault can hit between two purged files. */
final class PurgeReportingStore extends ForwardingStagingStore {
    private final FaultInjector injector;

    PurgeReportingStore(StagingStore store, FaultInjector injector) {
        super(store);
        this.injector = injector;
    }

    @Override
    public void delete(String key) throws IOException {
        delegate().delete(key);
        injector.hit(FaultInjector.FILE_PURGED);
    }

    /** Deletes the listed files one by one, reporting each, then lets the store remove what else it removes. */
    @Override
    public int deletePrefix(String prefix) throws IOException {
        List<String> keys = delegate().list(prefix);
        for (String key : keys) {
            delete(key);
        }
        delegate().deletePrefix(prefix);
        return keys.size();
    }
}
