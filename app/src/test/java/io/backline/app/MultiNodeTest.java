package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.backline.api.TokenService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out deployment for real: a PostgreSQL server started from Maven artifacts, API nodes
 * and edge nodes as separate processes, real origins. Activations through any node reach every
 * edge; a SIGKILLed node is left behind; with no API node the edges keep serving; two nodes racing
 * activations and clones keep the version history consistent.
 */
class MultiNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String database;
    private String token;
    private HttpServer blue;
    private HttpServer green;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        var name = "multinode_" + System.nanoTime();
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        database = "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/" + name;
        try (var store = Databases.open(database)) {
            token = new TokenService(store, Clock.systemUTC()).create("multi-node test", "global", List.of()).secret();
        }
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
    void edgesFollowAnyNodeSurviveASigkilledNodeAndServeWithNoNodeAtAll() throws Exception {
        var a = NodeProcess.api(database, dir.resolve("logs/api-a.log"));
        running.add(a);
        var b = NodeProcess.api(database, dir.resolve("logs/api-b.log"));
        running.add(b);
        var edge1 = NodeProcess.edge(List.of(a.uri(), b.uri()), token, dir.resolve("edge-1"), "edge-1", dir.resolve("logs/edge-1.log"));
        running.add(edge1);
        var edge2 = NodeProcess.edge(List.of(a.uri(), b.uri()), token, dir.resolve("edge-2"), "edge-2", dir.resolve("logs/edge-2.log"));
        running.add(edge2);

        var viaA = new CrashApi(a.uri(), token);
        var sid = viaA.post("/service", Map.of("name", "shop")).json().get("id").asText();
        ok(viaA.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test")));
        ok(viaA.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue))));
        ok(viaA.put("/service/" + sid + "/version/1/activate", Map.of()));
        await().atMost(WAIT).until(() -> "blue".equals(body(edge1)) && "blue".equals(body(edge2)));

        // Node A dies without a word; node B takes the next activation and both edges follow it.
        a.kill();
        var viaB = new CrashApi(b.uri(), token);
        ok(viaB.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(viaB.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(green))));
        ok(viaB.put("/service/" + sid + "/version/2/activate", Map.of()));
        await().atMost(WAIT).until(() -> "green".equals(body(edge1)) && "green".equals(body(edge2)));
        await().atMost(WAIT).until(() -> {
            var edges = viaB.get("/service/" + sid + "/edges").json();
            return edges.size() == 2 && edges.get(0).get("version").asInt() == 2 && edges.get(1).get("version").asInt() == 2;
        });

        // No API node left: the edges keep serving the last configuration, a restarted one too.
        b.kill();
        for (int i = 0; i < 20; i++) {
            assertThat(body(edge1)).isEqualTo("green");
            assertThat(body(edge2)).isEqualTo("green");
        }
        edge2.kill();
        var again = NodeProcess.edge(List.of(a.uri(), b.uri()), token, dir.resolve("edge-2"), "edge-2", dir.resolve("logs/edge-2b.log"));
        running.add(again);
        assertThat(body(again)).isEqualTo("green");
    }

    @Test
    void twoNodesRacingActivationsAndClonesKeepOneActiveVersionAndDistinctNumbers() throws Exception {
        var a = ApiNode.start(Databases.open(database), new HostPort("127.0.0.1", 0), 0);
        running.add(a);
        var b = ApiNode.start(Databases.open(database), new HostPort("127.0.0.1", 0), 0);
        running.add(b);
        var viaA = new CrashApi(a.apiUri(), token);
        var viaB = new CrashApi(b.apiUri(), token);
        var sid = viaA.post("/service", Map.of("name", "race")).json().get("id").asText();
        ok(viaA.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue))));
        ok(viaA.put("/service/" + sid + "/version/1/activate", Map.of()));

        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                // Two clones of the active version at once, one through each node: distinct new numbers.
                var clones = race(pool, () -> viaA.put("/service/" + sid + "/version/1/clone", Map.of()),
                        () -> viaB.put("/service/" + sid + "/version/1/clone", Map.of()));
                int x = ok(clones.get(0)).json().get("number").asInt();
                int y = ok(clones.get(1)).json().get("number").asInt();
                assertThat(x).isNotEqualTo(y);

                // Two activations of different versions at once: both succeed, exactly one ends active.
                var activations = race(pool, () -> viaA.put("/service/" + sid + "/version/" + x + "/activate", Map.of()),
                        () -> viaB.put("/service/" + sid + "/version/" + y + "/activate", Map.of()));
                ok(activations.get(0));
                ok(activations.get(1));
                var versions = viaB.get("/service/" + sid + "/version").json();
                var active = new ArrayList<Integer>();
                var numbers = new HashSet<Integer>();
                for (JsonNode version : versions) {
                    assertThat(numbers.add(version.get("number").asInt())).as("version numbers are unique").isTrue();
                    if (version.get("active").asBoolean()) {
                        active.add(version.get("number").asInt());
                    }
                }
                assertThat(active).as("round %d: exactly one active version", round).hasSize(1).containsAnyOf(x, y);
                // Both activated versions stay locked, whichever won.
                assertThat(viaA.get("/service/" + sid + "/version/" + x).json().get("locked").asBoolean()).isTrue();
                assertThat(viaA.get("/service/" + sid + "/version/" + y).json().get("locked").asBoolean()).isTrue();
                assertThat(versions.size()).isEqualTo(1 + 2 * (round + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<CrashApi.Reply> race(java.util.concurrent.ExecutorService pool, Call first, Call second) throws Exception {
        var start = new CountDownLatch(1);
        Future<CrashApi.Reply> one = pool.submit(() -> {
            start.await();
            return first.call();
        });
        Future<CrashApi.Reply> two = pool.submit(() -> {
            start.await();
            return second.call();
        });
        start.countDown();
        return List.of(one.get(), two.get());
    }

    @FunctionalInterface
    private interface Call {
        CrashApi.Reply call() throws IOException;
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }

    private String body(NodeProcess edge) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/")).header("Host", "shop.test")
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
