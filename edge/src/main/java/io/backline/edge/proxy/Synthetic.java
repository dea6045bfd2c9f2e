package io.backline.edge.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Responses the edge makes itself, and the catalogue of their reasons. A backend failure is a 503
 * whose reason phrase is Fastly's text (semantics §4.2); because HTTP/2 and many clients drop
 * reason phrases, the same text is the body and the {@code X-Backline-Error} header. The reasons
 * of origin failures are named where they are found: {@code ConnectFailure} (connect, DNS, TLS)
 * and {@code OriginConnection.Failure} (first byte timeout, backend read error).
 */
final class Synthetic {
    /** Fastly: the backend already has max_conn connections open. */
    static final String MAX_CONN = "backend.max_conn reached";

    private Synthetic() {}

    /**
     * A plain-text response. {@code reason} goes into X-Backline-Error and, for a 503, the status
     * line; {@code body} is the body (the reason itself when empty).
     */
    static FullHttpResponse error(ByteBufAllocator alloc, int status, String givenReason, String body) {
        var reason = printable(givenReason);
        var phrase = status == 503 ? reason : HttpResponseStatus.valueOf(status).reasonPhrase();
        var text = (body.isEmpty() ? reason : body) + "\n";
        var content = alloc.buffer(text.length());
        content.writeCharSequence(text, StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, phrase), content,
                EdgeHeaders.HEADERS, DefaultHttpHeadersFactory.trailersFactory());
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(EdgeHeaders.X_BACKLINE_ERROR, reason);
        return response;
    }

    /**
     * The reason with every byte a header value or a status line cannot carry (controls, DEL, and
     * what is not Latin-1) as {@code ?}. Reasons quote what the client sent, e.g. Netty's message
     * about a header name with a control byte in it; written raw, that byte made the header invalid
     * and the refusal itself failed, so the client got a close instead of its 400.
     */
    static String printable(String reason) {
        for (int i = 0; i < reason.length(); i++) {
            if (unprintable(reason.charAt(i))) {
                var clean = new StringBuilder(reason.length());
                reason.chars().forEach(c -> clean.append(unprintable((char) c) ? '?' : (char) c));
                return clean.toString();
            }
        }
        return reason;
    }

    private static boolean unprintable(char c) {
        return c < 0x20 || c == 0x7f || c > 0xff;
    }
}
