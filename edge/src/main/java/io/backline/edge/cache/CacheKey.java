package io.backline.edge.cache;

import java.util.Locale;

/**
 * Where an object is stored: Fastly's key, host and URL, within one service, and for a response
 * with {@code Vary} the request's values of the headers it names ({@code variant}, empty for none).
 */
public record CacheKey(String serviceId, String host, String url, String variant) {

    /**
     * The key of a URL before {@code Vary} is known. The host is compared without case and without a
     * port, so that a purge of {@code www.example.com/path} (Fastly's form, from the API) finds what
     * clients asked for as {@code www.example.com:8000}.
     */
    public static CacheKey of(String serviceId, String host, String url) {
        return new CacheKey(serviceId, lower(withoutPort(host)), url, "");
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.indexOf(']') > colon) {
            return host; // no port, or a bracketed IPv6 address without one
        }
        if (host.indexOf(':') != colon && !host.startsWith("[")) {
            return host; // a bare IPv6 address
        }
        return host.substring(0, colon);
    }

    /** The same URL without a variant. */
    CacheKey base() {
        return variant.isEmpty() ? this : new CacheKey(serviceId, host, url, "");
    }

    CacheKey withVariant(String value) {
        return new CacheKey(serviceId, host, url, value);
    }

    private static String lower(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return host.toLowerCase(Locale.ROOT);
            }
        }
        return host;
    }
}
