package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.store.SqliteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version's settings travel the edge feed like its objects: an edge node following an API node
 * sends the active version's {@code general.default_host} to an origin that answers the Host it saw,
 * and moves to the next version's on activation.
 */
class SettingsFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private HttpServer origin;
    private ApiNode api;
    private EdgeNode edge;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/", exchange -> {
            var bytes = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        origin.start();
        api = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0);
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        api.close();
        origin.stop(0);
        http.close();
    }

    @Test
    void theActiveVersionsDefaultHostReachesTheEdgeThroughTheFeed() throws IOException {
        var token = api.newAdminToken();
        edge = EdgeNode.start(new EdgeNode.Settings(List.of(api.apiUri()), token, new HostPort("127.0.0.1", 0), dir.resolve("edge"), "edge"));
        var client = new CrashApi(api.apiUri(), token);
        var sid = client.post("/service", Map.of("name", "shop")).json().get("id").asText();
        client.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
        client.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                "port", Integer.toString(origin.getAddress().getPort())));
        client.put("/service/" + sid + "/version/1/settings", Map.of("general.default_host", "origin-one.example"));
        assertThat(client.put("/service/" + sid + "/version/1/activate", Map.of()).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "origin-one.example".equals(hostSeen()));

        client.put("/service/" + sid + "/version/1/clone", Map.of());
        client.put("/service/" + sid + "/version/2/settings", Map.of("general.default_host", ""));
        assertThat(client.put("/service/" + sid + "/version/2/activate", Map.of()).status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> "shop.test".equals(hostSeen()));
    }

    private String hostSeen() throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/")).header("Host", "shop.test")
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
