package io.backline.edge.proxy;

import io.backline.edge.TraceIds;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) for one request: the edge joins the
 * client's trace when a valid {@code traceparent} arrives, or starts one, and always makes its own
 * span, whose id goes to the origin as the new parent id. {@code tracestate} passes through
 * untouched. Ids come from {@link ThreadLocalRandom}: they must be unique, not secret. They are kept
 * as numbers and written as text only when read ({@link TraceIds}).
 */
record TraceContext(long traceHigh, long traceLow, long span, int flags) {
    static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
    /** version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
    private static final int LENGTH = 55;

    /** The client's trace, when its traceparent is valid (version 00 or a later one, whose first four fields are read); otherwise a new one. */
    static TraceContext of(@Nullable String traceparent) {
        var parsed = traceparent == null ? null : parse(traceparent.strip());
        if (parsed != null) {
            return parsed;
        }
        var random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return new TraceContext(high, low, newSpanId(), 1);
    }

    String traceId() {
        return TraceIds.traceId(traceHigh, traceLow);
    }

    String spanId() {
        return TraceIds.spanId(span);
    }

    /** Sets the traceparent the origin receives: this trace, the edge's span as parent. */
    void applyTo(HttpHeaders headers) {
        var text = new byte[LENGTH];
        text[0] = '0';
        text[1] = '0';
        text[2] = '-';
        TraceIds.write(text, 3, traceHigh);
        TraceIds.write(text, 19, traceLow);
        text[35] = '-';
        TraceIds.write(text, 36, span);
        text[52] = '-';
        text[53] = hexDigit(flags >>> 4);
        text[54] = hexDigit(flags & 0xF);
        headers.set(TRACEPARENT, new AsciiString(text, false));
    }

    private static byte hexDigit(int value) {
        return (byte) (value < 10 ? '0' + value : 'a' + value - 10);
    }

    private static @Nullable TraceContext parse(String value) {
        // a later version may append "-..." after the first 55 characters
        if (value.length() < LENGTH || (value.length() > LENGTH && value.charAt(LENGTH) != '-')) {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        if (!lowerHex(value, 0, 2) || !lowerHex(value, 3, 35) || !lowerHex(value, 36, 52) || !lowerHex(value, 53, 55)) {
            return null;
        }
        long version = hex(value, 0, 2);
        long high = hex(value, 3, 19);
        long low = hex(value, 19, 35);
        long parent = hex(value, 36, 52);
        long flags = hex(value, 53, 55);
        if (version == 0xff || (version == 0 && value.length() != LENGTH) || (high == 0 && low == 0) || parent == 0) {
            return null;
        }
        return new TraceContext(high, low, newSpanId(), (int) flags);
    }

    private static long newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /** Whether every character from {@code from} to {@code to} is a lower-case hex digit. */
    private static boolean lowerHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (digit(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The value of at most 16 lower-case hex digits, checked by {@link #lowerHex}. */
    private static long hex(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 4 | digit(text.charAt(i));
        }
        return value;
    }

    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
