package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.backline.edge.CacheSettings;
import io.backline.edge.EdgeRuntime;
import io.backline.edge.cache.CacheFill;
import io.backline.edge.cache.CachePolicy;
import io.backline.edge.cache.CachedObject;
import io.backline.edge.origin.ConnectAttempt;
import io.backline.edge.origin.OriginConnection;
import io.backline.edge.origin.OriginListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A fetch with no client: the one refresh of a stale object served under stale-while-revalidate.
 * It takes a connection from the backend's pool like an exchange does (pooled, else a new one within
 * max_conn; no failover: a refresh that cannot start simply does not happen, the stale object stays
 * until its window ends), sends a conditional GET when the object has a validator, and fills the cache
 * with what comes back: a 304 refreshes the object, a cacheable response replaces it, anything else
 * is dropped. Runs on the event loop of the request that triggered it, like that request's origin
 * connections.
 */
final class BackgroundFetch implements OriginListener, ConnectAttempt.Listener {
    private final EdgeRuntime edge;
    private final EventLoop loop;
    private final int loopIndex;
    private final BackendSettings backend;
    private final FullHttpRequest request;
    /** The headers the refreshed object's variant is read from (Vary): the client request's, not the rewritten copy sent. */
    private final HttpHeaders clientHeaders;
    private final CacheFill fill;
    private final CachedObject stale;
    private final CacheSettings settings;
    private @Nullable OriginConnection origin;
    private boolean notModified;
    /** Whether the request went out again after a pooled connection turned out closed (at most once, as an exchange does). */
    private boolean sentAgain;

    private BackgroundFetch(EdgeRuntime edge, EventLoop loop, int loopIndex, BackendSettings backend, FullHttpRequest request,
            HttpHeaders clientHeaders, CacheFill fill, CachedObject stale, CacheSettings settings) {
        this.edge = edge;
        this.loop = loop;
        this.loopIndex = loopIndex;
        this.backend = backend;
        this.request = request;
        this.clientHeaders = clientHeaders;
        this.fill = fill;
        this.stale = stale;
        this.settings = settings;
    }

    /**
     * The refresh of {@code object} for a request of {@code url}: a GET with the request's headers,
     * rewritten for an origin by {@code forOrigin} as the request's own would be, but none of its
     * conditions, range or framing, the object's validators, and {@code originHost} as Host.
     */
    static BackgroundFetch refresh(EdgeRuntime edge, Channel channel, int loopIndex, BackendSettings backend, String url, String originHost,
            HttpHeaders requestHeaders, Consumer<HttpRequest> forOrigin, CacheFill fill, CachedObject object, CacheSettings settings) {
        // The shared empty body: releasing it does nothing, so the request can be written a second time.
        var fetch = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, url, Unpooled.EMPTY_BUFFER, EdgeHeaders.HEADERS,
                EdgeHeaders.HEADERS);
        var headers = fetch.headers();
        headers.set(requestHeaders);
        forOrigin.accept(fetch);
        headers.remove(HttpHeaderNames.RANGE);
        headers.remove(HttpHeaderNames.IF_RANGE);
        headers.remove(HttpHeaderNames.IF_NONE_MATCH);
        headers.remove(HttpHeaderNames.IF_MODIFIED_SINCE);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        var etag = object.etag();
        var modified = object.lastModified();
        if (etag != null) {
            headers.set(HttpHeaderNames.IF_NONE_MATCH, etag);
        }
        if (modified != null) {
            headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, modified);
        }
        headers.set(HttpHeaderNames.HOST, originHost);
        return new BackgroundFetch(edge, channel.eventLoop(), loopIndex, backend, fetch, requestHeaders, fill, object, settings);
    }

    void start() {
        var pool = edge.pools().pool(backend);
        var pooled = pool.pollIdle(loopIndex);
        if (pooled != null) {
            attach(pooled);
        } else if (pool.tryReserve(loopIndex)) {
            pool.connect(loop, loopIndex, this);
        } else {
            fill.release();
        }
    }

    @Override
    public void connected(OriginConnection connection) {
        attach(connection);
    }

    @Override
    public void connectFailed(String reason) {
        fill.release();
    }

    private void attach(OriginConnection connection) {
        origin = connection;
        connection.bind(this, backend);
        connection.write(request.duplicate());
        connection.requestSent();
        connection.flush();
    }

    @Override
    public void originResponse(HttpResponse response) {
        int status = response.status().code();
        long now = System.currentTimeMillis();
        if (status == 304 && stale.hasValidator()) {
            notModified = true;
            var merged = CachedResponses.merged(stale.headers(), response.headers());
            if (CachePolicy.decide(stale.status(), merged, now, settings) instanceof CachePolicy.Store store) {
                fill.refreshed(stale, merged, store);
            } else {
                fill.release();
            }
            return;
        }
        long length = HttpUtil.getContentLength(response, -1L);
        ForwardedHeaders.prepareResponse(response, false, HttpVersion.HTTP_1_1);
        var headers = response.headers();
        if (CachePolicy.decide(status, headers, now, settings) instanceof CachePolicy.Store store) {
            fill.begin(status, CachedResponses.stored(headers), store, length, clientHeaders);
        } else {
            fill.release();
        }
    }

    @Override
    public void originContent(HttpContent content) {
        try {
            if (!notModified) {
                fill.append(content.content());
            }
            if (content instanceof LastHttpContent) {
                var connection = origin;
                origin = null;
                if (connection != null) {
                    connection.release(true);
                }
                if (fill.collecting()) {
                    fill.complete();
                } else {
                    fill.release();
                }
            }
        } finally {
            content.release();
        }
    }

    @Override
    public void originReadComplete() {
        // nobody to flush to
    }

    @Override
    public void originFailed(OriginConnection.Failure failure) {
        var connection = origin;
        origin = null;
        // A pooled connection the origin closed as the refresh arrived (its idle timeout raced ours): a GET is
        // sent again once, on a new connection, as Exchange does; otherwise the refresh would be lost until the
        // next stale hit, and the object would stay stale meanwhile.
        if (!sentAgain && failure == OriginConnection.Failure.CLOSED && connection != null && connection.reused()
                && !connection.answered()) {
            sentAgain = true;
            var pool = edge.pools().pool(backend);
            if (pool.tryReserve(loopIndex)) {
                pool.connect(loop, loopIndex, this);
                return;
            }
        }
        fill.release();
    }

    @Override
    public void originWritabilityChanged() {
        // the request is written whole at once
    }
}
