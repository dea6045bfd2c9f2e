package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backline.condition.StandardKinds;
import io.backline.model.Kinds;
import io.backline.store.ConfigStore;
import io.backline.store.PostgresStore;
import io.backline.store.PostgresTestServer;
import io.backline.store.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Backline control plane for one test class: {@link ApiServer} on a free loopback port over
 * a fresh store, an admin token, and a plain {@link HttpClient} that talks to it the way Fastly's
 * clients do (form bodies, {@code Fastly-Key}).
 *
 * <p>The store is the system property {@value #STORE_PROPERTY}'s: {@code sqlite} (the default, a
 * new file, as {@code backline serve} runs) or {@code postgresql} (a new schema on the test JVM's
 * embedded server, as {@code backline api --database} runs: not the sole writer, so the write
 * budget lives in the database). The api module's build runs every harness test class once each
 * way.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ApiHarness api = ApiHarness.withWritesPerHour(0);
 *
 * var sid = api.createService("shop");
 * var reply = api.post("/service/" + sid + "/version/1/backend", ApiHarness.form("name", "a", "address", "x.com"));
 * }</pre>
 */
final class ApiHarness implements BeforeAllCallback, AfterAllCallback {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final int writesPerHour;
    private final Kinds kinds;
    private final DomainResolver resolver;
    private @Nullable Path dir;
    /** Which store the harness opens: {@code sqlite} or {@code postgresql}. */
    static final String STORE_PROPERTY = "backline.test.store";

    private @Nullable ConfigStore store;
    private @Nullable String schema;
    private @Nullable TokenService tokens;
    private @Nullable ApiServer server;
    private @Nullable String adminToken;
    /** The system clock, moved ahead by {@link #moveClockPast} instead of waiting. */
    private final MovableClock clock = MovableClock.followingSystem();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ApiHarness(int writesPerHour, Kinds kinds, DomainResolver resolver) {
        this.writesPerHour = writesPerHour;
        this.kinds = kinds;
        this.resolver = resolver;
    }

    /** A harness whose server allows {@code limit} writes per token and hour (0: unlimited, no headers). */
    static ApiHarness withWritesPerHour(int limit) {
        return new ApiHarness(limit, StandardKinds.KINDS, DomainResolver.SYSTEM);
    }

    /** A harness, unlimited, whose domain checks resolve names with {@code resolver} (no test needs DNS). */
    static ApiHarness withResolver(DomainResolver resolver) {
        return new ApiHarness(0, StandardKinds.KINDS, resolver);
    }

    /** A harness, unlimited, whose server serves {@code kinds} instead of the standard ones. */
    static ApiHarness withKinds(Kinds kinds) {
        return new ApiHarness(0, kinds, DomainResolver.SYSTEM);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        var config = ApiConfig.of("127.0.0.1", 0).withWritesPerHour(writesPerHour);
        var kind = System.getProperty(STORE_PROPERTY, "sqlite");
        switch (kind) {
            case "sqlite" -> {
                dir = Files.createTempDirectory("backline-api-test");
                store = SqliteStore.open(dir.resolve("db"));
            }
            case "postgresql" -> {
                schema = PostgresTestServer.freshSchema();
                store = PostgresStore.open(PostgresTestServer.url(schema));
                config = new ApiConfig(config.host(), config.port(), config.maxBodyBytes(), config.writesPerHour(), false, config.tlsSealer());
            }
            default -> throw new IllegalArgumentException(STORE_PROPERTY + ": " + kind + " (expected: sqlite or postgresql)");
        }
        tokens = new TokenService(store, clock);
        adminToken = tokens.create("admin", "global", List.of()).secret();
        server = ApiServer.start(config, store, tokens, clock, () -> {}, null, kinds, resolver);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            PostgresTestServer.drop(schema);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    int port() {
        return running().port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The store behind the server, for tests that read what was written without the API's caches. */
    ConfigStore store() {
        return java.util.Objects.requireNonNull(store, "server not started");
    }

    /** The server's own route table, in the order routes are tried. */
    List<Router.Route> routes() {
        return running().routes();
    }

    String adminToken() {
        return java.util.Objects.requireNonNull(adminToken, "server not started");
    }

    /** A new token's secret: {@code scope} is {@code global} or {@code global:read}. */
    String token(String scope, String... services) {
        return java.util.Objects.requireNonNull(tokens, "server not started").create("test", scope, List.of(services)).secret();
    }

    /** A new token, with its id for {@link #revoke}. */
    TokenService.Issued issue(String scope, String... services) {
        return java.util.Objects.requireNonNull(tokens, "server not started").create("test", scope, List.of(services));
    }

    void revoke(String tokenId) {
        assertThat(java.util.Objects.requireNonNull(tokens, "server not started").revoke(tokenId)).as("revoked %s", tokenId).isTrue();
    }

    private ApiServer running() {
        return java.util.Objects.requireNonNull(server, "server not started");
    }

    // ---- requests ----------------------------------------------------------------------------

    /** A request under construction; {@link #send()} runs it. Defaults to the admin token. */
    final class Call {
        private final String method;
        private final String path;
        private @Nullable String token;
        private @Nullable String contentType;
        private byte @Nullable [] body;
        private boolean chunked;
        private final List<String[]> headers = new ArrayList<>();

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
            this.token = adminToken();
        }

        Call token(@Nullable String secret) {
            this.token = secret;
            return this;
        }

        Call form(String encoded) {
            return body(FORM, encoded.getBytes(StandardCharsets.UTF_8));
        }

        Call json(String json) {
            return body(JSON, json.getBytes(StandardCharsets.UTF_8));
        }

        Call body(@Nullable String type, byte[] bytes) {
            this.contentType = type;
            this.body = bytes;
            return this;
        }

        /** Sends the body without Content-Length, in chunks. */
        Call chunked() {
            this.chunked = true;
            return this;
        }

        Call header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Reply send() {
            var builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                builder.header("Fastly-Key", token);
            }
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            headers.forEach(h -> builder.header(h[0], h[1]));
            var bytes = body;
            builder.method(method, bytes == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : chunked
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
            try {
                var response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(method + " " + path, response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + method + " " + path, e);
            }
        }
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    Reply get(String path) {
        return call("GET", path).send();
    }

    Reply delete(String path) {
        return call("DELETE", path).send();
    }

    /** A PUT without body or content type, as the CLI sends clone, activate, lock and deactivate. */
    Reply put(String path) {
        return call("PUT", path).send();
    }

    Reply post(String path, String form) {
        return call("POST", path).form(form).send();
    }

    Reply put(String path, String form) {
        return call("PUT", path).form(form).send();
    }

    /** Encodes pairs as go-fastly does ({@code URLEncoder}: spaces become {@code +}). */
    static String form(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("form: odd number of arguments (expected: key, value pairs)");
        }
        var joiner = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            joiner.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return joiner.toString();
    }

    /** Encodes one path segment as Go's {@code url.PathEscape} does (spaces as %20, '/' as %2F). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends a request whose target {@link URI} refuses to build (a broken percent-escape), over a
     * plain socket: {@code HttpClient} cannot carry such a path.
     */
    Reply raw(String method, String target, @Nullable String contentType, String body) {
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("Fastly-Key", adminToken());
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return raw(method, target, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends exactly these bytes over a plain socket: any method, any target, any header values
     * (Host, Connection and Content-Length are added), the body as given.
     */
    Reply raw(String method, String target, java.util.Map<String, String> headers, byte[] bytes) {
        var head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port()).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (var socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(70_000);
            var out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a body over the limit).
            }
            var in = socket.getInputStream();
            var response = new java.io.ByteArrayOutputStream();
            var crlf2 = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            int split;
            while ((split = indexOf(response.toByteArray(), crlf2, 0)) < 0) {
                if (!readSome(in, response)) {
                    throw new IOException(response.size() == 0 ? "no answer: the connection closed without a response"
                            : "the connection closed inside the response head");
                }
            }
            var headText = new String(response.toByteArray(), 0, split, StandardCharsets.ISO_8859_1);
            var headLines = headText.split("\r\n");
            int status = Integer.parseInt(headLines[0].split(" ")[1]);
            var map = new java.util.TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < headLines.length; i++) {
                int colon = headLines[i].indexOf(':');
                map.computeIfAbsent(headLines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(headLines[i].substring(colon + 1).strip());
            }
            // Read what the head announces, not to the end of the stream: Helidon 4.5.0 answers
            // "Connection: close" and keeps the socket open (helidon#12324).
            boolean chunked = map.getOrDefault("Transfer-Encoding", List.of()).contains("chunked");
            var length = map.getOrDefault("Content-Length", List.of()).stream().findFirst().map(Integer::parseInt).orElse(-1);
            byte[] bodyBytes;
            while (true) {
                var all = response.toByteArray();
                bodyBytes = java.util.Arrays.copyOfRange(all, split + 4, all.length);
                if (method.equals("HEAD") || status == 204 || status == 304
                        || (chunked ? unchunk(bodyBytes) != null : length >= 0 && bodyBytes.length >= length)) {
                    break;
                }
                if (!readSome(in, response)) {
                    break;
                }
            }
            if (chunked) {
                bodyBytes = java.util.Objects.requireNonNullElse(unchunk(bodyBytes), new byte[0]);
            } else if (length >= 0 && bodyBytes.length > length) {
                bodyBytes = java.util.Arrays.copyOf(bodyBytes, length);
            }
            return new Reply(method + " " + target, status, java.net.http.HttpHeaders.of(map, (a, b) -> true),
                    new String(bodyBytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static boolean readSome(java.io.InputStream in, java.io.ByteArrayOutputStream into) throws IOException {
        var buffer = new byte[16_384];
        int read = in.read(buffer);
        if (read < 0) {
            return false;
        }
        into.write(buffer, 0, read);
        return true;
    }

    /** The body of a chunked message, or null while the last chunk has not arrived. */
    private static byte @Nullable [] unchunk(byte[] chunked) {
        var out = new java.io.ByteArrayOutputStream();
        var crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (true) {
            int eol = indexOf(chunked, crlf, at);
            if (eol < 0) {
                return null;
            }
            var sizeText = new String(chunked, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                return out.toByteArray();
            }
            if (eol + 2 + size + 2 > chunked.length) {
                return null;
            }
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Timestamps have second precision: moves the server's clock into the second after
     * {@code stamp}, so the next write is stamped later without the test sleeping for it.
     */
    void moveClockPast(String stamp) {
        clock.movePastSecondOf(java.time.Instant.parse(stamp));
    }

    /** Moves the server's clock ahead, for what expires with time (an edge's POP membership). */
    void advanceClock(long seconds) {
        clock.advanceSeconds(seconds);
    }

    // ---- fixtures ----------------------------------------------------------------------------

    /** Creates a VCL service and returns its id. */
    String createService(String name) {
        return post("/service", form("name", name)).ok().json().path("id").asText();
    }

    String createService(String name, String type) {
        return post("/service", form("name", name, "type", type)).ok().json().path("id").asText();
    }

    /** Creates a backend and returns its JSON. */
    JsonNode createBackend(String sid, int version, String name, String address, String... more) {
        var pairs = new ArrayList<>(List.of("name", name, "address", address));
        pairs.addAll(List.of(more));
        return post("/service/" + sid + "/version/" + version + "/backend", form(pairs.toArray(String[]::new))).ok().json();
    }

    static String backendPath(String sid, int version, String name) {
        return "/service/" + sid + "/version/" + version + "/backend/" + segment(name);
    }

    /** One HTTP exchange, kept whole so assertion messages can show it. */
    record Reply(String request, int status, java.net.http.HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " -> " + status + ": body is not JSON: " + body, e);
            }
        }

        /** Fails with the whole exchange unless the status is 200. */
        Reply ok() {
            assertThat(status).as("%s -> %s %s", request, status, body).isEqualTo(200);
            return this;
        }

        Reply status(int expected) {
            assertThat(status).as("%s -> %s %s", request, status, body).isEqualTo(expected);
            return this;
        }

        @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}
