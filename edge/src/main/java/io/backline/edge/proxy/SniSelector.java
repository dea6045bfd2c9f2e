package io.backline.edge.proxy;

import io.backline.edge.tls.ClientTls;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of a TLS client connection: reads the ClientHello's SNI (Netty's
 * {@link AbstractSniHandler} parses it), picks the certificate's context by {@link ClientTls#find}
 * and puts its {@link SslHandler} in its own place. A hello without SNI, or with a name no activation
 * covers, is refused with the fatal alert {@code unrecognized_name} (RFC 6066 §3) and a close.
 *
 * <p>Why not Netty's {@code SniHandler}: it has no way to refuse a name with an alert (a failed
 * lookup just closes the connection, which clients report as a reset), and neither JSSE nor
 * BoringSSL is asked about a hello that carries no SNI at all. The alert is therefore written here,
 * as the one 7-byte TLS record it is, before any TLS engine exists.
 */
final class SniSelector extends AbstractSniHandler<SslContext> {
    /** A TLS record: alert (21), version 3.3, length 2, level fatal (2), description unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME = {21, 3, 3, 0, 2, 2, 112};

    private final ClientTls tls;
    private final long handshakeTimeoutMillis;

    SniSelector(ClientTls tls, long handshakeTimeoutMillis) {
        super(handshakeTimeoutMillis);
        this.tls = tls;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, @Nullable String hostname) {
        var context = tls.find(hostname);
        return context == null
                ? ctx.executor().newFailedFuture(new IllegalArgumentException("sni: " + hostname + " (expected: an activated domain)"))
                : ctx.executor().newSucceededFuture(context);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, @Nullable String hostname, Future<SslContext> future) {
        if (!future.isSuccess()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SslHandler handler = future.getNow().newHandler(ctx.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        try {
            ctx.pipeline().replace(this, "tls", handler);
        } catch (RuntimeException e) {
            io.netty.util.ReferenceCountUtil.safeRelease(handler.engine());
            throw e;
        }
    }
}
