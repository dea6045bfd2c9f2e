package io.backline.edge.origin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** One transport's unwrapped handler factory and server channel, for the wrappers' real-loop tests. */
record LoopTransport(IoHandlerFactory factory, Class<? extends ServerChannel> serverChannel) {

    /** {@code io_uring}, {@code epoll} or {@code nio}; the test is skipped where the native transport is missing. */
    static LoopTransport named(String name) {
        return switch (name) {
            case "io_uring" -> {
                assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
                yield new LoopTransport(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            }
            case "epoll" -> {
                assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
                yield new LoopTransport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            }
            case "nio" -> new LoopTransport(NioIoHandler.newFactory(), NioServerSocketChannel.class);
            default -> throw new IllegalArgumentException("no transport " + name);
        };
    }

    /** A loopback echo server on {@code group}, bound to a port of its own ({@link #port}). */
    Channel serveEcho(EventLoopGroup group) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(serverChannel).childHandler(new EchoHandler())
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }
}
