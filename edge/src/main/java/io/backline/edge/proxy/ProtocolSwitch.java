package io.backline.edge.proxy;

import io.backline.edge.EdgeRuntime;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake: the pipeline for the protocol ALPN chose, {@code h2} or
 * {@code http/1.1} (also for a client that offered no ALPN).
 */
final class ProtocolSwitch extends ApplicationProtocolNegotiationHandler {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.proxy");

    private final EdgeRuntime runtime;
    private final ResponseWriter writer;
    private final Http2Streams streams;

    ProtocolSwitch(EdgeRuntime runtime, ResponseWriter writer, Http2Streams streams) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.runtime = runtime;
        this.writer = writer;
        this.streams = streams;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            streams.configure(ctx.pipeline());
            return;
        }
        var codec = new ClientCodec(runtime.config());
        ctx.pipeline().addLast("http", codec).addLast("proxy", new ClientConnection(runtime, codec, writer, ClientHop.HTTPS));
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // A client's failed handshake is the client's business (an old protocol, a rejected certificate): not a warning here.
        LOG.log(System.Logger.Level.DEBUG, () -> "client TLS handshake failed: " + cause);
        ctx.close();
    }
}
