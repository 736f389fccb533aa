package dev.saasextract.stage;

import com.google.api.gax.paging.Page;
import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Staging in a GCS bucket ({@code gs://bucket[/prefix]}): key {@code k} is object {@code <prefix>k}. Objects are
 * uploaded whole on close (see {@link GcsUploadStream}); the warehouse reads them as {@code gcs://bucket/object}.
 */
final class GcsStagingStore implements StagingStore {
    private final Storage storage;
    private final GcsLocation location;
    private final Path tempDir;

    /** Takes ownership of {@code storage}: closing the store closes it. */
    GcsStagingStore(Storage storage, GcsLocation location, Path tempDir) {
        this.storage = storage;
        this.location = location;
        this.tempDir = tempDir;
    }

    static GcsStagingStore open(URI uri, Map<String, String> env) {
        GcsLocation location = GcsLocation.parse(uri);
        Storage storage = GcsClients.options(location, env).getService();
        return new GcsStagingStore(storage, location, Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public StagedOutputStream create(String key) throws IOException {
        String name = location.objectName(key);
        return GcsUploadStream.start(storage, BlobId.of(location.bucket(), name), location.gsUri(name), tempDir);
    }

    @Override
    public InputStream open(String key) throws IOException {
        String name = location.objectName(key);
        Blob blob;
        try {
            blob = storage.get(BlobId.of(location.bucket(), name));
        } catch (BaseServiceException e) {
            throw GcsErrors.failed("read", location.gsUri(name), e);
        }
        if (blob == null) {
            throw new NoSuchFileException(location.gsUri(name));
        }
        return Channels.newInputStream(blob.reader());
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String namePrefix = location.objectPrefix(prefix);
        List<String> keys = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(namePrefix));
            for (Blob blob : page.iterateAll()) {
                // Names ending in '/' are the empty "folder" markers the Cloud Console creates, not staged files.
                if (!blob.getName().endsWith("/")) {
                    keys.add(location.keyOf(blob.getName()));
                }
            }
        } catch (BaseServiceException e) {
            throw GcsErrors.failed("list", location.gsUri(namePrefix), e);
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        String name = location.objectName(key);
        try {
            storage.delete(BlobId.of(location.bucket(), name));
        } catch (BaseServiceException e) {
            throw GcsErrors.failed("delete", location.gsUri(name), e);
        }
    }

    @Override
    public String uri(String key) {
        return location.gcsUri(location.objectName(key));
    }

    @Override
    public void close() throws IOException {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IOException(location + ": closing the GCS client failed: " + GcsErrors.firstLine(e), e);
        }
    }

    @Override
    public String toString() {
        return location.toString();
    }
}
