package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The headers the edge adds to every response (semantics §5): {@code X-Served-By} and
 * {@code X-Cache} appended per hop as Fastly does, and {@code X-Timer}; with {@code Fastly-Debug}
 * from an allowed client also {@code X-Backend}, {@code X-Backend-Reason}, {@code X-Backline-Path}
 * and {@code Server-Timing}. On requests, {@code Fastly-FF} (shielding).
 */
public final class EdgeHeaders {
    static final AsciiString X_SERVED_BY = AsciiString.cached("x-served-by");
    static final AsciiString X_CACHE = AsciiString.cached("x-cache");
    static final AsciiString X_CACHE_HITS = AsciiString.cached("x-cache-hits");
    /** Under Fastly-Debug: what the cache did and why ({@code hit}, {@code miss: stored ttl=3600 (…)}, {@code pass: …}). */
    static final AsciiString X_BACKLINE_CACHE = AsciiString.cached("x-backline-cache");
    /** Under Fastly-Debug during a rollout: which version served the request, and at what share (issue 19). */
    static final AsciiString X_BACKLINE_ROLLOUT = AsciiString.cached("x-backline-rollout");
    static final AsciiString FASTLY_KEY = AsciiString.cached("fastly-key");
    static final AsciiString FASTLY_SOFT_PURGE = AsciiString.cached("fastly-soft-purge");
    static final AsciiString X_TIMER = AsciiString.cached("x-timer");
    static final AsciiString X_BACKEND = AsciiString.cached("x-backend");
    static final AsciiString X_BACKEND_REASON = AsciiString.cached("x-backend-reason");
    static final AsciiString X_BACKLINE_ERROR = AsciiString.cached("x-backline-error");
    static final AsciiString SERVER_TIMING = AsciiString.cached("server-timing");
    static final AsciiString FASTLY_DEBUG = AsciiString.cached("fastly-debug");
    /** One entry per edge that forwarded the request (shielding, {@link io.backline.edge.select.FastlyFf}); when present the surrogate headers stay. */
    static final AsciiString FASTLY_FF = AsciiString.cached("fastly-ff");
    /** Under Fastly-Debug: the way the request took, {@code shield s via HOST:PORT} or {@code origin} (docs/shielding.md). */
    static final AsciiString X_BACKLINE_PATH = AsciiString.cached("x-backline-path");
    /** The client's Host, kept when the settings' default host applies (semantics §4.3). */
    static final AsciiString FASTLY_ORIG_HOST = AsciiString.cached("fastly-orig-host");

    /**
     * The names this edge sets itself. They are valid tokens by construction, so the check Netty
     * runs on every {@code set} (a scan of each name, per header, per request, 2 % of the edge's CPU
     * at 1 KiB) is skipped for exactly these instances; names parsed from the wire are checked as before.
     */
    private static final AsciiString[] OWN_NAMES = {X_SERVED_BY, X_CACHE, X_CACHE_HITS, X_BACKLINE_CACHE, HttpHeaderNames.AGE,
        HttpHeaderNames.ACCEPT_RANGES, HttpHeaderNames.CONTENT_RANGE, X_TIMER, X_BACKEND, X_BACKEND_REASON, X_BACKLINE_ERROR,
        SERVER_TIMING, FASTLY_ORIG_HOST, FASTLY_FF, X_BACKLINE_PATH, ForwardedHeaders.X_FORWARDED_FOR, ForwardedHeaders.X_FORWARDED_HOST,
        ForwardedHeaders.X_FORWARDED_PROTO, ForwardedHeaders.FORWARDED, HttpHeaderNames.VIA, HttpHeaderNames.HOST,
        HttpHeaderNames.CONNECTION, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.CACHE_CONTROL};

    private static final DefaultHeaders.NameValidator<CharSequence> WIRE_NAMES =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    /**
     * The header maps of both codecs, the client's and the origins' (EdgeServer hands it to the
     * origin pools), and of the edge's own responses: Netty's, validating every name but {@link #OWN_NAMES}.
     */
    public static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidator(EdgeHeaders::validateName);

    private EdgeHeaders() {}

    private static void validateName(CharSequence name) {
        for (var own : OWN_NAMES) {
            if (own == name) {
                return;
            }
        }
        WIRE_NAMES.validateName(name);
    }

    /**
     * Adds the always-present headers.
     *
     * @param startEpochMicros when the request arrived, in microseconds since the epoch
     * @param elapsedNanos from arrival until now (the response headers being sent)
     */
    static void decorate(HttpHeaders headers, String serverName, long startEpochMicros, long elapsedNanos) {
        decorate(headers, serverName, startEpochMicros, elapsedNanos, "MISS", -1); // without a cache every response is a miss
    }

    /**
     * Adds the always-present headers with the cache's outcome: X-Cache {@code HIT} or {@code MISS} (a pass
     * reports as MISS, as at Fastly) and, when {@code hits} is not negative, X-Cache-Hits; both appended to
     * what an upstream edge (a shield) wrote, so that the lists read hop by hop ({@code MISS, HIT}).
     */
    static void decorate(HttpHeaders headers, String serverName, long startEpochMicros, long elapsedNanos, String xCache, int hits) {
        ForwardedHeaders.append(headers, X_SERVED_BY, serverName);
        ForwardedHeaders.append(headers, X_CACHE, xCache);
        if (hits >= 0) {
            ForwardedHeaders.append(headers, X_CACHE_HITS, Integer.toString(hits));
        }
        headers.set(X_TIMER, timer(startEpochMicros, elapsedNanos));
    }

    /** {@code Fastly-Debug} with any value but {@code 0} asks for the debug headers (Fastly honours any value). */
    static boolean debugRequested(@Nullable String value) {
        return value != null && !value.isBlank() && !value.trim().equals("0");
    }

    /**
     * {@code S<seconds>.<micros>,VS0,VE<elapsed ms>}, Fastly's format. Written straight into the
     * bytes the encoder copies (one array and its wrapper, against a builder, its array and a
     * string), as it is on every response.
     */
    static AsciiString timer(long startEpochMicros, long elapsedNanos) {
        long seconds = Math.max(0, startEpochMicros / 1_000_000);
        long micros = Math.max(0, startEpochMicros % 1_000_000);
        long millis = Math.max(0, elapsedNanos / 1_000_000);
        int secondsDigits = digits(seconds);
        int millisDigits = digits(millis);
        var text = new byte[1 + secondsDigits + 1 + 6 + VS_VE.length + millisDigits];
        text[0] = 'S';
        int at = writeDigits(text, 1, seconds, secondsDigits);
        text[at++] = '.';
        at = writeDigits(text, at, micros, 6);
        System.arraycopy(VS_VE, 0, text, at, VS_VE.length);
        writeDigits(text, at + VS_VE.length, millis, millisDigits);
        return new AsciiString(text, false);
    }

    private static final byte[] VS_VE = ",VS0,VE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static int digits(long value) {
        int count = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            count++;
        }
        return count;
    }

    /** Writes {@code value} as exactly {@code count} decimal digits (zero-padded) at {@code at}; returns the position after them. */
    private static int writeDigits(byte[] into, int at, long value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }

    /**
     * The debug headers.
     *
     * @param connectNanos time to get an origin connection (0 for a pooled one), or -1 when none was made
     * @param firstByteNanos from the request sent to the response's first byte, or -1
     */
    static void debug(HttpHeaders headers, @Nullable BackendSettings backend, @Nullable String reason, @Nullable String path,
            long connectNanos, long firstByteNanos, long totalNanos) {
        if (backend != null) {
            headers.set(X_BACKEND, backend.name());
        }
        if (path != null) {
            headers.set(X_BACKLINE_PATH, path);
        }
        if (reason != null) {
            // A shielded backend's reason says which way the request went, and why the origin when the shield was not taken.
            var text = path != null && !path.equals("origin") ? reason + "; path=" + path : reason;
            headers.set(X_BACKEND_REASON, text);
        }
        var timing = new StringBuilder(64);
        if (connectNanos >= 0) {
            timing.append("connect;dur=").append(millis(connectNanos)).append(", ");
        }
        if (firstByteNanos >= 0) {
            timing.append("fb;dur=").append(millis(firstByteNanos)).append(", ");
        }
        headers.set(SERVER_TIMING, timing.append("total;dur=").append(millis(totalNanos)).toString());
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
