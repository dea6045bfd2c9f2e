package io.backline.edge.cache;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.IllegalReferenceCountException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One stored response: its status, its headers as the client gets them before the edge's own
 * (X-Served-By, X-Cache, Age, … are added per hit), and its body in one pooled direct buffer that
 * every hit sends through a {@link #retainedBody() retained duplicate}: never copied per hit. The
 * cache's reference is released when the object leaves the cache; a hit in flight holds its own.
 *
 * <p>Times are wall-clock milliseconds. An object is fresh for its TTL after it was stored; then
 * stale, and served stale only within stale-while-revalidate (while one refresh runs) or
 * stale-if-error (when the origin fails); it stays in the cache until {@link #retainMillis} so
 * that it can be served stale or revalidated. A soft purge makes it stale at once.
 */
public final class CachedObject {
    /** How long past its TTL an object with a validator is kept for revalidation: its TTL, within these bounds. */
    static final long MIN_GRACE_MILLIS = TimeUnit.SECONDS.toMillis(60);
    static final long MAX_GRACE_MILLIS = TimeUnit.DAYS.toMillis(1);

    final CacheKey key;
    final int status;
    private final StoredHeaders headers;
    private final ByteBuf body;
    /** {@link #weight()} once taken; -1 before. Racy but idempotent: every thread computes the same value. */
    private int weight = -1;
    final long storedAtMillis;
    private final long initialAgeSeconds;
    final long ttlMillis;
    private final long swrMillis;
    private final long sieMillis;
    final long retainMillis;
    final String ttlSource;
    private final @Nullable String etag;
    private final @Nullable String lastModified;
    final List<String> surrogateKeys;
    final List<String> varyNames;
    private final AtomicInteger hits;
    private volatile long softPurgedAt;
    /** The body's length as text, for the Content-Length of every whole response: written once. */
    private final AsciiString lengthText;
    /**
     * The Age text of the second a hit last asked for, so that hits within one second share it. A
     * plain field: each thread writes a complete pair (final fields), and a lost write only costs one
     * more text.
     */
    private @Nullable AgeText lastAge;

    private record AgeText(long seconds, AsciiString text) {}

    CachedObject(CacheKey key, int status, HttpHeaders headers, ByteBuf body, long storedAtMillis, CachePolicy.Store decision,
            long settingsStaleIfErrorSeconds, List<String> varyNames, AtomicInteger hits) {
        this.key = key;
        this.status = status;
        this.headers = StoredHeaders.encoded(headers);
        this.body = body;
        this.storedAtMillis = storedAtMillis;
        long age = CacheDirectives.seconds(trim(headers.get(HttpHeaderNames.AGE)));
        this.initialAgeSeconds = Math.max(0, age);
        this.ttlMillis = TimeUnit.SECONDS.toMillis(decision.ttlSeconds());
        this.swrMillis = TimeUnit.SECONDS.toMillis(decision.staleWhileRevalidateSeconds());
        this.sieMillis = TimeUnit.SECONDS.toMillis(decision.staleIfErrorSeconds());
        this.ttlSource = decision.source();
        this.etag = headers.get(HttpHeaderNames.ETAG);
        this.lastModified = headers.get(HttpHeaderNames.LAST_MODIFIED);
        this.surrogateKeys = surrogateKeys(headers.get(CachePolicy.SURROGATE_KEY));
        this.varyNames = List.copyOf(varyNames);
        this.hits = hits;
        this.lengthText = new AsciiString(Integer.toString(body.readableBytes()));
        long grace = etag != null || lastModified != null ? Math.clamp(ttlMillis, MIN_GRACE_MILLIS, MAX_GRACE_MILLIS) : 0;
        long staleWindow = Math.max(Math.max(swrMillis, sieMillis), Math.max(grace, TimeUnit.SECONDS.toMillis(settingsStaleIfErrorSeconds)));
        this.retainMillis = ttlMillis + staleWindow;
    }

    /** The headers to send, never changed once stored: a response lays its own over them. */
    public StoredHeaders headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public CacheKey key() {
        return key;
    }

    public int bodyLength() {
        return body.readableBytes();
    }

    /** The body for one response, sharing the stored bytes; null when the object was released meanwhile (then treat it as a miss). */
    public @Nullable ByteBuf retainedBody() {
        try {
            return body.retainedDuplicate();
        } catch (IllegalReferenceCountException e) {
            return null;
        }
    }

    /** Counts a hit and answers the count (X-Cache-Hits). */
    public int hit() {
        return hits.incrementAndGet();
    }

    public int hits() {
        return hits.get();
    }

    public @Nullable String etag() {
        return etag;
    }

    public @Nullable String lastModified() {
        return lastModified;
    }

    public boolean hasValidator() {
        return etag != null || lastModified != null;
    }

    /** Age in seconds at {@code now}: the origin's Age plus the time since it was stored. */
    public long ageSeconds(long nowMillis) {
        return initialAgeSeconds + Math.max(0, nowMillis - storedAtMillis) / 1000;
    }

    /** {@link #ageSeconds} as text: shared by the hits of one second. */
    public AsciiString ageText(long nowMillis) {
        long seconds = ageSeconds(nowMillis);
        var last = lastAge;
        if (last != null && last.seconds() == seconds) {
            return last.text();
        }
        var text = new AsciiString(Long.toString(seconds));
        lastAge = new AgeText(seconds, text);
        return text;
    }

    /** {@link #bodyLength} as text. */
    public AsciiString lengthText() {
        return lengthText;
    }

    /** When it stopped being fresh: the end of its TTL, or a soft purge before that. */
    long staleSince() {
        long expiry = storedAtMillis + ttlMillis;
        long purged = softPurgedAt;
        return purged != 0 && purged < expiry ? purged : expiry;
    }

    public boolean fresh(long nowMillis) {
        return nowMillis < staleSince();
    }

    /** Whether it may be served stale while one refresh runs. */
    public boolean staleWhileRevalidate(long nowMillis) {
        return swrMillis > 0 && nowMillis < staleSince() + swrMillis;
    }

    /** Whether it may answer a failed fetch: within the header's stale-if-error or the settings' (seconds, 0 for off). */
    public boolean staleIfError(long nowMillis, int settingsSeconds) {
        long window = Math.max(sieMillis, TimeUnit.SECONDS.toMillis(settingsSeconds));
        return window > 0 && nowMillis < staleSince() + window;
    }

    /** Remaining seconds of freshness, for the debug header. */
    public long ttlSeconds() {
        return TimeUnit.MILLISECONDS.toSeconds(ttlMillis);
    }

    void softPurge(long nowMillis) {
        if (softPurgedAt == 0) {
            softPurgedAt = Math.max(1, nowMillis);
        }
    }

    /** Whether a request's headers select this variant. */
    public boolean matches(HttpHeaders requestHeaders) {
        return varyNames.isEmpty() || HttpCache.variant(varyNames, requestHeaders).equals(key.variant());
    }

    /**
     * Heap bytes an object holds besides its header fields' text: itself, its key and the key's
     * strings, its lists and counters, the store's entry; and per header field (its slots in
     * {@link StoredHeaders} and its two strings). Measured, not derived, as the heap after a full
     * collection grew per object stored (2026-12-05, docs/cache.md#memory): 1,205 bytes per 1 KiB
     * object with 4 fields in a {@code backline serve}, 161 more per added field of 13 characters;
     * 1,810 per object with 5 fields in the edge's tests (CacheBoundTest holds the weight to it).
     * Counted at 256 and 32 before, --cache-size bounded less than half of what a cache of small
     * objects held, and a full 256 MiB one of 1 KiB objects filled the 384 MB heap. Since the fields
     * are kept in two arrays instead of a map, the same test measures 1,547 bytes against a weight
     * of 1,943: the weight now errs high, kept so that the cache holds what it held when measured.
     * What {@link StoredHeaders} keeps besides (the names' keys, the fields' encoded lines) is counted
     * as it is, by {@link StoredHeaders#extraHeapBytes}.
     */
    static final long OBJECT_HEAP_BYTES = 768;
    static final long FIELD_HEAP_BYTES = 150;

    /** Bytes this object holds, on and off the heap: its buffer's capacity, its key and its headers. */
    int weight() {
        // Taken once: the store's byte bound and the per-service byte count both add it when the
        // object is stored and take it away when it leaves, so it must not change in between.
        int known = weight;
        if (known >= 0) {
            return known;
        }
        long size = body.capacity() + OBJECT_HEAP_BYTES + key.host().length() + key.url().length() + key.variant().length()
                + headers.extraHeapBytes();
        for (int i = 0; i < headers.size(); i++) {
            size += headers.name(i).length() + headers.value(i).length() + FIELD_HEAP_BYTES;
        }
        known = (int) Math.min(Integer.MAX_VALUE, size);
        weight = known;
        return known;
    }

    /**
     * The object refreshed by a 304 at {@code now}: the 304's headers replace the stored ones of the same
     * name (RFC 9111 §4.3.4), the body and the hit count stay, and the TTL is decided again.
     */
    CachedObject refreshed(HttpHeaders merged, CachePolicy.Store decision, long nowMillis, int settingsStaleIfErrorSeconds) {
        body.retain(); // the new object's own reference; the old one's is released when it leaves the cache
        return new CachedObject(key, status, merged, body, nowMillis, decision, settingsStaleIfErrorSeconds, varyNames, hits);
    }

    void release() {
        if (body.refCnt() > 0) {
            body.release();
        }
    }

    private static List<String> surrogateKeys(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }

    private static @Nullable String trim(@Nullable String value) {
        return value == null ? null : value.trim();
    }
}
