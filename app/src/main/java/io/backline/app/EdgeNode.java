package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.edge.ActiveVersion;
import io.backline.edge.EdgeConfig;
import io.backline.edge.EdgeException;
import io.backline.edge.EdgeServer;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.HealthRegistry;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.BackendSchema;
import io.backline.model.ConditionSchema;
import io.backline.model.DomainSchema;
import io.backline.model.HealthcheckSchema;
import io.backline.wire.EdgeFeed;
import io.backline.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code backline edge}: the edge without database access. It follows the active configuration
 * through any API node's edge feed ({@link EdgeFeed}): the full configuration at connect, then each
 * changed service as it changes. It moves to the next API node with backoff when one fails, keeps
 * the last configuration on disk so it starts and serves while no API node answers, and
 * acknowledges what it serves by its next feed call.
 *
 * <pre>{@code
 * try (var edge = EdgeNode.start(new EdgeNode.Settings(List.of(URI.create("http://api-1:8080")), token,
 *         new HostPort("0.0.0.0", 8000), Path.of("/var/lib/backline-edge"), null))) {
 *     System.out.println(edge.edgeId() + " serves " + edge.servedVersions());
 * }
 * }</pre>
 */
public final class EdgeNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EdgeNode.class.getName());
    static final int WAIT_SECONDS = 20;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * @param controlPlanes the API nodes, tried in order and in turn when one fails
     * @param stateDir where the last configuration ({@code snapshot.json}) and the edge id live
     * @param edgeId how the API lists this edge; null for the one kept in the state directory
     * @param admin where {@code /metrics} and {@code /ready} answer; null for nowhere
     */
    public record Settings(List<URI> controlPlanes, String token, HostPort listen, Path stateDir, @Nullable String edgeId,
            @Nullable HostPort admin) {
        public Settings {
            controlPlanes = List.copyOf(controlPlanes);
            if (controlPlanes.isEmpty()) {
                throw new IllegalArgumentException("--control-plane: at least one API node URL");
            }
        }

        public Settings(List<URI> controlPlanes, String token, HostPort listen, Path stateDir, @Nullable String edgeId) {
            this(controlPlanes, token, listen, stateDir, edgeId, null);
        }
    }

    /** What this edge serves: the feed revision it came with and each service's version and objects. */
    private record Served(long revision, Map<String, EdgeFeed.Service> services) {}

    private final Settings settings;
    private final String edgeId;
    private final Path snapshotFile;
    private final HttpClient http;
    private final HealthRegistry health = new HealthRegistry();
    private final AtomicReference<EdgeSnapshot> snapshot = new AtomicReference<>(EdgeSnapshot.EMPTY);
    private volatile Served served = new Served(0, Map.of());
    private volatile @Nullable URI connectedTo;
    private final EdgeServer server;
    private final com.sun.net.httpserver.@Nullable HttpServer admin;
    private final Thread sync;
    private volatile boolean closed;

    private EdgeNode(Settings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.stateDir());
        this.edgeId = settings.edgeId() != null ? settings.edgeId() : edgeId(settings.stateDir());
        this.snapshotFile = settings.stateDir().resolve("snapshot.json");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var kept = load(snapshotFile);
        if (kept != null) {
            apply(kept, false);
            LOG.info(() -> "edge " + edgeId + ": serving the kept configuration (revision " + kept.revision() + ", "
                    + kept.services().size() + " services) until an API node answers");
        }
        this.server = EdgeServer.start(EdgeConfig.builder().host(settings.listen().host()).port(settings.listen().port()).build(),
                snapshot::get, health);
        this.admin = settings.admin() == null ? null : admin(settings.admin());
        this.sync = Thread.ofPlatform().name("backline-edge-sync").daemon().unstarted(this::follow);
        sync.start();
    }

    public static EdgeNode start(Settings settings) {
        try {
            return new EdgeNode(settings);
        } catch (IOException e) {
            throw new IllegalStateException("edge: cannot use the state directory " + settings.stateDir() + ": " + e.getMessage(), e);
        }
    }

    /** The admin listener's port, or -1 without one. */
    public int adminPort() {
        return admin == null ? -1 : admin.getAddress().getPort();
    }

    /**
     * {@code /metrics}: the edge's counters and the feed's state, in Prometheus' text format;
     * {@code /ready}: 200 once a configuration is served (from an API node or from disk), else 503.
     */
    private com.sun.net.httpserver.HttpServer admin(HostPort address) throws IOException {
        var http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(address.host(), address.port()), 16);
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/metrics", exchange -> {
            var body = (server.stats().prometheus()
                    + "# HELP backline_edge_feed_revision The feed revision of the configuration served.\n"
                    + "# TYPE backline_edge_feed_revision gauge\nbackline_edge_feed_revision " + revision() + "\n"
                    + "# HELP backline_edge_feed_connected 1 while an API node answers the feed.\n"
                    + "# TYPE backline_edge_feed_connected gauge\nbackline_edge_feed_connected " + (connectedTo == null ? 0 : 1) + "\n"
                    + "# HELP backline_edge_services Services served.\n"
                    + "# TYPE backline_edge_services gauge\nbackline_edge_services " + served.services().size() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/ready", exchange -> {
            boolean ready = revision() > 0;
            var body = (ready ? "ready\n" : "no configuration yet\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return http;
    }

    public String edgeId() {
        return edgeId;
    }

    public int port() {
        return server.port();
    }

    /** The feed revision of the configuration served now (0 before any). */
    public long revision() {
        return served.revision();
    }

    /** The API node the feed follows now, null while none answers. */
    public @Nullable URI connectedTo() {
        return connectedTo;
    }

    /** Each service served now and its version. */
    public Map<String, Integer> servedVersions() {
        return served.services().values().stream().collect(Collectors.toMap(EdgeFeed.Service::serviceId, EdgeFeed.Service::version,
                (a, b) -> a, TreeMap::new));
    }

    /** The feed loop: one long poll after another, next API node and backoff after a failure. */
    private void follow() {
        int node = 0;
        var backoff = MIN_BACKOFF;
        while (!closed) {
            var plane = settings.controlPlanes().get(node % settings.controlPlanes().size());
            try {
                var answer = call(plane);
                connectedTo = plane;
                backoff = MIN_BACKOFF;
                if (!accept(answer)) {
                    sleep(MAX_BACKOFF); // a configuration this edge cannot build: do not ask again at once
                }
            } catch (IOException | FeedException | RuntimeException e) {
                // RuntimeException: an answer that is not the feed's JSON, or a URL the client refuses;
                // the loop must outlive both, or the edge would stop following without saying so.
                connectedTo = null;
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "edge " + edgeId + ": API node " + plane + " failed (" + e.getMessage() + "); trying "
                        + settings.controlPlanes().get((node + 1) % settings.controlPlanes().size()) + " in " + backoff.toMillis() + " ms");
                node++;
                sleep(jitter(backoff));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private JsonNode call(URI plane) throws IOException, InterruptedException, FeedException {
        var serving = served.services().values().stream().map(s -> s.serviceId() + ":" + s.version()).sorted()
                .collect(Collectors.joining(","));
        var form = "edge_id=" + encode(edgeId) + "&serving=" + encode(serving) + "&wait_seconds=" + WAIT_SECONDS;
        var request = HttpRequest.newBuilder(plane.resolve("/_backline/edge/sync"))
                .timeout(Duration.ofSeconds(WAIT_SECONDS + 10))
                .header("Fastly-Key", settings.token())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new FeedException("status " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(response.body());
    }

    /** Takes in one answer; false when the changed configuration could not be built (the previous one keeps serving). */
    private boolean accept(JsonNode answer) {
        var current = served;
        var changed = answer.path("changed");
        var removed = answer.path("removed");
        long revision = answer.path("revision").asLong();
        if (changed.isEmpty() && removed.isEmpty()) {
            if (revision != current.revision()) {
                served = new Served(revision, current.services());
            }
            return true;
        }
        var services = new TreeMap<>(current.services());
        changed.forEach(item -> {
            var service = EdgeFeed.decodeService(item);
            services.put(service.serviceId(), service);
        });
        removed.forEach(id -> services.remove(id.asText()));
        return apply(new Served(revision, Map.copyOf(services)), true);
    }

    /** Builds and swaps in a configuration, then keeps it on disk; false (nothing changed) when it does not build. */
    private boolean apply(Served next, boolean persist) {
        EdgeSnapshot built;
        try {
            built = SnapshotCompiler.compile(next.revision(), next.services().values().stream().map(EdgeNode::active).toList());
        } catch (EdgeException e) {
            LOG.log(Level.SEVERE, "edge " + edgeId + ": configuration of revision " + next.revision()
                    + " rejected, the previous one keeps serving: " + e.getMessage());
            return false;
        }
        health.update(built); // probes learn new backends before they take traffic
        snapshot.set(built);
        served = next;
        if (persist) {
            save(next);
        }
        return true;
    }

    private static ActiveVersion active(EdgeFeed.Service service) {
        return new ActiveVersion(service.serviceId(), service.version(), service.objects(BackendSchema.SCHEMA),
                service.objects(ConditionSchema.SCHEMA), service.objects(HealthcheckSchema.SCHEMA), service.objects(DomainSchema.SCHEMA));
    }

    private void save(Served state) {
        var node = Json.object();
        node.put("revision", state.revision());
        var array = node.putArray("services");
        state.services().values().forEach(service -> array.add(EdgeFeed.encode(service)));
        try {
            var temporary = snapshotFile.resolveSibling("snapshot.json.tmp");
            Files.write(temporary, Json.bytes(node));
            Files.move(temporary, snapshotFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "edge " + edgeId + ": cannot keep the configuration in " + snapshotFile + ": " + e.getMessage());
        }
    }

    private static @Nullable Served load(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            var node = Json.mapper().readTree(Files.readAllBytes(file));
            var services = new TreeMap<String, EdgeFeed.Service>();
            node.path("services").forEach(item -> {
                var service = EdgeFeed.decodeService(item);
                services.put(service.serviceId(), service);
            });
            return new Served(node.path("revision").asLong(), Map.copyOf(services));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "edge: the kept configuration " + file + " is unreadable (" + e.getMessage()
                    + "); starting empty until an API node answers");
            return null;
        }
    }

    private static String edgeId(Path stateDir) throws IOException {
        var file = stateDir.resolve("edge-id");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        var bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        var id = "edge-" + HexFormat.of().formatHex(bytes);
        Files.writeString(file, id + "\n");
        return id;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Duration jitter(Duration base) {
        long millis = base.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        sync.interrupt();
        if (admin != null) {
            admin.stop(0);
        }
        server.close();
        health.close();
    }

    /** An API node answered, but not with the feed. */
    private static final class FeedException extends Exception {
        private static final long serialVersionUID = 1L;

        FeedException(String message) {
            super(message);
        }
    }
}
