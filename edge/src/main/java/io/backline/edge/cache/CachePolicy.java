package io.backline.edge.cache;

import io.backline.edge.CacheSettings;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's rules for whether a response is cached and for how long (docs/cache.md lists each rule
 * with the page of Fastly's documentation it comes from). Pure functions of the request method,
 * the response's status and headers, the clock and the version's {@link CacheSettings}.
 */
public final class CachePolicy {
    public static final AsciiString SURROGATE_CONTROL = AsciiString.cached("surrogate-control");
    public static final AsciiString SURROGATE_KEY = AsciiString.cached("surrogate-key");

    private CachePolicy() {}

    /** What to do with a response. */
    public sealed interface Decision {}

    /**
     * Keep it.
     *
     * @param ttlSeconds fresh for this long from now (the response's Age already taken off)
     * @param staleWhileRevalidateSeconds served stale this long past the TTL while one refresh runs
     * @param staleIfErrorSeconds served stale this long past the TTL when the origin fails (the header's; the
     *     settings' {@code stale_if_error_ttl} is added at serve time)
     * @param source which header set the TTL, for the debug header
     */
    public record Store(long ttlSeconds, long staleWhileRevalidateSeconds, long staleIfErrorSeconds, String source) implements Decision {}

    /**
     * Do not keep it; {@code reason} goes to the debug header ({@code pass: <reason>}).
     *
     * @param hitForPass whether the key is then marked hit-for-pass ({@link HttpCache#passMarker}): true for what
     *     Fastly's VCL passes in {@code vcl_fetch} (Set-Cookie, private, no-store, no-cache, Vary *, a TTL of 0),
     *     false for a status Fastly does not cache, which it delivers uncached without a marker
     */
    public record Pass(String reason, boolean hitForPass) implements Decision {
        public Pass(String reason) {
            this(reason, true);
        }
    }

    /** Whether a request may be answered from the cache and fill it: GET and HEAD (Fastly's default VCL looks up only these). */
    public static boolean lookupMethod(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    /** Fastly caches these statuses by default. */
    public static boolean cacheableStatus(int status) {
        return switch (status) {
            case 200, 203, 300, 301, 302, 404, 410 -> true;
            default -> false;
        };
    }

    /**
     * Decides for one origin response, in Fastly's order: the status; {@code Set-Cookie}; {@code private}
     * and {@code no-store} in either header; {@code no-cache} unless Surrogate-Control sets the TTL; {@code Vary: *};
     * then the TTL from Surrogate-Control max-age, Cache-Control s-maxage, max-age, Expires against Date,
     * else the settings' default TTL; a TTL of 0 or less is not kept.
     */
    public static Decision decide(int status, HttpHeaders headers, long nowMillis, CacheSettings settings) {
        if (!cacheableStatus(status)) {
            return new Pass("status " + status, false);
        }
        if (headers.contains(HttpHeaderNames.SET_COOKIE)) {
            return new Pass("Set-Cookie");
        }
        var surrogate = CacheDirectives.parse(joined(headers, SURROGATE_CONTROL));
        var control = CacheDirectives.parse(joined(headers, HttpHeaderNames.CACHE_CONTROL));
        if (control.isPrivate() || surrogate.isPrivate()) {
            return new Pass("Cache-Control private");
        }
        if (control.noStore() || surrogate.noStore()) {
            return new Pass("Cache-Control no-store");
        }
        if (surrogate.noCache() || control.noCache() && surrogate.maxAge() < 0) {
            // Fastly's own example: Cache-Control: no-cache for browsers beside a Surrogate-Control max-age for the CDN.
            return new Pass("Cache-Control no-cache");
        }
        var vary = headers.get(HttpHeaderNames.VARY);
        if (vary != null && vary.contains("*")) {
            return new Pass("Vary *");
        }
        long age = Math.max(0, CacheDirectives.seconds(trimmed(headers.get(HttpHeaderNames.AGE))));
        long ttl;
        String source;
        if (surrogate.maxAge() >= 0) {
            ttl = surrogate.maxAge() - age;
            source = "Surrogate-Control max-age";
        } else if (control.sMaxAge() >= 0) {
            ttl = control.sMaxAge() - age;
            source = "Cache-Control s-maxage";
        } else if (control.maxAge() >= 0) {
            ttl = control.maxAge() - age;
            source = "Cache-Control max-age";
        } else if (headers.contains(HttpHeaderNames.EXPIRES)) {
            ttl = expiresTtl(headers, nowMillis);
            source = "Expires";
        } else {
            ttl = settings.defaultTtlSeconds();
            source = "default_ttl";
        }
        if (ttl <= 0) {
            return new Pass("ttl=0 (" + source + ")");
        }
        long swr = surrogate.staleWhileRevalidate() >= 0 ? surrogate.staleWhileRevalidate() : Math.max(0, control.staleWhileRevalidate());
        long sie = surrogate.staleIfError() >= 0 ? surrogate.staleIfError() : Math.max(0, control.staleIfError());
        return new Store(ttl, swr, sie, source);
    }

    /** Expires minus Date (the origin's clock against itself), or minus now without a Date; an unparseable Expires is already expired. */
    private static long expiresTtl(HttpHeaders headers, long nowMillis) {
        Date expires = date(headers.get(HttpHeaderNames.EXPIRES));
        if (expires == null) {
            return 0;
        }
        Date date = date(headers.get(HttpHeaderNames.DATE));
        long base = date == null ? nowMillis : date.getTime();
        return Math.floorDiv(expires.getTime() - base, 1000);
    }

    static @Nullable Date date(@Nullable String value) {
        return value == null ? null : DateFormatter.parseHttpDate(value.trim());
    }

    private static @Nullable String trimmed(@Nullable String value) {
        return value == null ? null : value.trim();
    }

    /** Every value of a header as one comma list, or null. */
    static @Nullable String joined(HttpHeaders headers, CharSequence name) {
        var first = headers.get(name);
        if (first == null) {
            return null;
        }
        var all = headers.getAll(name);
        return all.size() == 1 ? first : String.join(",", all);
    }
}
