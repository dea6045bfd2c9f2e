package io.backline.edge.proxy;

import io.backline.edge.CacheSettings;
import io.backline.edge.cache.CacheCounters;
import io.backline.edge.cache.CacheFill;
import io.backline.edge.cache.CachePolicy;
import io.backline.edge.cache.CachedObject;
import io.backline.edge.cache.HttpCache;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import org.jspecify.annotations.Nullable;

/**
 * The origin's side of a looked-up request that missed (docs/cache.md): whether its response is
 * stored ({@link CachePolicy#decide}), the body copied into the {@link CacheFill} this exchange leads
 * as it streams to the client, and the revalidation of a stale object: this edge's validators on
 * the request, and a 304 (or a 5xx within stale-if-error) turned into the object that answers.
 *
 * <p>Made by {@link CacheLookup} when the request goes to the origin; confined to the exchange's
 * event loop. Outcomes are told to the {@link Exchange}, which records them.
 */
final class ResponseFill {
    private final Exchange exchange;
    private final HttpCache cache;
    private final CacheSettings settings;
    /** The request's headers, as they go to the origin: a revalidation's validators are put there. */
    private final HttpHeaders requestHeaders;
    /** The headers the stored variant is read from (Vary): the client's, as it sent them (CacheLookup#keepClientHeaders). */
    private final HttpHeaders clientHeaders;
    /** The fill this exchange leads: its response's body is copied in; null when it leads none. */
    private @Nullable CacheFill fill;
    /** The stale object, if any: revalidated, and served if the origin answers a 5xx within its stale-if-error. */
    private final @Nullable CachedObject stale;
    /** Whether the key was marked hit-for-pass at the lookup: the response goes to the client and nowhere else. */
    private final boolean passing;
    /** Whether the request carries this edge's conditional headers for {@link #stale}. */
    private boolean revalidating;
    /** The client's own conditional headers, put back before a cached object answers it. */
    private @Nullable String clientNoneMatch;
    private @Nullable String clientModifiedSince;

    ResponseFill(Exchange exchange, HttpCache cache, CacheSettings settings, HttpHeaders requestHeaders,
            HttpHeaders clientHeaders, @Nullable CacheFill fill, @Nullable CachedObject stale, boolean passing) {
        this.exchange = exchange;
        this.passing = passing;
        this.cache = cache;
        this.settings = settings;
        this.requestHeaders = requestHeaders;
        this.clientHeaders = clientHeaders;
        this.fill = fill;
        this.stale = stale;
    }

    /** Puts {@code old}'s validators on the request in place of the client's, which are kept for its answer. */
    void revalidate(CachedObject old) {
        revalidating = true;
        clientNoneMatch = requestHeaders.get(HttpHeaderNames.IF_NONE_MATCH);
        clientModifiedSince = requestHeaders.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        setOrRemove(HttpHeaderNames.IF_NONE_MATCH, old.etag());
        setOrRemove(HttpHeaderNames.IF_MODIFIED_SINCE, old.lastModified());
    }

    /** A cached object is about to answer: the client's own conditional headers decide its answer again. */
    void restoreClientValidators() {
        if (revalidating) {
            revalidating = false;
            setOrRemove(HttpHeaderNames.IF_NONE_MATCH, clientNoneMatch);
            setOrRemove(HttpHeaderNames.IF_MODIFIED_SINCE, clientModifiedSince);
        }
    }

    private void setOrRemove(CharSequence name, @Nullable String value) {
        if (value == null) {
            requestHeaders.remove(name);
        } else {
            requestHeaders.set(name, value);
        }
    }

    /**
     * The object that answers instead of the origin's response, which is then dropped as it arrives:
     * the refreshed object for a 304 to this edge's revalidation, or the stale one for a 5xx while it
     * may answer errors. Null when the response goes to the client.
     */
    @Nullable CachedObject swallowed(HttpResponse response) {
        var old = stale;
        if (old == null) {
            return null;
        }
        int code = response.status().code();
        long now = System.currentTimeMillis();
        if (revalidating && code == 304) {
            var merged = CachedResponses.merged(old.headers(), response.headers());
            var decision = CachePolicy.decide(old.status(), merged, now, settings);
            CachedObject refreshed = null;
            var leading = fill;
            fill = null;
            if (decision instanceof CachePolicy.Store store && leading != null) {
                refreshed = leading.refreshed(old, merged, store);
                exchange.cacheNote("miss: revalidated, 304 refreshed ttl=" + store.ttlSeconds());
            } else {
                if (leading != null) {
                    leading.release();
                }
                exchange.cacheNote("miss: revalidated, 304 not stored");
            }
            exchange.cacheCounts(CacheCounters.Result.MISS);
            return refreshed != null ? refreshed : old;
        }
        if (code >= 500 && old.staleIfError(now, settings.staleIfErrorSeconds())) {
            release();
            exchange.cacheOutcome(CacheCounters.Result.STALE, "stale: if-error (origin " + code + ")");
            return old;
        }
        return null;
    }

    /**
     * The response, about to go to the client (framing already prepared): the fill this exchange
     * leads begins collecting it when the policy stores it, and is released otherwise.
     */
    void decide(HttpResponse response) {
        if (passing) {
            return; // the lookup recorded the outcome; a marked key stores nothing until the marker expires or a purge
        }
        var headers = response.headers();
        int code = response.status().code();
        var decision = CachePolicy.decide(code, headers, System.currentTimeMillis(), settings);
        var leading = fill;
        switch (decision) {
            case CachePolicy.Pass pass -> {
                if (pass.hitForPass() && leading != null) {
                    fill = null;
                    leading.pass(pass.reason());
                } else {
                    release();
                }
                exchange.cacheOutcome(CacheCounters.Result.PASS, "pass: " + pass.reason());
            }
            case CachePolicy.Store store -> {
                if (leading == null) {
                    return; // HEAD, or alone: the note says why
                }
                long length = HttpUtil.getContentLength(response, -1L);
                if (leading.begin(code, CachedResponses.stored(headers), store, length, clientHeaders)) {
                    exchange.cacheNote(CachedResponses.stored(store));
                } else {
                    fill = null;
                    exchange.cacheNote("miss: larger than " + cache.maxObjectBytes() + " bytes, not stored");
                }
            }
        }
    }

    /** A part of the body on its way to the client: copied into the fill, if one collects it. */
    void append(ByteBuf content) {
        var leading = fill;
        if (leading != null) {
            leading.append(content);
        }
    }

    /** The body has ended: the fill stores the object and serves its waiters, or releases them. */
    void complete() {
        var leading = fill;
        if (leading != null) {
            fill = null;
            if (leading.collecting()) {
                leading.complete();
            } else {
                leading.release();
            }
        }
    }

    /** Releases the fill (its waiters go to the origin alone): the response will not be stored. */
    void release() {
        var leading = fill;
        if (leading != null) {
            fill = null;
            leading.release();
        }
    }
}
