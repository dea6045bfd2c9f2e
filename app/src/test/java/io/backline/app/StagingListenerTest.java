package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.edge.EdgeConfig;
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
 * The staging listener (issue 13): the staged version serves traffic that arrives there while the
 * active one serves the normal listener, in {@code backline serve} and in an edge node that follows
 * the feed. Origins are real HTTP servers on loopback ports; each answers its name.
 */
class StagingListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer blue;
    private HttpServer green;
    private HttpServer red;

    @BeforeEach
    void origins() throws IOException {
        blue = NamedOrigin.start("blue");
        green = NamedOrigin.start("green");
        red = NamedOrigin.start("red");
    }

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
        blue.stop(0);
        green.stop(0);
        red.stop(0);
        http.close();
    }

    @Test
    void serveSendsStagingTrafficToTheStagedVersionAndProductionTrafficToTheActiveOne() throws Exception {
        var server = serve();
        var api = new CrashApi(server.apiUri(), server.adminToken());
        var sid = activeBlueWithStagedGreen(api);

        await().atMost(WAIT).until(() -> "green".equals(body(server.stagingUri())));
        assertThat(body(server.edgeUri())).isEqualTo("blue");
        assertThat(server.stagingUri().getPort()).isNotEqualTo(server.edgeUri().getPort());

        // Staging does not lock: an edit of the staged version reaches the staging listener without staging it again.
        ok(api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(red))));
        await().atMost(WAIT).until(() -> "red".equals(body(server.stagingUri())));
        assertThat(body(server.edgeUri())).isEqualTo("blue");

        // Unstaged, the staging listener serves the active version, as for any service with none staged.
        ok(api.put("/service/" + sid + "/version/2/deactivate/staging", Map.of()));
        await().atMost(WAIT).until(() -> "blue".equals(body(server.stagingUri())));
        assertThat(status(server.stagingUri(), "unknown.test")).isEqualTo(404);
    }

    @Test
    void theStagedVersionSurvivesARestart() throws Exception {
        var first = serve();
        var api = new CrashApi(first.apiUri(), first.adminToken());
        activeBlueWithStagedGreen(api);
        await().atMost(WAIT).until(() -> "green".equals(body(first.stagingUri())));
        api.close();
        close(first);

        var again = serve();
        assertThat(body(again.stagingUri())).as("the first snapshot holds the staged version").isEqualTo("green");
        assertThat(body(again.edgeUri())).isEqualTo("blue");
    }

    @Test
    void anEdgeNodeServesTheStagedVersionOnItsStagingListenerAndReportsIt() throws Exception {
        var node = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0);
        running.add(node);
        var token = node.newAdminToken();
        var edge = EdgeNode.start(new EdgeNode.Settings(List.of(node.apiUri()), token, EdgeConfig.builder().host("127.0.0.1").port(0)
                .staging(new EdgeConfig.Listen("127.0.0.1", 0)).build(), dir.resolve("edge-s"), "edge-s", null));
        running.add(edge);
        var production = URI.create("http://127.0.0.1:" + edge.port() + "/");
        var staging = URI.create("http://127.0.0.1:" + edge.stagingPort() + "/");
        var api = new CrashApi(node.apiUri(), token);

        var sid = activeBlueWithStagedGreen(api);

        await().atMost(WAIT).until(() -> "green".equals(body(staging)));
        assertThat(body(production)).isEqualTo("blue");
        assertThat(edge.stagedVersions()).containsEntry(sid, 2);
        await().atMost(WAIT).until(() -> api.get("/service/" + sid + "/edges").json().path(0).path("staged_version").asInt() == 2);
        assertThat(api.get("/service/" + sid + "/edges").json().path(0).path("version").asInt()).isEqualTo(1);

        ok(api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(red))));
        await().atMost(WAIT).until(() -> "red".equals(body(staging)));

        ok(api.put("/service/" + sid + "/version/2/deactivate/staging", Map.of()));
        await().atMost(WAIT).until(() -> "blue".equals(body(staging)));
        assertThat(edge.stagedVersions()).isEmpty();
    }

    /** shop.test: version 1 active on blue, version 2 (its clone, on green) staged. */
    private String activeBlueWithStagedGreen(CrashApi api) throws IOException {
        var sid = ok(api.post("/service", Map.of("name", "shop"))).json().get("id").asText();
        ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port",
                NamedOrigin.port(blue))));
        ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));
        ok(api.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(green))));
        ok(api.put("/service/" + sid + "/version/2/activate/staging", Map.of()));
        return sid;
    }

    private BacklineServer serve() {
        var server = BacklineServer.start(ServeConfig.ephemeral(dir.resolve("data")));
        running.add(server);
        return server;
    }

    private void close(AutoCloseable closeable) throws Exception {
        running.remove(closeable);
        closeable.close();
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }

    private String body(URI listener) throws IOException, InterruptedException {
        return send(listener, "shop.test").body();
    }

    private int status(URI listener, String host) throws IOException, InterruptedException {
        return send(listener, host).statusCode();
    }

    private HttpResponse<String> send(URI listener, String host) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(listener.resolve("/")).header("Host", host).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
