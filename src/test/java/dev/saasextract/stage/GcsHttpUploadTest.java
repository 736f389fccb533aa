package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads over real HTTP through the client as {@link GcsClients} configures it, against {@link GcsHttpStub}. */
class GcsHttpUploadTest {
    private static final String KEY = "staging/backfill/t/initial_load_start_x/keys_from_start.parquet";
    private static final String OBJECT = "prefix/" + KEY;

    @TempDir
    Path tempDir;

    private GcsHttpStub stub;
    private GcsStagingStore store;

    @BeforeEach
    void start() throws IOException {
        stub = new GcsHttpStub();
        StorageOptions options = GcsClients.withRetries(StorageOptions.http())
                .setHost(stub.url())
                .setProjectId("test")
                .setCredentials(NoCredentials.getInstance())
                .build();
        GcsLocation location = GcsLocation.parse(URI.create("gs://" + GcsHttpStub.BUCKET + "/prefix"));
        store = new GcsStagingStore(options.getService(), location, tempDir);
    }

    @AfterEach
    void stop() throws IOException {
        store.close();
        stub.close();
    }

    private byte[] upload(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        try (StagedOutputStream out = store.create(KEY)) {
            out.write(data);
        }
        return data;
    }

    /** Changes the local temporary file after its checksum was taken, as a bad disk would. */
    private StagedOutputStream writeThenCorruptTheSpooledFile() throws IOException {
        StagedOutputStream out = store.create(KEY);
        out.write(new byte[100_000]);
        try (Stream<Path> files = Files.list(tempDir)) {
            Files.write(files.findFirst().orElseThrow(), new byte[] {1}, StandardOpenOption.WRITE);
        }
        return out;
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.count();
        }
    }

    @Test
    void uploadsOnCloseWithTheChecksumTheServerVerifies() throws IOException {
        byte[] data = upload(3 * 1024 * 1024 + 7);

        assertArrayEquals(data, stub.objects().get(OBJECT));
        assertEquals(List.of("POST 200", "PUT 200"), stub.requests(), "one resumable session, one PUT of the file");
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertEquals(GcsUploadStream.base64(crc.getValue()), stub.sessionMetadata().get(0).get("crc32c").asText(),
                "the checksum travels with the upload for the server to check");
        assertEquals(0, tempFiles());
    }

    @Test
    void bytesThatChangeOnTheWayAreRefusedAndNothingIsPublished() throws IOException {
        StagedOutputStream out = writeThenCorruptTheSpooledFile();

        IOException e = assertThrows(IOException.class, out::close);

        assertTrue(e.getMessage().startsWith("gs://bucket/" + OBJECT + ": upload failed: 400"), e.getMessage());
        assertEquals(Map.of(), stub.objects());
        assertEquals(0, tempFiles());
    }

    @Test
    void anObjectTheServerReportsWithAnotherChecksumIsDeleted() throws IOException {
        stub.stopCheckingChecksums();
        StagedOutputStream out = writeThenCorruptTheSpooledFile();

        IOException e = assertThrows(IOException.class, out::close);

        assertTrue(e.getMessage().startsWith("gs://bucket/" + OBJECT + ": upload corrupted"), e.getMessage());
        assertEquals(Map.of(), stub.objects(), "the corrupt object is deleted again");
        assertEquals(0, tempFiles());
    }

    @Test
    void throttlingAndServerErrorsAreRetriedByTheLibrary() throws IOException {
        // The session start is retried only because the client retries non-idempotent requests too.
        stub.failNext(503, 429);

        byte[] data = upload(100_000);

        assertArrayEquals(data, stub.objects().get(OBJECT));
        assertEquals("POST 503", stub.requests().get(0));
        assertEquals("POST 429", stub.requests().get(1));
        assertTrue(stub.requests().contains("PUT 200"), stub.requests().toString());
    }

    @Test
    void aFinalFailureIsOneLineNamingTheObjectAndLeavesNothing() throws IOException {
        stub.failNext(403);

        IOException e = assertThrows(IOException.class, () -> upload(1000));

        assertTrue(e.getMessage().startsWith("gs://bucket/" + OBJECT + ": upload failed: 403"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("POST 403"), stub.requests(), "a client error is not retried");
        assertEquals(Map.of(), stub.objects());
        assertEquals(0, tempFiles());
    }
}
