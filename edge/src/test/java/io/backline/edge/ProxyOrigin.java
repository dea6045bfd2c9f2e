package io.backline.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP/1.1 origin on 127.0.0.1 for edge tests, with behaviours chosen by path:
 * <ul>
 * <li>{@code /sleep/<ms>}: answers after a delay (first-byte timeouts, held connections);
 * <li>{@code /stall/<ms>/chunked} and {@code /stall/<ms>/fixed}: sends the head and {@code part1},
 * goes silent, then sends {@code part2} (between-bytes timeouts);
 * <li>{@code /big/<KiB>} (chunked) and {@code /bigfixed/<KiB>} (Content-Length): a large body in 8 KiB writes;
 * <li>{@code /hop}: answers with hop-by-hop headers that must not reach the client;
 * <li>{@code /flaky}: on a connection that already served a request, closes without answering;
 * <li>anything else: 200 with the origin's name as the body.
 * </ul>
 * Every request is recorded with the connection it came on; open connections are counted.
 */
final class ProxyOrigin implements AutoCloseable {
    /** A request as the origin saw it. */
    record Seen(String method, String uri, HttpHeaders headers, String body, int connection) {}

    final String name;
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private volatile long lastBodyMillis = -1;

    /** A finished handshake as the origin saw it: the SNI name asked for and the client certificate's subject. */
    record Handshake(@Nullable String sni, @Nullable String clientSubject) {}

    private final ConcurrentLinkedQueue<Handshake> handshakes = new ConcurrentLinkedQueue<>();

    private ProxyOrigin(String name, @Nullable SSLContext tls) {
        this(name, tls, false);
    }

    private ProxyOrigin(String name, @Nullable SSLContext tls, boolean needClientAuth) {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            var engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setNeedClientAuth(needClientAuth);
                            var handler = new SslHandler(engine);
                            handler.handshakeFuture().addListener(done -> {
                                if (done.isSuccess()) {
                                    handshakes.add(handshake(engine));
                                }
                            });
                            ch.pipeline().addLast(handler);
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    static ProxyOrigin start(String name) {
        return new ProxyOrigin(name, null);
    }

    /** An origin that speaks HTTPS with this server context. */
    static ProxyOrigin startTls(String name, SSLContext tls) {
        return new ProxyOrigin(name, tls);
    }

    /** An HTTPS origin that refuses a handshake without a client certificate its context trusts. */
    static ProxyOrigin startMutualTls(String name, SSLContext tls) {
        return new ProxyOrigin(name, tls, true);
    }

    List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    private static Handshake handshake(javax.net.ssl.SSLEngine engine) {
        var session = engine.getSession();
        String sni = null;
        if (session instanceof javax.net.ssl.ExtendedSSLSession extended) {
            for (var name : extended.getRequestedServerNames()) {
                if (name instanceof javax.net.ssl.SNIHostName host) {
                    sni = host.getAsciiName();
                }
            }
        }
        String subject = null;
        try {
            subject = session.getPeerPrincipal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return new Handshake(sni, subject);
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    Seen last() {
        var all = seen();
        return all.get(all.size() - 1);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** How long the last {@code /big} body took to leave this origin (its last write completing), in ms. */
    long lastBodyMillis() {
        return lastBodyMillis;
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private int id;
        private int served;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            id = connections.incrementAndGet();
            open.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a request the edge abandoned mid-body
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            seen.add(new Seen(request.method().name(), request.uri(), request.headers().copy(),
                    request.content().toString(StandardCharsets.UTF_8), id));
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (served++ > 0 && request.uri().startsWith("/flaky")) {
                ctx.close(); // as if the idle timeout closed the connection just as this request arrived
                return;
            }
            var parts = request.uri().split("/");
            var kind = parts.length > 1 ? parts[1] : "";
            switch (kind) {
                case "sleep" -> ctx.executor().schedule(() -> respond(ctx, keepAlive), Long.parseLong(parts[2]), TimeUnit.MILLISECONDS);
                case "stall" -> stall(ctx, Long.parseLong(parts[2]), parts[3].equals("chunked"));
                case "big" -> big(ctx, Integer.parseInt(parts[2]), true);
                case "bigfixed" -> big(ctx, Integer.parseInt(parts[2]), false);
                case "hop" -> {
                    var response = response(name);
                    response.headers().set("Connection", "keep-alive, X-Hop").set("X-Hop", "secret").set("Keep-Alive", "timeout=5")
                            .set("Proxy-Connection", "keep-alive").set("Upgrade", "h2c").set("Trailer", "X-Checksum")
                            .set("X-End-To-End", "kept");
                    ctx.writeAndFlush(response);
                }
                default -> respond(ctx, keepAlive);
            }
        }

        private void respond(ChannelHandlerContext ctx, boolean keepAlive) {
            var future = ctx.writeAndFlush(response(name));
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void stall(ChannelHandlerContext ctx, long millis, boolean chunked) {
            var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            if (chunked) {
                HttpUtil.setTransferEncodingChunked(head, true);
            } else {
                HttpUtil.setContentLength(head, 10);
            }
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(text("part1")));
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    ctx.writeAndFlush(new DefaultLastHttpContent(text("part2")));
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        private void big(ChannelHandlerContext ctx, int kib, boolean chunked) {
            var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            if (chunked) {
                HttpUtil.setTransferEncodingChunked(head, true);
            } else {
                HttpUtil.setContentLength(head, kib * 1024L);
            }
            long start = System.nanoTime();
            ctx.write(head);
            int total = kib * 1024;
            for (int written = 0; written < total; written += 8 * 1024) {
                int size = Math.min(8 * 1024, total - written);
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(PATTERN, written % 26, size)));
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(f -> lastBodyMillis = (System.nanoTime() - start) / 1_000_000);
        }

        private static DefaultFullHttpResponse response(String body) {
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, text(body));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes()).set("X-Origin", body);
            return response;
        }
    }

    private static final byte[] PATTERN = new byte[8 * 1024 + 26];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = pattern(i);
        }
    }

    /** The byte at {@code offset} of a {@code /big} body. */
    static byte pattern(int offset) {
        return (byte) ('a' + offset % 26);
    }

    private static ByteBuf text(String value) {
        return Unpooled.copiedBuffer(value, StandardCharsets.UTF_8);
    }
}
