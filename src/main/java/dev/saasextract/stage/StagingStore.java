package dev.saasextract.stage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where Parquet files wait to be loaded. Keys are slash-separated relative paths such as
 * {@code staging/backfill/gitlab_db_issues/initial_load_start_.../chunk.parquet}. Small on purpose: a new
 * backend is one class.
 */
public interface StagingStore extends AutoCloseable {

    /** Starts writing {@code key}; the object appears only when the returned stream is closed. */
    StagedOutputStream create(String key) throws IOException;

    InputStream open(String key) throws IOException;

    /** Keys that start with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Deletes {@code key}; a missing key is not an error. */
    void delete(String key) throws IOException;

    /** The location of {@code key} as the warehouse reads it (a local path, or {@code gcs://bucket/key}). */
    String uri(String key);

    default boolean exists(String key) throws IOException {
        return list(key).contains(key);
    }

    /** Deletes every object under {@code prefix}; returns how many. */
    default int deletePrefix(String prefix) throws IOException {
        List<String> keys = list(prefix);
        for (String key : keys) {
            delete(key);
        }
        return keys.size();
    }

    @Override
    default void close() throws IOException {
    }
}
