package io.backline.edge.proxy;

import io.backline.edge.EdgeRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client connection, the last handler of its pipeline: it turns each request head into an
 * {@link Exchange} and hands it the request's body; the exchange does the rest. This class keeps
 * only what belongs to the connection: the queue of pipelined requests, the idle and
 * request-header timer, reading from the client (autoRead, the backpressure from a slow origin),
 * and closing, with a linger when the request was not read whole.
 *
 * <p>One exchange at a time. Pipelined requests wait in a short queue (reading pauses while one
 * does). Backpressure runs both ways through autoRead: a client that does not read pauses the
 * origin (in the exchange), an origin that does not read pauses the client (here). Everything runs
 * on the connection's event loop.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.proxy");

    /** How long a refused client's remaining bytes are read and dropped before the close (nginx lingers up to 30 s). */
    private static final long LINGER_MILLIS = 2_000;

    private final EdgeRuntime edge;
    /** The HTTP/1 codec, for the request-header timeout; null on an HTTP/2 stream, whose HEADERS frame arrives whole. */
    private final @Nullable ClientCodec codec;
    private final ClientHop hop;
    private final ResponseWriter writer;
    private final long idleTimeoutNanos;
    private final long headerTimeoutNanos;
    /** Reset for each request: selection reads it, on this loop, before the next request can arrive. */
    private final EdgeRequestView view = new EdgeRequestView();
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>(2);

    // Set in channelActive, which Netty calls before any other event of this handler's channel.
    @SuppressWarnings("NullAway.Init")
    private Channel channel;
    private int loopIndex;
    private String clientIp = "";
    /** The client's address bytes (4 or 16), hashed for a rollout's split; empty before the connection is active. */
    private byte[] address = new byte[0];
    private boolean debugClient;
    private @Nullable ScheduledFuture<?> timer;
    private long lastActivity;
    private boolean draining;
    private boolean begun;
    private boolean closed;
    /** The exchange in progress; null between requests. */
    private @Nullable Exchange current;

    /** A connection to the plain listener. */
    public ClientConnection(EdgeRuntime edge, ClientCodec codec, ResponseWriter writer) {
        this(edge, codec, writer, ClientHop.HTTP);
    }

    ClientConnection(EdgeRuntime edge, @Nullable ClientCodec codec, ResponseWriter writer, ClientHop hop) {
        this.edge = edge;
        this.codec = codec;
        this.writer = writer;
        this.hop = hop;
        this.idleTimeoutNanos = edge.config().clientIdleTimeout().toNanos();
        this.headerTimeoutNanos = edge.config().requestHeaderTimeout().toNanos();
    }

    /** One HTTP/2 stream ({@link Http2Streams}): its child channel carries one request, as a connection carries one at a time. */
    static ClientConnection forStream(EdgeRuntime edge, ResponseWriter writer) {
        return new ClientConnection(edge, null, writer, ClientHop.H2);
    }

    // ---- what an exchange uses

    EdgeRuntime edge() {
        return edge;
    }

    Channel channel() {
        return channel;
    }

    ResponseWriter writer() {
        return writer;
    }

    int loopIndex() {
        return loopIndex;
    }

    String clientIp() {
        return clientIp;
    }

    byte[] address() {
        return address;
    }

    /** Plain, TLS, or an HTTP/2 stream. */
    ClientHop hop() {
        return hop;
    }

    /** Whether this client may ask for debug headers (fastly_debug on, and its address in debug_clients). */
    boolean debugClient() {
        return debugClient;
    }

    EdgeRequestView view(HttpRequest request, String url) {
        return view.reset(request, url, clientIp);
    }

    /** Something moved on the connection: the idle clock restarts. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    // ---- Netty's events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    /** Added after TLS and ALPN, the connection is already active: no channelActive is coming. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    private void begin(ChannelHandlerContext ctx) {
        if (begun) {
            return;
        }
        begun = true;
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress remote) {
            clientIp = NetUtil.toAddressString(remote.getAddress());
            address = remote.getAddress().getAddress();
            debugClient = edge.config().fastlyDebug() && edge.debugClients().contains(remote.getAddress());
        }
        loopIndex = edge.pools().loopIndex(channel.eventLoop());
        lastActivity = System.nanoTime();
        timer = channel.eventLoop().schedule(this, Math.min(idleTimeoutNanos, headerTimeoutNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = System.nanoTime();
        if (closed) {
            ReferenceCountUtil.release(msg);
        } else if (!pipelined.isEmpty() || (msg instanceof HttpRequest && current != null)) {
            pipelined.add(msg); // a pipelined request: it waits for the exchange in progress
            updateRead();
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            var exchange = Exchange.open(this, request);
            current = exchange;
            exchange.start();
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(request); // Netty's stand-in for a request it could not parse
            }
        } else if (msg instanceof HttpContent content) {
            var exchange = current;
            if (exchange != null) {
                exchange.requestContent(content);
            } else {
                content.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        var exchange = current;
        if (exchange != null) {
            exchange.flushOrigin();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        var exchange = current;
        if (channel.isWritable() && exchange != null) {
            exchange.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        var armed = timer;
        if (armed != null) {
            timer = null;
            armed.cancel(false);
        }
        var exchange = current;
        if (exchange != null) {
            exchange.clientClosed();
        }
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "client " + clientIp + ": " + cause);
        close();
    }

    // ---- the end of an exchange

    /** The exchange finished and the connection stays: take the next request. */
    void exchangeDone(Exchange exchange) {
        if (current != exchange) {
            return;
        }
        current = null;
        lastActivity = System.nanoTime();
        drainPipelined();
        updateRead();
    }

    /**
     * Writes a response's last part and closes: at once when the request was read whole,
     * otherwise after a linger (see {@link #lingerThenClose}).
     */
    void writeLastAndClose(Object last, boolean requestComplete) {
        closed = true;
        var written = channel.writeAndFlush(last);
        if (requestComplete) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            written.addListener(this::lingerThenClose);
        }
    }

    /** Closes now, abandoning the exchange in progress. */
    void close() {
        closed = true;
        var exchange = current;
        if (exchange != null) {
            exchange.clientClosed();
        }
        channel.close();
    }

    private void drainPipelined() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!pipelined.isEmpty()) {
                if (closed) {
                    pipelined.forEach(ReferenceCountUtil::release);
                    pipelined.clear();
                } else if (pipelined.peek() instanceof HttpRequest && current != null) {
                    break; // the next request waits for this one
                } else {
                    dispatch(pipelined.poll());
                }
            }
        } finally {
            draining = false;
        }
        var exchange = current;
        if (exchange != null) {
            exchange.flushOrigin(); // a queued body was written with no client read to come and flush it (channelReadComplete)
        }
    }

    /** Reads from the client unless the exchange cannot take more (connecting, origin full) or a pipelined request waits. */
    void updateRead() {
        if (channel == null) {
            return; // not active yet
        }
        var exchange = current;
        boolean read = !closed && pipelined.isEmpty() && (exchange == null || exchange.acceptsClientBytes());
        var config = channel.config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    /**
     * The connection's timer: idle keep-alive, slow request headers or body, and a stalled reader.
     * It fires at least once per request-header timeout, so a head that starts arriving between two
     * firings is caught at its own deadline, without a timer operation per request.
     */
    @Override
    public void run() {
        timer = null;
        if (closed || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long headerDeadline = Long.MAX_VALUE;
        var http1 = codec;
        long headersSince = http1 == null ? 0 : http1.headersPendingSince();
        var exchange = current;
        if (exchange == null && headersSince != 0) {
            // Counted from the head's first byte, or from when this connection became free to read it (a pipelined head
            // may have waited unread behind the previous exchange).
            long since = headersSince - lastActivity > 0 ? headersSince : lastActivity;
            if (now - since >= headerTimeoutNanos) {
                edge.stats().refused();
                LOG.log(System.Logger.Level.DEBUG, () -> "client " + clientIp + ": request headers incomplete after the header timeout");
                close(); // no request to answer yet: like Varnish's timeout_req, just close
                return;
            }
            headerDeadline = since + headerTimeoutNanos - now;
        }
        long idleFor = now - lastActivity;
        boolean waitingOnClient = exchange == null || exchange.waitsOnClient(channel.config().isAutoRead());
        if (waitingOnClient && idleFor >= idleTimeoutNanos) {
            if (exchange == null) {
                close();
            } else {
                exchange.clientTimedOut();
            }
            return;
        }
        long idleDelay = waitingOnClient ? idleTimeoutNanos - idleFor : idleTimeoutNanos;
        long delay = Math.min(idleDelay, Math.min(headerTimeoutNanos, headerDeadline));
        timer = channel.eventLoop().schedule(this, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Closes after a response sent before the request was read whole (a refusal, a 413). Closing
     * with unread bytes makes the kernel answer them with a reset, which can destroy the response in
     * the client's receive buffer before it is read; so, as Apache and nginx do, the write side is
     * shut, whatever still arrives is read and dropped, and the connection closes when the client
     * closes or after {@link #LINGER_MILLIS}.
     */
    private void lingerThenClose(Future<? super Void> written) {
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        duplex.shutdownOutput();
        channel.config().setAutoRead(true);
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
