package io.backline.edge.cache;

import org.jspecify.annotations.Nullable;

/**
 * One byte range of a {@code Range} request header (RFC 9110 §14.1.2), resolved against a length:
 * {@code first} to {@code last} inclusive. Only a single range is served from the cache; a list of
 * ranges or another unit is ignored (the whole object is sent, as the RFC allows).
 */
public record ByteRange(long first, long last) {
    /** The range asked for lies wholly past the end: 416. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    public long length() {
        return last - first + 1;
    }

    public boolean satisfiable() {
        return first >= 0;
    }

    /** The range of {@code header} within {@code length} bytes; {@link #UNSATISFIABLE}; or null to ignore it. */
    public static @Nullable ByteRange parse(@Nullable String header, long length) {
        if (header == null) {
            return null;
        }
        var value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        var spec = value.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        var from = spec.substring(0, dash).trim();
        var to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) {
            long suffix = CacheDirectives.seconds(to); // a plain non-negative decimal
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0 || length == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, length - suffix), length - 1);
        }
        long first = CacheDirectives.seconds(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : CacheDirectives.seconds(to);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, length - 1));
    }
}
