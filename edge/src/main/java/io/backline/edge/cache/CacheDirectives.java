package io.backline.edge.cache;

import org.jspecify.annotations.Nullable;

/**
 * The directives of one {@code Cache-Control} or {@code Surrogate-Control} value that the cache
 * reads. Seconds are -1 when absent or malformed. Parsing is by hand because the grammar is a
 * comma list of {@code token[=value]} (RFC 9111 §5.2) and these few names are all we act on: a
 * general header parser would allocate a map per response for nothing.
 */
record CacheDirectives(long maxAge, long sMaxAge, long staleWhileRevalidate, long staleIfError, boolean noStore,
        boolean noCache, boolean isPrivate) {

    static final CacheDirectives NONE = new CacheDirectives(-1, -1, -1, -1, false, false, false);

    /** Every value of the header, joined (Netty's getAll) or a single one; null for none. */
    static CacheDirectives parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        long maxAge = -1;
        long sMaxAge = -1;
        long swr = -1;
        long sie = -1;
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        int start = 0;
        int length = value.length();
        while (start < length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int equals = value.indexOf('=', start);
            String name;
            String argument = null;
            if (equals >= 0 && equals < end) {
                name = value.substring(start, equals).trim();
                argument = value.substring(equals + 1, end).trim();
                if (argument.length() >= 2 && argument.charAt(0) == '"' && argument.charAt(argument.length() - 1) == '"') {
                    argument = argument.substring(1, argument.length() - 1);
                }
            } else {
                name = value.substring(start, end).trim();
            }
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "max-age" -> maxAge = seconds(argument);
                case "s-maxage" -> sMaxAge = seconds(argument);
                case "stale-while-revalidate" -> swr = seconds(argument);
                case "stale-if-error" -> sie = seconds(argument);
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                default -> { }
            }
            start = end + 1;
        }
        return new CacheDirectives(maxAge, sMaxAge, swr, sie, noStore, noCache, isPrivate);
    }

    /** A delta-seconds argument; -1 when it is not one. Values beyond an int are capped (RFC 9111 §1.2.2). */
    static long seconds(@Nullable String argument) {
        if (argument == null || argument.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(Integer.MAX_VALUE, value * 10 + (c - '0'));
        }
        return value;
    }
}
