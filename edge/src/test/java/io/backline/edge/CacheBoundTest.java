package io.backline.edge;

import static io.backline.edge.CacheOrigin.Answer;
import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.backline.edge.metrics.EdgeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache's memory bound and its series in /metrics. */
class CacheBoundTest {
    private static final long SIZE = 1L << 20;

    @Test
    void aWorkingSetTwiceTheCacheSizeStaysWithinTheBound() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new EdgeMetrics(registry, HealthView.ALL_HEALTHY);
        var body = "x".repeat(32 * 1024);
        try (var origin = new CacheOrigin()) {
            origin.otherwise(request -> Answer.ok(body, "Cache-Control", "max-age=600"));
            var snapshot = SnapshotCompiler.compile(1, List.of(new ActiveVersion(ProxyFixtures.SERVICE, 1,
                    List.of(backend("origin", origin.port())), List.of(), List.of(), List.of(ProxyFixtures.domain("example.com")))));
            metrics.follow(snapshot);
            try (var edge = EdgeServer.start(ProxyFixtures.config().cacheSizeBytes(SIZE).build(), () -> snapshot,
                    HealthView.ALL_HEALTHY, metrics)) {
                metrics.bind(edge);
                int objects = (int) (2 * SIZE / body.length());
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < objects; i++) {
                        var response = ProxyClient.get(edge.port(), "example.com", "/object/" + i);
                        assertThat(response.body()).hasSize(body.length());
                    }
                }
                var scrape = Scrape.parse(registry.scrape());
                assertThat(scrape.value("backline_edge_cache_bytes")).isPositive().isLessThanOrEqualTo(SIZE);
                assertThat(scrape.value("backline_edge_cache_capacity_bytes")).isEqualTo(SIZE);
                assertThat(scrape.value("backline_edge_cache_evictions_total")).isPositive();
                assertThat(scrape.value("backline_edge_cache_objects")).isPositive().isLessThan(objects);
                // One service: its own account is the whole cache's.
                var service = new String[] {"service", ProxyFixtures.SERVICE};
                assertThat(scrape.value("backline_edge_cache_service_bytes", service)).isEqualTo(scrape.value("backline_edge_cache_bytes"));
                assertThat(scrape.value("backline_edge_cache_service_objects", service)).isEqualTo(scrape.value("backline_edge_cache_objects"));
                assertThat(scrape.value("backline_edge_cache_service_evictions_total", service))
                        .isEqualTo(scrape.value("backline_edge_cache_evictions_total"));
                assertThat(scrape.value("backline_edge_cache_responses_total", "service", ProxyFixtures.SERVICE, "result", "miss")
                        + scrape.value("backline_edge_cache_responses_total", "service", ProxyFixtures.SERVICE, "result", "hit"))
                        .isEqualTo(2 * objects);
                edge.purge(new Purge.All(ProxyFixtures.SERVICE));
                var after = Scrape.parse(registry.scrape());
                assertThat(after.value("backline_edge_cache_purges_total", "service", ProxyFixtures.SERVICE, "kind", "all", "soft", "false"))
                        .isEqualTo(1);
                assertThat(after.value("backline_edge_cache_bytes")).isZero();
                assertThat(after.value("backline_edge_cache_service_bytes", "service", ProxyFixtures.SERVICE)).isZero();
                assertThat(after.value("backline_edge_cache_service_objects", "service", ProxyFixtures.SERVICE)).isZero();
                assertThat(after.value("backline_edge_cache_collapsed_total", "service", ProxyFixtures.SERVICE)).isZero();
            }
        }
    }

    @Test
    void anObjectLargerThanAnEighthOfTheCacheIsServedButNotStored() {
        var big = "y".repeat((int) (SIZE / 8) + 1);
        try (var origin = new CacheOrigin()) {
            origin.on("/big", Answer.ok(big, "Cache-Control", "max-age=600"));
            var snapshot = SnapshotCompiler.compile(1, List.of(new ActiveVersion(ProxyFixtures.SERVICE, 1,
                    List.of(backend("origin", origin.port())), List.of(), List.of(), List.of(ProxyFixtures.domain("example.com")))));
            try (var edge = EdgeServer.start(ProxyFixtures.config().cacheSizeBytes(SIZE).build(), () -> snapshot, HealthView.ALL_HEALTHY)) {
                var first = ProxyClient.get(edge.port(), "example.com", "/big", "Fastly-Debug: 1");
                assertThat(first.body()).hasSize(big.length());
                assertThat(first.header("x-backline-cache")).isEqualTo("miss: larger than " + SIZE / 8 + " bytes, not stored");
                assertThat(ProxyClient.get(edge.port(), "example.com", "/big").header("x-cache")).isEqualTo("MISS");
                assertThat(origin.count("/big")).isEqualTo(2);
            }
        }
    }

    /**
     * The bound counts what an object holds on the heap, not only its body: for small objects that is
     * most of it (their bodies are off the heap). The heap after a full collection grows by no more
     * per stored object than the object's weight.
     */
    @Test
    void anObjectsWeightCoversTheHeapItHolds() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new EdgeMetrics(registry, HealthView.ALL_HEALTHY);
        int objects = 10_000;
        try (var origin = new CacheOrigin()) {
            origin.otherwise(request -> Answer.ok("s".repeat(100), "Cache-Control", "max-age=600", "ETag", "\"v1\"",
                    "Content-Type", "text/css", "Last-Modified", "Sat, 05 Dec 2026 10:00:00 GMT"));
            var snapshot = SnapshotCompiler.compile(1, List.of(new ActiveVersion(ProxyFixtures.SERVICE, 1,
                    List.of(backend("origin", origin.port())), List.of(), List.of(), List.of(ProxyFixtures.domain("example.com")))));
            metrics.follow(snapshot);
            try (var edge = EdgeServer.start(ProxyFixtures.config().cacheSizeBytes(64L << 20).build(), () -> snapshot,
                    HealthView.ALL_HEALTHY, metrics)) {
                metrics.bind(edge);
                assertThat(ProxyClient.get(edge.port(), "example.com", "/assets/warm.css").header("x-cache")).isEqualTo("MISS");
                origin.forget(); // the origin runs in this JVM and records each request: not the edge's
                long before = heapAfterFullCollection();
                for (int i = 0; i < objects; i++) {
                    assertThat(ProxyClient.get(edge.port(), "example.com", "/assets/style-" + i + ".css").status()).isEqualTo(200);
                }
                origin.forget();
                long held = heapAfterFullCollection() - before;
                var scrape = Scrape.parse(registry.scrape());
                assertThat(scrape.value("backline_edge_cache_objects")).isEqualTo(objects + 1); // none evicted: 64 MiB is far off
                double weightPerObject = scrape.value("backline_edge_cache_bytes") / (objects + 1);
                assertThat((double) held / objects).as("heap held per object, against its weight %.0f", weightPerObject)
                        .isLessThanOrEqualTo(weightPerObject);
            }
        }
    }

    private static long heapAfterFullCollection() {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
