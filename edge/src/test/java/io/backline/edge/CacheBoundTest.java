package io.backline.edge;

import static io.backline.edge.CacheOrigin.Answer;
import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.backline.edge.metrics.EdgeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
}
