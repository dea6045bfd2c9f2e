package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.backline.wire.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backline serve} as a user drives it: configuration through the API, traffic through the
 * edge of the same process, activations while clients keep sending, and the two Backline-only
 * reads (explain, backend-health) answered from the live edge. Origins are real HTTP servers.
 */
class ServeEdgeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private BacklineServer server;
    private CrashApi api;
    private HttpClient http;
    private Origin blue;
    private Origin green;

    @BeforeEach
    void start() throws IOException {
        blue = new Origin("blue");
        green = new Origin("green");
        server = BacklineServer.start(ServeConfig.ephemeral(dir));
        api = new CrashApi(server.apiUri(), server.adminToken());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        http.close();
        api.close();
        server.close();
        blue.close();
        green.close();
    }

    @Test
    void activationsThroughTheApiReachTrafficWithoutFailingARequest() throws Exception {
        var sid = service("shop.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port()));
        activate(sid, 1);
        await().atMost(WAIT).until(() -> "blue".equals(edge("shop.test", "/").body()));

        var stop = new AtomicBoolean();
        var served = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<String>();
        var clients = new ArrayList<Future<?>>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int c = 0; c < 4; c++) {
                clients.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            var response = edge("shop.test", "/");
                            if (response.statusCode() == 200 && (response.body().equals("blue") || response.body().equals("green"))) {
                                served.incrementAndGet();
                            } else {
                                failures.add(response.statusCode() + " " + response.headers().firstValue("X-Backline-Error").orElse("")
                                        + " " + response.body());
                            }
                        } catch (IOException e) {
                            failures.add(e.toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            int active = 1;
            for (int round = 0; round < 6; round++) {
                var target = round % 2 == 0 ? green : blue;
                int next = api.put("/service/" + sid + "/version/" + active + "/clone", Map.of()).json().get("number").asInt();
                ok(api.put("/service/" + sid + "/version/" + next + "/backend/origin", Map.of("port", target.port())));
                activate(sid, next);
                // The activation's answer comes after the commit; the edge follows within the reload.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> target.name.equals(edge("shop.test", "/").body()));
                active = next;
                // Let the clients send a share of their traffic to this version before the next activation.
                int servedSoFar = served.get() + 20;
                await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> served.get() >= servedSoFar);
            }
            stop.set(true);
            for (var client : clients) {
                client.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(served.get()).isGreaterThan(100);
        assertThat(blue.hits.get()).isPositive();
        assertThat(green.hits.get()).isPositive();
    }

    @Test
    void metricsCountTheEdgesRequestsTheApisAnswersAndTheRevisionWithoutAToken() throws Exception {
        var sid = service("shop.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port()));
        activate(sid, 1);
        await().atMost(WAIT).until(() -> "blue".equals(edge("shop.test", "/").body()));
        edge("nobody.test", "/");

        var response = http.send(HttpRequest.newBuilder(server.apiUri().resolve("/_backline/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        var text = response.body();
        assertThat(text).contains("# TYPE backline_edge_requests_total counter")
                .containsPattern("(?m)^backline_edge_requests_total [1-9]\\d*\\.0$")
                .containsPattern("(?m)^backline_edge_synthetic_responses_total [1-9]\\d*\\.0$")
                .containsPattern("(?m)^backline_api_responses_total\\{code=\"2xx\"\\} [1-9]\\d*\\.0$")
                .contains("backline_config_revision 1.0")
                .containsPattern("(?m)^backline_edge_service_requests_total\\{service=\"" + sid
                        + "\",status_class=\"2xx\",version=\"1\"\\} [1-9]\\d*\\.0$")
                .containsPattern("(?m)^backline_edge_backend_first_byte_seconds_count\\{backend=\"origin\",service=\"" + sid
                        + "\"\\} [1-9]\\d*$")
                .contains("backline_api_requests_seconds_count{method=\"PUT\",route=\"/service/{sid}/version/{v}/activate\"")
                .contains("jvm_memory_used_bytes{").contains("process_uptime_seconds").contains("backline_store_transactions_seconds_bucket");

        var openMetrics = http.send(HttpRequest.newBuilder(server.apiUri().resolve("/_backline/metrics"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openMetrics.headers().firstValue("content-type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    @Test
    void theGrafanaDashboardAsksOnlyForSeriesThatServeAndAnEdgeNodeExport() throws Exception {
        var dashboard = Json.mapper().readTree(Files.readString(Path.of("../docs/grafana/backline.json")));
        assertThat(dashboard.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
        var expressions = new ArrayList<String>();
        for (var panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }
        dashboard.at("/templating/list").forEach(variable -> expressions.add(variable.at("/query/query").asText()));
        var asked = new TreeSet<String>();
        for (var expression : expressions) {
            var names = Pattern.compile("\\b(backline|jvm|process|system)_[a-z0-9_]+").matcher(expression);
            while (names.find()) {
                asked.add(names.group());
            }
        }
        assertThat(asked).hasSizeGreaterThan(20);

        // Traffic that makes every kind of series: an origin answer, a health-checked backend, an unknown domain.
        var sid = service("shop.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port(), "healthcheck", "alive"));
        ok(api.post("/service/" + sid + "/version/1/healthcheck", Map.of("name", "alive", "path", "/health", "host", "shop.test",
                "check_interval", "1000", "window", "2", "threshold", "1", "initial", "1")));
        activate(sid, 1);
        await().atMost(WAIT).until(() -> "blue".equals(edge("shop.test", "/").body()));
        edge("nobody.test", "/");
        // Micrometer registers jvm_gc_pause_seconds at the first GC, which a running server meets within seconds.
        System.gc();
        var exported = new TreeSet<String>();
        await().atMost(WAIT).untilAsserted(() -> {
            exported.addAll(sampleNames(http.send(HttpRequest.newBuilder(server.apiUri().resolve("/_backline/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()));
            assertThat(exported).contains("backline_edge_health_probe_seconds_bucket", "jvm_gc_pause_seconds_sum");
        });
        try (var node = EdgeNode.start(new EdgeNode.Settings(List.of(server.apiUri()), server.adminToken(),
                new HostPort("127.0.0.1", 0), dir.resolve("edge-node"), null, new HostPort("127.0.0.1", 0)))) {
            await().atMost(WAIT).until(() -> node.revision() > 0);
            exported.addAll(sampleNames(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()));
        }
        assertThat(exported).containsAll(asked);
    }

    /** The metric names of a scrape's samples, as PromQL names them. */
    private static Set<String> sampleNames(String scrape) {
        var names = new TreeSet<String>();
        scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    @Test
    void anUnknownHostGetsASyntheticAnswerNamingIt() throws Exception {
        var response = edge("nobody.test", "/");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).containsIgnoringCase("unknown domain");
        assertThat(response.headers().firstValue("X-Backline-Error")).isPresent();
    }

    @Test
    void explainAnswersForADraftVersionWithoutActivatingIt() throws Exception {
        var sid = service("shop.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port()));
        ok(api.post("/service/" + sid + "/version/1/condition",
                Map.of("name", "beta", "statement", "req.http.X-Beta == \"1\"", "type", "REQUEST", "priority", "10")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "canary", "address", "127.0.0.1", "port",
                green.port(), "request_condition", "beta", "override_host", "canary.internal")));

        var plain = ok(api.post("/service/" + sid + "/version/1/explain", Map.of("url", "/cart"))).json();
        assertThat(plain.get("backend").asText()).isEqualTo("origin");
        assertThat(plain.get("routes").get(0).get("matched").asBoolean()).isFalse();

        var beta = ok(api.post("/service/" + sid + "/version/1/explain", Map.of("url", "/cart", "headers", "X-Beta: 1"))).json();
        assertThat(beta.get("backend").asText()).isEqualTo("canary");
        assertThat(beta.get("routes").get(0).get("matched").asBoolean()).isTrue();
        assertThat(beta.get("origin").get("host_header").asText()).isEqualTo("canary.internal");
        assertThat(beta.get("origin").get("port").asInt()).isEqualTo(Integer.parseInt(green.port()));

        // Nothing is active: the edge does not know the domain, explain did not change that.
        assertThat(edge("shop.test", "/").statusCode()).isEqualTo(404);
        assertThat(blue.hits.get() + green.hits.get()).isZero();
    }

    @Test
    void backendHealthReportsProbesAndConnectionsAgainstMaxConn() throws Exception {
        var sid = service("shop.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port(), "max_conn", "7",
                "healthcheck", "alive"));
        ok(api.post("/service/" + sid + "/version/1/healthcheck", Map.of("name", "alive", "path", "/health", "host", "shop.test",
                "check_interval", "1000", "window", "2", "threshold", "1", "initial", "1")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "spare", "address", "127.0.0.1", "port",
                green.port(), "request_condition", "never")));
        ok(api.post("/service/" + sid + "/version/1/condition",
                Map.of("name", "never", "statement", "req.http.X-Never", "type", "REQUEST")));
        activate(sid, 1);
        await().atMost(WAIT).until(() -> "blue".equals(edge("shop.test", "/").body()));

        // One request held open at the origin: a busy connection counted against max_conn.
        var held = Executors.newSingleThreadExecutor().submit(() -> edge("shop.test", "/hold"));
        assertThat(blue.holding.await(5, TimeUnit.SECONDS)).isTrue();
        var busy = backend(health(sid), "origin");
        assertThat(busy.get("connections").get("busy").asInt()).isEqualTo(1);
        assertThat(busy.get("connections").get("max_conn").asInt()).isEqualTo(7);
        assertThat(busy.get("connections").get("open").asInt()).isGreaterThanOrEqualTo(1);
        blue.release.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> backend(health(sid), "origin").path("probe").path("probes_sent").asInt() >= 1);
        var report = health(sid);
        assertThat(report.get("version").asInt()).isEqualTo(1);
        var origin = backend(report, "origin");
        assertThat(origin.get("healthy").asBoolean()).isTrue();
        assertThat(origin.get("healthcheck").asText()).isEqualTo("alive");
        assertThat(origin.get("probe").get("threshold").asInt()).isEqualTo(1);
        assertThat(origin.get("probe").get("bitmap").asText()).endsWith("1");
        assertThat(origin.get("connections").get("busy").asInt()).isZero();
        var spare = backend(report, "spare");
        assertThat(spare.get("healthy").asBoolean()).isTrue();
        assertThat(spare.get("healthcheck").isNull()).isTrue();
        assertThat(spare.get("probe").isNull()).isTrue();
        assertThat(spare.get("connections").get("open").asInt()).isZero();

        // The origin's health page fails: two failed probes (window 2, threshold 1) make it sick.
        blue.healthy.set(false);
        await().atMost(WAIT).until(() -> !backend(health(sid), "origin").get("healthy").asBoolean());
        var sick = backend(health(sid), "origin");
        assertThat(sick.get("probe").get("bitmap").asText()).isEqualTo("00");
        assertThat(sick.get("probe").get("reason").asText()).isNotBlank();
        var refused = edge("shop.test", "/");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("X-Backline-Error")).isPresent();
    }

    @Test
    void aDirectorMadeThroughTheApiBalancesTrafficAndReportsItsQuorum() throws Exception {
        var sid = service("lb.test", Map.of("name", "blue", "address", "127.0.0.1", "port", blue.port()));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "green", "address", "127.0.0.1", "port", green.port(),
                "healthcheck", "alive")));
        ok(api.post("/service/" + sid + "/version/1/healthcheck", Map.of("name", "alive", "path", "/health", "host", "lb.test",
                "check_interval", "1000", "window", "2", "threshold", "1", "initial", "1")));
        ok(api.post("/service/" + sid + "/version/1/director", Map.of("name", "lb", "type", "1", "quorum", "75")));
        ok(api.post("/service/" + sid + "/version/1/director/lb/backend/blue", Map.of()));
        ok(api.post("/service/" + sid + "/version/1/director/lb/backend/green", Map.of()));

        var explained = ok(api.post("/service/" + sid + "/version/1/explain", Map.of("url", "/"))).json();
        assertThat(explained.get("director").asText()).isEqualTo("lb");
        assertThat(explained.get("candidates")).hasSize(2);
        assertThat(explained.get("trace").asText()).contains("director=lb(random");

        activate(sid, 1);
        // The default backend blue stands for its director: both members take traffic.
        await().atMost(WAIT).until(() -> {
            edge("lb.test", "/");
            return blue.hits.get() > 0 && green.hits.get() > 0;
        });
        var director = health(sid).get("directors").get(0);
        assertThat(director.get("director").asText()).isEqualTo("lb");
        assertThat(director.get("healthy").asBoolean()).isTrue();
        assertThat(director.get("healthy_weight").asInt()).isEqualTo(200);
        assertThat(director.get("total_weight").asInt()).isEqualTo(200);
        assertThat(director.get("quorum").asInt()).isEqualTo(75);

        // green's probes fail: 100 of 200 healthy is below the 75% quorum.
        green.healthy.set(false);
        await().atMost(WAIT).until(() -> !health(sid).get("directors").get(0).get("healthy").asBoolean());
        var below = health(sid).get("directors").get(0);
        assertThat(below.get("healthy_weight").asInt()).isEqualTo(100);
        assertThat(below.get("reason").asText()).startsWith("Quorum weight not reached");
        var refused = edge("lb.test", "/");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("X-Backline-Error")).contains("Quorum weight not reached");
    }

    @Test
    void backendHealthOfAServiceWithNothingActiveIsEmpty() throws Exception {
        var sid = service("idle.test", Map.of("name", "origin", "address", "127.0.0.1", "port", blue.port()));
        var report = health(sid);
        assertThat(report.get("version").isNull()).isTrue();
        assertThat(report.get("backends")).isEmpty();
        assertThat(report.get("directors")).isEmpty();
        assertThat(api.get("/service/nosuchservice00000000/backend-health").status()).isEqualTo(404);
    }

    private String service(String domain, Map<String, String> backend) throws IOException {
        var sid = ok(api.post("/service", Map.of("name", domain))).json().get("id").asText();
        ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", domain)));
        ok(api.post("/service/" + sid + "/version/1/backend", new LinkedHashMap<>(backend)));
        return sid;
    }

    private void activate(String sid, int version) throws IOException {
        ok(api.put("/service/" + sid + "/version/" + version + "/activate", Map.of()));
    }

    private JsonNode health(String sid) throws IOException {
        return ok(api.get("/service/" + sid + "/backend-health")).json();
    }

    private static JsonNode backend(JsonNode report, String name) {
        for (var backend : report.get("backends")) {
            if (backend.get("backend").asText().equals(name)) {
                return backend;
            }
        }
        throw new AssertionError("no backend " + name + " in " + report);
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }

    private HttpResponse<String> edge(String host, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(server.edgeUri().resolve(path)).header("Host", host).timeout(WAIT).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An origin answering its name; {@code /hold} waits for {@link #release}, {@code /health} follows {@link #healthy}. */
    private static final class Origin implements AutoCloseable {
        final String name;
        final AtomicInteger hits = new AtomicInteger();
        final AtomicBoolean healthy = new AtomicBoolean(true);
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final HttpServer server;

        Origin(String name) throws IOException {
            this.name = name;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                var path = exchange.getRequestURI().getPath();
                int status = 200;
                if (path.equals("/health")) {
                    status = healthy.get() ? 200 : 500;
                } else {
                    hits.incrementAndGet();
                }
                if (path.equals("/hold")) {
                    holding.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                var bytes = name.getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String port() {
            return Integer.toString(server.getAddress().getPort());
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    static {
        // Only matters when this class is the first to load the JDK client; surefire sets it too.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
}
