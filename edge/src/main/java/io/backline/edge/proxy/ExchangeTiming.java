package io.backline.edge.proxy;

import java.time.Instant;

/**
 * When one exchange started and how long its steps took, for {@code X-Timer} and the debug
 * {@code Server-Timing}. All durations are {@link System#nanoTime()} differences; only the start
 * is also kept as wall-clock time, which X-Timer shows. Confined to the exchange's event loop.
 */
final class ExchangeTiming {
    private final long startNanos;
    private final long startEpochMicros;
    private long connectStartNanos;
    /** -1 while no origin connection was obtained, 0 for a pooled one. */
    private long connectNanos = -1;
    /** When the request's last byte went to the origin; 0 while it has not. */
    private long sentNanos;

    private ExchangeTiming(long startNanos, long startEpochMicros) {
        this.startNanos = startNanos;
        this.startEpochMicros = startEpochMicros;
    }

    /** The clock of a request that arrives now. */
    static ExchangeTiming start() {
        var now = Instant.now();
        return new ExchangeTiming(System.nanoTime(), now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
    }

    long startEpochMicros() {
        return startEpochMicros;
    }

    /** From arrival until {@code now}. */
    long elapsedNanos(long now) {
        return now - startNanos;
    }

    /** Getting a connection to a candidate begins. */
    void connecting() {
        connectStartNanos = System.nanoTime();
    }

    /** A pooled connection was taken: no connect time. */
    void pooled() {
        connectNanos = 0;
    }

    /** A new connection is ready (connected, and for TLS handshaken). */
    void connected() {
        connectNanos = System.nanoTime() - connectStartNanos;
    }

    /** -1 when no connection was obtained, 0 for a pooled one. */
    long connectNanos() {
        return connectNanos;
    }

    /** The request's last byte was written to the origin. */
    void sent() {
        sentNanos = System.nanoTime();
    }

    /** From the request sent until {@code now} (the response's first byte), or -1 when it was not sent. */
    long firstByteNanos(long now) {
        return sentNanos == 0 ? -1 : now - sentNanos;
    }
}
