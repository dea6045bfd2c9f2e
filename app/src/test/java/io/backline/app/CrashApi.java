package io.backline.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The crash test's HTTP client: Fastly-style form writes, JSON answers, one attempt per call.
 *
 * <p>A transport failure surfaces as an {@link IOException}; for a write that means "outcome
 * unknown", which is exactly what a client sees when the server is killed under it; so is a 5xx
 * answer (the database died under the server). Safe to share between threads.
 */
final class CrashApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient http;
    private final URI base;
    private final String token;

    CrashApi(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** One answer: the status and the body as received. */
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** A 5xx: the server took the request but could not finish it, so a write may or may not have happened. */
        boolean serverFailed() {
            return status >= 500;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("answer is not JSON (status " + status + "): " + abbreviated(body), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + abbreviated(body);
        }

        private static String abbreviated(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "…";
        }
    }

    Reply get(String path) throws IOException {
        return send(request(path).GET());
    }

    Reply post(String path, Map<String, String> form) throws IOException {
        return send(request(path).header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    Reply postJson(String path, String json) throws IOException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, Map<String, String> form) throws IOException {
        HttpRequest.Builder builder = request(path);
        if (form.isEmpty()) {
            return send(builder.PUT(HttpRequest.BodyPublishers.noBody()));
        }
        return send(builder.header("Content-Type", FORM).PUT(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    Reply delete(String path) throws IOException {
        return send(request(path).DELETE());
    }

    /** Percent-encodes one path segment. */
    static String segment(String raw) {
        return URLEncoder.encode(raw, UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Fastly-Key", token);
    }

    private Reply send(HttpRequest.Builder builder) throws IOException {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
    }
}
