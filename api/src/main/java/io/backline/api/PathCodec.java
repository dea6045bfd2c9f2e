package io.backline.api;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of one path segment; unlike a form, {@code +} stays a plus sign. */
final class PathCodec {
    private PathCodec() {}

    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        var out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && hex(segment, i + 1) >= 0 && hex(segment, i + 2) >= 0) {
                out.write((hex(segment, i + 1) << 4) | hex(segment, i + 2));
                i += 2;
            } else if (c == '%') {
                throw new ApiException(ApiException.Kind.BAD_REQUEST,
                        "path: broken percent-escape in '" + segment + "' (expected: %XX with two hex digits)");
            } else {
                var bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return refuseNul("path", out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a decoded path or query value holding a NUL character. No name may hold one (the schemas
     * refuse it), and PostgreSQL cannot even compare text with one, so without this a lookup of
     * {@code %00} failed in the store with a 500 instead of being refused here.
     */
    static String refuseNul(String where, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new ApiException(ApiException.Kind.BAD_REQUEST,
                    where + ": '" + shown(value) + "' holds a NUL character (expected: text without NUL)");
        }
        return value;
    }

    private static String shown(String value) {
        var escaped = value.replace("\0", "%00");
        return escaped.length() <= 40 ? escaped : escaped.substring(0, 40) + "…";
    }

    private static int hex(String text, int index) {
        return index < text.length() ? Character.digit(text.charAt(index), 16) : -1;
    }

    /** Encodes a query key or value for the Link headers of paged lists. */
    static String encodeQueryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
