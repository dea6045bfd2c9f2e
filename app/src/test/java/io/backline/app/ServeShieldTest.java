package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.edge.EdgeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backline serve}'s own edge in a POP of its own (docs/shielding.md): it is a member the
 * API lists and offers to edge nodes, and it routes a shielded backend through an edge node of the
 * shield POP by the POPs the API knows, fed in process; explain says the same path.
 */
class ServeShieldTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private HttpServer origin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startOrigin() throws IOException {
        origin = NamedOrigin.start("origin");
    }

    @AfterEach
    void stop() {
        origin.stop(0);
        http.close();
    }

    @Test
    void servesEdgeIsAPopMemberAndFetchesThroughAnEdgeNodeOfTheShieldPop() throws Exception {
        var edgeConfig = EdgeConfig.builder().host("127.0.0.1").port(0).pop("a").serverName("cache-backline-serve").build();
        try (var serve = BacklineServer.start(new ServeConfig(dir.resolve("serve"), new HostPort("127.0.0.1", 0), edgeConfig, 0))) {
            var token = serve.adminToken();
            var nodeConfig = EdgeConfig.builder().host("127.0.0.1").port(0).pop("s").serverName("cache-backline-s1").build();
            try (var node = EdgeNode.start(new EdgeNode.Settings(List.of(serve.apiUri()), token, nodeConfig, dir.resolve("edge-s"),
                    "edge-s", null))) {
                var api = new CrashApi(serve.apiUri(), token);
                var sid = api.post("/service", Map.of("name", "shielded")).json().get("id").asText();
                api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
                api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                        "port", NamedOrigin.port(origin), "shield", "s"));
                assertThat(api.put("/service/" + sid + "/version/1/activate", Map.of()).status()).isEqualTo(200);

                var viaNode = "shield s via 127.0.0.1:" + node.port();
                await().atMost(WAIT).until(() -> viaNode.equals(path(serve.edgeUri())));
                var response = get(serve.edgeUri());
                assertThat(response.body()).isEqualTo("origin");
                assertThat(response.headers().firstValue("X-Served-By")).contains("cache-backline-s1, cache-backline-serve");

                // The node knows serve's edge as POP a's member, reached at its listen address.
                await().atMost(WAIT).until(() -> node.pops().edges("a").contains(serve.edgeUri().getAuthority()));
                var codes = api.get("/datacenters").json().findValuesAsText("code");
                assertThat(codes).containsExactly("a", "s");

                var explained = api.post("/service/" + sid + "/version/1/explain", Map.of("url", "/x", "headers", "Host: shop.test"));
                assertThat(explained.json().path("path").asText()).isEqualTo(viaNode);
            }
        }
    }

    private String path(URI edge) throws IOException, InterruptedException {
        return get(edge).headers().firstValue("X-Backline-Path").orElse("");
    }

    private HttpResponse<String> get(URI edge) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(edge.resolve("/x")).header("Host", "shop.test").header("Fastly-Debug", "1")
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
