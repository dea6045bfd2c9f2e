package io.backline.edge.origin;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeStats;
import io.backline.edge.tls.OriginTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The connections to one backend identity ({@link BackendKey}). Lives in {@link OriginPools},
 * outside any snapshot, so an activation that leaves the backend's connection fields alone keeps
 * its warm connections.
 *
 * <p>{@code max_conn} bounds the connections open at once, idle and busy together, across all
 * event loops (one atomic counter; a slot is taken before connecting and given back when the
 * channel closes). Idle connections are kept per event loop, most recently used first, so a
 * client is served by a connection on its own loop and no bytes cross threads. When the count is
 * full but another loop holds an idle connection, that connection's slot is claimed and it is
 * closed, so idle connections elsewhere never turn into a spurious {@code backend.max_conn
 * reached}.
 */
public final class OriginPool {
    static final System.Logger LOG = System.getLogger("io.backline.edge.origin");

    private final BackendSettings backend;
    private final OriginPools registry;
    private final Bootstrap prototype;
    private final List<ConcurrentLinkedDeque<OriginConnection>> idle;
    private final AtomicInteger open = new AtomicInteger();
    private final long idleTimeoutNanos;
    // What a connect needs besides this pool, handed to each ConnectAttempt.
    private final OriginResolver resolver;
    private final EdgeStats stats;
    private final int maxResponseHeaderBytes;
    private volatile boolean retired;
    private volatile @Nullable OriginTls tls;

    OriginPool(BackendSettings backend, OriginPools registry) {
        this.backend = backend;
        this.registry = registry;
        var deques = new ArrayList<ConcurrentLinkedDeque<OriginConnection>>(registry.loops());
        for (int i = 0; i < registry.loops(); i++) {
            deques.add(new ConcurrentLinkedDeque<>());
        }
        this.idle = List.copyOf(deques);
        var keepalive = backend.keepaliveTimeSeconds();
        this.idleTimeoutNanos = keepalive == null ? registry.config().originIdleTimeout().toNanos() : TimeUnit.SECONDS.toNanos(keepalive);
        this.resolver = registry.resolver();
        this.stats = registry.stats();
        this.maxResponseHeaderBytes = registry.config().maxResponseHeaderBytes();
        var transport = registry.transport();
        this.prototype = new Bootstrap()
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, backend.connectTimeoutMs());
        transport.keepAlive(prototype, backend);
    }

    /** The header maps of this pool's responses (OriginPools' factory). */
    HttpHeadersFactory responseHeaders() {
        return registry.responseHeaders();
    }

    BackendSettings backend() {
        return backend;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /** Open connections, idle and busy. */
    public int open() {
        return open.get();
    }

    boolean retired() {
        return retired;
    }

    /** Idle connections across all loops; walks the deques, so for reports, not the request path. */
    public int idle() {
        int count = 0;
        for (var deque : idle) {
            count += deque.size();
        }
        return count;
    }

    /** A pooled connection on the caller's loop, ready for a request, or null. */
    public @Nullable OriginConnection pollIdle(int loopIndex) {
        var deque = idle.get(loopIndex);
        OriginConnection connection;
        while ((connection = deque.pollFirst()) != null) {
            if (connection.takeFromIdle()) {
                return connection;
            }
        }
        return null;
    }

    /**
     * Takes a max_conn slot for a new connection on {@code loopIndex}: a free one, or the slot of an
     * idle connection on another loop (which then closes). False when every slot is busy.
     */
    public boolean tryReserve(int loopIndex) {
        int limit = backend.maxConn();
        for (int current = open.get(); current < limit; current = open.get()) {
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
        for (int i = 0; i < idle.size(); i++) {
            if (i == loopIndex) {
                continue;
            }
            OriginConnection victim;
            while ((victim = idle.get(i).pollLast()) != null) {
                if (victim.claimSlot()) {
                    return true;
                }
            }
        }
        return false;
    }

    void releaseSlot() {
        open.decrementAndGet();
    }

    /** Opens a connection with a reserved slot; the outcome reaches {@code listener} on {@code loop}. */
    public void connect(EventLoop loop, int loopIndex, ConnectAttempt.Listener listener) {
        new ConnectAttempt(this, loop, loopIndex, listener, resolver, stats, maxResponseHeaderBytes).start();
    }

    Bootstrap bootstrap(EventLoop loop) {
        return prototype.clone(loop);
    }

    /**
     * The backend's TLS settings, built once (they are immutable and shared by every connection).
     * Blocking (PEM parsing, key stores): call it off the event loops, or use {@link #tls(EventLoop)}.
     */
    OriginTls tls() {
        var current = tls;
        if (current == null) {
            current = OriginTls.forBackend(backend);
            tls = current;
        }
        return current;
    }

    /** The TLS settings for a connect on {@code loop}: at once when built, otherwise built in the background. */
    Future<OriginTls> tls(EventLoop loop) {
        var current = tls;
        if (current != null) {
            return loop.newSucceededFuture(current);
        }
        Promise<OriginTls> promise = loop.newPromise();
        try {
            registry.background().execute(() -> {
                try {
                    promise.trySuccess(tls());
                } catch (RuntimeException e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(e);
        }
        return promise;
    }

    boolean offerIdle(OriginConnection connection) {
        if (retired) {
            return false;
        }
        var deque = idle.get(connection.loopIndex);
        deque.offerFirst(connection);
        if (retired && deque.remove(connection)) {
            return false; // raced with retire(): its drain may have missed us
        }
        return true;
    }

    boolean removeIdle(OriginConnection connection) {
        return idle.get(connection.loopIndex).remove(connection);
    }

    /** The backend left the snapshot: close idle connections now and busy ones when they finish. */
    void retire() {
        retired = true;
        for (var deque : idle) {
            OriginConnection connection;
            while ((connection = deque.pollFirst()) != null) {
                connection.channel.close();
            }
        }
    }

    @Override
    public String toString() {
        return "OriginPool[" + backend.key() + ", open=" + open.get() + "/" + backend.maxConn() + (retired ? ", retired" : "") + "]";
    }
}
