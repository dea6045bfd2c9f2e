package io.backline.edge;

import io.backline.edge.health.HealthView;
import io.backline.edge.origin.Transport;
import io.backline.edge.tls.WarmupCertificate;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.DomainSchema;
import io.backline.model.PlainRules;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the edge's own request path on loopback before real traffic needs it: a private edge and a
 * private origin, both on 127.0.0.1:0, and a few connections sending keep-alive requests through.
 *
 * <p>Why: the JVM compiles the request path only after it has run it many thousand times, and on
 * a small machine under load that takes tens of seconds, during which the edge serves at a third of
 * its speed (docs/edge-benchmarks.md, "Warm-up"). A server started and then configured through the
 * API, as users do, would meet its first traffic cold. The compiled code and its profiles belong
 * to the classes, not to a server instance, so traffic through a private instance warms the real
 * one. Nothing here is visible outside: its listener, origin and statistics are its own and gone
 * when it returns.
 */
public final class EdgeWarmup {
    private static final String DOMAIN = "warmup.backline.invalid";
    private static final int CONNECTIONS = 16;
    /** How often the JIT's progress is read; the warm-up ends once a whole period compiled nothing new. */
    private static final long POLL_MILLIS = 500;
    /** One large body for every few small ones: both the single-read and the streamed body path. */
    private static final int LARGE_EVERY = 5;
    /**
     * One request in this many asks for a cacheable path, so that the cache's hit path is compiled too
     * when the edge caches; the others are {@code Cache-Control: private} and take the proxy path, as
     * they did before the cache existed.
     */
    private static final int CACHED_EVERY = 4;

    private EdgeWarmup() {}

    /**
     * What a warm-up did.
     *
     * @param requests responses received
     * @param unexpected those of them that were not a 200 (the path warmed was then not the one traffic takes)
     * @param overTls those of them sent through a TLS listener (all of a TLS warm-up's, none of the plain one's)
     */
    public record Result(int requests, int unexpected, int overTls, Duration took) {
        public static final Result NONE = new Result(0, 0, 0, Duration.ZERO);
    }

    /**
     * Sends requests through a private edge built like {@code config}: at least {@code requests},
     * then on until the JIT compiler has been idle for a moment (it is the compiled code that is the
     * point, and a machine busy elsewhere compiles later), and never beyond {@code budget} or four
     * times {@code requests}. Blocks; run it off the event loops (a virtual thread will do).
     */
    public static Result run(EdgeConfig config, int requests, Duration budget) throws InterruptedException {
        return run(config, requests, budget, false);
    }

    /**
     * The same for the TLS listener's path ({@link TlsWarmup}): a private edge with a TLS listener and
     * a throw-away certificate, and clients making full handshakes and requests over HTTP/1.1 and
     * HTTP/2. An edge runs it once it has a certificate to serve (an edge without one would only carry
     * the compiled code, some 20 MiB of code cache and metaspace, for nothing).
     */
    public static Result runTls(EdgeConfig config, int requests, Duration budget) throws InterruptedException {
        return run(config, requests, budget, true);
    }

    private static Result run(EdgeConfig config, int requests, Duration budget, boolean tls) throws InterruptedException {
        long start = System.nanoTime();
        var transport = Transport.of(config.transport());
        var group = transport.newGroup(1, config.loopYield());
        try {
            var origin = startOrigin(group, transport);
            int originPort = ((InetSocketAddress) origin.localAddress()).getPort();
            var snapshot = SnapshotCompiler.compile(1, List.of(version(originPort)));
            var edgeConfig = config.toBuilder().host("127.0.0.1").port(0).staging(null)
                    .tls(tls ? new EdgeConfig.Listen("127.0.0.1", 0) : null).fastlyDebug(false).warmupRequests(0)
                    .accessLog(EdgeConfig.ACCESS_LOG_OFF).build();
            try (var edge = EdgeServer.start(edgeConfig, () -> snapshot, HealthView.ALL_HEALTHY)) {
                var progress = new Progress(requests, budget, tls ? TlsWarmup.CONNECTIONS : CONNECTIONS);
                int done;
                if (tls) {
                    var certificate = WarmupCertificate.create("backline-warmup", DOMAIN);
                    edge.certificates(List.of(certificate));
                    done = TlsWarmup.drive(group, transport, edge.tlsPort(), certificate, progress);
                } else {
                    done = drive(group, transport, edge.port(), progress);
                }
                origin.close().syncUninterruptibly();
                return new Result(done, progress.unexpectedCount(), tls ? done : 0, Duration.ofNanos(System.nanoTime() - start));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * How far one phase of the warm-up is, shared by its clients (on the event loop) and the thread
     * that waits for it: requests completed and unexpected, whether clients should stop, and the wait
     * itself, which ends once {@code requests} completed and the JIT compiler was idle for a moment.
     */
    static final class Progress {
        private final int requests;
        private final long deadline;
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicInteger unexpected = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch clients;

        Progress(int requests, Duration budget, int clients) {
            this.requests = requests;
            this.deadline = System.nanoTime() + budget.toNanos();
            this.clients = new CountDownLatch(clients);
        }

        /** Whether a client should stop rather than send more: told to, past four times the count, or past the budget. */
        boolean stopping() {
            return stop.get() || completed.get() >= 4 * requests || System.nanoTime() - deadline > 0;
        }

        void completed() {
            completed.incrementAndGet();
        }

        void unexpected() {
            unexpected.incrementAndGet();
        }

        int unexpectedCount() {
            return unexpected.get();
        }

        /** One client has stopped for good. */
        void clientDone() {
            clients.countDown();
        }

        /** Waits until every client stopped, or until enough was sent and the JIT is quiet; returns the requests completed. */
        int await() throws InterruptedException {
            var jit = ManagementFactory.getCompilationMXBean();
            long compiled = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
            while (!clients.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                long now = compiled < 0 ? -1 : jit.getTotalCompilationTime();
                if (completed.get() >= requests && (now == compiled || System.nanoTime() - deadline > 0)) {
                    break;
                }
                compiled = now;
            }
            stop.set(true);
            clients.await(5, TimeUnit.SECONDS);
            return completed.get();
        }
    }

    private static ActiveVersion version(int originPort) {
        var backend = BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(Map.of("name", List.of("warmup"), "address",
                List.of("127.0.0.1"), "port", List.of(Integer.toString(originPort)))), ServiceType.VCL);
        Values domain = PlainRules.DOMAIN.create(DomainSchema.SCHEMA.parse(Map.of("name", List.of(DOMAIN))), ServiceType.VCL);
        return new ActiveVersion("backline-warmup", 1, List.of(backend), List.of(), List.of(), List.of(domain));
    }

    private static Channel startOrigin(EventLoopGroup group, Transport transport) {
        // Heap arrays, shared by every response (hence unreleasable): the collector takes them when the warm-up ends.
        var small = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[1024])).asReadOnly();
        var large = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[100 * 1024])).asReadOnly();
        return new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpObject>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                if (msg instanceof HttpRequest request) {
                                    ByteBuf body = (request.uri().equals("/large") ? large : small).duplicate();
                                    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                                            .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                                            .set(HttpHeaderNames.CACHE_CONTROL, request.uri().startsWith("/cached") ? "max-age=3600" : "private");
                                    ctx.writeAndFlush(response);
                                }
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** Keep-alive clients, each sending its next request when the last response ended. Returns how many completed. */
    private static int drive(EventLoopGroup group, Transport transport, int edgePort, Progress progress) throws InterruptedException {
        var sent = new AtomicInteger();
        var clients = new ArrayList<Channel>();
        var bootstrap = new Bootstrap().group(group).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new SimpleChannelInboundHandler<HttpObject>() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                next(ctx.channel());
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                if (msg instanceof HttpResponse response && response.status().code() != 200) {
                                    progress.unexpected();
                                }
                                if (msg instanceof LastHttpContent) {
                                    progress.completed();
                                    next(ctx.channel());
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                progress.clientDone();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }

                            private void next(Channel ch) {
                                if (progress.stopping()) {
                                    ch.close();
                                    return;
                                }
                                int n = sent.incrementAndGet();
                                var path = n % CACHED_EVERY == 0 ? "/cached/" + (n / CACHED_EVERY) % 16
                                        : n % LARGE_EVERY == 0 ? "/large" : "/small";
                                var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
                                request.headers().set(HttpHeaderNames.HOST, DOMAIN).set(HttpHeaderNames.USER_AGENT, "backline-warmup");
                                ch.writeAndFlush(request);
                            }
                        });
                    }
                });
        for (int i = 0; i < CONNECTIONS; i++) {
            var connect = bootstrap.connect("127.0.0.1", edgePort).awaitUninterruptibly();
            if (connect.isSuccess()) {
                clients.add(connect.channel());
            } else {
                progress.clientDone();
            }
        }
        int completed = progress.await();
        clients.forEach(Channel::close);
        return completed;
    }
}
