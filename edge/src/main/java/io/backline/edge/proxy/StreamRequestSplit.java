package io.backline.edge.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * On an HTTP/2 stream, a request whose HEADERS frame ends the stream arrives from
 * {@code Http2StreamFrameToHttpObjectCodec} as one {@link FullHttpRequest}; the proxy takes a head
 * and then its body parts, as HTTP/1.1's decoder gives them, and forwards the head as it is. So the
 * full request is passed on as those two: the head, then an empty (or trailing) last part.
 */
@ChannelHandler.Sharable
final class StreamRequestSplit extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            var head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            head.setDecoderResult(full.decoderResult());
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
