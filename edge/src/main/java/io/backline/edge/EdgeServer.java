package io.backline.edge;

import io.backline.edge.cache.EdgeCache;
import io.backline.edge.cache.HttpCache;
import io.backline.edge.health.HealthView;
import io.backline.edge.log.AccessLog;
import io.backline.edge.origin.OriginPools;
import io.backline.edge.origin.OriginResolver;
import io.backline.edge.origin.Transport;
import io.backline.edge.proxy.ClientCodec;
import io.backline.edge.proxy.ClientConnection;
import io.backline.edge.proxy.EdgeHeaders;
import io.backline.edge.proxy.ResponseWriter;
import io.backline.edge.proxy.TlsClientInitializer;
import io.backline.edge.select.ShieldSelector;
import io.backline.edge.tls.ClientTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The edge's HTTP/1.1 listener: every request is routed through the snapshot current at that
 * moment to an origin, and the response streams back (semantics §1, §4, §5). With
 * {@link EdgeConfig#staging()} set, a second listener serves the staged versions the same way
 * (docs/edge.md, "Staging"); both share the event loops, pools and health. With {@link EdgeConfig#tls()} set, a
 * TLS listener serves production over HTTP/2 or HTTP/1.1 (by ALPN), presenting the
 * {@link #certificates(List) certificates} by SNI (docs/edge-tls.md, "Client TLS").
 *
 * <pre>{@code
 * var active = new AtomicReference<>(EdgeSnapshot.EMPTY);
 * try (var edge = EdgeServer.start(EdgeConfig.builder().port(0).build(), active::get, health)) {
 *     active.set(SnapshotCompiler.compile(revision, versions)); // an activation: the next request sees it
 *     System.out.println("edge on " + edge.port());
 * }
 * }</pre>
 *
 * <p>The supplier is read once per request, so swapping what it returns activates a configuration
 * without a restart, and requests already in flight finish on the snapshot they started with.
 * Connection pools live beside the snapshots, keyed by backend identity; a backend left unchanged
 * by an activation keeps its warm connections. Runs on io_uring, native epoll or NIO ({@link EdgeConfig#transport()}, {@code origin.Transport}).
 */
public final class EdgeServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.backline.edge");
    /** The longest a warm-up runs, whatever its request count (a slow machine stops early). */
    private static final Duration WARMUP_BUDGET = Duration.ofSeconds(20);
    /** How often the session-ticket key changes; the previous one still decrypts (docs/edge-tls.md). */
    private static final Duration TICKET_KEY_ROTATION = Duration.ofHours(1);

    private final EventLoopGroup group;
    private final Channel listener;
    private final @Nullable Channel stagingListener;
    private final @Nullable Channel tlsListener;
    private final ClientTls clientTls;
    private final Future<?> ticketRotation;
    private final OriginPools pools;
    private final OriginResolver resolver;
    private final ExecutorService background;
    private final EdgeStats stats;
    private final Future<?> sweeper;
    private final Transport transport;
    private final CompletableFuture<EdgeWarmup.Result> warmup;
    private final CompletableFuture<EdgeWarmup.Result> tlsWarmup;
    private final AtomicBoolean tlsWarmupStarted = new AtomicBoolean();
    private final @Nullable AccessLog accessLog;
    private final EdgeCache cache;
    /** The POP map of the last sync answer; every listener reads it through {@link EdgeRuntime#pops()}. */
    private final AtomicReference<Pops> pops;
    /** The certificates of the last {@link #certificates(List)} call; the TLS listener reads {@link #clientTls}'s index built from them. */
    private final AtomicReference<List<ServedCertificate>> certificates = new AtomicReference<>(List.of());
    private final EdgeConfig config;

    private EdgeServer(EventLoopGroup group, Channel listener, @Nullable Channel stagingListener, @Nullable Channel tlsListener,
            ClientTls clientTls, Future<?> ticketRotation, OriginPools pools,
            OriginResolver resolver, ExecutorService background, EdgeStats stats, Future<?> sweeper, Transport transport,
            CompletableFuture<EdgeWarmup.Result> warmup, @Nullable AccessLog accessLog, EdgeCache cache, AtomicReference<Pops> pops,
            EdgeConfig config) {
        this.pops = pops;
        this.config = config;
        this.group = group;
        this.listener = listener;
        this.stagingListener = stagingListener;
        this.tlsListener = tlsListener;
        this.clientTls = clientTls;
        this.ticketRotation = ticketRotation;
        this.pools = pools;
        this.resolver = resolver;
        this.background = background;
        this.stats = stats;
        this.sweeper = sweeper;
        this.transport = transport;
        this.warmup = warmup;
        this.tlsWarmup = tlsListener != null && config.warmupRequests() > 0 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(EdgeWarmup.Result.NONE);
        this.accessLog = accessLog;
        this.cache = cache;
    }

    /**
     * Binds and starts serving; returns once the port is open.
     *
     * @param snapshot read once per request; whoever runs the edge swaps what it returns on activation
     * @param health whether a backend may take traffic now
     * @throws EdgeException when the address cannot be bound
     */
    public static EdgeServer start(EdgeConfig config, Supplier<EdgeSnapshot> snapshot, HealthView health) {
        return start(config, snapshot, health, ExchangeObserver.NONE);
    }

    /**
     * Binds and starts serving, telling {@code observer} about every finished request (metrics, logging
     * endpoints), after the access log of {@link EdgeConfig#accessLog()} when it is on; see
     * {@link #start(EdgeConfig, Supplier, HealthView)}.
     */
    public static EdgeServer start(EdgeConfig config, Supplier<EdgeSnapshot> snapshot, HealthView health, ExchangeObserver observer) {
        var accessLog = EdgeConfig.ACCESS_LOG_OFF.equals(config.accessLog()) ? null
                : AccessLog.open(config.accessLog(), config.accessLogQueue());
        try {
            return start(config, snapshot, health, observer, accessLog);
        } catch (RuntimeException e) {
            if (accessLog != null) {
                accessLog.close();
            }
            throw e;
        }
    }

    private static EdgeServer start(EdgeConfig config, Supplier<EdgeSnapshot> snapshot, HealthView health, ExchangeObserver observer,
            @Nullable AccessLog accessLog) {
        var transport = Transport.of(config.transport());
        var group = transport.newGroup(config.eventLoopThreads(), config.loopYield());
        var background = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("backline-edge-bg-", 0).factory());
        var resolver = new OriginResolver();
        try {
            var loops = new ArrayList<EventLoop>();
            group.forEach(executor -> loops.add((EventLoop) executor));
            var stats = new EdgeStats();
            Supplier<EdgeSnapshot> current = () -> {
                var value = snapshot.get();
                return value == null ? EdgeSnapshot.EMPTY : value;
            };
            var pops = new AtomicReference<>(Pops.EMPTY);
            var pools = new OriginPools(config, transport, resolver, stats, loops, current, background, EdgeHeaders.HEADERS,
                    () -> ShieldSelector.liveKeys(current.get(), pops.get(), config.pop()));
            var cache = new EdgeCache(config.cacheSizeBytes() > 0 ? new HttpCache(config.cacheSizeBytes()) : null,
                    config.allowUnauthenticatedPurge() ? PurgeAuthorizer.OPEN : PurgeAuthorizer.CLOSED);
            var runtime = new EdgeRuntime(config, current, health, pools, stats, ClientNetworks.parse(config.debugClients()),
                    Environment.PRODUCTION, ExchangeObserver.all(accessLog == null ? List.of(observer) : List.of(accessLog, observer)),
                    cache, pops::get);
            var listener = bind(group, transport, runtime, config.host(), config.port());
            Channel stagingListener = null;
            var staging = config.staging();
            if (staging != null) {
                try {
                    stagingListener = bind(group, transport, runtime.in(Environment.STAGING), staging.host(), staging.port());
                } catch (Exception e) { // Netty throws its bind failure (an IOException) undeclared
                    listener.close().syncUninterruptibly();
                    throw new EdgeException("edge: cannot listen for staging on " + staging.host() + ":" + staging.port() + ": "
                            + e.getMessage(), e);
                }
            }
            var clientTls = ClientTls.detect();
            Channel tlsListener = null;
            var tls = config.tls();
            if (tls != null) {
                try {
                    tlsListener = bind(group, transport, tls.host(), tls.port(), new TlsClientInitializer(runtime, clientTls));
                } catch (Exception e) { // Netty throws its bind failure (an IOException) undeclared
                    listener.close().syncUninterruptibly();
                    if (stagingListener != null) {
                        stagingListener.close().syncUninterruptibly();
                    }
                    throw new EdgeException("edge: cannot listen for TLS on " + tls.host() + ":" + tls.port() + ": "
                            + e.getMessage(), e);
                }
            }
            Runnable rotate = () -> {
                try {
                    background.execute(clientTls::rotateTicketKeys);
                } catch (RejectedExecutionException e) {
                    // closing
                }
            };
            long rotation = TICKET_KEY_ROTATION.toSeconds();
            var ticketRotation = group.next().scheduleWithFixedDelay(rotate, rotation, rotation, TimeUnit.SECONDS);
            Runnable sweep = () -> {
                try {
                    background.execute(pools::sweep);
                } catch (RejectedExecutionException e) {
                    // closing
                }
            };
            var sweeper = group.next().scheduleWithFixedDelay(sweep, 10, 10, TimeUnit.SECONDS);
            var warmup = config.warmupRequests() > 0 ? CompletableFuture.supplyAsync(() -> warmUp(config, false), background)
                    : CompletableFuture.completedFuture(EdgeWarmup.Result.NONE);
            var server = new EdgeServer(group, listener, stagingListener, tlsListener, clientTls, ticketRotation, pools, resolver,
                    background, stats, sweeper, transport, warmup, accessLog, cache, pops, config);
            LOG.log(System.Logger.Level.DEBUG, () -> "edge listening on " + config.host() + ":" + server.port() + " ("
                    + transport.name() + ", " + loops.size() + " event loops)");
            return server;
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            resolver.close();
            background.shutdownNow();
            if (e instanceof EdgeException named) {
                throw named; // already says which listener
            }
            throw new EdgeException("edge: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** In the background: this listener already serves meanwhile, only more slowly until the JIT has compiled the path. */
    private static EdgeWarmup.Result warmUp(EdgeConfig config, boolean tls) {
        var what = tls ? "edge warmed up over TLS: " : "edge warmed up: ";
        try {
            var result = tls ? EdgeWarmup.runTls(config, config.warmupRequests(), WARMUP_BUDGET)
                    : EdgeWarmup.run(config, config.warmupRequests(), WARMUP_BUDGET);
            if (result.unexpected() > 0) {
                LOG.log(System.Logger.Level.WARNING, () -> what + result.unexpected() + " of " + result.requests()
                        + " responses were not a 200");
            }
            LOG.log(System.Logger.Level.INFO, () -> what + result.requests() + " requests in " + result.took().toMillis() + " ms");
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "edge warm-up" + (tls ? " over TLS" : "") + " failed (the edge serves, only cold): " + e);
        }
        return EdgeWarmup.Result.NONE;
    }

    /** The warm-up ({@link EdgeConfig#warmupRequests()}), done at once when there is none. */
    public CompletableFuture<EdgeWarmup.Result> warmup() {
        return warmup;
    }

    /**
     * The TLS listener's warm-up ({@link EdgeWarmup#runTls}): started by the first
     * {@link #certificates(List)} that brings a certificate, after the plain warm-up; done at once
     * (with nothing sent) when there is no TLS listener or no warm-up.
     */
    public CompletableFuture<EdgeWarmup.Result> tlsWarmup() {
        return tlsWarmup;
    }

    /** One listener: the same pipeline for production and staging, each with its runtime. */
    private static Channel bind(EventLoopGroup group, Transport transport, EdgeRuntime runtime, String host, int port) {
        return bind(group, transport, host, port, new ClientInitializer(runtime));
    }

    private static Channel bind(EventLoopGroup group, Transport transport, String host, int port, ChannelHandler initializer) {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(initializer)
                .bind(host, port)
                .syncUninterruptibly()
                .channel();
    }

    /**
     * Applies a purge to this edge's cache and answers how many objects it removed or marked stale
     * (0 when the cache is off). Safe from any thread.
     */
    public int purge(Purge purge) {
        var store = cache.store();
        return store == null ? 0 : store.purge(purge);
    }

    /** Who may send {@code PURGE} to this edge; replaces the default of {@link EdgeConfig#allowUnauthenticatedPurge()}. */
    public void purgeAuthorizer(PurgeAuthorizer authorizer) {
        cache.authorizer(authorizer);
    }

    /** The HTTP cache, when {@link EdgeConfig#cacheSizeBytes()} is above 0: its figures and counters (docs/cache.md). */
    public Optional<HttpCache> cache() {
        return Optional.ofNullable(cache.store());
    }

    /**
     * Replaces the POP map (the POPs and their edges' addresses) that shielded requests are routed
     * by: from each sync answer on an edge node, from the API in the same process in
     * {@code backline serve}. Safe from any thread; requests read it as they start.
     */
    public void pops(Pops current) {
        pops.set(java.util.Objects.requireNonNull(current, "pops"));
    }

    /** The POP map in use now. */
    public Pops pops() {
        return pops.get();
    }

    /**
     * Replaces the certificates the TLS listener presents, chosen by SNI (docs/edge-tls.md): from the
     * store in {@code backline serve}, from each sync answer on an edge node. New handshakes use the
     * new set; open connections keep theirs. Safe from any thread.
     */
    public void certificates(List<ServedCertificate> current) {
        var copy = List.copyOf(current);
        clientTls.update(copy); // one SslContext per certificate, built here: never on an event loop
        certificates.set(copy);
        if (!copy.isEmpty() && !tlsWarmup.isDone() && tlsWarmupStarted.compareAndSet(false, true)) {
            warmup.thenRunAsync(() -> tlsWarmup.complete(warmUp(config, true)), background);
        }
    }

    /** The certificates in use now. */
    public List<ServedCertificate> certificates() {
        return certificates.get();
    }

    /**
     * The address edges of other POPs reach this one at: {@link EdgeConfig#advertise()}, else the
     * listen address and bound port when the listen host is not a wildcard; empty when neither
     * (then this edge cannot shield for others, docs/shielding.md).
     */
    public Optional<String> shieldAddress() {
        var advertised = config.advertise();
        if (advertised != null && !advertised.isBlank()) {
            return Optional.of(advertised);
        }
        var host = config.host();
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*")) {
            return Optional.empty();
        }
        return Optional.of((host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The TLS listener's bound port, or -1 without one. */
    public int tlsPort() {
        return tlsListener == null ? -1 : ((InetSocketAddress) tlsListener.localAddress()).getPort();
    }

    /** Who does the client TLS: {@code openssl (BoringSSL)} or {@code jdk}. */
    public String tlsProvider() {
        return clientTls.provider();
    }

    /** The staging listener's bound port, or -1 without one. */
    public int stagingPort() {
        return stagingListener == null ? -1 : ((InetSocketAddress) stagingListener.localAddress()).getPort();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public EdgeStats stats() {
        return stats;
    }

    /** The access log, when {@link EdgeConfig#accessLog()} is on: its counters, and {@link AccessLog#reopen()} for SIGHUP. */
    public Optional<AccessLog> accessLog() {
        return Optional.ofNullable(accessLog);
    }

    /** The socket implementation it runs on: {@code io_uring}, {@code epoll} or {@code nio}. */
    public String transport() {
        return transport.name();
    }

    /** Connections to a backend identity right now, as {@code backend-health} reports them against max_conn. */
    public OriginUse originUse(BackendKey key) {
        var pool = pools.existing(key);
        if (pool == null) {
            return new OriginUse(0, 0);
        }
        int open = pool.open();
        return new OriginUse(open, Math.min(open, pool.idle()));
    }

    /**
     * Connections to one origin.
     *
     * @param open idle and busy together: what {@code max_conn} bounds
     * @param idle pooled and waiting for a request
     */
    public record OriginUse(int open, int idle) {
        public int busy() {
            return open - idle;
        }
    }

    /** Connections open to a backend identity right now, idle and busy (what max_conn bounds). */
    public int openConnections(BackendKey key) {
        var pool = pools.existing(key);
        return pool == null ? 0 : pool.open();
    }

    /** Stops listening, closes every connection and stops the event loops. */
    @Override
    public void close() {
        sweeper.cancel(false);
        ticketRotation.cancel(false);
        listener.close().syncUninterruptibly();
        if (tlsListener != null) {
            tlsListener.close().syncUninterruptibly();
        }
        if (stagingListener != null) {
            stagingListener.close().syncUninterruptibly();
        }
        pools.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        clientTls.close(); // after the event loops: no handshake can be starting from a context now
        resolver.close();
        background.shutdownNow();
        if (accessLog != null) {
            accessLog.close(); // after the event loops: every line of the last requests is queued by now
        }
    }

    /** The per-connection pipeline, in order: HTTP/1.1 codec → the client connection, which makes an exchange per request. */
    @ChannelHandler.Sharable
    private static final class ClientInitializer extends ChannelInitializer<SocketChannel> {
        private final EdgeRuntime runtime;
        private final ResponseWriter writer;

        ClientInitializer(EdgeRuntime runtime) {
            this.runtime = runtime;
            this.writer = new ResponseWriter(runtime.config().serverName());
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            var codec = new ClientCodec(runtime.config());
            ch.pipeline().addLast("http", codec).addLast("proxy", new ClientConnection(runtime, codec, writer));
        }
    }
}
