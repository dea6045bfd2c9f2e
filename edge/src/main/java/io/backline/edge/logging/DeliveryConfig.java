package io.backline.edge.logging;

import java.time.Duration;

/**
 * How logging endpoints are delivered; {@link #defaults(String)} documents each value.
 *
 * @param hostname this node in syslog prefixes ({@code cache-backline-local}: the edge's server name)
 * @param queueCapacity lines that may wait per endpoint before new ones are dropped (8192)
 * @param requestTimeout an HTTPS request's longest wait for its response; a connect's for a syslog TCP connection (10 s)
 * @param maxBackoff the longest pause between attempts after failures (30 s)
 * @param drainOnRemoval how long an endpoint an activation removed or changed may still send what it has queued (2 s)
 */
public record DeliveryConfig(String hostname, int queueCapacity, Duration requestTimeout, Duration maxBackoff, Duration drainOnRemoval) {

    public DeliveryConfig {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: at least 1)");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: greater than 0)");
        }
    }

    public static DeliveryConfig defaults(String hostname) {
        return new DeliveryConfig(hostname, 8_192, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }
}
