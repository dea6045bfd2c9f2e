package io.backline.condition.logformat;

import org.jspecify.annotations.Nullable;

/**
 * What a log line reads of one finished request. The edge implements it over its per-request
 * state; tests implement it over a described request. Every method is called on the thread that
 * renders the line, at most a few times per line, so an implementation may compute lazily but
 * should not copy the request for it. Times are epoch microseconds so that a line renders without
 * allocating a time object per directive.
 */
public interface LogRecord {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The request target as received: path and query, e.g. {@code /a/b.png?x=1}. */
    String url();

    /** The protocol of the request, e.g. {@code HTTP/1.1}. */
    String protocol();

    /** A request header by case-insensitive name, or null when the request has none. */
    @Nullable String requestHeader(String name);

    /** A response header (as sent to the client) by case-insensitive name, or null. */
    @Nullable String responseHeader(String name);

    /** The client's address as text, e.g. {@code 192.0.2.1} or {@code 2001:db8::1}. */
    String clientIp();

    int clientPort();

    /** The edge's address the request arrived on. */
    String serverIp();

    int serverPort();

    /** The status sent to the client. */
    int status();

    /** The response body bytes sent to the client. */
    long bodyBytes();

    /** When the request arrived, in microseconds since the epoch ({@code time.start}). */
    long startMicros();

    /** How long the request took from arrival to the response's last byte, in microseconds. */
    long elapsedMicros();

    /** The backend that served the request, or null for a synthetic answer. */
    @Nullable String backendName();

    String serviceId();

    /** The active version of the service the request ran under. */
    int serviceVersion();

    /** The edge node's host name ({@code server.hostname}). */
    String serverHostname();

    /** The edge node's identity ({@code server.identity}); the host name unless configured. */
    String serverIdentity();

    /**
     * What {@code fastly_info.state} shows. Backline has no cache yet, so an edge answers
     * {@code PASS} for a request it forwarded and {@code ERROR} for a synthetic answer; a cache
     * would add {@code HIT} and {@code MISS}.
     */
    String fastlyState();
}
