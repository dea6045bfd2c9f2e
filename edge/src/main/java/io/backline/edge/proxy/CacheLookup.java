package io.backline.edge.proxy;

import io.backline.edge.CacheSettings;
import io.backline.edge.cache.CacheCounters;
import io.backline.edge.cache.CacheFill;
import io.backline.edge.cache.CacheKey;
import io.backline.edge.cache.CachedObject;
import io.backline.edge.cache.HttpCache;
import io.backline.edge.cache.StoredHeaders;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One request's look in the cache (docs/cache.md), and what it decides: a hit, a stale object served
 * while it is refreshed, a wait for another exchange's fetch of the same object (collapsing), or a
 * miss that goes to the origin with the {@link ResponseFill} it builds (leading a fill, with a stale
 * object's validators when there is one, or alone). It also keeps the stale object that may answer a
 * failed fetch (stale-if-error).
 *
 * <p>Made by the {@link Exchange} only for a method that is looked up (GET, HEAD) with the cache on,
 * so a pass or a cache that is off costs nothing here. It answers and moves on through the exchange,
 * which keeps the state: confined to the exchange's event loop, where a fill's waiters are told.
 */
final class CacheLookup implements CacheFill.Waiter {
    private final Exchange exchange;
    private final HttpCache cache;
    private final CacheSettings settings;
    private final CacheKey base;
    /** The request's own headers, which go to the origin (a revalidation puts its validators there). */
    private final HttpHeaders requestHeaders;
    /**
     * The headers the key's variant is read from (Vary): the request's until it is rewritten for an
     * origin, then a copy of them as the client sent them ({@link #keepClientHeaders}), so that what
     * is stored and what is looked up read the same values.
     */
    private HttpHeaders clientHeaders;
    private final EventLoop loop;
    /** A stale object: revalidated with the origin, and served if the origin fails within its stale-if-error. */
    private @Nullable CachedObject stale;
    /** The fill this exchange waits for (state WAITING). */
    private @Nullable CacheFill awaited;
    private @Nullable ScheduledFuture<?> waitTimer;

    /** {@code base} is the key without a variant; {@code requestHeaders} are the request's (read as they are at each look). */
    CacheLookup(Exchange exchange, HttpCache cache, CacheSettings settings, CacheKey base, HttpHeaders requestHeaders, EventLoop loop) {
        this.exchange = exchange;
        this.cache = cache;
        this.settings = settings;
        this.base = base;
        this.requestHeaders = requestHeaders;
        this.clientHeaders = requestHeaders;
        this.loop = loop;
    }

    /**
     * The request is about to be rewritten for an origin (X-Forwarded-For, Via, traceparent, Host,
     * a revalidation's validators): the lookup keeps a copy of the headers as the client sent them.
     * Once; a hit, which is never rewritten, makes none.
     */
    void keepClientHeaders() {
        if (clientHeaders == requestHeaders) {
            // Two arrays of the fields, read through an overlay: a third of a map's copy (a miss of the proxy benchmark's pays it).
            clientHeaders = LayeredHeaders.over(StoredHeaders.of(requestHeaders));
        }
    }

    /**
     * Looks the request up. Null when it is answered (a fresh hit, a stale one while it is refreshed)
     * or waits for another exchange's fetch; otherwise it goes to the origin, storing what comes back
     * through the returned fill.
     */
    @Nullable ResponseFill lookUp(boolean head) {
        var key = cache.lookupKey(base, clientHeaders);
        long now = System.currentTimeMillis();
        // Twice at most: an object replaced on another loop (a refresh stored its successor) between
        // the get and the retain has released its body and cannot answer; its successor can.
        for (int look = 0; look < 2; look++) {
            var object = cache.get(key);
            if (object == null || !object.matches(clientHeaders)) {
                break;
            }
            if (object.fresh(now)) {
                if (exchange.serveCached(object, CacheCounters.Result.HIT, "HIT", "hit")) {
                    return null;
                }
            } else if (object.staleWhileRevalidate(now)) {
                if (exchange.serveCached(object, CacheCounters.Result.STALE, "HIT", "stale: revalidating")) {
                    exchange.refreshInBackground(key, object);
                    return null;
                }
            } else {
                stale = object;
                break;
            }
        }
        var marker = cache.passMarker(key);
        if (marker != null) {
            exchange.cacheOutcome(CacheCounters.Result.PASS, marker);
            return new ResponseFill(exchange, cache, settings, requestHeaders, clientHeaders, null, stale, true); // stale-if-error still applies
        }
        exchange.cacheCounts(CacheCounters.Result.MISS);
        if (head) {
            exchange.cacheNote("miss: HEAD is not stored");
            return storing(null);
        }
        var lead = cache.lead(key, this, settings);
        var joined = lead.fill();
        if (joined != null && !lead.leads()) {
            awaited = joined;
            exchange.waitForFill();
            cache.counters(key.serviceId()).collapsed();
            waitTimer = loop.schedule(this::waitTimedOut, HttpCache.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        }
        var storing = storing(joined); // keeps the client's headers before a revalidation puts this edge's validators on the request
        var old = stale;
        if (joined != null && old != null && old.hasValidator()) {
            storing.revalidate(old);
        }
        exchange.cacheNote(joined == null ? "miss: another fetch is in flight and full" : "miss");
        return storing;
    }

    private ResponseFill storing(@Nullable CacheFill fill) {
        if (fill != null) {
            keepClientHeaders(); // the fill stores the variant it reads from them, after the request is rewritten
        }
        return new ResponseFill(exchange, cache, settings, requestHeaders, clientHeaders, fill, stale, false);
    }

    /** Runs on this loop when the fill this exchange waited for ended. */
    @Override
    public void filled(@Nullable CachedObject object) {
        if (!exchange.waitsForFill() || awaited == null) {
            return;
        }
        awaited = null;
        cancelWait();
        if (object != null && object.matches(clientHeaders) && exchange.serveCached(object, CacheCounters.Result.HIT, "HIT", "hit: collapsed")) {
            return;
        }
        exchange.goAlone("miss: the awaited fetch stored nothing", storing(null));
    }

    @Override
    public Executor loop() {
        return loop;
    }

    private void waitTimedOut() {
        waitTimer = null;
        var waitedFor = awaited;
        if (!exchange.waitsForFill() || waitedFor == null) {
            return;
        }
        awaited = null;
        waitedFor.leave(this);
        exchange.goAlone("miss: waited " + HttpCache.WAIT_MILLIS + " ms for another fetch", storing(null));
    }

    /** Leaves the fill this exchange waits for, if any. */
    void stopWaiting() {
        var waitedFor = awaited;
        if (waitedFor != null) {
            awaited = null;
            waitedFor.leave(this);
        }
        cancelWait();
    }

    void cancelWait() {
        var timer = waitTimer;
        if (timer != null) {
            waitTimer = null;
            timer.cancel(false);
        }
    }

    /** The stale object that may answer a failed fetch, looked up again when there was none; null when none may. */
    @Nullable CachedObject staleForError() {
        var object = stale;
        if (object == null) {
            object = cache.get(cache.lookupKey(base, clientHeaders));
            if (object != null && !object.matches(clientHeaders)) {
                object = null;
            }
            stale = object;
        }
        return object != null && object.staleIfError(System.currentTimeMillis(), settings.staleIfErrorSeconds()) ? object : null;
    }
}
