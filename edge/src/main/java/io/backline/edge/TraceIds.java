package io.backline.edge;

/**
 * W3C Trace Context ids as the edge keeps them: a trace id as two longs, a span id as one, written
 * as lower-case hex only when something reads them (an access-log line, a logging endpoint, the
 * traceparent sent to an origin). A cache hit sends nothing to an origin, so with no log that
 * reads the ids they are never formatted (three strings, 168 bytes, saved on every request).
 */
public final class TraceIds {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TraceIds() {}

    /** The 32 hex digits of a trace id. */
    public static String traceId(long high, long low) {
        var text = new byte[32];
        write(text, 0, high);
        write(text, 16, low);
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The 16 hex digits of a span id. */
    public static String spanId(long span) {
        var text = new byte[16];
        write(text, 0, span);
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as 16 lower-case hex digits at {@code at}. */
    public static void write(byte[] into, int at, long value) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
