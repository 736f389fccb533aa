package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the store against google-cloud-nio's in-memory {@code Storage}. That fake stores and lists objects and takes
 * resumable uploads, but it neither checks nor computes checksums (it echoes the CRC32C we send) and ignores
 * preconditions, so the server-side CRC32C check is not exercised here.
 */
class GcsStagingStoreTest {
    private static final String BUCKET = "saas-pipeline-backfills";
    private static final String KEY = "staging/backfill/gitlab_db_issues/initial_load_start_x/keys_from_start.parquet";

    @TempDir
    Path tempDir;

    private Storage storage;
    private GcsStagingStore store;

    @BeforeEach
    void openStore() {
        // customOptions gives each test its own fake; getOptions() shares one static instance across the JVM.
        storage = LocalStorageHelper.customOptions(false).getService();
        store = new GcsStagingStore(storage, GcsLocation.parse(URI.create("gs://" + BUCKET + "/some/prefix")), tempDir);
    }

    private void put(String key, String content) throws IOException {
        try (StagedOutputStream out = store.create(key)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Blob object(String name) {
        return storage.get(BlobId.of(BUCKET, name));
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.count();
        }
    }

    @Test
    void objectIsPublishedOnlyOnCloseUnderThePrefix() throws IOException {
        StagedOutputStream out = store.create(KEY);
        out.write(new byte[] {1, 2, 3});
        out.write(4);

        assertEquals(4, out.position());
        assertEquals(List.of(), store.list(""), "nothing is uploaded before close");
        assertNull(object("some/prefix/" + KEY));
        assertEquals(1, tempFiles(), "the bytes wait in a local temporary file");

        out.close();
        assertEquals(List.of(KEY), store.list(""));
        assertNotNull(object("some/prefix/" + KEY), "key k is object <prefix>k");
        try (InputStream in = store.open(KEY)) {
            assertArrayEquals(new byte[] {1, 2, 3, 4}, in.readAllBytes());
        }
        assertEquals(0, tempFiles(), "the temporary file is removed after the upload");
    }

    @Test
    void abortUploadsNothingAndRemovesTheTemporaryFile() throws IOException {
        StagedOutputStream out = store.create(KEY);
        out.write(new byte[] {42, 43});
        out.abort();
        out.close();

        assertEquals(List.of(), store.list(""));
        assertFalse(storage.list(BUCKET).iterateAll().iterator().hasNext(), "the bucket stays empty");
        assertEquals(0, tempFiles());
    }

    @Test
    void aRetriedKeyOverwritesItsEarlierAttempt() throws IOException {
        put(KEY, "first attempt, longer");
        put(KEY, "second");

        assertEquals("second", read(KEY));
        assertEquals(List.of(KEY), store.list(""));
    }

    @Test
    void listAndDeleteByPrefixSeeOnlyKeysUnderTheLocation() throws IOException {
        put("staging/backfill/t/f1/b.parquet", "b");
        put("staging/backfill/t/f1/a.parquet", "a");
        put("staging/backfill/t/f2/c.parquet", "c");
        put("staging/backfill/u/f1/d.parquet", "d");
        storage.create(BlobInfo.newBuilder(BUCKET, "other/staging/backfill/t/f1/x.parquet").build(), new byte[] {1});
        storage.create(BlobInfo.newBuilder(BUCKET, "some/prefix/staging/backfill/t/f3/").build(), new byte[0]);

        assertEquals(List.of("staging/backfill/t/f1/a.parquet", "staging/backfill/t/f1/b.parquet"),
                store.list("staging/backfill/t/f1/"));
        assertEquals(List.of("staging/backfill/t/f1/a.parquet", "staging/backfill/t/f1/b.parquet",
                "staging/backfill/t/f2/c.parquet", "staging/backfill/u/f1/d.parquet"), store.list(""),
                "sorted, without the folder marker nor objects outside the prefix");
        assertTrue(store.exists("staging/backfill/t/f2/c.parquet"));

        assertEquals(3, store.deletePrefix("staging/backfill/t/"));
        assertEquals(List.of("staging/backfill/u/f1/d.parquet"), store.list(""));
        assertNotNull(object("other/staging/backfill/t/f1/x.parquet"), "objects outside the prefix are untouched");

        store.delete("staging/backfill/t/f1/a.parquet");
        assertEquals(List.of("staging/backfill/u/f1/d.parquet"), store.list(""), "deleting a missing key is fine");
    }

    @Test
    void uriIsTheFormSnowflakeCopyReads() {
        assertEquals("gcs://" + BUCKET + "/some/prefix/" + KEY, store.uri(KEY));
        assertEquals("gs://" + BUCKET + "/some/prefix/", store.toString());
    }

    @Test
    void severalMegabytesRoundTripByteForByte() throws IOException {
        byte[] data = new byte[9 * 1024 * 1024 + 13];
        new Random(7).nextBytes(data);
        try (StagedOutputStream out = store.create(KEY)) {
            for (int offset = 0; offset < data.length; offset += 100_003) {
                out.write(data, offset, Math.min(100_003, data.length - offset));
            }
            assertEquals(data.length, out.position());
        }

        try (InputStream in = store.open(KEY)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertEquals(GcsUploadStream.base64(crc.getValue()), object("some/prefix/" + KEY).getCrc32c(),
                "the checksum of the whole stream is sent with the upload");
        assertEquals(0, tempFiles());
    }

    @Test
    void crc32cIsEncodedAsGcsReportsIt() {
        // CRC32C("123456789") = 0xE3069283, the standard check value; GCS shows it as base64 of the big-endian bytes.
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue());
        assertEquals("4waSgw==", GcsUploadStream.base64(crc.getValue()));
    }

    @Test
    void aFailedUploadNamesTheObjectAndLeavesNothing() throws IOException {
        StagedOutputStream out = store.create(KEY);
        out.write(1);
        try (Stream<Path> files = Files.list(tempDir)) {
            Files.delete(files.findFirst().orElseThrow());
        }

        IOException e = assertThrows(IOException.class, out::close);
        assertTrue(e.getMessage().startsWith("gs://" + BUCKET + "/some/prefix/" + KEY + ": upload failed: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void openingAMissingKeyNamesTheObject() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> store.open(KEY));
        assertEquals("gs://" + BUCKET + "/some/prefix/" + KEY, e.getMessage());
    }
}
