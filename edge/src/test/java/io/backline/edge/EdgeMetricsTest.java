package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.condition;
import static io.backline.edge.ProxyFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthRegistry;
import io.backline.edge.health.HealthView;
import io.backline.edge.metrics.EdgeMetrics;
import io.backline.model.HealthcheckSchema;
import io.backline.model.PlainRules;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The edge's series after real traffic through real origins: exact counts, plausible histograms, bounded labels. */
class EdgeMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final ProxyOrigin alphaMain = ProxyOrigin.start("alpha-main");
    @AutoClose
    private final ProxyOrigin alphaApi = ProxyOrigin.start("alpha-api");
    @AutoClose
    private final ProxyOrigin betaMain = ProxyOrigin.start("beta-main");
    @AutoClose
    private final ProxyOrigin betaApi = ProxyOrigin.start("beta-api");
    @AutoClose
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<EdgeSnapshot> active = new AtomicReference<>();

    /** alpha (version 1) and beta (version 3): "main" by default, "api" for /api/, /sleep/ and /stall/. */
    private EdgeSnapshot twoServices() {
        var toApi = List.of(condition("to_api", "req.url ~ \"^/(api|sleep|stall)/\"", 10));
        return SnapshotCompiler.compile(1, List.of(
                version("alpha", 1, List.of(backend("main", alphaMain.port()), backend("api", alphaApi.port(), "request_condition",
                        "to_api", "first_byte_timeout", "300", "between_bytes_timeout", "300")), toApi, "alpha.test"),
                version("beta", 3, List.of(backend("main", betaMain.port()), backend("api", betaApi.port(), "request_condition",
                        "to_api")), toApi, "beta.test")));
    }

    private EdgeMetrics metrics(HealthView health) {
        return new EdgeMetrics(registry, health);
    }

    private EdgeServer start(EdgeMetrics metrics, HealthView health) {
        var edge = EdgeServer.start(ProxyFixtures.config().build(), active::get, health, metrics);
        metrics.bind(edge);
        return edge;
    }

    private Scrape scrape(EdgeMetrics metrics) {
        metrics.follow(active.get());
        return Scrape.parse(registry.scrape());
    }

    private static void get(ProxyClient client, String host, String path, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(client.request("GET", host, path).status()).isEqualTo(200);
        }
    }

    @Test
    void countsEachServiceVersionBackendAndStatusClassExactly() {
        active.set(twoServices());
        var metrics = metrics(HealthView.ALL_HEALTHY);
        try (var edge = start(metrics, HealthView.ALL_HEALTHY); var client = new ProxyClient(edge.port())) {
            get(client, "alpha.test", "/", 5);
            get(client, "alpha.test", "/api/x", 3);
            get(client, "beta.test", "/page", 4);
            get(client, "beta.test", "/api/y", 2);
            assertThat(client.request("GET", "nobody.test", "/").status()).isEqualTo(404);
            assertThat(client.request("GET", "nobody.test", "/other").status()).isEqualTo(404);
            assertThat(ProxyClient.get(edge.port(), "alpha.test", "/sleep/2000").status()).isEqualTo(503);
            await().atMost(WAIT).until(() -> edge.stats().requests() == 17);

            var scrape = scrape(metrics);
            var requests = "backline_edge_service_requests_total";
            assertThat(scrape.value(requests, "service", "alpha", "version", "1", "status_class", "2xx")).isEqualTo(8);
            assertThat(scrape.value(requests, "service", "alpha", "version", "1", "status_class", "5xx")).isEqualTo(1);
            assertThat(scrape.value(requests, "service", "beta", "version", "3", "status_class", "2xx")).isEqualTo(6);
            assertThat(scrape.value(requests, "service", "beta", "version", "3", "status_class", "5xx")).isZero();
            assertThat(scrape.value(requests, "service", "", "version", "", "status_class", "4xx")).isEqualTo(2);
            assertThat(scrape.value("backline_edge_requests_total")).isEqualTo(17);

            var responses = "backline_edge_backend_responses_total";
            assertThat(scrape.value(responses, "service", "alpha", "backend", "main", "status_class", "2xx")).isEqualTo(5);
            assertThat(scrape.value(responses, "service", "alpha", "backend", "api", "status_class", "2xx")).isEqualTo(3);
            assertThat(scrape.value(responses, "service", "alpha", "backend", "api", "status_class", "5xx")).isEqualTo(1);
            assertThat(scrape.value(responses, "service", "beta", "backend", "main", "status_class", "2xx")).isEqualTo(4);
            assertThat(scrape.value(responses, "service", "beta", "backend", "api", "status_class", "2xx")).isEqualTo(2);
            assertThat(scrape.matching(responses, "backend", "main")).as("no version label on backend series")
                    .allSatisfy(sample -> assertThat(sample.labels()).doesNotContainKey("version"));

            var firstByte = "backline_edge_backend_first_byte_seconds";
            assertThat(scrape.value(firstByte + "_count", "service", "alpha", "backend", "main")).isEqualTo(5);
            assertThat(scrape.value(firstByte + "_count", "service", "alpha", "backend", "api")).as("a timeout has no first byte")
                    .isEqualTo(3);
            assertThat(scrape.value(firstByte + "_count", "service", "beta", "backend", "main")).isEqualTo(4);
            assertThat(scrape.value("backline_edge_backend_total_time_seconds_count", "service", "alpha", "backend", "api"))
                    .isEqualTo(4);
            assertCumulative(scrape, firstByte, "alpha", "main", 5);
            assertCumulative(scrape, firstByte, "beta", "api", 2);
            assertCumulative(scrape, "backline_edge_backend_total_time_seconds", "alpha", "api", 4);
            assertThat(scrape.value(firstByte + "_bucket", "service", "alpha", "backend", "main", "le", "1.0"))
                    .as("a loopback origin answers within a second").isEqualTo(5);
            assertThat(scrape.value("backline_edge_backend_total_time_seconds_bucket", "service", "alpha", "backend", "api", "le", "0.25"))
                    .as("the timed-out request took at least first_byte_timeout (300 ms)").isEqualTo(3);

            assertThat(scrape.value("backline_edge_backend_received_bytes_total", "service", "alpha", "backend", "main"))
                    .isEqualTo(5 * "alpha-main".length());
            assertThat(scrape.value("backline_edge_backend_timeouts_total", "service", "alpha", "backend", "api", "kind", "first_byte"))
                    .isEqualTo(1);
            assertThat(scrape.value("backline_edge_timeouts_total", "kind", "first_byte")).isEqualTo(1);
            var synthetic = "backline_edge_service_synthetic_responses_total";
            assertThat(scrape.value(synthetic, "service", "", "reason", "unknown domain")).isEqualTo(2);
            assertThat(scrape.value(synthetic, "service", "alpha", "reason", "first byte timeout")).isEqualTo(1);
        }
    }

    /** Buckets grow with {@code le} and end, at +Inf, with the count. */
    private static void assertCumulative(Scrape scrape, String histogram, String service, String backend, double count) {
        var buckets = new ArrayList<>(scrape.matching(histogram + "_bucket", "service", service, "backend", backend));
        buckets.sort((a, b) -> Double.compare(le(a), le(b)));
        assertThat(buckets).hasSize(16);
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).value()).as(histogram + " le=" + buckets.get(i).labels().get("le"))
                    .isGreaterThanOrEqualTo(buckets.get(i - 1).value());
        }
        assertThat(le(buckets.getFirst())).isEqualTo(0.001);
        assertThat(le(buckets.get(14))).isEqualTo(60.0);
        assertThat(buckets.getLast().labels().get("le")).isEqualTo("+Inf");
        assertThat(buckets.getLast().value()).isEqualTo(count);
    }

    private static double le(Scrape.Sample bucket) {
        var le = bucket.labels().get("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    @Test
    void recordingARequestAllocatesNothingOnceItsMetersExist() {
        active.set(twoServices());
        var metrics = metrics(HealthView.ALL_HEALTHY);
        var headers = io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;
        var origin = new ExchangeRecord(0, "127.0.0.1", "GET", "alpha.test", "/", "HTTP/1.1", "alpha", 1, Environment.PRODUCTION,
                "main", 200, 10, 1_000, 2_000_000, 3_000_000, null, null, 1, 2, 3, headers, headers);
        var timeout = new ExchangeRecord(0, "127.0.0.1", "GET", "alpha.test", "/", "HTTP/1.1", "alpha", 1, Environment.PRODUCTION,
                "api", 503, 0, 20, -1, 300_000_000, "first byte timeout", null, 1, 2, 3, headers, headers);
        var unknown = new ExchangeRecord(0, "127.0.0.1", "GET", "x.test", "/", "HTTP/1.1", null, 0, Environment.PRODUCTION,
                null, 404, 0, 20, -1, 100_000, "unknown domain", null, 1, 2, 3, headers, headers);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long perRound = 0;
        for (int round = 0; round < 5; round++) { // the first rounds make the meters and let the JIT compile the path
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                metrics.exchangeEnded(origin);
                metrics.exchangeEnded(timeout);
                metrics.exchangeEnded(unknown);
            }
            perRound = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(perRound).as("bytes allocated by 300,000 recordings").isLessThan(30_000);
        assertThat(Scrape.parse(registry.scrape()).value("backline_edge_backend_first_byte_seconds_count", "service", "alpha",
                "backend", "main")).isEqualTo(500_000);
    }

    @Test
    void aBodyCutByBetweenBytesTimeoutCountsUnderItsKind() {
        active.set(twoServices());
        var metrics = metrics(HealthView.ALL_HEALTHY);
        try (var edge = start(metrics, HealthView.ALL_HEALTHY); var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "alpha.test", "/stall/3000/chunked").complete()).isFalse();
            await().atMost(WAIT).until(() -> edge.stats().betweenBytesTimeouts() == 1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(scrape(metrics).value("backline_edge_backend_timeouts_total",
                    "service", "alpha", "backend", "api", "kind", "between_bytes")).isEqualTo(1));
            var scrape = scrape(metrics);
            assertThat(scrape.value("backline_edge_timeouts_total", "kind", "between_bytes")).isEqualTo(1);
            assertThat(scrape.value("backline_edge_between_bytes_timeouts_total")).isEqualTo(1);
            assertThat(scrape.value("backline_edge_backend_timeouts_total", "service", "alpha", "backend", "api", "kind", "first_byte"))
                    .isZero();
        }
    }

    @Test
    void tenThousandUrlsAThousandHostsAndFiftyOddRefusalsAddNoSeries() {
        active.set(twoServices());
        var metrics = metrics(HealthView.ALL_HEALTHY);
        try (var edge = start(metrics, HealthView.ALL_HEALTHY); var client = new ProxyClient(edge.port())) {
            get(client, "alpha.test", "/first", 1);
            assertThat(client.request("GET", "nobody.test", "/").status()).isEqualTo(404);
            assertThat(ProxyClient.get(edge.port(), "alpha.test", "/", "Expect: first").status()).isEqualTo(417);
            await().atMost(WAIT).until(() -> edge.stats().requests() == 3);
            var before = scrape(metrics);

            for (int i = 0; i < 10_000; i++) {
                assertThat(client.request("GET", "alpha.test", "/item/" + i + "?q=" + i).status()).isEqualTo(200);
            }
            for (int i = 0; i < 1_000; i++) {
                assertThat(client.request("GET", "host-" + i + ".nobody.test", "/").status()).isEqualTo(404);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(ProxyClient.get(edge.port(), "alpha.test", "/", "Expect: odd-" + i).status()).isEqualTo(417);
            }
            await().atMost(WAIT).until(() -> edge.stats().requests() == 3 + 11_050);

            var after = scrape(metrics);
            assertThat(after.size()).isEqualTo(before.size());
            assertThat(after.value("backline_edge_service_synthetic_responses_total", "service", "", "reason", "unsupported Expect"))
                    .isEqualTo(51);
            assertThat(after.value("backline_edge_service_requests_total", "service", "", "status_class", "4xx")).isEqualTo(1_052);
            assertThat(after.value("backline_edge_backend_first_byte_seconds_count", "service", "alpha", "backend", "main"))
                    .isEqualTo(10_001);
        }
    }

    @Test
    void poolAndHealthGaugesFollowTheBackendsAndASickOneReadsZero() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once closed: probes are refused
        }
        var check = PlainRules.HEALTHCHECK.create(HealthcheckSchema.SCHEMA.parse(Map.of("name", List.of("hc"), "window", List.of("1"),
                "threshold", List.of("1"), "initial", List.of("1"))), ServiceType.VCL)
                .with(HealthcheckSchema.CHECK_INTERVAL, 50).with(HealthcheckSchema.TIMEOUT, 500);
        List<Values> backends = List.of(backend("main", alphaMain.port(), "max_conn", "7"),
                backend("gone", closedPort, "healthcheck", "hc", "request_condition", "to_gone"));
        var service = new ActiveVersion("alpha", 1, backends, List.of(condition("to_gone", "req.url ~ \"^/gone\"", 10)),
                List.of(check), List.of(ProxyFixtures.domain("alpha.test")));
        active.set(SnapshotCompiler.compile(1, List.of(service)));
        try (var health = new HealthRegistry()) {
            health.update(active.get());
            var metrics = metrics(health);
            metrics.listenTo(health);
            try (var edge = start(metrics, health); var client = new ProxyClient(edge.port())) {
                get(client, "alpha.test", "/", 3);
                await().atMost(WAIT).until(() -> !health.healthy(active.get().service("alpha").backend("gone").orElseThrow()));
                assertThat(client.request("GET", "alpha.test", "/gone").status()).isEqualTo(503);

                await().atMost(WAIT).untilAsserted(() -> {
                    var scrape = scrape(metrics);
                    assertThat(scrape.value("backline_edge_backend_healthy", "service", "alpha", "backend", "gone")).isZero();
                    assertThat(scrape.value("backline_edge_health_probe_seconds_count", "service", "alpha", "backend", "gone"))
                            .isPositive();
                });
                var scrape = scrape(metrics);
                assertThat(scrape.value("backline_edge_backend_healthy", "service", "alpha", "backend", "main")).isEqualTo(1);
                assertThat(scrape.value("backline_edge_pool_max_conn", "service", "alpha", "backend", "main")).isEqualTo(7);
                assertThat(scrape.value("backline_edge_pool_open", "service", "alpha", "backend", "main")).isEqualTo(1);
                assertThat(scrape.value("backline_edge_pool_idle", "service", "alpha", "backend", "main")).isEqualTo(1);
                assertThat(scrape.value("backline_edge_pool_busy", "service", "alpha", "backend", "main")).isZero();
                assertThat(scrape.value("backline_edge_pool_open", "service", "alpha", "backend", "gone")).isZero();
                assertThat(scrape.value("backline_edge_service_synthetic_responses_total", "service", "alpha", "reason",
                        "Backend is unhealthy")).isEqualTo(1);
            }
        }
    }

    @Test
    void anActivationThatKeepsABackendKeepsItsCountsAndALaterOneDropsWhatLeft() {
        active.set(twoServices());
        var metrics = metrics(HealthView.ALL_HEALTHY);
        try (var edge = start(metrics, HealthView.ALL_HEALTHY); var client = new ProxyClient(edge.port())) {
            get(client, "alpha.test", "/", 3);
            get(client, "alpha.test", "/api/x", 1);
            await().atMost(WAIT).until(() -> edge.stats().requests() == 4);
            scrape(metrics);

            // version 2: "main" stays under its name with new connection settings; "api" leaves
            active.set(SnapshotCompiler.compile(2, List.of(version("alpha", 2, List.of(backend("main", alphaMain.port(), "max_conn", "9")),
                    List.of(), "alpha.test"))));
            get(client, "alpha.test", "/", 2);
            await().atMost(WAIT).until(() -> edge.stats().requests() == 6);
            var after = scrape(metrics);
            assertThat(after.value("backline_edge_backend_responses_total", "service", "alpha", "backend", "main", "status_class", "2xx"))
                    .isEqualTo(5);
            assertThat(after.value("backline_edge_pool_max_conn", "service", "alpha", "backend", "main")).isEqualTo(9);
            assertThat(after.value("backline_edge_service_requests_total", "service", "alpha", "version", "1", "status_class", "2xx"))
                    .as("kept for one activation").isEqualTo(4);
            assertThat(after.value("backline_edge_service_requests_total", "service", "alpha", "version", "2", "status_class", "2xx"))
                    .isEqualTo(2);
            assertThat(after.matching("backline_edge_pool_open", "backend", "api")).as("a retired pool has no gauges").isEmpty();
            assertThat(after.matching("backline_edge_backend_responses_total", "service", "alpha", "backend", "api")).isNotEmpty();

            active.set(SnapshotCompiler.compile(3, List.of(version("alpha", 3, List.of(backend("main", alphaMain.port(), "max_conn", "9")),
                    List.of(), "alpha.test"))));
            get(client, "alpha.test", "/", 1);
            var later = scrape(metrics);
            assertThat(later.value("backline_edge_backend_responses_total", "service", "alpha", "backend", "main", "status_class", "2xx"))
                    .isEqualTo(6);
            assertThat(later.matching("backline_edge_backend_responses_total", "service", "alpha", "backend", "api")).isEmpty();
            assertThat(later.matching("backline_edge_service_requests_total", "service", "alpha", "version", "1")).isEmpty();
            assertThat(later.matching("backline_edge_service_requests_total", "service", "beta")).as("beta left at version 2").isEmpty();
        }
    }
}
