package io.backline.edge.logging;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@code logging/https} endpoint: lines batched into requests to {@code url}.
 *
 * @param maxEntries lines per request, Fastly's default (10,000) when the field is 0
 * @param maxBytes body bytes per request, Fastly's default (100 MB) when the field is 0
 * @param period the longest a line waits for its batch to fill, Fastly's default (5 s) when the field is 0
 * @param jsonFormat {@code 0} lines joined by newlines, {@code 1} a JSON array of the lines, {@code 2} one line per JSON value
 * @param contentType the Content-Type sent; null for the default of the json format
 * @param gzipLevel the gzip level bodies are compressed with (1-9; {@code compression_codec} gzip is level 6), 0 for none
 */
public record HttpsEndpoint(String serviceId, String name, String format, int formatVersion,
        @Nullable String responseCondition, @Nullable String placement, URI url, String method, @Nullable String contentType,
        @Nullable String headerName, @Nullable String headerValue, String jsonFormat, int maxEntries, long maxBytes, Duration period,
        @Nullable String tlsHostname, @Nullable String tlsCaCert, @Nullable String tlsClientCert, @Nullable String tlsClientKey,
        MessageType messageType, int gzipLevel) implements LoggingEndpoint {

    public static final String KIND = "logging/https";
    /** Fastly: "Defaults 0 (10k)". */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Fastly: "Defaults 0 (100MB)". */
    public static final long DEFAULT_MAX_BYTES = 100L * 1000 * 1000;
    /** Fastly: "A value of 0 sends logs at the same interval as the default, which is 5 seconds". */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    @Override
    public String kind() {
        return KIND;
    }

    /** The name the server's certificate must carry: {@code tls_hostname}, else the URL's host. */
    public String verificationName() {
        var host = url.getHost();
        return tlsHostname == null || tlsHostname.isBlank() ? (host == null ? "" : host) : tlsHostname;
    }

    /** The Content-Type sent: {@code content_type}, else JSON for the JSON formats and plain text otherwise. */
    public String effectiveContentType() {
        if (contentType != null && !contentType.isBlank()) {
            return contentType;
        }
        return "0".equals(jsonFormat) ? "text/plain" : "application/json";
    }

    @Override
    public String toString() {
        // header_value and the client key may be secrets: never printed.
        return "HttpsEndpoint[" + serviceId + " " + name + " " + method + " " + url + "]";
    }
}
