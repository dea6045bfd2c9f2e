package io.backline.edge;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Responses the edge makes itself, and the catalogue of their reasons. A backend failure is a 503
 * whose reason phrase is Fastly's text (semantics §4.2); because HTTP/2 and many clients drop
 * reason phrases, the same text is the body and the {@code X-Backline-Error} header.
 */
final class Synthetic {
    /** Fastly: the connect timeout fired. */
    static final String CONNECTION_TIMED_OUT = "Connection timed out";
    /** Backline: the origin refused the connection (Fastly does not document its text). */
    static final String CONNECTION_REFUSED = "Connection refused";
    /** Backline: any other connect failure (no route, reset during the handshake, …). */
    static final String CONNECTION_FAILED = "Connection failed";
    /** Backline: the backend's address did not resolve. */
    static final String DNS_FAILED = "DNS lookup failed";
    /** Backline: the TLS handshake with the origin failed (name, chain, versions, ciphers). */
    static final String TLS_FAILED = "TLS handshake failed";
    /** Fastly: the response did not start within first_byte_timeout. */
    static final String FIRST_BYTE_TIMEOUT = "first byte timeout";
    /** Fastly: the origin closed or broke the connection, or sent something that is not HTTP. */
    static final String READ_ERROR = "backend read error";
    /** Fastly: the backend already has max_conn connections open. */
    static final String MAX_CONN = "backend.max_conn reached";

    private Synthetic() {}

    /**
     * A plain-text response. {@code reason} goes into X-Backline-Error and, for a 503, the status
     * line; {@code body} is the body (the reason itself when empty).
     */
    static FullHttpResponse error(ByteBufAllocator alloc, int status, String reason, String body) {
        var phrase = status == 503 ? reason : HttpResponseStatus.valueOf(status).reasonPhrase();
        var text = (body.isEmpty() ? reason : body) + "\n";
        var content = alloc.buffer(text.length());
        content.writeCharSequence(text, StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, phrase), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(EdgeHeaders.X_BACKLINE_ERROR, reason);
        return response;
    }
}
