package io.backline.edge.origin;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeConfig;
import io.backline.edge.EdgeException;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.EdgeStats;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The registry of origin connection pools, keyed by {@link BackendKey}: traffic state that outlives
 * snapshots. A backend whose connection fields did not change keeps its pool (and its warm
 * connections) across activations. When a snapshot no longer names a key, that pool is retired:
 * its idle connections close at once and its busy ones when their exchange ends, so in-flight
 * requests finish on the connection they started on.
 *
 * <p>Guarding: the map is concurrent; pools guard themselves. Sweeps run off the event loops
 * (on {@code background}), triggered when a request first sees a new snapshot and periodically,
 * which also catches pools a request created from a snapshot older than the current one.
 */
public final class OriginPools implements AutoCloseable {
    private final ConcurrentHashMap<BackendKey, OriginPool> pools = new ConcurrentHashMap<>();
    private final AtomicReference<@Nullable EdgeSnapshot> observed = new AtomicReference<>();
    private final EdgeConfig config;
    private final Transport transport;
    private final OriginResolver resolver;
    private final EdgeStats stats;
    private final List<EventLoop> loops;
    private final Supplier<EdgeSnapshot> snapshots;
    private final Executor background;
    private final HttpHeadersFactory responseHeaders;
    private final Supplier<Set<BackendKey>> shieldKeys;

    /**
     * @param responseHeaders how origin responses' header maps are made: the proxy's factory, which
     *     knows the names the proxy adds to them (this package does not know the proxy)
     * @param shieldKeys the keys of the hops to shield edges in use now, which no backend of the
     *     snapshot names: the sweep keeps their pools
     */
    public OriginPools(EdgeConfig config, Transport transport, OriginResolver resolver, EdgeStats stats, List<EventLoop> loops,
            Supplier<EdgeSnapshot> snapshots, Executor background, HttpHeadersFactory responseHeaders,
            Supplier<Set<BackendKey>> shieldKeys) {
        this.shieldKeys = shieldKeys;
        this.config = config;
        this.transport = transport;
        this.resolver = resolver;
        this.stats = stats;
        this.loops = List.copyOf(loops);
        this.snapshots = snapshots;
        this.background = background;
        this.responseHeaders = responseHeaders;
    }

    /** The pool of a backend, made on first use. */
    public OriginPool pool(BackendSettings backend) {
        var pool = pools.get(backend.key());
        return pool != null ? pool : pools.computeIfAbsent(backend.key(), key -> new OriginPool(backend, this));
    }

    public @Nullable OriginPool existing(BackendKey key) {
        return pools.get(key);
    }

    /** Called with the snapshot each request uses; a new one triggers a sweep in the background. */
    public void observe(EdgeSnapshot snapshot) {
        var last = observed.get();
        if (last != snapshot && observed.compareAndSet(last, snapshot)) {
            try {
                background.execute(this::sweep);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** Retires the pools the current snapshot (active and staged versions) and the shield hops do not name, and builds TLS settings for new backends. */
    public void sweep() {
        var snapshot = snapshots.get();
        var live = new HashSet<BackendKey>(shieldKeys.get());
        for (var service : snapshot.served()) {
            for (var backend : service.backends()) {
                live.add(backend.key());
                if (backend.useSsl()) {
                    try {
                        pool(backend).tls(); // off the event loop, before the first request needs it
                    } catch (EdgeException e) {
                        OriginPool.LOG.log(System.Logger.Level.WARNING, "backend " + backend.key() + ": " + e.getMessage());
                    }
                }
            }
        }
        for (var entry : pools.entrySet()) {
            if (!live.contains(entry.getKey()) && pools.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().retire();
                OriginPool.LOG.log(System.Logger.Level.DEBUG, () -> "retired " + entry.getValue());
            }
        }
    }

    Executor background() {
        return background;
    }

    int loops() {
        return loops.size();
    }

    /** This loop's index in the per-loop idle deques. */
    public int loopIndex(EventLoop loop) {
        for (int i = 0; i < loops.size(); i++) {
            if (loops.get(i) == loop) {
                return i;
            }
        }
        throw new IllegalStateException("not an edge event loop: " + loop);
    }

    HttpHeadersFactory responseHeaders() {
        return responseHeaders;
    }

    EdgeConfig config() {
        return config;
    }

    Transport transport() {
        return transport;
    }

    OriginResolver resolver() {
        return resolver;
    }

    EdgeStats stats() {
        return stats;
    }

    @Override
    public void close() {
        for (var pool : pools.values()) {
            pool.retire();
        }
        pools.clear();
    }
}
