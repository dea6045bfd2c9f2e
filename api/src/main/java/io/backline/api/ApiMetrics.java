package io.backline.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The API's series: every answer by method, route template and status class with its latency
 * ({@code backline_api_requests_seconds}), and by status class alone
 * ({@code backline_api_responses_total{code}}, kept from before the registry). Labels come from the
 * route table, never from the raw path, so a thousand service ids are one series per route.
 */
final class ApiMetrics {
    /** A request that matched no route (a 404 or 405): its path is not a label. */
    static final String UNMATCHED = "unmatched";
    /** Same bounds as the edge's histograms: 1 ms to 60 s (docs/metrics.md). */
    static final Duration[] BUCKETS = {millis(1), Duration.ofNanos(2_500_000), millis(5), millis(10), millis(25), millis(50),
        millis(100), millis(250), millis(500), millis(1_000), millis(2_500), millis(5_000), millis(10_000), millis(30_000),
        millis(60_000)};
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Counter[] byClass = new Counter[5];

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = Counter.builder("backline.api.responses").tag("code", (i + 1) + "xx")
                    .description("Answers of the configuration API, by status class.").register(registry);
        }
    }

    private static Duration millis(long value) {
        return Duration.ofMillis(value);
    }

    /**
     * Counts one answer. Micrometer finds the timer by its name and tags (a map lookup): the API
     * answers a few hundred requests a second at most, so no per-route cache is kept.
     *
     * @param route the route's pattern, such as {@code service/{sid}/version/{v}/backend/{name}}, or {@link #UNMATCHED}
     */
    void record(String method, String route, int status, long nanos) {
        int index = status / 100 - 1;
        if (index >= 0 && index < byClass.length) {
            byClass[index].increment();
        }
        Timer.builder("backline.api.requests")
                .tag("method", METHODS.contains(method) ? method : "other")
                .tag("route", route.equals(UNMATCHED) ? route : "/" + route)
                .tag("status_class", index >= 0 && index < byClass.length ? (index + 1) + "xx" : "other")
                .description("Requests of the configuration API by method, route template and status class, with their latency.")
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
