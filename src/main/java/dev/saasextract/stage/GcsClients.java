package dev.saasextract.stage;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import dev.saasextract.errors.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the google-cloud-storage client: credentials from {@code $EXTRACT_GCS_KEY_FILE} when set, else Application
 * Default Credentials; and retry settings under which the library itself retries 429, 5xx and timeouts.
 */
final class GcsClients {
    static final String KEY_FILE_VARIABLE = "EXTRACT_GCS_KEY_FILE";

    private static final RetrySettings RETRIES = RetrySettings.newBuilder()
            // gax always adds jitter to these delays (setJittered is deprecated and ignored).
            .setInitialRetryDelayDuration(Duration.ofSeconds(1))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(32))
            .setMaxAttempts(8)
            .setTotalTimeoutDuration(Duration.ofMinutes(10))
            .build();
    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private GcsClients() {
    }

    static StorageOptions options(GcsLocation location, Map<String, String> env) {
        return withRetries(StorageOptions.http()).setCredentials(credentials(location, env)).build();
    }

    /** The retry and timeout settings of every client we build. */
    static HttpStorageOptions.Builder withRetries(HttpStorageOptions.Builder builder) {
        return builder
                .setRetrySettings(RETRIES)
                // The default strategy retries only requests it knows to be idempotent, which leaves out starting an
                // upload without a generation precondition. Ours are: a chunk's key is deterministic and a retry
                // re-sends the same bytes, so every request may be retried.
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                        .setReadTimeout(READ_TIMEOUT_MILLIS)
                        .build());
    }

    private static Credentials credentials(GcsLocation location, Map<String, String> env) {
        String keyFile = env.get(KEY_FILE_VARIABLE);
        if (keyFile != null && !keyFile.isBlank()) {
            return serviceAccountKey(Path.of(keyFile));
        }
        return applicationDefault(location, GoogleCredentials::getApplicationDefault);
    }

    /** How the Application Default Credentials are found; the library reads the process's environment. */
    @FunctionalInterface
    interface CredentialsLookup {
        Credentials find() throws IOException;
    }

    static Credentials applicationDefault(GcsLocation location, CredentialsLookup lookup) {
        try {
            return lookup.find();
        } catch (IOException e) {
            throw new ConfigException("staging " + location + ": no Google Application Default Credentials found"
                    + " (set GOOGLE_APPLICATION_CREDENTIALS or " + KEY_FILE_VARIABLE + "): "
                    + GcsErrors.firstLine(e), e);
        } catch (RuntimeException e) {
            // a field of the wrong JSON type in the credentials file; its message could quote the key
            throw new ConfigException("staging " + location + ": the Google Application Default Credentials file is"
                    + " not valid (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Credentials serviceAccountKey(Path file) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(KEY_FILE_VARIABLE + "=" + file + ": cannot read the service-account key file ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(json));
        } catch (IOException | RuntimeException e) {
            // The auth library reports a malformed key with IOException or, for a field of the wrong JSON type,
            // ClassCastException. No cause and no parser message here: either could quote the key.
            throw new ConfigException(KEY_FILE_VARIABLE + "=" + file + ": not a valid service-account JSON key file");
        }
    }
}
