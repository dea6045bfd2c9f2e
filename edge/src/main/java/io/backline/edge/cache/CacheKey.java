package io.backline.edge.cache;

import java.util.Locale;

/**
 * Where an object is stored: Fastly's key, host and URL, within one service, and for a response
 * with {@code Vary} the request's values of the headers it names ({@code variant}, empty for none).
 */
public record CacheKey(String serviceId, String host, String url, String variant) {

    /** The key of a URL before {@code Vary} is known; the host is compared without case. */
    public static CacheKey of(String serviceId, String host, String url) {
        return new CacheKey(serviceId, lower(host), url, "");
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
