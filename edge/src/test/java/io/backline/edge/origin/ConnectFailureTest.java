package io.backline.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backline.edge.EdgeException;
import io.backline.edge.tls.OriginTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Connect failures are told apart by the exception's type, whatever its message and whichever transport threw it. */
class ConnectFailureTest {

    /** A loopback port that was just bound and closed: nothing listens, so the kernel refuses. */
    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Throwable connectFailure(IoHandlerFactory io, Class<? extends Channel> channel) throws Exception {
        var group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            var future = new Bootstrap().group(group).channel(channel).handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress("127.0.0.1", closedPort()));
            assertThat(future.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(future.isSuccess()).isFalse();
            return future.cause();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aRefusedConnectOverNioIsRefused() throws Exception {
        var cause = connectFailure(NioIoHandler.newFactory(), NioSocketChannel.class);

        assertThat(ConnectFailure.classify(cause)).as(cause.toString()).isEqualTo(ConnectFailure.REFUSED);
        assertThat(ConnectFailure.classify(cause).reason(cause)).isEqualTo("Connection refused");
    }

    @Test
    void aRefusedConnectOverEpollIsRefused() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
        var cause = connectFailure(EpollIoHandler.newFactory(), EpollSocketChannel.class);

        assertThat(ConnectFailure.classify(cause)).as(cause.toString()).isEqualTo(ConnectFailure.REFUSED);
    }

    @Test
    void aRefusedConnectOverIoUringIsRefused() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        var cause = connectFailure(IoUringIoHandler.newFactory(), IoUringSocketChannel.class);

        assertThat(ConnectFailure.classify(cause)).as(cause.toString()).isEqualTo(ConnectFailure.REFUSED);
    }

    @Test
    void aNativeErrorIsRefusedOnlyForEconnrefused() {
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");

        var refused = new Errors.NativeIoException("connect", Errors.ERROR_ECONNREFUSED_NEGATIVE);
        var reset = new Errors.NativeIoException("connect", Errors.ERRNO_ECONNRESET_NEGATIVE);

        assertThat(ConnectFailure.classify(refused)).isEqualTo(ConnectFailure.REFUSED);
        assertThat(ConnectFailure.classify(reset)).isEqualTo(ConnectFailure.FAILED);
    }

    @Test
    void theTypeDecidesNotTheMessage() {
        assertThat(ConnectFailure.classify(new ConnectTimeoutException("connection refused"))).isEqualTo(ConnectFailure.TIMED_OUT);
        assertThat(ConnectFailure.classify(new ConnectException("no words here"))).isEqualTo(ConnectFailure.REFUSED);
        assertThat(ConnectFailure.classify(new NoRouteToHostException("Connection refused"))).isEqualTo(ConnectFailure.FAILED);
        assertThat(ConnectFailure.classify(new SocketException("Connection refused"))).isEqualTo(ConnectFailure.FAILED);
        assertThat(ConnectFailure.classify(new IOException("refused"))).isEqualTo(ConnectFailure.FAILED);
    }

    @Test
    void aWrappedCauseIsFoundInTheChain() {
        var wrapped = new IllegalStateException("while connecting", new ConnectException("x"));

        assertThat(ConnectFailure.classify(wrapped)).isEqualTo(ConnectFailure.REFUSED);
    }

    @Test
    void tlsFailuresCarryTheirOwnReason() {
        var alert = new SSLHandshakeException("Received fatal alert: protocol_version");
        var settings = new EdgeException("backend b1: ssl_client_key: not a PEM private key");

        assertThat(ConnectFailure.classify(alert)).isEqualTo(ConnectFailure.TLS);
        assertThat(ConnectFailure.TLS.reason(alert)).isEqualTo(OriginTls.failureReason(alert)).isEqualTo("protocol version");
        assertThat(ConnectFailure.classify(settings)).isEqualTo(ConnectFailure.TLS);
        assertThat(ConnectFailure.TLS.reason(settings)).isEqualTo("TLS handshake failed: backend b1: ssl_client_key: not a PEM private key");
    }

    @Test
    void eachFailureHasTheReasonTheClientSees() {
        assertThat(ConnectFailure.TIMED_OUT.reason()).isEqualTo("Connection timed out");
        assertThat(ConnectFailure.REFUSED.reason()).isEqualTo("Connection refused");
        assertThat(ConnectFailure.FAILED.reason()).isEqualTo("Connection failed");
    }
}
