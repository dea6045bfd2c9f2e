package io.backline.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.backline.edge.CacheSettings;
import io.backline.edge.Purge;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The edge's object store: Caffeine's W-TinyLFU admission and eviction, bounded by the bytes the
 * objects hold ({@link CachedObject#weight()}: buffer capacity and headers), each object expiring
 * when it may no longer be served even stale ({@link CachedObject#retainMillis}). A removal listener
 * releases the object's buffer. An object over {@link #maxObjectBytes()} (an eighth of the capacity)
 * is never stored: one object must not empty the cache.
 *
 * <p>Beside the store: the header names each URL varies on ({@code Vary}), an index from each URL
 * to its stored variants and from each service's surrogate keys to the objects tagged with them
 * (for purges), the fills in flight that concurrent misses wait for, and the counters per service.
 * All of it survives activations: only purges remove objects (and eviction, and expiry).
 *
 * <p>Threading: safe from any thread. Caffeine runs its maintenance and the removal listener on the
 * thread that caused them ({@code executor(Runnable::run)}) so that the bound holds when a write
 * returns rather than some time later on another pool.
 */
public final class HttpCache {
    /** Requests that may wait for one fetch; more go to the origin on their own. */
    public static final int MAX_WAITERS = 1_024;
    /** How long a request waits for another's fetch before it goes to the origin itself. */
    public static final long WAIT_MILLIS = 15_000;
    private static final int MAX_VARIED_URLS = 1 << 16;
    /**
     * How long a hit-for-pass marker lasts: Varnish's built-in 120 s. Fastly's VCL makes the same
     * marker (its request state {@code HITPASS}) and does not publish its lifetime.
     */
    public static final long HIT_FOR_PASS_SECONDS = 120;
    private static final int MAX_PASS_MARKERS = 1 << 16;

    private final long capacity;
    private final int maxObjectBytes;
    private final LongSupplier clock;
    private final Cache<CacheKey, CachedObject> objects;
    /** URL (base key) → the request header names its responses vary on; absent for a URL without Vary. */
    private final Cache<CacheKey, List<String>> varies;
    /**
     * Hit-for-pass markers: lookup key → the debug note of the requests it passes. A key whose last
     * response was passed (Set-Cookie, private, a TTL of 0, …) would otherwise queue every
     * concurrent miss behind one fetch only to send each on its own once the response turned out
     * uncacheable, and an uncacheable URL under load would be fetched in waves. With a marker,
     * requests go to the origin at once, as in Fastly and Varnish.
     */
    private final Cache<CacheKey, String> passes;
    private final ConcurrentHashMap<CacheKey, Set<CacheKey>> variantsOf = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<CacheKey>>> tagged = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CacheKey, CacheFill> fills = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CacheCounters> counters = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();

    public HttpCache(long capacityBytes) {
        this(capacityBytes, System::currentTimeMillis);
    }

    HttpCache(long capacityBytes, LongSupplier clock) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacityBytes: " + capacityBytes + " (expected: greater than 0)");
        }
        this.capacity = capacityBytes;
        this.maxObjectBytes = (int) Math.min(Integer.MAX_VALUE - 1024, capacityBytes / 8);
        this.clock = clock;
        this.objects = Caffeine.newBuilder()
                .maximumWeight(capacityBytes)
                .weigher((CacheKey key, CachedObject object) -> object.weight())
                .expireAfter(new Retention())
                .executor(Runnable::run)
                .removalListener(this::removed)
                .build();
        this.varies = Caffeine.newBuilder().maximumSize(MAX_VARIED_URLS).executor(Runnable::run).build();
        this.passes = Caffeine.newBuilder().maximumSize(MAX_PASS_MARKERS).expireAfterWrite(HIT_FOR_PASS_SECONDS, TimeUnit.SECONDS)
                .executor(Runnable::run).build();
    }

    /** Objects expire when they may no longer be served at all, even stale. */
    private static final class Retention implements Expiry<CacheKey, CachedObject> {
        @Override
        public long expireAfterCreate(CacheKey key, CachedObject value, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(value.retainMillis);
        }

        @Override
        public long expireAfterUpdate(CacheKey key, CachedObject value, long currentTime, long currentDuration) {
            return TimeUnit.MILLISECONDS.toNanos(value.retainMillis);
        }

        @Override
        public long expireAfterRead(CacheKey key, CachedObject value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    public long capacityBytes() {
        return capacity;
    }

    public int maxObjectBytes() {
        return maxObjectBytes;
    }

    /** Bytes held by stored objects now (Caffeine's weighted size). */
    public long bytes() {
        return objects.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long objects() {
        return objects.estimatedSize();
    }

    /** Objects removed to stay within the capacity. */
    public long evictions() {
        return evictions.sum();
    }

    long now() {
        return clock.getAsLong();
    }

    /** The counters of a service, made on first use. */
    public CacheCounters counters(String serviceId) {
        var found = counters.get(serviceId);
        return found != null ? found : counters.computeIfAbsent(serviceId, id -> new CacheCounters());
    }

    /** The key a request for {@code base} looks up: the base itself, or its variant when the URL's responses vary. */
    public CacheKey lookupKey(CacheKey base, HttpHeaders requestHeaders) {
        var names = varies.getIfPresent(base);
        return names == null ? base : base.withVariant(variant(names, requestHeaders));
    }

    /** The object stored under {@code key}, fresh or stale, or null. */
    public @Nullable CachedObject get(CacheKey key) {
        return objects.getIfPresent(key);
    }

    /**
     * Starts a fetch for {@code key} that concurrent misses may wait for, or joins the one in flight:
     * {@link Lead#leads} when the caller leads {@link Lead#fill} (and must complete or release it);
     * a fill without {@code leads} when it waits for that fill; no fill when the fetch in flight takes
     * no more waiters (the caller goes alone).
     */
    public Lead lead(CacheKey key, CacheFill.Waiter waiter, CacheSettings settings) {
        var existing = fills.get(key);
        if (existing != null) {
            return existing.join(waiter) ? new Lead(existing, false) : Lead.ALONE;
        }
        var fill = new CacheFill(this, key, counters(key.serviceId()).generation(), settings);
        var raced = fills.putIfAbsent(key, fill);
        if (raced != null) {
            return raced.join(waiter) ? new Lead(raced, false) : Lead.ALONE;
        }
        return new Lead(fill, true);
    }

    /**
     * The refresh of {@code stale}, a fetch that nobody waits for: null when one is in flight already,
     * or when {@code stale} is no longer the object stored under {@code key} (a refresh on another
     * loop stored its successor after the caller looked it up: fetching again would fetch what was
     * just fetched).
     */
    public @Nullable CacheFill leadRefresh(CacheKey key, CachedObject stale, CacheSettings settings) {
        var fill = new CacheFill(this, key, counters(key.serviceId()).generation(), settings);
        if (fills.putIfAbsent(key, fill) != null) {
            return null;
        }
        if (objects.getIfPresent(key) != stale) {
            fill.release();
            return null;
        }
        return fill;
    }

    /** The outcome of {@link #lead}. */
    public record Lead(@Nullable CacheFill fill, boolean leads) {
        static final Lead ALONE = new Lead(null, false);
    }

    void fillEnded(CacheFill fill) {
        fills.remove(fill.key, fill);
    }

    /**
     * The note of the hit-for-pass marker on {@code key} ({@code pass: hit-for-pass (<reason>)}), or null.
     * A request that finds one is a pass: it goes to the origin at once, without waiting for another's
     * fetch, and its response is not stored (Fastly: "marked uncacheable in vcl_fetch, which will trigger
     * a PASS and prevent the resulting backend response from being cached"). Purges remove the markers
     * of their service, so a purge after an origin change makes its URLs cacheable again at once.
     */
    public @Nullable String passMarker(CacheKey key) {
        return passes.getIfPresent(key);
    }

    /** Marks {@code key} hit-for-pass, unless a purge of its service came after the fetch began ({@code generation}). */
    void markPass(CacheKey key, String reason, long generation) {
        if (counters(key.serviceId()).generation() == generation) {
            passes.put(key, "pass: hit-for-pass (" + reason + ")");
        }
    }

    /** The key a response with these Vary names is stored under, for the request that fetched it. */
    CacheKey storeKey(CacheKey key, List<String> varyNames, HttpHeaders requestHeaders) {
        var base = key.base();
        return varyNames.isEmpty() ? base : base.withVariant(variant(varyNames, requestHeaders));
    }

    /** Stores an object unless a purge of its service came after its fetch began ({@code generation}). */
    void store(CachedObject object, long generation) {
        var key = object.key;
        if (counters(key.serviceId()).generation() != generation) {
            object.release();
            return;
        }
        var base = key.base();
        if (object.varyNames.isEmpty()) {
            varies.invalidate(base);
        } else {
            varies.put(base, object.varyNames);
        }
        variantsOf.computeIfAbsent(base, k -> ConcurrentHashMap.newKeySet()).add(key);
        if (!object.surrogateKeys.isEmpty()) {
            var byTag = tagged.computeIfAbsent(key.serviceId(), k -> new ConcurrentHashMap<>());
            for (var tag : object.surrogateKeys) {
                byTag.computeIfAbsent(tag, k -> ConcurrentHashMap.newKeySet()).add(key);
            }
        }
        counters(key.serviceId()).stored(object.weight()); // before the put: its removal (replaced, evicted) may follow at once
        objects.put(key, object);
    }

    /** The removal listener: the buffer goes back to the pool and the indexes forget the key unless it was replaced. */
    private void removed(@Nullable CacheKey key, @Nullable CachedObject object, RemovalCause cause) {
        if (object != null) {
            object.release();
        }
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
        }
        if (key == null || object == null) {
            return;
        }
        counters(key.serviceId()).removed(object.weight(), cause == RemovalCause.SIZE);
        var current = objects.getIfPresent(key);
        var byTag = tagged.get(key.serviceId());
        if (byTag != null) {
            for (var tag : object.surrogateKeys) {
                if (current == null || !current.surrogateKeys.contains(tag)) {
                    var keys = byTag.get(tag);
                    if (keys != null) {
                        keys.remove(key);
                        if (keys.isEmpty()) {
                            byTag.remove(tag, keys);
                        }
                    }
                }
            }
        }
        if (current == null) {
            var base = key.base();
            var variants = variantsOf.get(base);
            if (variants != null) {
                variants.remove(key);
                if (variants.isEmpty()) {
                    variantsOf.remove(base, variants);
                }
            }
        }
    }

    /**
     * Applies a purge: removes the objects it names, or marks them stale when it is soft, and answers
     * how many. Purge-all walks the store (it is rare; the key and URL purges use the indexes).
     */
    public int purge(Purge purge) {
        var service = purge.serviceId();
        var stats = counters(service);
        long now = now();
        int count = 0;
        // Every purge of the service drops its hit-for-pass markers (purges are rare, the markers bounded):
        // the next miss of each key collapses once more and learns again whether its response is cacheable.
        passes.asMap().keySet().removeIf(key -> key.serviceId().equals(service));
        switch (purge) {
            case Purge.All all -> {
                stats.purged(0);
                var doomed = new ArrayList<CacheKey>();
                for (var key : objects.asMap().keySet()) {
                    if (key.serviceId().equals(service)) {
                        doomed.add(key);
                    }
                }
                for (var key : doomed) {
                    count += objects.asMap().remove(key) != null ? 1 : 0;
                }
            }
            case Purge.Keys keys -> {
                stats.purged(keys.soft() ? 2 : 1);
                var byTag = tagged.get(service);
                if (byTag != null) {
                    var hit = new java.util.HashSet<CacheKey>();
                    for (var tag : keys.keys()) {
                        var found = byTag.get(tag);
                        if (found != null) {
                            hit.addAll(found);
                        }
                    }
                    count = apply(hit, keys.soft(), now);
                }
            }
            case Purge.Url url -> {
                stats.purged(url.soft() ? 4 : 3);
                var base = CacheKey.of(service, url.host(), url.path());
                var hit = new java.util.HashSet<CacheKey>();
                hit.add(base);
                var variants = variantsOf.get(base);
                if (variants != null) {
                    hit.addAll(variants);
                }
                count = apply(hit, url.soft(), now);
            }
        }
        return count;
    }

    private int apply(Set<CacheKey> keys, boolean soft, long now) {
        int count = 0;
        for (var key : keys) {
            if (soft) {
                var object = objects.getIfPresent(key);
                if (object != null) {
                    object.softPurge(now);
                    count++;
                }
            } else if (objects.asMap().remove(key) != null) {
                count++;
            }
        }
        return count;
    }

    /** Replaces an object by its refreshed self after a 304; false when it left the cache meanwhile. */
    @Nullable CachedObject refresh(CachedObject stale, HttpHeaders merged, CachePolicy.Store decision, int settingsStaleIfErrorSeconds,
            long generation) {
        CachedObject refreshed;
        try {
            refreshed = stale.refreshed(merged, decision, now(), settingsStaleIfErrorSeconds);
        } catch (io.netty.util.IllegalReferenceCountException e) {
            return null; // evicted or purged while the revalidation ran
        }
        store(refreshed, generation);
        return refreshed;
    }

    /** The variant string: each named request header's values, in the order of the names. */
    static String variant(List<String> names, HttpHeaders requestHeaders) {
        var text = new StringBuilder(32);
        for (var name : names) {
            var values = requestHeaders.getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(values.get(i).trim());
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The lower-case names of a response's Vary header, sorted, without duplicates. */
    static List<String> varyNames(HttpHeaders responseHeaders) {
        var values = responseHeaders.getAll(HttpHeaderNames.VARY);
        if (values.isEmpty()) {
            return List.of();
        }
        var names = new java.util.TreeSet<String>();
        for (var value : values) {
            for (var name : value.split(",")) {
                var trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }
        return List.copyOf(names);
    }
}
