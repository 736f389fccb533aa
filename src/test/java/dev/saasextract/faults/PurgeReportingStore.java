package dev.saasextract.faults;

import dev.saasextract.stage.StagedOutputStream;
import dev.saasextract.stage.StagingStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A staging store that reports each deleted file to the injector, so a fault can hit between two purged files. */
final class PurgeReportingStore implements StagingStore {
    private final StagingStore store;
    private final FaultInjector injector;

    PurgeReportingStore(StagingStore store, FaultInjector injector) {
        this.store = store;
        this.injector = injector;
    }

    @Override
    public StagedOutputStream create(String key) throws IOException {
        return store.create(key);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
        injector.hit(FaultInjector.FILE_PURGED);
    }

    /** Deletes the listed files one by one, reporting each, then lets the store remove what else it removes. */
    @Override
    public int deletePrefix(String prefix) throws IOException {
        List<String> keys = store.list(prefix);
        for (String key : keys) {
            delete(key);
        }
        store.deletePrefix(prefix);
        return keys.size();
    }

    @Override
    public String uri(String key) {
        return store.uri(key);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
