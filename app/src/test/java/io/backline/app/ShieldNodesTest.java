package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.api.TokenService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shielding across processes (docs/shielding.md): one {@code backline api} node and three
 * {@code backline edge} processes, two in POP {@code a} and one in POP {@code s}, and a backend
 * with {@code shield = s}. Requests entering at either {@code a} edge reach the origin through the
 * {@code s} edge (the origin sees both Fastly-FF entries) once per URL: the shield and each {@code a}
 * edge cache it; a purge by key through the API removes the object from all three edges; with the
 * {@code s} edge stopped requests are served from the origin directly.
 */
class ShieldNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int URLS = 200;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer origin;
    /** Each request the origin answered: its URL and Fastly-FF (or "" without one). */
    private final ConcurrentLinkedQueue<String[]> seen = new ConcurrentLinkedQueue<>();
    /** Origin requests per URL: each of the 200 shielded requests' URLs is fetched once. */
    private final Map<String, AtomicInteger> originHits = new ConcurrentHashMap<>();

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/", exchange -> {
            var url = exchange.getRequestURI().toString();
            var ff = exchange.getRequestHeaders().getFirst("Fastly-FF");
            seen.add(new String[] {url, ff == null ? "" : ff});
            originHits.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
            // No cache headers: the default TTL (3600 s) applies; each object is tagged with its own key.
            exchange.getResponseHeaders().add("Surrogate-Key", "key" + url.replace('/', '-') + " all-objects");
            var bytes = ("object " + url).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        origin.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
        origin.stop(0);
        http.close();
    }

    @Test
    void bothEdgesOfPopAFetchThroughTheShieldEdgeOncePerUrlPurgesReachAllThreeAndTheOriginServesOnceTheShieldIsGone() throws Exception {
        var database = dir.resolve("backline.db").toString();
        String token;
        try (var store = Databases.open(database)) {
            token = new TokenService(store, Clock.systemUTC()).create("shield test", "global", List.of()).secret();
        }
        var api = NodeProcess.api(database, dir.resolve("logs/api.log"));
        running.add(api);
        var planes = List.of(api.uri());
        var s1 = edge(planes, token, "s1", "s");
        var a1 = edge(planes, token, "a1", "a");
        var a2 = edge(planes, token, "a2", "a");

        var control = new CrashApi(api.uri(), token);
        var sid = control.post("/service", Map.of("name", "shielded")).json().get("id").asText();
        ok(control.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test")));
        ok(control.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1",
                "port", Integer.toString(origin.getAddress().getPort()), "shield", "s")));
        ok(control.put("/service/" + sid + "/version/1/activate", Map.of()));

        var viaS = "shield s via 127.0.0.1:" + s1.port();
        for (var edge : List.of(a1, a2)) {
            await().atMost(WAIT).until(() -> viaS.equals(get(edge, "/ready/" + System.nanoTime()).headers().firstValue("X-Backline-Path").orElse("")));
        }
        seen.clear();
        originHits.clear();

        for (int i = 0; i < URLS; i++) {
            for (var edge : List.of(a1, a2)) {
                var url = "/object/" + i;
                var response = get(edge, url);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("object " + url);
                assertThat(response.headers().firstValue("X-Backline-Path")).contains(viaS);
                assertThat(response.headers().firstValue("X-Served-By")).as("the shield first, then the edge")
                        .contains("cache-backline-s1, cache-backline-" + name(edge, a1));
                // a1 asks first: a miss at both; a2 then finds the object on the shield.
                assertThat(response.headers().firstValue("X-Cache")).contains(edge == a1 ? "MISS, MISS" : "HIT, MISS");
            }
        }
        assertThat(seen).as("each URL once: cached on the shield for the other a edge").hasSize(URLS).allSatisfy(request -> {
            var entries = request[1].split(", ");
            assertThat(entries).as("one Fastly-FF entry per hop: %s", request[1]).hasSize(2);
            assertThat(entries[0]).matches("[A-Za-z0-9+/]{43}=!a!cache-backline-a1");
            assertThat(entries[1]).matches("[A-Za-z0-9+/]{43}=!s!cache-backline-s1");
        });
        assertThat(originHits).hasSize(URLS);
        assertThat(originHits.values()).allSatisfy(hits -> assertThat(hits.get()).isEqualTo(1));
        // Again through both a edges: each answers from its own cache (the shield's MISS or HIT kept, then HIT).
        for (var edge : List.of(a1, a2)) {
            var response = get(edge, "/object/7");
            assertThat(response.headers().firstValue("X-Cache")).contains(edge == a1 ? "MISS, HIT" : "HIT, HIT");
        }
        assertThat(originHits.get("/object/7").get()).isEqualTo(1);

        // A purge by key through the API reaches all three edges: the next requests go to the origin again, once.
        var purge = ok(control.post("/service/" + sid + "/purge/key-object-7", Map.of()));
        var id = purge.json().get("id").asText();
        long seq = Long.parseLong(id.substring(0, id.indexOf('-')));
        for (var edge : List.of("s1", "a1", "a2")) {
            await().atMost(WAIT).until(() -> purgedBy(control, sid, edge) >= seq);
        }
        for (var edge : List.of(a1, a2)) {
            var response = get(edge, "/object/7");
            assertThat(response.headers().firstValue("X-Cache")).as("purged on the a edge and on the shield")
                    .contains(edge == a1 ? "MISS, MISS" : "HIT, MISS");
        }
        assertThat(originHits.get("/object/7").get()).isEqualTo(2);
        assertThat(get(a2, "/object/8").headers().firstValue("X-Cache")).as("other keys stay").contains("HIT, HIT");
        assertThat(originHits.get("/object/8").get()).isEqualTo(1);

        var pops = control.get("/datacenters").json();
        var codes = new ArrayList<String>();
        pops.forEach(pop -> codes.add(pop.get("code").asText()));
        assertThat(codes).containsExactly("a", "s");

        s1.kill();
        seen.clear();
        for (int i = 0; i < 20; i++) {
            for (var edge : List.of(a1, a2)) {
                var url = "/after/" + i;
                var response = get(edge, url);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("object " + url);
                assertThat(response.headers().firstValue("X-Backline-Path").orElse(""))
                        .startsWith("origin (shield POP s unreachable: 127.0.0.1:" + s1.port() + ": ");
            }
        }
        assertThat(seen).hasSize(40).allSatisfy(request ->
                assertThat(request[1]).as("only the a edge's entry").matches("[A-Za-z0-9+/]{43}=!a!cache-backline-a[12]"));
    }

    private NodeProcess edge(List<URI> planes, String token, String name, String pop) throws IOException, InterruptedException {
        var node = NodeProcess.edge(planes, token, dir.resolve(name), name, dir.resolve("logs/" + name + ".log"),
                List.of("--pop", pop, "--server-name", "cache-backline-" + name, "--warmup-requests", "0"));
        running.add(node);
        return node;
    }

    private static String name(NodeProcess edge, NodeProcess a1) {
        return edge == a1 ? "a1" : "a2";
    }

    private HttpResponse<String> get(NodeProcess edge, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).header("Host", "shop.test")
                .header("Fastly-Debug", "1").timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last purge sequence an edge reported applying, -1 before any (GET /service/{id}/edges). */
    private static long purgedBy(CrashApi api, String sid, String edgeId) throws IOException {
        for (var edge : api.get("/service/" + sid + "/edges").json()) {
            if (edge.path("edge_id").asText().equals(edgeId) && edge.path("purged").isNumber()) {
                return edge.path("purged").asLong();
            }
        }
        return -1;
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }
}
