package dev.saasextract.stage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A staging store that passes every call to another; a decorator overrides only what it adds to. */
public abstract class ForwardingStagingStore implements StagingStore {
    private final StagingStore store;

    protected ForwardingStagingStore(StagingStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The store every call goes to. */
    protected final StagingStore delegate() {
        return store;
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
    }

    @Override
    public String uri(String key) {
        return store.uri(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    @Override
    public int deletePrefix(String prefix) throws IOException {
        return store.deletePrefix(prefix);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
