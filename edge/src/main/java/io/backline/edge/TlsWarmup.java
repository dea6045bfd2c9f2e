package io.backline.edge;

import io.backline.edge.origin.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;

/**
 * The TLS half of {@link EdgeWarmup}: clients that connect to the private edge's TLS listener, make
 * a full handshake (no session is resumed: a new client's handshake is the costly path), send
 * {@link #ROUNDS} batches of concurrent streams over HTTP/2 or {@link #ROUNDS} requests over
 * HTTP/1.1 (every other connection asks for each by ALPN), close and start again. Every part of the path a TLS client takes runs: SNI selection, the
 * handshake, the ALPN switch, the HTTP/2 codec and a child channel per stream.
 */
final class TlsWarmup {
    static final int CONNECTIONS = 8;
    /** Streams sent at once on an HTTP/2 connection, as a browser or h2load -m 10 does. */
    private static final int STREAMS = 10;
    /**
     * Batches (HTTP/2) or requests (HTTP/1.1) per connection before it closes and a new handshake
     * starts. One: the handshake is the part of the TLS path that takes longest to compile (it is run
     * once per connection, and the JIT compiles a method after thousands of runs), and a stream's
     * path is the same whether it is a connection's first or its hundredth.
     */
    private static final int ROUNDS = 1;

    private final EventLoopGroup group;
    private final Transport transport;
    private final int port;
    private final String domain;
    private final SslContext client;
    private final EdgeWarmup.Progress progress;
    private final AtomicInteger started = new AtomicInteger();

    private TlsWarmup(EventLoopGroup group, Transport transport, int port, ServedCertificate certificate, SslContext client,
            EdgeWarmup.Progress progress) {
        this.group = group;
        this.transport = transport;
        this.port = port;
        this.domain = certificate.domains().getFirst();
        this.client = client;
        this.progress = progress;
    }

    /** Drives {@link #CONNECTIONS} clients at {@code port} until {@code progress} says stop; returns the responses received. */
    static int drive(EventLoopGroup group, Transport transport, int port, ServedCertificate certificate, EdgeWarmup.Progress progress)
            throws InterruptedException {
        var client = clientContext(certificate);
        try {
            var warmup = new TlsWarmup(group, transport, port, certificate, client, progress);
            for (int i = 0; i < CONNECTIONS; i++) {
                warmup.connect();
            }
            return progress.await();
        } finally {
            ReferenceCountUtil.release(client); // each connection's engine holds the context too, and frees it on close
        }
    }

    /**
     * Trusts exactly the warm-up's certificate; offers h2 and http/1.1 (the listener picks by ALPN, and
     * the client alternates). Reference-counted OpenSSL when it loads, as the listener's own contexts
     * ({@code ClientTls}): the plain provider's engines would wait for the finalizer by the thousand.
     */
    private static SslContext clientContext(ServedCertificate certificate) {
        try {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(certificate.certificateChainPem().getBytes(StandardCharsets.US_ASCII)));
            return SslContextBuilder.forClient().trustManager((X509Certificate) certificates)
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (CertificateException | SSLException e) {
            throw new IllegalStateException("TLS warm-up client: " + e.getMessage(), e);
        }
    }

    private void connect() {
        if (progress.stopping()) {
            progress.clientDone();
            return;
        }
        boolean h2 = started.incrementAndGet() % 2 == 0;
        var answered = new AtomicBoolean();
        new Bootstrap().group(group).channel(transport.channel()).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // No peer host: the client's session cache is keyed by it, and every handshake here is meant to be a full one.
                        var ssl = client.newHandler(ch.alloc());
                        var parameters = ssl.engine().getSSLParameters();
                        parameters.setServerNames(List.of(new SNIHostName(domain)));
                        if (!h2) {
                            parameters.setApplicationProtocols(new String[] {ApplicationProtocolNames.HTTP_1_1});
                        }
                        ssl.engine().setSSLParameters(parameters);
                        ch.pipeline().addLast(ssl, new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    ctx.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                                    new Http2Session(ctx.channel(), answered).batch();
                                } else {
                                    var session = new Http1Session(answered);
                                    ctx.pipeline().addLast(new HttpClientCodec(), session);
                                    session.next(ctx.channel());
                                }
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).addListener(connected -> {
                    if (!connected.isSuccess()) {
                        progress.clientDone();
                        return;
                    }
                    ((ChannelFuture) connected).channel().closeFuture().addListener(closed -> {
                        // A connection that got no answer at all (a failed handshake) ends this client rather than retrying in a loop.
                        if (!answered.get()) {
                            progress.clientDone();
                        } else {
                            connect();
                        }
                    });
                });
    }

    private DefaultFullHttpRequest request() {
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/small", Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, domain).set(HttpHeaderNames.USER_AGENT, "backline-warmup");
        return request;
    }

    private void count(HttpObject msg, AtomicBoolean answered) {
        if (msg instanceof HttpResponse response) {
            answered.set(true);
            if (response.status().code() != 200) {
                progress.unexpected();
            }
        }
    }

    /** Sequential requests on one HTTP/1.1 connection, then close. */
    private final class Http1Session extends SimpleChannelInboundHandler<HttpObject> {
        private final AtomicBoolean answered;
        private int sent;

        Http1Session(AtomicBoolean answered) {
            this.answered = answered;
        }

        void next(Channel ch) {
            if (sent++ == ROUNDS || progress.stopping()) {
                ch.close();
                return;
            }
            ch.writeAndFlush(request());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            count(msg, answered);
            if (msg instanceof LastHttpContent) {
                progress.completed();
                next(ctx.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Batches of concurrent streams on one HTTP/2 connection, the next when the last stream of a batch ended; then close. */
    private final class Http2Session {
        private final Channel connection;
        private final AtomicBoolean answered;
        private int batches;
        private int open;

        Http2Session(Channel connection, AtomicBoolean answered) {
            this.connection = connection;
            this.answered = answered;
        }

        void batch() {
            if (batches++ == ROUNDS || progress.stopping()) {
                connection.close();
                return;
            }
            open = STREAMS;
            for (int i = 0; i < STREAMS; i++) {
                new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new SimpleChannelInboundHandler<HttpObject>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                count(msg, answered);
                                if (msg instanceof LastHttpContent) {
                                    progress.completed();
                                    ctx.close();
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                if (--open == 0) { // each stream's channel runs on the connection's event loop
                                    batch();
                                }
                            }
                        });
                    }
                }).open().addListener(opened -> {
                    if (opened.isSuccess()) {
                        ((Http2StreamChannel) opened.getNow()).writeAndFlush(request());
                    } else {
                        connection.close();
                    }
                });
            }
        }
    }
}
