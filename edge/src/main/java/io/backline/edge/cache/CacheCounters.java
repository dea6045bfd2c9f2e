package io.backline.edge.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the cache did for one service: responses by outcome, waits on another request's fetch,
 * purges by kind, and what its objects hold (bytes, objects, evictions). Counted on the request path with adders (no allocation, no contention between
 * loops); read by the metrics ({@code backline_edge_cache_*}, docs/metrics.md).
 */
public final class CacheCounters {
    /** The outcomes a response is counted under. */
    public enum Result {
        HIT, MISS, PASS, STALE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The kinds of purge, in the order of {@link #purges(int)}: all, key hard, key soft, url hard, url soft. */
    public static final String[][] PURGE_LABELS = {{"all", "false"}, {"key", "false"}, {"key", "true"}, {"url", "false"}, {"url", "true"}};

    private final LongAdder[] responses = new LongAdder[Result.values().length];
    private final LongAdder collapsed = new LongAdder();
    /** What this service's objects hold now, and how many were evicted for size (not purged or expired). */
    private final LongAdder bytes = new LongAdder();
    private final LongAdder objects = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder[] purges = new LongAdder[PURGE_LABELS.length];
    /** Moves on with every purge of the service: a fill begun before it does not store what it fetched. */
    private final AtomicLong generation = new AtomicLong();

    CacheCounters() {
        for (int i = 0; i < responses.length; i++) {
            responses[i] = new LongAdder();
        }
        for (int i = 0; i < purges.length; i++) {
            purges[i] = new LongAdder();
        }
    }

    public void count(Result result) {
        responses[result.ordinal()].increment();
    }

    public void collapsed() {
        collapsed.increment();
    }

    public long responses(Result result) {
        return responses[result.ordinal()].sum();
    }

    public long collapsedTotal() {
        return collapsed.sum();
    }

    /** Bytes this service's objects hold now (their weight in the store's bound). */
    public long bytes() {
        return bytes.sum();
    }

    /** This service's objects in the cache now (variants count apart). */
    public long objects() {
        return objects.sum();
    }

    /** This service's objects removed to keep the cache within its capacity. */
    public long evictions() {
        return evictions.sum();
    }

    void stored(int weight) {
        bytes.add(weight);
        objects.increment();
    }

    void removed(int weight, boolean evicted) {
        bytes.add(-weight);
        objects.decrement();
        if (evicted) {
            evictions.increment();
        }
    }

    /** Purges of the kind at {@code index} in {@link #PURGE_LABELS}. */
    public long purges(int index) {
        return purges[index].sum();
    }

    void purged(int index) {
        purges[index].increment();
        generation.incrementAndGet();
    }

    long generation() {
        return generation.get();
    }
}
