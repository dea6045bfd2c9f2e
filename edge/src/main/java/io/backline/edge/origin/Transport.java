package io.backline.edge.origin;

import io.backline.edge.BackendSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * The socket implementation: native epoll when it loads (Linux x86-64), NIO otherwise. Both set the
 * kernel's TCP keep-alive timers per origin socket (epoll through its channel options, NIO through
 * the JDK's extended socket options).
 */
public final class Transport {
    /** Fastly's defaults for {@code tcp_keepalive_time}/{@code _interval}/{@code _probes} (semantics §4.1). */
    static final int KEEPALIVE_TIME_SECONDS = 300;
    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_PROBES = 3;

    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    public static Transport detect() {
        return new Transport(Epoll.isAvailable());
    }

    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("backline-edge", true), factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> channel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** SO_KEEPALIVE and its timers from the backend's tcp_keepalive_* fields (on unless disabled). */
    void keepAlive(Bootstrap bootstrap, BackendSettings backend) {
        boolean enabled = !Boolean.FALSE.equals(backend.tcpKeepaliveEnable());
        bootstrap.option(ChannelOption.SO_KEEPALIVE, enabled);
        if (!enabled) {
            return;
        }
        int idle = orDefault(backend.tcpKeepaliveTimeSeconds(), KEEPALIVE_TIME_SECONDS);
        int interval = orDefault(backend.tcpKeepaliveIntervalSeconds(), KEEPALIVE_INTERVAL_SECONDS);
        int probes = orDefault(backend.tcpKeepaliveProbes(), KEEPALIVE_PROBES);
        if (epoll) {
            bootstrap.option(EpollChannelOption.TCP_KEEPIDLE, idle);
            bootstrap.option(EpollChannelOption.TCP_KEEPINTVL, interval);
            bootstrap.option(EpollChannelOption.TCP_KEEPCNT, probes);
        } else {
            bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle);
            bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
            bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), probes);
        }
    }

    /** The kernel refuses 0 for these timers, so a 0 (or unset) means "Fastly's default". */
    private static int orDefault(@Nullable Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
