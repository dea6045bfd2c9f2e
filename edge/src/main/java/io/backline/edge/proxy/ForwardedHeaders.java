package io.backline.edge.proxy;

import io.backline.edge.origin.OriginHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * What a proxy changes on the way through (RFC 9110 §7.6): hop-by-hop headers removed in both
 * directions, {@code Via} appended, and on requests the client's address and the original Host and
 * scheme in {@code X-Forwarded-For} (appended), {@code X-Forwarded-Host}, {@code X-Forwarded-Proto}
 * and {@code Forwarded} (set). Message framing is the codecs' business: Transfer-Encoding is removed
 * with the other hop-by-hop headers and put back only when this hop really is chunked.
 */
final class ForwardedHeaders {
    static final String VIA = "1.1 backline";
    private static final List<AsciiString> HOP_BY_HOP = List.of(AsciiString.cached("keep-alive"),
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    /** Fastly's "the client connected over TLS", sent as {@code 1}; never passed on from a client. */
    static final AsciiString FASTLY_SSL = AsciiString.cached("fastly-ssl");
    /** What Netty's HTTP/2-to-HTTP/1 conversion adds ({@code HttpConversionUtil.ExtensionHeaderNames}): this hop's, not the origin's. */
    private static final List<AsciiString> HTTP2_EXTENSIONS = List.of(AsciiString.cached("x-http2-stream-id"),
            AsciiString.cached("x-http2-scheme"), AsciiString.cached("x-http2-stream-dependency-id"),
            AsciiString.cached("x-http2-stream-weight"), AsciiString.cached("x-http2-path"), AsciiString.cached("x-http2-stream-promise-id"));

    /** Up to this many names in Connection are removed one by one; more, from an origin's head, in one pass. */
    private static final int FEW_NAMES = 8;

    private ForwardedHeaders() {}

    /**
     * Rewrites a client request for the origin, in place. The Host is set per backend later
     * ({@code override_host}); here only what does not depend on the backend.
     */
    static void prepareRequest(HttpRequest request, String url, String host, String clientIp, boolean chunked, ClientHop hop) {
        var headers = request.headers();
        removeHopByHop(headers);
        if (hop == ClientHop.H2) {
            for (var name : HTTP2_EXTENSIONS) {
                headers.remove(name);
            }
        }
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setUri(url);
        var forwardedFor = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? clientIp : forwardedFor + ", " + clientIp);
        headers.set(X_FORWARDED_HOST, host);
        var scheme = hop.tls() ? "https" : "http";
        headers.set(X_FORWARDED_PROTO, scheme);
        headers.set(FORWARDED, "for=" + forwardedNode(clientIp) + ";host=\"" + host.replace("\"", "") + "\";proto=" + scheme);
        if (hop.tls()) {
            headers.set(FASTLY_SSL, "1");
        } else {
            headers.remove(FASTLY_SSL);
        }
        append(headers, HttpHeaderNames.VIA, VIA);
    }

    /**
     * Rewrites an origin response for the client, in place, and says how its body is framed on the
     * client hop.
     */
    static Framing prepareResponse(HttpResponse response, boolean head, HttpVersion clientVersion) {
        var headers = response.headers();
        boolean originChunked = HttpUtil.isTransferEncodingChunked(response);
        removeHopByHop(headers);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        append(headers, HttpHeaderNames.VIA, VIA);
        int code = response.status().code();
        if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            return Framing.EMPTY;
        }
        if (head) {
            if (originChunked) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            return Framing.EMPTY;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return Framing.LENGTH;
        }
        if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            return Framing.CLOSE; // an HTTP/1.0 client cannot read chunks: the end of the body is the close
        }
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return Framing.CHUNKED;
    }

    /** How a response body is delimited on the client hop. */
    enum Framing {
        EMPTY, LENGTH, CHUNKED, CLOSE
    }

    /** Connection, every header Connection names, and the fixed hop-by-hop set. */
    static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            var named = new ArrayList<String>(2);
            for (var connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
                int start = 0;
                while (start <= connection.length()) {
                    int comma = connection.indexOf(',', start);
                    int end = comma < 0 ? connection.length() : comma;
                    var token = connection.substring(start, end).trim();
                    if (!token.isEmpty()) {
                        named.add(token);
                    }
                    start = end + 1;
                }
            }
            if (named.size() > FEW_NAMES && headers instanceof OriginHeaders fromOrigin) {
                var lowerCase = new HashSet<String>();
                for (var name : named) {
                    lowerCase.add(name.toLowerCase(Locale.ROOT));
                }
                fromOrigin.removeNamed(lowerCase); // one pass, however many names the origin listed
            } else {
                for (var name : named) {
                    headers.remove(name);
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        for (var name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    static void append(HttpHeaders headers, CharSequence name, String value) {
        var existing = headers.get(name);
        headers.set(name, existing == null || existing.isBlank() ? value : existing + ", " + value);
    }

    /** RFC 7239 node: IPv6 addresses are quoted and bracketed. */
    private static String forwardedNode(String ip) {
        return ip.indexOf(':') >= 0 ? "\"[" + ip + "]\"" : ip;
    }
}
