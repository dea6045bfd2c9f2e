package io.backline.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client connection: reads HTTP/1.1 requests, routes each through the active snapshot to an
 * origin connection, and streams the response back. {@link #onRequest} is the whole request
 * pipeline in order; the rest is plumbing between the two sockets.
 *
 * <p>One exchange at a time. Pipelined requests wait in a short queue (reading pauses while one
 * does). Backpressure runs both ways through autoRead: a client that does not read pauses the
 * origin, an origin that does not read pauses the client. Everything here runs on the client's
 * event loop, which is also the loop of every origin connection it uses.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter implements OriginConnection.Exchange, ConnectAttempt.Listener, Runnable {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.proxy");

    /** The methods RFC 9110 §9.2.2 calls idempotent: only these are sent again after a reused connection breaks. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE,
            HttpMethod.PUT, HttpMethod.DELETE);

    /** How long a refused client's remaining bytes are read and dropped before the close (nginx lingers up to 30 s). */
    private static final long LINGER_MILLIS = 2_000;

    private static final int IDLE = 0;        // waiting for request headers
    private static final int CONNECTING = 1;  // routed; waiting for an origin connection
    private static final int FORWARDING = 2;  // an origin connection carries the exchange
    private static final int DISCARDING = 3;  // answered by the edge; dropping the rest of the request body
    private static final int CLOSED = 4;

    private final EdgeRuntime edge;
    private final ClientCodec codec;
    private final long idleTimeoutNanos;
    private final long headerTimeoutNanos;
    private final EdgeRequestView view = new EdgeRequestView();
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>(2);
    private final ArrayDeque<HttpContent> early = new ArrayDeque<>(2);

    // Set in channelActive, which Netty calls before any other event of this handler's channel.
    @SuppressWarnings("NullAway.Init")
    private Channel client;
    private int loopIndex;
    private String clientIp = "";
    private boolean debugClient;
    private @Nullable ScheduledFuture<?> clientTimer;
    private long lastClientActivity;
    private boolean draining;

    // The exchange in progress; reset by begin().
    private int state = IDLE;
    private long token;
    private @Nullable HttpRequest request;
    private String url = "/";
    private String host = "";
    /** The service's settings' default host, "" for none: the Host sent when a backend has no override_host. */
    private String defaultHost = "";
    private HttpVersion clientVersion = HttpVersion.HTTP_1_1;
    private boolean head;
    private boolean requestChunked;
    private boolean requestComplete;
    private long bodyBytes;
    private boolean closeAfter;
    private boolean debug;
    private @Nullable Selection selection;
    private int candidate;
    private @Nullable BackendSettings backend;
    private @Nullable OriginConnection origin;
    private boolean originPaused;
    private boolean retried;
    private @Nullable StringBuilder failures;
    private boolean responseStarted;
    private boolean responseComplete;
    private long startNanos;
    private long startEpochMicros;
    private long connectStartNanos;
    private long connectNanos;
    private long sentNanos;

    ProxyHandler(EdgeRuntime edge, ClientCodec codec) {
        this.edge = edge;
        this.codec = codec;
        this.idleTimeoutNanos = edge.config().clientIdleTimeout().toNanos();
        this.headerTimeoutNanos = edge.config().requestHeaderTimeout().toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        if (client.remoteAddress() instanceof InetSocketAddress remote) {
            clientIp = NetUtil.toAddressString(remote.getAddress());
            debugClient = edge.config().fastlyDebug() && edge.debugClients().contains(remote.getAddress());
        }
        loopIndex = edge.pools().loopIndex(client.eventLoop());
        lastClientActivity = System.nanoTime();
        clientTimer = client.eventLoop().schedule(this, Math.min(idleTimeoutNanos, headerTimeoutNanos), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastClientActivity = System.nanoTime();
        if (state == CLOSED) {
            ReferenceCountUtil.release(msg);
        } else if (!pipelined.isEmpty() || (msg instanceof HttpRequest && state != IDLE)) {
            pipelined.add(msg); // a pipelined request: it waits for the exchange in progress
            updateClientRead();
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest newRequest) {
            onRequest(newRequest);
            if (newRequest.decoderResult().isFailure()) {
                ReferenceCountUtil.release(newRequest); // Netty's stand-in for a request it could not parse
            }
        } else if (msg instanceof HttpContent content) {
            onRequestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The request pipeline: refuse what is malformed or too large → find the service by Host →
     * select the backend (conditions, pool, health) → rewrite for the origin → get a connection
     * (pooled, or new; in a pool the next candidate when one is full or unreachable) → forward.
     */
    private void onRequest(HttpRequest newRequest) {
        begin(newRequest);
        if (refuse(newRequest)) {
            return;
        }
        var snapshot = edge.snapshots().get(); // read once: the whole exchange uses this snapshot
        edge.pools().observe(snapshot);
        var service = snapshot.find(edge.environment(), host);
        if (service == null) {
            respond(404, "unknown domain", "Unknown domain: " + host);
            return;
        }
        debug = debugClient && EdgeHeaders.debugRequested(newRequest.headers().get(EdgeHeaders.FASTLY_DEBUG));
        var selected = BackendSelector.select(service, view.reset(newRequest, url, clientIp), edge.health(), debug);
        selection = selected;
        var failure = selected.failure();
        if (failure != null) {
            respond(503, failure, "");
            return;
        }
        if (HttpUtil.is100ContinueExpected(newRequest)) {
            newRequest.headers().remove(HttpHeaderNames.EXPECT);
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER),
                    client.voidPromise());
        }
        ForwardedHeaders.prepareRequest(newRequest, url, host, clientIp, requestChunked);
        defaultHost = service.defaultHost();
        if (!defaultHost.isEmpty()) {
            newRequest.headers().set(EdgeHeaders.FASTLY_ORIG_HOST, host); // semantics §4.3: the client's Host, kept
        }
        acquire();
    }

    private void begin(HttpRequest newRequest) {
        token++;
        state = CONNECTING;
        request = newRequest;
        clientVersion = newRequest.protocolVersion();
        head = HttpMethod.HEAD.equals(newRequest.method());
        requestChunked = HttpUtil.isTransferEncodingChunked(newRequest);
        requestComplete = false;
        bodyBytes = 0;
        closeAfter = !HttpUtil.isKeepAlive(newRequest);
        debug = false;
        defaultHost = "";
        selection = null;
        candidate = 0;
        backend = null;
        origin = null;
        originPaused = false;
        retried = false;
        failures = null;
        responseStarted = false;
        responseComplete = false;
        startNanos = System.nanoTime();
        var now = Instant.now();
        startEpochMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        connectNanos = -1;
        sentNanos = 0;
        url = newRequest.uri();
        host = "";
        edge.stats().request();
    }

    /** Answers a request the edge will not forward (and closes); true when it did. Sets host and url otherwise. */
    private boolean refuse(HttpRequest newRequest) {
        switch (RequestGate.check(newRequest, edge.config().maxRequestBodyBytes())) {
            case RequestGate.Accepted accepted -> {
                host = accepted.host();
                url = accepted.url();
                return false;
            }
            case RequestGate.Refused refused -> {
                edge.stats().refused();
                closeAfter = true;
                respond(refused.status(), refused.reason(), "");
                return true;
            }
        }
    }

    /** Gets a connection to the current candidate, moving on within a pool when one is full. */
    private void acquire() {
        var current = selection();
        while (true) {
            var next = current.candidates().get(candidate);
            backend = next;
            var pool = edge.pools().pool(next);
            var overrideHost = next.overrideHost();
            // semantics §4.3 and docs/edge.md: the backend's override_host, else the settings' default host, else the client's
            request().headers().set(HttpHeaderNames.HOST, overrideHost != null ? overrideHost : defaultHost.isEmpty() ? host : defaultHost);
            connectStartNanos = System.nanoTime();
            var pooled = retried ? null : pool.pollIdle(loopIndex);
            if (pooled != null) {
                connectNanos = 0;
                attach(pooled);
                return;
            }
            if (pool.tryReserve(loopIndex)) {
                state = CONNECTING;
                updateClientRead();
                pool.connect(client.eventLoop(), loopIndex, this, token);
                return;
            }
            edge.stats().maxConnRejection();
            if (!failOver(next, Synthetic.MAX_CONN)) {
                return;
            }
        }
    }

    /** A candidate failed before the request went out. True when the next should be tried; otherwise the 503 is sent. */
    private boolean failOver(BackendSettings failed, String reason) {
        var current = selection();
        if (!current.pooled()) {
            respond(503, reason, "");
            return false;
        }
        var trail = failures == null ? new StringBuilder() : failures.append("; ");
        failures = trail.append(failed.name()).append(": ").append(reason);
        candidate++;
        if (candidate >= current.candidates().size()) {
            respond(503, Selection.ALL_UNHEALTHY, Selection.ALL_UNHEALTHY + "\n" + trail);
            return false;
        }
        return true;
    }

    @Override
    public void connected(OriginConnection connection, long forToken) {
        if (forToken != token || state != CONNECTING) {
            connection.park(); // the client left or was answered meanwhile: keep the connection for the next one
            return;
        }
        connectNanos = System.nanoTime() - connectStartNanos;
        attach(connection);
    }

    @Override
    public void connectFailed(String reason, long forToken) {
        if (forToken != token || state != CONNECTING) {
            return;
        }
        if (failOver(backend(), reason)) {
            acquire();
        }
    }

    private void attach(OriginConnection connection) {
        origin = connection;
        state = FORWARDING;
        connection.bind(this, backend());
        connection.write(request());
        if (retried && early.isEmpty()) {
            connection.write(LastHttpContent.EMPTY_LAST_CONTENT); // replaying a bodyless request
        }
        HttpContent content;
        while ((content = early.poll()) != null) {
            connection.write(content);
        }
        if (requestComplete) {
            sentNanos = System.nanoTime();
            connection.requestSent();
        }
        connection.flush();
        updateClientRead();
    }

    private void onRequestContent(HttpContent content) {
        if (state == IDLE || state == CLOSED) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            abandon(400, "malformed request body");
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > edge.config().maxRequestBodyBytes()) {
            content.release();
            abandon(413, "request body too large");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        var connection = origin;
        if (state == CONNECTING) {
            early.add(content);
            requestComplete = last;
        } else if (state == FORWARDING && connection != null) {
            connection.write(content);
            if (last) {
                requestComplete = true;
                sentNanos = System.nanoTime();
                connection.requestSent();
            }
            if (!connection.isWritable()) {
                updateClientRead();
            }
        } else {
            content.release();
            if (last) {
                requestComplete = true;
                finishIfDone();
            }
        }
    }

    /** The request body is unacceptable: answer if nothing was sent yet, otherwise just close. */
    private void abandon(int status, String reason) {
        edge.stats().refused();
        abortOrigin();
        if (responseStarted) {
            closeClient();
        } else {
            closeAfter = true;
            respond(status, reason, "");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        var connection = origin;
        if (connection != null) {
            connection.flush();
        }
        ctx.fireChannelReadComplete();
    }

    // ---- the origin's side of the exchange

    @Override
    public void originResponse(HttpResponse response) {
        long now = System.nanoTime();
        responseStarted = true;
        if (!requestComplete) {
            closeAfter = true; // the origin answered before the body was sent: this connection cannot be reused
        }
        var framing = ForwardedHeaders.prepareResponse(response, head, clientVersion);
        if (framing == ForwardedHeaders.Framing.CLOSE) {
            closeAfter = true;
        }
        var headers = response.headers();
        EdgeHeaders.decorate(headers, edge.config().serverName(), startEpochMicros, now - startNanos);
        if (debug) {
            EdgeHeaders.debug(headers, backend, debugReason(), connectNanos, sentNanos == 0 ? -1 : now - sentNanos, now - startNanos);
        }
        connectionHeader(headers);
        client.write(response, client.voidPromise());
    }

    @Override
    public void originContent(HttpContent content) {
        var connection = origin;
        if (content instanceof LastHttpContent) {
            responseComplete = true;
            origin = null;
            originPaused = false;
            if (connection != null) {
                connection.release(requestComplete);
            }
            writeLast(content);
            return;
        }
        client.write(content, client.voidPromise());
        if (!client.isWritable() && !originPaused && connection != null) {
            originPaused = true;
            lastClientActivity = System.nanoTime();
            connection.pauseReading();
        }
    }

    @Override
    public void originReadComplete() {
        client.flush();
    }

    @Override
    public void originWritabilityChanged() {
        updateClientRead();
    }

    @Override
    public void originFailed(OriginConnection.Failure failure) {
        var connection = origin;
        origin = null;
        originPaused = false;
        if (state != FORWARDING) {
            return;
        }
        if (failure == OriginConnection.Failure.BETWEEN_BYTES_TIMEOUT) {
            edge.stats().betweenBytesTimeout();
            LOG.log(System.Logger.Level.WARNING, () -> "between_bytes_timeout: " + backend().key() + " went silent mid-body; "
                    + "closing the client connection");
        }
        if (responseStarted) {
            // What arrived is sent, then a close without the chunk terminator or the missing bytes: the only
            // way HTTP/1.1 says a body is short. A clean end would let the client cache or parse half a body.
            client.flush();
            closeClient();
            return;
        }
        if (failure == OriginConnection.Failure.CLOSED && connection != null && connection.reused() && !connection.answered()
                && !retried) {
            // A pooled connection the origin closed as the request arrived (its idle timeout raced ours). The origin may
            // or may not have acted on it, so it is sent again only when that is harmless (RFC 9110 §9.2.2) and possible.
            if (IDEMPOTENT.contains(request().method()) && requestComplete && bodyBytes == 0) {
                retried = true; // once more, on a new connection
                state = CONNECTING;
                acquire();
                return;
            }
            var method = request().method();
            respond(503, failure.reason, failure.reason + ": the origin closed a reused connection without answering; "
                    + (IDEMPOTENT.contains(method) ? method + " with a streamed body cannot be replayed" : method + " is not idempotent")
                    + ", so it is not sent again");
            return;
        }
        if (failure == OriginConnection.Failure.FIRST_BYTE_TIMEOUT) {
            edge.stats().firstByteTimeout();
        }
        respond(503, failure.reason, "");
    }

    // ---- responses and the end of an exchange

    /** A response made by the edge; its reason is in X-Backline-Error (and the status line of a 503). */
    private void respond(int status, String reason, String body) {
        edge.stats().synthetic();
        abortOrigin();
        releaseEarly();
        FullHttpResponse response = Synthetic.error(client.alloc(), status, reason, body);
        var headers = response.headers();
        long now = System.nanoTime();
        ForwardedHeaders.append(headers, HttpHeaderNames.VIA, ForwardedHeaders.VIA);
        EdgeHeaders.decorate(headers, edge.config().serverName(), startEpochMicros, now - startNanos);
        if (debug && selection != null) {
            EdgeHeaders.debug(headers, backend, debugReason(), connectNanos, -1, now - startNanos);
        }
        responseStarted = true;
        responseComplete = true;
        if (!requestComplete) {
            state = DISCARDING;
            if (HttpUtil.is100ContinueExpected(request())) {
                closeAfter = true; // the client waits for 100 before sending the body: reading on would misframe
            }
        }
        connectionHeader(headers);
        writeLast(response);
    }

    private void connectionHeader(HttpHeaders headers) {
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void writeLast(Object last) {
        if (closeAfter) {
            state = CLOSED;
            var written = client.writeAndFlush(last);
            if (requestComplete) {
                written.addListener(ChannelFutureListener.CLOSE);
            } else {
                written.addListener(this::lingerThenClose);
            }
        } else {
            client.writeAndFlush(last, client.voidPromise());
            finishIfDone();
        }
    }

    private void finishIfDone() {
        if (state == CLOSED || !requestComplete || !responseComplete) {
            return;
        }
        state = IDLE;
        request = null;
        selection = null;
        backend = null;
        origin = null;
        lastClientActivity = System.nanoTime();
        drainPipelined();
        updateClientRead();
    }

    private void drainPipelined() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!pipelined.isEmpty()) {
                if (state == CLOSED) {
                    pipelined.forEach(ReferenceCountUtil::release);
                    pipelined.clear();
                } else if (pipelined.peek() instanceof HttpRequest && state != IDLE) {
                    break; // the next request waits for this one
                } else {
                    dispatch(pipelined.poll());
                }
            }
        } finally {
            draining = false;
        }
        var connection = origin;
        if (connection != null) {
            connection.flush(); // a queued body was written with no client read to come and flush it (channelReadComplete)
        }
    }

    /** Reads from the client unless connecting, a pipelined request waits, or the origin cannot take more. */
    private void updateClientRead() {
        if (client == null) {
            return;
        }
        var connection = origin;
        boolean read = state != CLOSED && state != CONNECTING && pipelined.isEmpty() && (connection == null || connection.isWritable());
        var config = client.config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        var connection = origin;
        if (client.isWritable() && originPaused) {
            originPaused = false;
            lastClientActivity = System.nanoTime();
            if (connection != null) {
                connection.resumeReading();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = CLOSED;
        token++;
        var timer = clientTimer;
        if (timer != null) {
            clientTimer = null;
            timer.cancel(false);
        }
        abortOrigin();
        releaseEarly();
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "client " + clientIp + ": " + cause);
        closeClient();
    }

    /**
     * The client-side timer: idle keep-alive, slow request headers or body, and a stalled reader.
     * It fires at least once per request-header timeout, so a head that starts arriving between two
     * firings is caught at its own deadline, without a timer operation per request.
     */
    @Override
    public void run() {
        clientTimer = null;
        if (state == CLOSED || !client.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long headerDeadline = Long.MAX_VALUE;
        long headersSince = codec.headersPendingSince();
        if (state == IDLE && headersSince != 0) {
            // Counted from the head's first byte, or from when this connection became free to read it (a pipelined head
            // may have waited unread behind the previous exchange).
            long since = headersSince - lastClientActivity > 0 ? headersSince : lastClientActivity;
            if (now - since >= headerTimeoutNanos) {
                edge.stats().refused();
                LOG.log(System.Logger.Level.DEBUG, () -> "client " + clientIp + ": request headers incomplete after the header timeout");
                closeClient(); // no request to answer yet: like Varnish's timeout_req, just close
                return;
            }
            headerDeadline = since + headerTimeoutNanos - now;
        }
        long idleFor = now - lastClientActivity;
        boolean waitingOnClient = state == IDLE || originPaused
                || (!requestComplete && state != CONNECTING && client.config().isAutoRead());
        if (waitingOnClient && idleFor >= idleTimeoutNanos) {
            if (state == IDLE || responseStarted) {
                closeClient();
            } else {
                edge.stats().refused();
                closeAfter = true;
                respond(408, "client timeout", "Request timeout: the request did not arrive in time");
            }
            return;
        }
        long idleDelay = waitingOnClient ? idleTimeoutNanos - idleFor : idleTimeoutNanos;
        long delay = Math.min(idleDelay, Math.min(headerTimeoutNanos, headerDeadline));
        clientTimer = client.eventLoop().schedule(this, delay, TimeUnit.NANOSECONDS);
    }

    private void abortOrigin() {
        var connection = origin;
        if (connection != null) {
            origin = null;
            connection.abort();
        }
    }

    private void releaseEarly() {
        HttpContent content;
        while ((content = early.poll()) != null) {
            content.release();
        }
    }

    /**
     * Closes after a response sent before the request was read whole (a refusal, a 413). Closing
     * with unread bytes makes the kernel answer them with a reset, which can destroy the response in
     * the client's receive buffer before it is read; so, as Apache and nginx do, the write side is
     * shut, whatever still arrives is read and dropped, and the connection closes when the client
     * closes or after {@link #LINGER_MILLIS}.
     */
    private void lingerThenClose(Future<? super Void> written) {
        if (!written.isSuccess() || !(client instanceof DuplexChannel duplex) || !client.isActive()) {
            client.close();
            return;
        }
        duplex.shutdownOutput();
        client.config().setAutoRead(true);
        client.eventLoop().schedule(() -> client.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void closeClient() {
        state = CLOSED;
        abortOrigin();
        client.close();
    }

    private @Nullable String debugReason() {
        var current = selection;
        var reason = current == null ? null : current.reason();
        if (reason == null || failures == null) {
            return reason;
        }
        return reason + "; failover: " + failures;
    }

    private HttpRequest request() {
        var current = request;
        if (current == null) {
            throw new IllegalStateException("no request in progress");
        }
        return current;
    }

    private Selection selection() {
        var current = selection;
        if (current == null) {
            throw new IllegalStateException("no selection in progress");
        }
        return current;
    }

    private BackendSettings backend() {
        var current = backend;
        if (current == null) {
            throw new IllegalStateException("no backend in progress");
        }
        return current;
    }
}
