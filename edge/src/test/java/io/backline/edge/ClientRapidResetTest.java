package io.backline.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 rapid reset (CVE-2023-44487) against the TLS listener: a client opens thousands of streams
 * and resets each at once, in one burst. The edge ends that connection, the origin sees a bounded
 * number of requests, and another client is served normally afterwards.
 */
class ClientRapidResetTest {
    private static final int STREAMS = 5_000;

    private final TestPki pki = TestPki.newCa();
    private final CacheOrigin origin = new CacheOrigin();
    private EdgeServer edge;

    @BeforeEach
    void start() {
        var version = ProxyFixtures.version(ProxyFixtures.SERVICE, 1, List.of(ProxyFixtures.backend("origin", origin.port())), List.of(),
                "127.0.0.1");
        var snapshot = SnapshotCompiler.compile(1, List.of(version));
        edge = EdgeServer.start(ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).build(), () -> snapshot,
                HealthView.ALL_HEALTHY);
        var identity = pki.server("www.example.com");
        edge.certificates(List.of(new ServedCertificate("c", identity.certificatePem(), identity.privateKeyPem(),
                List.of("www.example.com"))));
    }

    @AfterEach
    void stop() {
        edge.close();
        origin.close();
    }

    @Test
    void aClientResettingThousandsOfStreamsIsCutOffAndOthersAreStillServed() throws Exception {
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            var tls = SslContextBuilder.forClient().trustManager(pki.caCertificate())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                    .build();
            var burst = new CompletableFuture<String>();
            var channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    var ssl = tls.newHandler(ch.alloc(), "www.example.com", edge.tlsPort());
                    ch.pipeline().addLast(ssl, new Flood(ssl, burst));
                }
            }).connect("127.0.0.1", edge.tlsPort()).syncUninterruptibly().channel();

            assertThat(burst.get(10, TimeUnit.SECONDS)).isEqualTo(ApplicationProtocolNames.HTTP_2);
            assertThat(channel.closeFuture().await(15, TimeUnit.SECONDS)).as("the edge closed the flooding connection").isTrue();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        // At most the resets allowed before the edge gave up, plus the streams open at once: far from every stream sent.
        assertThat(origin.total()).isLessThan(400);

        try (var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
            var response = client.get(edge.tlsPort(), "/after");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
    }

    /** After the handshake: the preface, SETTINGS, then HEADERS and RST_STREAM for each of {@link #STREAMS} streams, in one flush. */
    private static final class Flood extends ChannelInboundHandlerAdapter {
        private final SslHandler ssl;
        private final CompletableFuture<String> burst;

        Flood(SslHandler ssl, CompletableFuture<String> burst) {
            this.ssl = ssl;
            this.burst = burst;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ssl.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    burst.completeExceptionally(done.cause());
                    return;
                }
                var writer = new DefaultHttp2FrameWriter();
                ctx.write(Http2CodecUtil.connectionPrefaceBuf());
                writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
                for (int i = 0; i < STREAMS; i++) {
                    int stream = 1 + 2 * i;
                    var headers = new DefaultHttp2Headers().method("GET").scheme("https").authority("127.0.0.1").path("/flood/" + i);
                    writer.writeHeaders(ctx, stream, headers, 0, true, ctx.newPromise());
                    writer.writeRstStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise());
                }
                ctx.flush();
                burst.complete(String.valueOf(ssl.applicationProtocol()));
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // the edge's frames, GOAWAY among them, are not this test's subject
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a write after the edge closed: expected
        }
    }
}
