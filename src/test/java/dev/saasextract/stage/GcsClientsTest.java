package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.saasextract.errors.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Building the real client; nothing here talks to the network. */
class GcsClientsTest {
    private static final GcsLocation LOCATION = GcsLocation.parse(URI.create("gs://bucket/prefix"));
    private static final String EMAIL = "extract@project.iam.gserviceaccount.com";

    @TempDir
    Path dir;

    private static Map<String, String> keyFile(Path file) {
        return Map.of(GcsClients.KEY_FILE_VARIABLE, file.toString());
    }

    @Test
    void aMissingKeyFileIsAConfigErrorNamingTheVariable() {
        Path missing = dir.resolve("missing-key.json");

        ConfigException e = assertThrows(ConfigException.class,
                () -> StagingStores.open(URI.create("gs://bucket/prefix"), keyFile(missing)));
        assertTrue(e.getMessage().startsWith("EXTRACT_GCS_KEY_FILE=" + missing + ": cannot read"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"service_account\", \"private_key\": \"SECRET-123\"}",
        "{\"type\": [\"SECRET-123\"]}",
        "SECRET-123 is not JSON",
    })
    void anInvalidKeyFileIsReportedWithoutItsContent(String content) throws IOException {
        Path garbage = Files.writeString(dir.resolve("key.json"), content);

        ConfigException e = assertThrows(ConfigException.class, () -> GcsClients.options(LOCATION, keyFile(garbage)));
        assertEquals("EXTRACT_GCS_KEY_FILE=" + garbage + ": not a valid service-account JSON key file", e.getMessage());
        assertNull(e.getCause(), "a parser's message could quote the key");
    }

    /** The library reads GOOGLE_APPLICATION_CREDENTIALS from the process, so the test reads the file as it would. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": [\"SECRET-123\"]}", "SECRET-123 is not JSON"})
    void anInvalidApplicationDefaultCredentialsFileIsAConfigErrorWithoutItsContent(String content) throws IOException {
        Path garbage = Files.writeString(dir.resolve("adc.json"), content);

        ConfigException e = assertThrows(ConfigException.class, () -> GcsClients.applicationDefault(LOCATION, () -> {
            try (InputStream in = Files.newInputStream(garbage)) {
                return GoogleCredentials.fromStream(in);
            }
        }));
        assertTrue(e.getMessage().startsWith("staging " + LOCATION + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET-123"), e.getMessage());
    }

    @Test
    void theKeyFileNamedByTheVariableIsUsedWithBoundedLibraryRetries() throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), serviceAccountKey(EMAIL));

        StorageOptions options = GcsClients.options(LOCATION, keyFile(key));

        ServiceAccountCredentials credentials =
                assertInstanceOf(ServiceAccountCredentials.class, options.getCredentials());
        assertEquals(EMAIL, credentials.getClientEmail());
        assertTrue(options.getRetrySettings().getMaxAttempts() > 1, "failed requests are retried");
        assertFalse(options.getRetrySettings().getTotalTimeoutDuration().isZero(), "retries stop after a total time");
    }

    @Test
    void theFactoryOpensAGcsStoreForGsUris() throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), serviceAccountKey(EMAIL));

        try (StagingStore store = StagingStores.open(URI.create("gs://bucket/prefix/"), keyFile(key))) {
            assertInstanceOf(GcsStagingStore.class, store);
            assertEquals("gcs://bucket/prefix/staging/a.parquet", store.uri("staging/a.parquet"));
        }
    }

    /** A syntactically valid service-account key with a fresh RSA key that no one else knows. */
    private static String serviceAccountKey(String email) throws NoSuchAlgorithmException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pkcs8 = Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        return new ObjectMapper().writeValueAsString(Map.of(
                "type", "service_account",
                "project_id", "project",
                "private_key_id", "0123456789abcdef",
                "private_key", "-----BEGIN PRIVATE KEY-----\n" + pkcs8 + "\n-----END PRIVATE KEY-----\n",
                "client_email", email,
                "client_id", "1234567890",
                "token_uri", "https://oauth2.googleapis.com/token"));
    }
}
