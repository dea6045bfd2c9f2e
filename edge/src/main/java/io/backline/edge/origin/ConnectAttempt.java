package io.backline.edge.origin;

import io.backline.edge.EdgeStats;
import io.backline.edge.tls.OriginTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Opens one origin connection with a reserved max_conn slot: resolve the address, connect, and for
 * {@code use_ssl} complete the TLS handshake, all within one {@code connect_timeout} (semantics
 * §4.1: "the TCP (and TLS) connection"). Runs on the client's event loop; the connection it makes
 * lives on that loop too. The outcome is reported once, to the listener; a listener that no longer
 * waits (its exchange was answered meanwhile) recognises the answer by its own state.
 *
 * <p>What it needs beyond its pool (the resolver, the counters, the response head limit) is
 * passed in, so what a connect depends on is visible here.
 */
public final class ConnectAttempt extends ChannelInitializer<Channel> implements Runnable {
    /** Told how an attempt ended, once. */
    public interface Listener {
        void connected(OriginConnection connection);

        void connectFailed(String reason);
    }

    private final OriginPool pool;
    private final EventLoop loop;
    private final int loopIndex;
    private final Listener listener;
    private final OriginResolver resolver;
    private final EdgeStats stats;
    private final int maxResponseHeaderBytes;
    private boolean done;
    private @Nullable ScheduledFuture<?> deadline;
    private @Nullable Channel channel;
    private @Nullable OriginConnection connection;
    private @Nullable SslHandler ssl;
    private @Nullable InetSocketAddress address;

    ConnectAttempt(OriginPool pool, EventLoop loop, int loopIndex, Listener listener, OriginResolver resolver, EdgeStats stats,
            int maxResponseHeaderBytes) {
        this.pool = pool;
        this.loop = loop;
        this.loopIndex = loopIndex;
        this.listener = listener;
        this.resolver = resolver;
        this.stats = stats;
        this.maxResponseHeaderBytes = maxResponseHeaderBytes;
    }

    void start() {
        armDeadline();
        GenericFutureListener<Future<InetAddress>> onResolved = this::resolved;
        resolver.resolve(pool.backend().address(), pool.backend().preferIpv6(), loop).addListener(onResolved);
    }

    /** Builds the origin pipeline once per connection: [TLS] → byte watch → HTTP/1.1 codec → the connection. */
    @Override
    protected void initChannel(Channel ch) {
        if (done) {
            ch.close();
            return;
        }
        var backend = pool.backend();
        var pipeline = ch.pipeline();
        if (backend.useSsl()) {
            var handler = new SslHandler(pool.tls().newEngine(backend.port()));
            handler.setHandshakeTimeoutMillis(backend.connectTimeoutMs());
            ssl = handler;
            pipeline.addLast("tls", handler);
        }
        var created = new OriginConnection(pool, ch, loopIndex);
        connection = created;
        pipeline.addLast("bytes", created.byteWatch());
        pipeline.addLast("http", new OriginCodec(8 * 1024, maxResponseHeaderBytes, pool.responseHeaders()));
        pipeline.addLast("origin", created);
    }

    private void connectDone(ChannelFuture future) {
        if (done) {
            return;
        }
        var handler = ssl;
        if (!future.isSuccess()) {
            fail(connectFailure(future.cause()));
        } else if (handler != null) {
            GenericFutureListener<Future<Channel>> onHandshake = this::handshakeDone;
            handler.handshakeFuture().addListener(onHandshake);
        } else {
            succeed();
        }
    }

    private void handshakeDone(Future<Channel> future) {
        if (done) {
            return;
        }
        if (future.isSuccess()) {
            succeed();
        } else {
            fail(ConnectFailure.TLS.reason(future.cause())); // Fastly's words: "Hostname mismatch", …
        }
    }

    private void resolved(Future<InetAddress> future) {
        if (done) {
            return;
        }
        if (!future.isSuccess()) {
            fail(ConnectFailure.DNS.reason() + ": " + pool.backend().address());
            return;
        }
        address = new InetSocketAddress(future.getNow(), pool.backend().port());
        if (pool.backend().useSsl()) {
            GenericFutureListener<Future<OriginTls>> onTls = this::tlsReady; // built once per pool, off the loop
            var tls = pool.tls(loop);
            if (!tls.isDone()) {
                // Parsing PEM and building key managers is this edge's own work, once per pool: the
                // origin's connect_timeout starts again when it is done (it took over a second cold).
                cancelDeadline();
            }
            tls.addListener(onTls);
        } else {
            connect();
        }
    }

    private void tlsReady(Future<OriginTls> future) {
        if (done) {
            return;
        }
        if (future.isSuccess()) {
            if (deadline == null) {
                armDeadline();
            }
            connect();
        } else {
            fail(ConnectFailure.TLS.reason() + ": " + message(future.cause())); // a bad PEM or an impossible version range
        }
    }

    private void connect() {
        var target = address;
        if (target == null) {
            throw new IllegalStateException("no address");
        }
        var connect = pool.bootstrap(loop).handler(this).connect(target);
        channel = connect.channel();
        connect.addListener((ChannelFutureListener) this::connectDone);
    }

    private void armDeadline() {
        int timeout = pool.backend().connectTimeoutMs();
        if (timeout > 0) {
            deadline = loop.schedule(this, timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** The connect deadline passed. */
    @Override
    public void run() {
        deadline = null;
        if (!done) {
            stats.connectTimeout();
            fail(ConnectFailure.TIMED_OUT.reason());
        }
    }

    private void succeed() {
        done = true;
        cancelDeadline();
        var created = connection;
        if (created == null || !created.channel.isActive()) {
            fail(ConnectFailure.FAILED.reason());
            return;
        }
        stats.originConnection();
        listener.connected(created);
    }

    private void fail(String reason) {
        done = true;
        cancelDeadline();
        var ch = channel;
        if (connection == null) {
            pool.releaseSlot(); // no connection owns the slot yet
        }
        if (ch != null) {
            ch.close();
        }
        listener.connectFailed(reason);
    }

    private void cancelDeadline() {
        var current = deadline;
        if (current != null) {
            deadline = null;
            current.cancel(false);
        }
    }

    private String connectFailure(Throwable cause) {
        var failure = ConnectFailure.classify(cause);
        if (failure == ConnectFailure.TIMED_OUT) {
            stats.connectTimeout();
        }
        return failure.reason(cause);
    }

    private static String message(Throwable cause) {
        var root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
