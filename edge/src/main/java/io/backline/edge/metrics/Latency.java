package io.backline.edge.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The edge's latency histograms: explicit buckets from 1 ms to 60 s, so quantiles resolve both a cache-fast origin and a slow one. */
final class Latency {
    /** The bucket bounds, in microseconds: 1, 2.5, 5, 10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10, 30, 60 s (docs/metrics.md). */
    static final long[] BUCKET_MICROS = {1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
        2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000};
    private static final Duration[] BUCKETS = buckets();

    private Latency() {}

    static Timer.Builder timer(String name, Tags tags, String description) {
        return Timer.builder(name).tags(tags).description(description).serviceLevelObjectives(BUCKETS);
    }

    private static Duration[] buckets() {
        var buckets = new Duration[BUCKET_MICROS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(BUCKET_MICROS[i] * 1_000);
        }
        return buckets;
    }
}
