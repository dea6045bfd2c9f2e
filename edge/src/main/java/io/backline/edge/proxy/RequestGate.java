package io.backline.edge.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The checks a request passes before it is routed, and where it is going: the Host (from an
 * absolute-form target's authority, RFC 9112 §3.2.2, else the one Host header) and the target in
 * origin form. Refusals close the connection, since after any of them the framing of what
 * follows cannot be trusted. Stateless.
 */
final class RequestGate {
    /** What the gate decided. */
    sealed interface Verdict permits Accepted, Refused {}

    /** Route it: {@code host} as received (port included), {@code url} in origin form. */
    record Accepted(String host, String url) implements Verdict {}

    /** Answer {@code status} with {@code reason} in X-Backline-Error, and close. */
    record Refused(int status, String reason) implements Verdict {}

    private RequestGate() {}

    static Verdict check(HttpRequest request, long maxBodyBytes) {
        var decoded = request.decoderResult();
        if (decoded.isFailure()) {
            var cause = decoded.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Refused(414, "request line too long");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refused(431, "request headers too large");
            }
            return new Refused(400, "malformed request: " + (cause == null ? "unparsable" : cause.getMessage()));
        }
        var version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return new Refused(505, "HTTP version not supported: " + version.text());
        }
        var headers = request.headers();
        var url = request.uri();
        if (hasControlCharacter(url)) {
            return new Refused(400, "malformed request target"); // Netty passes control characters through; an origin might split on them
        }
        var host = "";
        if (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8)) {
            int authority = url.indexOf("//") + 2;
            int end = authority;
            while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
                end++;
            }
            host = url.substring(authority, end);
            url = end == url.length() ? "/" : url.charAt(end) == '?' ? "/" + url.substring(end) : url.substring(end);
        } else {
            var hosts = headers.valueStringIterator(HttpHeaderNames.HOST); // no list built for the usual single Host
            if (hosts.hasNext()) {
                host = hosts.next().trim();
                if (hosts.hasNext()) {
                    return new Refused(400, "multiple Host headers");
                }
            }
        }
        if (host.isEmpty()) {
            return new Refused(400, "missing Host header");
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return new Refused(405, "CONNECT is not supported");
        }
        if (!url.startsWith("/") && !url.equals("*")) {
            return new Refused(400, "malformed request target");
        }
        if (HttpUtil.getContentLength(request, -1L) > maxBodyBytes) {
            return new Refused(413, "request body too large");
        }
        var expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpUtil.is100ContinueExpected(request)) {
            return new Refused(417, "unsupported Expect: " + expect);
        }
        return new Accepted(host, url);
    }

    /** A plain loop: this runs on every request, where a stream pipeline cost five objects. */
    private static boolean hasControlCharacter(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
