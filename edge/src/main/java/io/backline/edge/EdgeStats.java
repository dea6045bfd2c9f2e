package io.backline.edge;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link EdgeServer}, since it started. Thread-safe; cheap to update from every
 * event loop (striped adders), and read without stopping traffic. {@code EdgeMetrics} exposes them
 * (and the per-service and per-backend series) through a Micrometer registry.
 */
public final class EdgeStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder syntheticResponses = new LongAdder();
    private final LongAdder originConnections = new LongAdder();
    private final LongAdder connectTimeouts = new LongAdder();
    private final LongAdder firstByteTimeouts = new LongAdder();
    private final LongAdder betweenBytesTimeouts = new LongAdder();
    private final LongAdder maxConnRejections = new LongAdder();
    private final LongAdder refusedRequests = new LongAdder();

    EdgeStats() {}

    /** Requests received from clients. */
    public long requests() {
        return requests.sum();
    }

    /** Responses the edge made itself (errors, unknown domains, refusals). */
    public long syntheticResponses() {
        return syntheticResponses.sum();
    }

    /** Origin connections opened (each counts once, however many requests it carried). */
    public long originConnections() {
        return originConnections.sum();
    }

    public long connectTimeouts() {
        return connectTimeouts.sum();
    }

    public long firstByteTimeouts() {
        return firstByteTimeouts.sum();
    }

    /** Responses cut short because the origin went silent mid-body (between_bytes_timeout). */
    public long betweenBytesTimeouts() {
        return betweenBytesTimeouts.sum();
    }

    /** Times a backend was skipped or a request answered 503 because the backend had max_conn connections. */
    public long maxConnRejections() {
        return maxConnRejections.sum();
    }

    /** Requests refused before routing: malformed, ambiguous framing, too large, too slow. */
    public long refusedRequests() {
        return refusedRequests.sum();
    }

    public void request() {
        requests.increment();
    }

    public void synthetic() {
        syntheticResponses.increment();
    }

    public void originConnection() {
        originConnections.increment();
    }

    public void connectTimeout() {
        connectTimeouts.increment();
    }

    public void firstByteTimeout() {
        firstByteTimeouts.increment();
    }

    public void betweenBytesTimeout() {
        betweenBytesTimeouts.increment();
    }

    public void maxConnRejection() {
        maxConnRejections.increment();
    }

    public void refused() {
        refusedRequests.increment();
    }

    @Override
    public String toString() {
        return "EdgeStats[requests=" + requests() + ", synthetic=" + syntheticResponses() + ", originConnections="
                + originConnections() + ", connectTimeouts=" + connectTimeouts() + ", firstByteTimeouts=" + firstByteTimeouts()
                + ", betweenBytesTimeouts=" + betweenBytesTimeouts() + ", maxConnRejections=" + maxConnRejections()
                + ", refused=" + refusedRequests() + "]";
    }
}
