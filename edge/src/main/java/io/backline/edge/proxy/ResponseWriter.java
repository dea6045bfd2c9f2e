package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * What the edge itself writes to a client: the headers it adds to every response (semantics §5),
 * the debug headers, the {@code Connection} header, the answers it makes itself
 * ({@link Synthetic}), and {@code 100 Continue}. Stateless but for the server's name; one per
 * listener, shared by its connections.
 */
public final class ResponseWriter {
    private final String serverName;

    public ResponseWriter(String serverName) {
        this.serverName = serverName;
    }

    /** Adds X-Served-By, X-Cache and X-Timer to a response head about to be sent at {@code now}. */
    void decorate(HttpHeaders headers, ExchangeTiming timing, long now) {
        EdgeHeaders.decorate(headers, serverName, timing.startEpochMicros(), timing.elapsedNanos(now));
    }

    /** As {@link #decorate(HttpHeaders, ExchangeTiming, long)}, with the cache's X-Cache and (unless negative) X-Cache-Hits. */
    void decorate(HttpHeaders headers, ExchangeTiming timing, long now, String xCache, int hits) {
        EdgeHeaders.decorate(headers, serverName, timing.startEpochMicros(), timing.elapsedNanos(now), xCache, hits);
    }

    /**
     * Adds X-Backend, X-Backend-Reason, X-Backline-Path and Server-Timing for a client that asked with Fastly-Debug.
     *
     * @param path where the request went ({@code shield s via HOST:PORT}, {@code origin}), null when nowhere
     * @param fromOrigin whether the response came from the origin (then Server-Timing has its first byte)
     */
    void debug(HttpHeaders headers, @Nullable BackendSettings backend, @Nullable String reason, @Nullable String path,
            ExchangeTiming timing, long now, boolean fromOrigin) {
        EdgeHeaders.debug(headers, backend, reason, path, timing.connectNanos(), fromOrigin ? timing.firstByteNanos(now) : -1,
                timing.elapsedNanos(now));
    }

    /** A response the edge makes (see {@link Synthetic#error}), with Via and the headers of {@link #decorate}. */
    FullHttpResponse synthetic(ByteBufAllocator alloc, int status, String reason, String body, ExchangeTiming timing, long now) {
        FullHttpResponse response = Synthetic.error(alloc, status, reason, body);
        var headers = response.headers();
        ForwardedHeaders.append(headers, HttpHeaderNames.VIA, ForwardedHeaders.VIA);
        decorate(headers, timing, now);
        return response;
    }

    /** {@code Connection: close} when the connection ends after this response; keep-alive said explicitly to HTTP/1.0. */
    static void connection(HttpHeaders headers, boolean closeAfter, HttpVersion clientVersion) {
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Tells a client that waits with {@code Expect: 100-continue} to send its body. */
    static void continue100(Channel client) {
        client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER),
                client.voidPromise());
    }
}
