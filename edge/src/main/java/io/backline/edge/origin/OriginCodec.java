package io.backline.edge.origin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 codec of an origin connection: Netty's request encoder, and the edge's own response
 * decoder ({@link OriginResponseDecoder}), which keeps a response head's fields as bytes. As in
 * Netty's {@code HttpClientCodec}, the encoder queues each request's method so that the decoder
 * knows a response to HEAD has no body. One per connection.
 */
final class OriginCodec extends CombinedChannelDuplexHandler<OriginResponseDecoder, OriginCodec.RequestEncoder> {
    /**
     * @param headers the factory of the edge's header maps: the name check of the fields the edge
     *     adds to a response comes from it (and trailers are made by it)
     */
    OriginCodec(int maxInitialLineBytes, int maxHeaderBytes, HttpHeadersFactory headers) {
        var methods = new ArrayDeque<HttpMethod>(2);
        NameValidator<CharSequence> names = headers instanceof DefaultHttpHeadersFactory factory
                ? factory.getNameValidator()
                : DefaultHttpHeadersFactory.headersFactory().getNameValidator();
        init(new OriginResponseDecoder(maxInitialLineBytes, maxHeaderBytes, methods, names, headers), new RequestEncoder(methods));
    }

    static final class RequestEncoder extends HttpRequestEncoder {
        private final ArrayDeque<HttpMethod> methods;

        RequestEncoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
            }
            super.encode(ctx, msg, out);
        }
    }
}
