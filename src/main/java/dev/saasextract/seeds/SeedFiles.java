package dev.saasextract.seeds;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.retry.Retrier;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a seed file from {@code https://}, {@code http://} or {@code file://}. A failure that may pass (network,
 * HTTP 5xx, 408, 429) is retried and then fails the run (exit 1); a location that is wrong (no such file, any other
 * HTTP 4xx) is a configuration error (exit 2).
 */
public final class SeedFiles {
    /** Seed files are a few kilobytes; anything this large is not one, and is not held in memory. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    /** A host that does not answer fails fast, so retries (and a run without network) do not stall for minutes. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Retrier retrier;
    /** Built on the first download: most runs read no seed file, and the client starts a thread. */
    private HttpClient http;

    public SeedFiles(Retrier retrier) {
        this.retrier = requireNonNull(retrier, "retrier is null");
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    /** The transient failures {@link #read} retries, for the {@link Retrier} given to it. */
    public static boolean isTransient(Throwable failure) {
        return failure instanceof SeedFetchException;
    }

    public byte[] read(URI location, SeedKind kind) {
        String scheme = String.valueOf(location.getScheme()).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> readFile(Path.of(location), location, kind);
            case "http", "https" -> retrier.call("reading seed file " + location, attempt -> download(location, kind));
            default -> throw new ConfigException(kind.configKey() + ": " + location
                    + ": not an https://, http:// or file:// location");
        };
    }

    private static byte[] readFile(Path path, URI location, SeedKind kind) {
        try (InputStream in = Files.newInputStream(path)) {
            return bounded(in, location, kind);
        } catch (NoSuchFileException e) {
            throw new ConfigException(kind.configKey() + ": " + location + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(kind.configKey() + ": " + location + ": cannot read: " + e.getMessage(), e);
        }
    }

    private byte[] download(URI location, SeedKind kind) {
        HttpRequest request = HttpRequest.newBuilder(location).timeout(TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SeedFetchException(kind.configKey() + ": " + location + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeedFetchException(kind.configKey() + ": " + location + ": interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 200) {
                return bounded(body, location, kind);
            }
            if (status >= 500 || status == 408 || status == 429) {
                throw new SeedFetchException(kind.configKey() + ": " + location + ": HTTP " + status);
            }
            throw new ConfigException(kind.configKey() + ": " + location + ": HTTP " + status
                    + " (check the location in extract.yaml)");
        } catch (IOException e) {
            throw new SeedFetchException(kind.configKey() + ": " + location + ": reading the response: " + describe(e),
                    e);
        }
    }

    /**
     * The failure and its root cause by class, and the first message in the chain: the client's exceptions often carry
     * none (a failed DNS lookup is a bare ConnectException caused by an UnresolvedAddressException).
     */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            root = cause;
            if (message == null && cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage().lines().findFirst().orElse("");
            }
        }
        String rootName = root.getClass().getSimpleName();
        String name = failure.getClass().getSimpleName();
        return name + (rootName.equals(name) ? "" : " (" + rootName + ")") + (message == null ? "" : ": " + message);
    }

    private static byte[] bounded(InputStream in, URI location, SeedKind kind) throws IOException {
        byte[] content = in.readNBytes(MAX_BYTES + 1);
        if (content.length > MAX_BYTES) {
            throw new ConfigException(kind.configKey() + ": " + location + ": larger than "
                    + MAX_BYTES / (1024 * 1024) + " MiB, not a seed file");
        }
        return content;
    }
}
