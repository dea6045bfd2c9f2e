package io.backline.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The client side's HTTP/1.1 codec: Netty's {@code HttpServerCodec} with one difference that
 * matters for a proxy. A request carrying both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is refused (a failed decoder result, answered with 400 and
 * a close) instead of having its Content-Length silently dropped, because a front end and an origin
 * that disagree on framing is how requests are smuggled. Conflicting or repeated Content-Length
 * values and Transfer-Encoding on HTTP/1.0 are already refused by Netty's decoder.
 *
 * <p>Like HttpServerCodec, the encoder remembers each request's method so that a response to HEAD
 * is written without a body (or a chunk terminator) whatever its framing headers say. One instance
 * per connection; used only on its event loop.
 */
final class ClientCodec extends CombinedChannelDuplexHandler<ClientCodec.StrictRequestDecoder, ClientCodec.ResponseEncoder> {
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    ClientCodec(EdgeConfig config) {
        var decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLineBytes())
                .setMaxHeaderSize(config.maxRequestHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false);
        init(new StrictRequestDecoder(decoder, methods), new ResponseEncoder(methods));
    }

    static final class StrictRequestDecoder extends HttpRequestDecoder {
        private final ArrayDeque<HttpMethod> methods;

        StrictRequestDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                if (out.get(i) instanceof HttpRequest request) {
                    methods.add(request.method());
                }
            }
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            throw new IllegalArgumentException("both Content-Length and Transfer-Encoding: chunked");
        }
    }

    static final class ResponseEncoder extends HttpResponseEncoder {
        private final ArrayDeque<HttpMethod> methods;

        ResponseEncoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(response); // 100 Continue precedes the final response
            }
            var method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
        }
    }
}
