package io.backline.edge.proxy;

import io.backline.edge.EdgeRuntime;
import io.backline.edge.tls.ClientTls;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The TLS listener's per-connection pipeline (docs/edge-request-flow.md, "Over TLS, and HTTP/2"):
 * {@link SniSelector} (the certificate by SNI, or the alert {@code unrecognized_name}) → the
 * {@code SslHandler} it puts in its place → {@link ProtocolSwitch}, which by ALPN adds either the
 * HTTP/1.1 codec and a {@link ClientConnection}, or the HTTP/2 codec whose streams each get their
 * own {@link ClientConnection} ({@link Http2Streams}). Every request then runs the same
 * {@link Exchange} as on the plain listener.
 */
@ChannelHandler.Sharable
public final class TlsClientInitializer extends ChannelInitializer<SocketChannel> {
    private final EdgeRuntime runtime;
    private final ClientTls tls;
    private final ResponseWriter writer;
    private final Http2Streams streams;

    public TlsClientInitializer(EdgeRuntime runtime, ClientTls tls) {
        this.runtime = runtime;
        this.tls = tls;
        this.writer = new ResponseWriter(runtime.config().serverName());
        this.streams = new Http2Streams(runtime, writer);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        long handshakeMillis = runtime.config().requestHeaderTimeout().toMillis();
        ch.pipeline()
                .addLast("sni", new SniSelector(tls, handshakeMillis))
                .addLast("alpn", new ProtocolSwitch(runtime, writer, streams));
    }
}
