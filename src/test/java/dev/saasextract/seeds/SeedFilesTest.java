package dev.saasextract.seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.saasextract.errors.ConfigException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetriesExhaustedException;
import dev.saasextract.retry.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed files over real HTTP from a server in the test JVM. */
class SeedFilesTest {
    private static final String PROJECTS = "project_path,project_id\ngitlab-org/gitlab,278964\n";
    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1));

    private HttpServer server;
    /** Per path, the statuses to answer with before answering 200 with the body. */
    private final Map<String, Deque<Integer>> failuresFirst = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Integer failure = failuresFirst.getOrDefault(path, new ArrayDeque<>()).poll();
        byte[] body = bodies.get(path);
        if (path.equals("/moved.csv")) {
            exchange.getResponseHeaders().add("Location", "/projects.csv");
            exchange.sendResponseHeaders(302, -1);
        } else if (failure != null || body == null) {
            exchange.sendResponseHeaders(failure == null ? 404 : failure, -1);
        } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static SeedFiles files(RetryPolicy policy) {
        return new SeedFiles(Retrier.of(policy, SeedFiles::isTransient, delay -> { }));
    }

    private int requestsTo(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void downloadsAndFollowsRedirects() {
        bodies.put("/projects.csv", PROJECTS.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(PROJECTS.getBytes(StandardCharsets.UTF_8),
                files(THREE_ATTEMPTS).read(url("/projects.csv"), SeedKind.PROJECTS));
        assertArrayEquals(PROJECTS.getBytes(StandardCharsets.UTF_8),
                files(THREE_ATTEMPTS).read(url("/moved.csv"), SeedKind.PROJECTS));
    }

    @Test
    void aMissingFileIsAConfigurationErrorAskedForOnce() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> files(THREE_ATTEMPTS).read(url("/gone.csv"), SeedKind.NAMESPACES));
        assertEquals("internal_lists.namespaces: " + url("/gone.csv") + ": HTTP 404 (check the location in"
                + " extract.yaml)", e.getMessage());
        assertEquals(1, requestsTo("/gone.csv"));
    }

    @Test
    void serverErrorsAreRetriedUntilTheFileComes() {
        bodies.put("/projects.csv", PROJECTS.getBytes(StandardCharsets.UTF_8));
        failuresFirst.put("/projects.csv", new ArrayDeque<>(List.of(503, 429)));
        assertArrayEquals(PROJECTS.getBytes(StandardCharsets.UTF_8),
                files(THREE_ATTEMPTS).read(url("/projects.csv"), SeedKind.PROJECTS));
        assertEquals(3, requestsTo("/projects.csv"));
    }

    @Test
    void serverErrorsThatOutlastTheRetriesFailTheRun() {
        bodies.put("/projects.csv", PROJECTS.getBytes(StandardCharsets.UTF_8));
        failuresFirst.put("/projects.csv", new ArrayDeque<>(List.of(500, 502, 503, 504)));
        RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
                () -> files(THREE_ATTEMPTS).read(url("/projects.csv"), SeedKind.PROJECTS));
        assertInstanceOf(SeedFetchException.class, e.getCause());
        assertEquals("internal_lists.projects: " + url("/projects.csv") + ": HTTP 503", e.getCause().getMessage());
        assertEquals(3, requestsTo("/projects.csv"));
    }

    @Test
    void anUnreachableServerIsTransient() {
        URI closed = url("/projects.csv");
        server.stop(0);
        SeedFetchException e = assertThrows(SeedFetchException.class,
                () -> files(RetryPolicy.NONE).read(closed, SeedKind.PROJECTS));
        assertTrue(e.getMessage().startsWith("internal_lists.projects: " + closed + ": ConnectException"),
                e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void refusesAFileTooLargeToBeASeedFile() {
        bodies.put("/huge.csv", new byte[SeedFiles.MAX_BYTES + 1]);
        ConfigException e = assertThrows(ConfigException.class,
                () -> files(THREE_ATTEMPTS).read(url("/huge.csv"), SeedKind.PROJECTS));
        assertEquals("internal_lists.projects: " + url("/huge.csv") + ": larger than 16 MiB, not a seed file",
                e.getMessage());
    }

    @Test
    void refusesOtherSchemes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> files(THREE_ATTEMPTS).read(URI.create("ftp://example.com/x.csv"), SeedKind.PROJECTS));
        assertEquals("internal_lists.projects: ftp://example.com/x.csv: not an https://, http:// or file://"
                + " location", e.getMessage());
    }

    @Test
    void aFileTwoPlaceholdersShareIsDownloadedOnce() {
        bodies.put("/projects.csv", PROJECTS.getBytes(StandardCharsets.UTF_8));
        bodies.put("/namespaces.csv", "namespace_path,namespace_id\ngitlab-org,9970\n".getBytes(StandardCharsets.UTF_8));
        InternalLists lists = new InternalLists(
                new SeedLocations(List.of(url("/projects.csv")), List.of(url("/namespaces.csv"))),
                files(THREE_ATTEMPTS));
        TableSpec table = new TableSpec("merge_requests_internal_only", "SELECT id FROM merge_requests", "GITLAB_DB",
                "merge_requests_internal_only", "id", "", "", "",
                "AND target_project_id IN {INTERNAL_PROJECT_IDS} AND path IN {INTERNAL_PROJECT_PATHS}"
                        + " AND full_path IN {INTERNAL_PATHS}", false, false);
        assertEquals("AND target_project_id IN (278964) AND path IN ('gitlab-org/gitlab')"
                + " AND full_path IN ('gitlab-org', 'gitlab-org/gitlab')", lists.fill(table).additionalFiltering());
        assertEquals(1, requestsTo("/projects.csv"));
        assertEquals(1, requestsTo("/namespaces.csv"));
    }
}
