package io.backline.edge.logging;

import org.jspecify.annotations.Nullable;

/**
 * One logging endpoint of a compiled version, as Fastly's fields describe it. Records without the
 * version number, so that {@link LoggingDelivery} keeps an endpoint's sender (its connection, its
 * queue, its counters) across an activation that left the endpoint unchanged (equal settings) and
 * replaces it when any field changed.
 */
public sealed interface LoggingEndpoint permits SyslogEndpoint, HttpsEndpoint {

    /** The object kind: {@code logging/syslog} or {@code logging/https}. */
    String kind();

    String serviceId();

    String name();

    /** Fastly's log format string. */
    String format();

    /** 1 or 2. */
    int formatVersion();

    /**
     * The statement of the {@code response_condition} named, or null to log every request. A
     * RESPONSE condition, evaluated on the finished request.
     */
    @Nullable String responseCondition();

    /**
     * Fastly's {@code placement}: null, {@code ""} or {@code "null"} for the default; {@code none} and
     * {@code waf_debug} mean Fastly places no logging call for it, so Backline sends nothing.
     */
    @Nullable String placement();

    /** Whether the edge sends lines for this endpoint at all (see {@link #placement()}). */
    default boolean placed() {
        var placement = placement();
        return placement == null || !("none".equals(placement.strip()) || "waf_debug".equals(placement.strip()));
    }
}
