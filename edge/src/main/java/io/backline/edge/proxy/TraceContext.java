package io.backline.edge.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) for one request: the edge joins the
 * client's trace when a valid {@code traceparent} arrives, or starts one, and always makes its own
 * span, whose id goes to the origin as the new parent id. {@code tracestate} passes through
 * untouched. Ids come from {@link ThreadLocalRandom}: they must be unique, not secret.
 */
record TraceContext(String traceId, String spanId, String flags) {
    static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** The client's trace, when its traceparent is valid (version 00 or a later one, whose first four fields are read); otherwise a new one. */
    static TraceContext of(@Nullable String traceparent) {
        var parsed = traceparent == null ? null : parse(traceparent.strip());
        return parsed != null ? parsed : new TraceContext(hex(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()),
                newSpanId(), "01");
    }

    /** Sets the traceparent the origin receives: this trace, the edge's span as parent. */
    void applyTo(HttpHeaders headers) {
        headers.set(TRACEPARENT, "00-" + traceId + "-" + spanId + "-" + flags);
    }

    private static @Nullable TraceContext parse(String value) {
        // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 = 55; a later version may append "-..."
        if (value.length() < 55 || (value.length() > 55 && value.charAt(55) != '-')) {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        var version = value.substring(0, 2);
        var traceId = value.substring(3, 35);
        var parentId = value.substring(36, 52);
        var flags = value.substring(53, 55);
        if (!lowerHex(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)) {
            return null;
        }
        if (!lowerHex(traceId) || !lowerHex(parentId) || !lowerHex(flags) || traceId.equals(ZERO_TRACE) || parentId.equals(ZERO_SPAN)) {
            return null;
        }
        return new TraceContext(traceId, newSpanId(), flags);
    }

    private static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id);
    }

    private static boolean lowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String hex(long high, long low) {
        return hex(high) + hex(low);
    }

    private static String hex(long value) {
        var text = Long.toHexString(value);
        return text.length() == 16 ? text : "0".repeat(16 - text.length()) + text;
    }
}
