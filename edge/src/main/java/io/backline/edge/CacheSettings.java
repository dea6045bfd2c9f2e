package io.backline.edge;

/**
 * The cache rules of one service version's settings (Fastly's {@code general.*} settings): the TTL of
 * a response whose headers set none, and whether stale objects may answer when the origin fails,
 * and for how long past their TTL (docs/cache.md).
 *
 * @param defaultTtlSeconds {@code general.default_ttl}: 3600 unless set; 0 caches nothing that sets no TTL itself
 * @param staleIfError {@code general.stale_if_error}
 * @param staleIfErrorTtlSeconds {@code general.stale_if_error_ttl}: 43200 unless set
 */
public record CacheSettings(int defaultTtlSeconds, boolean staleIfError, int staleIfErrorTtlSeconds) {
    /** Fastly's defaults. */
    public static final CacheSettings DEFAULT = new CacheSettings(3_600, false, 43_200);

    public CacheSettings {
        if (defaultTtlSeconds < 0) {
            throw new IllegalArgumentException("defaultTtlSeconds: " + defaultTtlSeconds + " (expected: 0 or more)");
        }
        if (staleIfErrorTtlSeconds < 0) {
            throw new IllegalArgumentException("staleIfErrorTtlSeconds: " + staleIfErrorTtlSeconds + " (expected: 0 or more)");
        }
    }

    /** Seconds a stale object may answer a failed fetch by the settings alone; 0 when stale_if_error is off. */
    public int staleIfErrorSeconds() {
        return staleIfError ? staleIfErrorTtlSeconds : 0;
    }
}
