package io.backline.edge.proxy;

import io.backline.edge.EdgeConfig;
import io.backline.edge.origin.OriginHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The client side's HTTP/1.1 codec: Netty's {@code HttpServerCodec} with one difference that
 * matters for a proxy. A request carrying both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is refused (a failed decoder result, answered with 400 and
 * a close) instead of having its Content-Length silently dropped, because a front end and an origin
 * that disagree on framing is how requests are smuggled. Conflicting or repeated Content-Length
 * values and Transfer-Encoding on HTTP/1.0 are already refused by Netty's decoder; a
 * Transfer-Encoding other than {@code chunked} alone, and obs-fold (a field folded onto a second
 * line, see {@link ObsFoldScanner}), are refused here the same way.
 *
 * <p>The decoder also notes when a request's header block began to arrive ({@link #headersPendingSince()}),
 * which the proxy's request-header timeout counts from: Netty emits nothing until the block is
 * complete, so only the decoder sees a slowloris client trickling it.
 *
 * <p>Like HttpServerCodec, the encoder remembers each request's method so that a response to HEAD
 * is written without a body (or a chunk terminator) whatever its framing headers say. One instance
 * per connection; used only on its event loop.
 */
public final class ClientCodec extends CombinedChannelDuplexHandler<ClientCodec.StrictRequestDecoder, ClientCodec.ResponseEncoder> {
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    public ClientCodec(EdgeConfig config) {
        var decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLineBytes())
                .setMaxHeaderSize(config.maxRequestHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(EdgeHeaders.HEADERS);
        init(new StrictRequestDecoder(decoder, methods), new ResponseEncoder(methods));
    }

    /** When (System.nanoTime) the bytes of a request head began to arrive and the head is still incomplete; 0 otherwise. */
    long headersPendingSince() {
        return inboundHandler().headersPendingSince;
    }

    static final class StrictRequestDecoder extends HttpRequestDecoder {
        private final ArrayDeque<HttpMethod> methods;
        /** Between a request's last content and the next request's head. */
        private boolean betweenRequests = true;
        private long headersPendingSince;
        private final ObsFoldScanner folds = new ObsFoldScanner();
        /** How many bytes at the front of the unread buffer {@link #folds} has seen already. */
        private int scanned;

        StrictRequestDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (betweenRequests) {
                if (headersPendingSince == 0 && buffer.isReadable()) {
                    headersPendingSince = System.nanoTime();
                }
                int from = buffer.readerIndex() + scanned;
                if (!folds.done() && from < buffer.writerIndex()) {
                    buffer.forEachByte(from, buffer.writerIndex() - from, folds);
                }
            }
            int before = out.size();
            super.decode(ctx, buffer, out);
            boolean restarted = false;
            for (int i = before; i < out.size(); i++) {
                var message = out.get(i);
                if (message instanceof HttpRequest request) {
                    methods.add(request.method());
                    headersPendingSince = 0;
                    betweenRequests = false;
                }
                if (message instanceof LastHttpContent) {
                    betweenRequests = true;
                    folds.reset();
                    restarted = true;
                }
            }
            scanned = betweenRequests && !restarted ? buffer.readableBytes() : 0;
        }

        /** Called by Netty once a head is parsed, before it chooses the body's framing: the place to refuse framing it would accept. */
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            if (folds.found()) {
                throw new IllegalArgumentException("obs-fold: a header line starts with whitespace (expected: each field on one line)");
            }
            var codings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).strip().equalsIgnoreCase("chunked"))) {
                // RFC 9112 §6.3: with chunked not alone and last the length cannot be known; other codings are not ours to undo.
                throw new IllegalArgumentException("Transfer-Encoding: " + String.join(", ", codings) + " (expected: chunked alone)");
            }
            return super.isContentAlwaysEmpty(message);
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

        /**
         * An origin's head goes out as the bytes it came in, but for the fields the edge changed
         * ({@link OriginHeaders}); a hit's as the lines kept with the cached object, but for the hit's own ({@link LayeredHeaders}).
         */
        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            if (headers instanceof OriginHeaders fromOrigin) {
                fromOrigin.encode(buf);
            } else if (headers instanceof LayeredHeaders hit) {
                hit.encode(buf);
            } else {
                super.encodeHeaders(headers, buf);
            }
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
