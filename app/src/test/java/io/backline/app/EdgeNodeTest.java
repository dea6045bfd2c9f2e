package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.store.SqliteStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three roles in one JVM on one shared database file: two API nodes, two edge nodes that
 * follow them, real origins. Activations through either node reach both edges; the edges move on
 * when a node stops, keep serving with none, and start from their kept configuration.
 */
class EdgeNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer blue;
    private HttpServer green;

    @BeforeEach
    void origins() throws IOException {
        blue = NamedOrigin.start("blue");
        green = NamedOrigin.start("green");
    }

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
        blue.stop(0);
        green.stop(0);
        http.close();
    }

    @Test
    void activationsOnEitherNodeReachEveryEdgeWhichOutliveTheApiNodes() throws Exception {
        var a = apiNode();
        var b = apiNode();
        var token = a.newAdminToken() != null ? a.newAdminToken() : b.newAdminToken();
        var edge1 = edgeNode("edge-1", token, a.apiUri(), b.apiUri());
        var edge2 = edgeNode("edge-2", token, b.apiUri(), a.apiUri());

        var api = new CrashApi(a.apiUri(), token);
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
        api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue)));
        assertThat(api.put("/service/" + sid + "/version/1/activate", Map.of()).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "blue".equals(body(edge1)) && "blue".equals(body(edge2)));

        // Both edges report what they serve; node B answers for them too.
        var viaB = new CrashApi(b.apiUri(), token);
        await().atMost(WAIT).until(() -> viaB.get("/service/" + sid + "/edges").json().size() == 2);
        var edges = viaB.get("/service/" + sid + "/edges").json();
        assertThat(edges.get(0).get("edge_id").asText()).isEqualTo("edge-1");
        assertThat(edges.get(1).get("edge_id").asText()).isEqualTo("edge-2");
        assertThat(edges.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(edges.get(0).get("acknowledged_at").asText()).endsWith("Z");

        // Node A stops; an activation through node B reaches both edges, edge-1 moves to B.
        close(a);
        viaB.put("/service/" + sid + "/version/1/clone", Map.of());
        viaB.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(green)));
        assertThat(viaB.put("/service/" + sid + "/version/2/activate", Map.of()).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "green".equals(body(edge1)) && "green".equals(body(edge2)));
        assertThat(edge1.connectedTo()).isEqualTo(b.apiUri());
        assertThat(edge1.servedVersions()).containsEntry(sid, 2);
        await().atMost(WAIT).until(() -> viaB.get("/service/" + sid + "/edges").json().get(0).get("version").asInt() == 2);

        // No API node at all: the edges keep serving, and one restarted now serves from its kept configuration.
        var gone = b.apiUri();
        close(b);
        assertThat(body(edge1)).isEqualTo("green");
        close(edge2);
        var restarted = edgeNode("edge-2", token, gone);
        assertThat(body(restarted)).isEqualTo("green");
        assertThat(restarted.servedVersions()).containsEntry(sid, 2);
        assertThat(restarted.connectedTo()).isNull();
    }

    @Test
    void aDeactivationRemovesTheServiceFromTheEdges() throws Exception {
        var a = apiNode();
        var token = a.newAdminToken();
        var edge = edgeNode("edge-1", token, a.apiUri());
        var api = new CrashApi(a.apiUri(), token);
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
        api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue)));
        api.put("/service/" + sid + "/version/1/activate", Map.of());
        await().atMost(WAIT).until(() -> "blue".equals(body(edge)));

        api.put("/service/" + sid + "/version/1/deactivate", Map.of());
        await().atMost(WAIT).until(() -> status(edge) == 404);
        assertThat(edge.servedVersions()).isEmpty();
    }

    @Test
    void theAdminListenerReportsReadinessAndTheFeedsState() throws Exception {
        var a = apiNode();
        var token = a.newAdminToken();
        var edge = EdgeNode.start(new EdgeNode.Settings(List.of(a.apiUri()), token, new HostPort("127.0.0.1", 0), dir.resolve("adm"), "adm",
                new HostPort("127.0.0.1", 0)));
        running.add(edge);
        var api = new CrashApi(a.apiUri(), token);
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
        api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port",
                NamedOrigin.port(blue)));
        api.put("/service/" + sid + "/version/1/activate", Map.of());
        await().atMost(WAIT).until(() -> "blue".equals(body(edge)));

        var admin = URI.create("http://127.0.0.1:" + edge.adminPort());
        assertThat(http.send(HttpRequest.newBuilder(admin.resolve("/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        var metrics = http.send(HttpRequest.newBuilder(admin.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("backline_edge_feed_connected 1.0").contains("backline_edge_services 1.0")
                .containsPattern("(?m)^backline_edge_requests_total [1-9]\\d*\\.0$")
                .containsPattern("(?m)^backline_edge_feed_revision [1-9]\\d*\\.0$")
                .containsPattern("(?m)^backline_edge_service_requests_total\\{service=\"[^\"]+\",status_class=\"2xx\",version=\"1\"\\} [1-9]")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void anEdgeNodeDeliversLoggingEndpointsFromTheFeedAndShowsTheirStateOnItsAdminListener() throws Exception {
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (var receiver = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = receiver.accept(); var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (var line = in.readLine(); line != null; line = in.readLine()) {
                        received.add(line);
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            var a = apiNode();
            var token = a.newAdminToken();
            var edge = EdgeNode.start(new EdgeNode.Settings(List.of(a.apiUri()), token, new HostPort("127.0.0.1", 0), dir.resolve("log"),
                    "log", new HostPort("127.0.0.1", 0)));
            running.add(edge);
            var api = new CrashApi(a.apiUri(), token);
            var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
            api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
            api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port",
                    NamedOrigin.port(blue)));
            assertThat(api.post("/service/" + sid + "/version/1/logging/syslog", Map.of("name", "collector", "address", "127.0.0.1",
                    "port", Integer.toString(receiver.getLocalPort()), "format", "%U %>s", "message_type", "blank")).status()).isEqualTo(200);
            api.put("/service/" + sid + "/version/1/activate", Map.of());
            await().atMost(WAIT).until(() -> "blue".equals(body(edge)));
            assertThat(received.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("/ 200");

            var admin = URI.create("http://127.0.0.1:" + edge.adminPort());
            await().atMost(WAIT).until(() -> http.send(HttpRequest.newBuilder(admin.resolve("/logging-status?service=" + sid)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"sent\":1"));
            var report = http.send(HttpRequest.newBuilder(admin.resolve("/logging-status?service=" + sid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("\"kind\":\"logging/syslog\"", "\"name\":\"collector\"", "\"failed\":0");
            assertThat(http.send(HttpRequest.newBuilder(admin.resolve("/logging-status")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theWriteBudgetHoldsAcrossNodes() throws Exception {
        var store = SqliteStore.open(dir.resolve("shared.db"));
        var a = ApiNode.start(store, new HostPort("127.0.0.1", 0), 3);
        running.add(a);
        var b = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 3);
        running.add(b);
        var token = a.newAdminToken();
        var viaA = new CrashApi(a.apiUri(), token);
        var viaB = new CrashApi(b.apiUri(), token);
        assertThat(viaA.post("/service", Map.of("name", "one")).status()).isEqualTo(200);
        assertThat(viaB.post("/service", Map.of("name", "two")).status()).isEqualTo(200);
        assertThat(viaA.post("/service", Map.of("name", "three")).status()).isEqualTo(200);
        assertThat(viaB.post("/service", Map.of("name", "four")).status()).isEqualTo(429);
    }

    @Test
    void anApiNodeExplainsAnyVersionButLeavesLiveHealthToTheEdges() throws Exception {
        var a = apiNode();
        var api = new CrashApi(a.apiUri(), a.newAdminToken());
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue)));
        var explained = api.post("/service/" + sid + "/version/1/explain", Map.of("url", "/"));
        assertThat(explained.status()).isEqualTo(200);
        assertThat(explained.json().get("backend").asText()).isEqualTo("origin");
        var health = api.get("/service/" + sid + "/backend-health");
        assertThat(health.status()).isEqualTo(404);
        assertThat(health.json().get("detail").asText()).contains("edge");
    }

    @Test
    void theFeedRefusesAMalformedReport() throws Exception {
        var a = apiNode();
        var api = new CrashApi(a.apiUri(), a.newAdminToken());
        var bad = api.post("/_backline/edge/sync", Map.of("edge_id", "edge 1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("edge_id");
        var badServing = api.post("/_backline/edge/sync", Map.of("edge_id", "e1", "serving", "abc"));
        assertThat(badServing.status()).isEqualTo(400);
        assertThat(badServing.json().get("detail").asText()).contains("serving");
        var badWait = api.post("/_backline/edge/sync", Map.of("edge_id", "e1", "wait_seconds", "900"));
        assertThat(badWait.status()).isEqualTo(400);
    }

    private ApiNode apiNode() {
        var node = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0);
        running.add(node);
        return node;
    }

    private EdgeNode edgeNode(String id, String token, URI... planes) {
        var node = EdgeNode.start(new EdgeNode.Settings(List.of(planes), token, new HostPort("127.0.0.1", 0), dir.resolve(id), id));
        running.add(node);
        return node;
    }

    private void close(AutoCloseable closeable) throws Exception {
        running.remove(closeable);
        closeable.close();
    }

    private String body(EdgeNode edge) throws IOException, InterruptedException {
        return send(edge).body();
    }

    private int status(EdgeNode edge) throws IOException, InterruptedException {
        return send(edge).statusCode();
    }

    private HttpResponse<String> send(EdgeNode edge) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/")).header("Host", "shop.test")
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
