package io.backline.edge;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link EdgeServer}, since it started. Thread-safe; cheap to update from every
 * event loop (striped adders), and read without stopping traffic.
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

    /** The counters in Prometheus' text format, each with its help line. */
    public String prometheus() {
        var out = new StringBuilder(1024);
        counter(out, "backline_edge_requests_total", "Requests received from clients.", requests());
        counter(out, "backline_edge_synthetic_responses_total", "Responses the edge made itself (errors, unknown domains, refusals).",
                syntheticResponses());
        counter(out, "backline_edge_origin_connections_total", "Origin connections opened.", originConnections());
        counter(out, "backline_edge_connect_timeouts_total", "Origin connects that hit connect_timeout.", connectTimeouts());
        counter(out, "backline_edge_first_byte_timeouts_total", "Responses that hit first_byte_timeout.", firstByteTimeouts());
        counter(out, "backline_edge_between_bytes_timeouts_total", "Responses cut short by between_bytes_timeout.",
                betweenBytesTimeouts());
        counter(out, "backline_edge_max_conn_rejections_total", "Times a backend at max_conn was skipped or answered 503.",
                maxConnRejections());
        counter(out, "backline_edge_refused_requests_total", "Requests refused before routing (malformed, too large, too slow).",
                refusedRequests());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    @Override
    public String toString() {
        return "EdgeStats[requests=" + requests() + ", synthetic=" + syntheticResponses() + ", originConnections="
                + originConnections() + ", connectTimeouts=" + connectTimeouts() + ", firstByteTimeouts=" + firstByteTimeouts()
                + ", betweenBytesTimeouts=" + betweenBytesTimeouts() + ", maxConnRejections=" + maxConnRejections()
                + ", refused=" + refusedRequests() + "]";
    }
}
