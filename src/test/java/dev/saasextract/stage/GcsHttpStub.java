package dev.saasextract.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Just enough of the GCS JSON API, over real HTTP, for a resumable upload of a whole file: start a session (POST),
 * send the bytes (PUT), answer a status query. Like GCS it refuses to finalize an object whose bytes do not match
 * the CRC32C sent when the session started. Scripted status codes fail the next requests, to exercise the client's
 * retries, which the in-memory fake of google-cloud-nio bypasses.
 */
final class GcsHttpStub implements AutoCloseable {
    static final String BUCKET = "bucket";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Deque<Integer> scriptedFailures = new ArrayDeque<>();
    private final Map<String, JsonNode> sessions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean checksChecksums = true;

    GcsHttpStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests, whatever they are, are answered with these statuses in order. */
    synchronized void failNext(int... statuses) {
        for (int status : statuses) {
            scriptedFailures.add(status);
        }
    }

    /** Behave like a server that accepts any bytes, to exercise the client's own check of what it reports. */
    void stopCheckingChecksums() {
        checksChecksums = false;
    }

    /** Finalized objects by name. */
    Map<String, byte[]> objects() {
        return objects;
    }

    /** The object metadata each upload session was started with. */
    List<JsonNode> sessionMetadata() {
        return List.copyOf(sessions.values());
    }

    /** "METHOD status" of every request so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Integer failure = nextFailure();
            int status = failure != null ? failure : answer(exchange, body);
            requests.add(exchange.getRequestMethod() + " " + status);
            if (failure != null) {
                send(exchange, failure, "{\"error\":{\"code\":" + failure + ",\"message\":\"scripted failure\"}}");
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("stub failed on " + exchange.getRequestURI(), e));
        }
    }

    private synchronized Integer nextFailure() {
        return scriptedFailures.poll();
    }

    private int answer(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.startsWith("/upload/storage/v1/b/")) {
            String session = "/upload/session/" + sessions.size();
            sessions.put(session, JSON.readTree(body));
            exchange.getResponseHeaders().add("Location", url() + session);
            return send(exchange, 200, "");
        }
        if (exchange.getRequestMethod().equals("PUT") && sessions.containsKey(path)) {
            JsonNode metadata = sessions.get(path);
            String name = metadata.get("name").asText();
            if (body.length == 0) {
                // A status query: either the object is complete, or nothing of it was persisted.
                return objects.containsKey(name)
                        ? send(exchange, 200, objectJson(metadata, objects.get(name)))
                        : send(exchange, 308, "");
            }
            if (checksChecksums && metadata.has("crc32c") && !metadata.get("crc32c").asText().equals(crc32c(body))) {
                return send(exchange, 400, "{\"error\":{\"code\":400,\"message\":\"crc32c mismatch\"}}");
            }
            objects.put(name, body);
            return send(exchange, 200, objectJson(metadata, body));
        }
        String objectPrefix = "/storage/v1/b/" + BUCKET + "/o/";
        if (exchange.getRequestMethod().equals("DELETE") && path.startsWith(objectPrefix)) {
            boolean existed = objects.remove(path.substring(objectPrefix.length())) != null;
            return existed ? send(exchange, 204, "") : send(exchange, 404, "{\"error\":{\"code\":404}}");
        }
        return send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"no such resource in the stub\"}}");
    }

    private static String objectJson(JsonNode metadata, byte[] content) throws IOException {
        return JSON.writeValueAsString(Map.of(
                "kind", "storage#object",
                "bucket", metadata.get("bucket").asText(),
                "name", metadata.get("name").asText(),
                "size", String.valueOf(content.length),
                "crc32c", crc32c(content),
                "generation", "1",
                "metageneration", "1"));
    }

    private static String crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return GcsUploadStream.base64(crc.getValue());
    }

    private static int send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }
}
