package io.backline.edge;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * One finished request, as the edge saw it: what {@link ExchangeObserver}s receive. Immutable once
 * made; the header maps it refers to are no longer changed by the edge when it is handed over, so
 * an observer may read them on another thread.
 *
 * @param startEpochMicros when the request head arrived (wall clock)
 * @param clientIp the client's address
 * @param method the request method
 * @param host the request's Host (as the client sent it)
 * @param url the origin-form URL (path and query)
 * @param protocol the client's protocol, such as {@code HTTP/1.1}
 * @param serviceId the service that served it; null when no service matched (or the request was refused before routing)
 * @param version that service's version; 0 without a service
 * @param environment production or staging
 * @param backend the name of the backend that answered, or the last one tried; null when none was
 * @param status the status sent to the client; 0 when none was (the client left first)
 * @param requestBodyBytes request body bytes received from the client
 * @param responseBodyBytes response body bytes handed to the client
 * @param firstByteNanos from the request sent to the origin to the response head, or -1 without one
 * @param totalNanos from the request head's arrival to the response's last byte (or the break)
 * @param synthetic why the edge answered itself (the X-Backline-Error text), or null for an origin's answer
 * @param broken why the response was cut off after it started ("between bytes timeout", "backend read error",
 *        "client closed"), or null when it ended normally
 * @param traceHigh the first half of the W3C trace id the request carried or was given ({@link #traceId})
 * @param traceLow its second half
 * @param span the edge's span id for this request, sent to the origin as the traceparent's parent id ({@link #spanId})
 * @param requestHeaders the request's headers, as sent to the origin; as the client sent them when nothing was sent
 *        to an origin (a cache hit, an answer the edge made)
 * @param responseHeaders the response's headers, as sent to the client; null when none was sent
 */
public record ExchangeRecord(long startEpochMicros, String clientIp, String method, String host, String url, String protocol,
        @Nullable String serviceId, int version, Environment environment, @Nullable String backend, int status,
        long requestBodyBytes, long responseBodyBytes, long firstByteNanos, long totalNanos, @Nullable String synthetic,
        @Nullable String broken, long traceHigh, long traceLow, long span, HttpHeaders requestHeaders, @Nullable HttpHeaders responseHeaders) {

    /** The trace id, 32 lower-case hex digits; written anew at each call. */
    public String traceId() {
        return TraceIds.traceId(traceHigh, traceLow);
    }

    /** The edge's span id, 16 lower-case hex digits; written anew at each call. */
    public String spanId() {
        return TraceIds.spanId(span);
    }

    /** Why it was not a clean answer from the origin: the synthetic reason, else the break, else null. */
    public @Nullable String problem() {
        return synthetic != null ? synthetic : broken;
    }
}
