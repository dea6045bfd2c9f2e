package io.backline.edge.origin;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeConfig;
import io.backline.edge.EdgeException;
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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * The socket implementation, chosen once per edge ({@link EdgeConfig.IoTransport}): io_uring when the
 * kernel offers it, else native epoll, else the JDK's NIO. All three set the kernel's TCP keep-alive
 * timers per origin socket (the native ones through their channel options, NIO through the JDK's
 * extended socket options).
 *
 * <p>Why io_uring first: on this project's benchmark machine (2 cores, kernel 6.18) the edge spent
 * 25 % less CPU per proxied 1 KiB request with it than with epoll (28.1 against 37.6 us, 6 paired
 * runs) and 10 % less at 100 KiB, with more requests per second and a lower p99
 * (docs/edge-benchmarks.md). Netty batches the reads, writes and polls of one event-loop turn into
 * one {@code io_uring_enter} where epoll makes a system call for each. Kernels or sandboxes
 * without it (io_uring is often disabled in containers by seccomp or
 * {@code kernel.io_uring_disabled}) fall back to epoll by themselves.
 */
public final class Transport {
    /** A loop that did no I/O for this long gives back its cache of pooled buffers ({@link IdleTrimIoHandler}). */
    static final Duration IDLE_TRIM_PERIOD = Duration.ofSeconds(1);

    /** Fastly's defaults for {@code tcp_keepalive_time}/{@code _interval}/{@code _probes} (semantics §4.1). */
    static final int KEEPALIVE_TIME_SECONDS = 300;
    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_PROBES = 3;

    private final EdgeConfig.IoTransport kind;

    private Transport(EdgeConfig.IoTransport kind) {
        this.kind = kind;
    }

    /**
     * The transport {@code wanted} names, or for {@code AUTO} the best available; an unavailable
     * native transport that was asked for by name is an error that says why, never a silent fallback.
     */
    public static Transport of(EdgeConfig.IoTransport wanted) {
        return switch (wanted) {
            case AUTO -> new Transport(IoUring.isAvailable() ? EdgeConfig.IoTransport.IO_URING
                    : Epoll.isAvailable() ? EdgeConfig.IoTransport.EPOLL : EdgeConfig.IoTransport.NIO);
            case IO_URING -> available(wanted, IoUring.isAvailable(), IoUring.unavailabilityCause());
            case EPOLL -> available(wanted, Epoll.isAvailable(), Epoll.unavailabilityCause());
            case NIO -> new Transport(wanted);
        };
    }

    private static Transport available(EdgeConfig.IoTransport wanted, boolean available, @Nullable Throwable cause) {
        if (!available) {
            var message = "edge: the " + wanted.label() + " transport is not available here"
                    + (cause == null ? "" : " (" + cause.getMessage() + ")") + "; use auto to take the best available";
            throw cause == null ? new EdgeException(message) : new EdgeException(message, cause);
        }
        return new Transport(wanted);
    }

    public String name() {
        return kind.label();
    }

    /**
     * {@code threads} event loops; with {@code yieldAfterBusyTurn}, each gives up the CPU after a turn
     * that did work ({@link YieldingIoHandler}). Each gives back its cache of pooled buffers after a
     * second without I/O ({@link IdleTrimIoHandler}).
     */
    public EventLoopGroup newGroup(int threads, boolean yieldAfterBusyTurn) {
        IoHandlerFactory factory = switch (kind) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        if (yieldAfterBusyTurn) {
            factory = YieldingIoHandler.wrap(factory);
        }
        var group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("backline-edge", true),
                IdleTrimIoHandler.wrap(factory));
        IdleTrimIoHandler.schedule(group, IDLE_TRIM_PERIOD);
        return group;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (kind) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> channel() {
        return switch (kind) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            default -> NioSocketChannel.class;
        };
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
        switch (kind) {
            case IO_URING -> {
                bootstrap.option(IoUringChannelOption.TCP_KEEPIDLE, idle);
                bootstrap.option(IoUringChannelOption.TCP_KEEPINTVL, interval);
                bootstrap.option(IoUringChannelOption.TCP_KEEPCNT, probes);
            }
            case EPOLL -> {
                bootstrap.option(EpollChannelOption.TCP_KEEPIDLE, idle);
                bootstrap.option(EpollChannelOption.TCP_KEEPINTVL, interval);
                bootstrap.option(EpollChannelOption.TCP_KEEPCNT, probes);
            }
            default -> {
                bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle);
                bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
                bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), probes);
            }
        }
    }

    /** The kernel refuses 0 for these timers, so a 0 (or unset) means "Fastly's default". */
    private static int orDefault(@Nullable Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
